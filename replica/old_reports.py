"""Reports of 2008–2018: annual reports in the old free-prose format, before the national templates.

The 2008 Regulations asked for a yearly report from the start, so every site carries some
(REAL_SITES.md "Real documents"). They have the seven prose parts of the old guidance and
no template tables, so their documents carry no expected extraction (``template`` is
``"pre-2019"``). Rendered here without LibreOffice: an HTML article body, or a short stub
with a DOCX attachment made by python-docx.
"""

from __future__ import annotations

import hashlib
import io
from datetime import datetime

from replica.reports import AGENCIES, SITE_DISTRICTS, ReportSpec, report_title

PRE_TEMPLATE = "pre-2019"

# Guangzhou's old reports: (site, agency slug, year, publication). panyu/hp 2018 were decoys before.
GZ_OLD: list[tuple[str, str, int, str]] = [
    ("panyu", "zfb", 2018, "html"), ("panyu", "zfb", 2009, "html"),
    ("hp", "zfb", 2018, "html"), ("hp", "zfb", 2012, "html"),
    ("gz", "bgt", 2016, "docx"), ("by", "sjj", 2017, "html"), ("gzns", "zfb", 2013, "html"),
]


def _h(text: str, mod: int) -> int:
    return int(hashlib.sha256(text.encode()).hexdigest()[:8], 16) % mod


def old_spec(site: str, slug: str, agency: str, district: str, year: int, publication: str) -> ReportSpec:
    """A pre-2019 report: no tables (``data`` empty), the prose is made at render time."""
    return ReportSpec(key=f"{site}-{slug}-{year}", site=site, district=district, agency=agency, agency_slug=slug,
                      year=year, template=PRE_TEMPLATE, publication=publication, data={}, sections={},
                      quirks=["pre_2019_prose"], title=report_title(agency, year))


def gz_old_specs() -> list[ReportSpec]:
    names = {(s, slug): name for s, agencies in AGENCIES.items() for slug, name, _ in agencies}
    return [old_spec(s, slug, names[(s, slug)], SITE_DISTRICTS[s], y, pub) for s, slug, y, pub in GZ_OLD]


def old_paragraphs(title: str, publisher: str, year: int) -> list[str]:
    """The old report's text: the 2008 guidance's seven parts, numbers from the title."""
    n = [1000 + _h(title + str(i), 9000) for i in range(3)]
    return [
        title,
        f"本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）要求，由{publisher}编制。"
        "全文包括概述，主动公开政府信息情况，依申请公开政府信息情况，政府信息公开的收费及减免情况，"
        "因政府信息公开申请提起行政复议、行政诉讼的情况，政府信息公开工作存在的主要问题及改进情况，其他需要报告的事项。"
        f"本报告中所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。",
        "一、概述", f"{year}年，我单位认真贯彻落实《条例》，进一步加强组织领导，完善工作机制，政府信息公开工作有序推进。",
        "二、主动公开政府信息情况", f"{year}年，主动公开政府信息{n[0]}条，其中通过政府网站公开{n[0] - n[1] // 20}条。",
        "三、依申请公开政府信息情况", f"{year}年，共受理政府信息公开申请{n[2] // 20}件，均已按时答复。",
        "四、政府信息公开的收费及减免情况", f"{year}年，未收取任何政府信息公开相关费用。",
        "五、因政府信息公开申请提起行政复议、行政诉讼的情况", f"{year}年，未发生因政府信息公开申请提起的行政复议、行政诉讼。",
        "六、政府信息公开工作存在的主要问题及改进情况", "公开内容的深度和广度有待拓展，下一步将进一步规范公开工作。",
        "七、其他需要报告的事项", "无。",
    ]


def old_report_body(title: str, publisher: str, year: int = 2018) -> str:
    """A pre-2019 report as an article body (the old prose format, no template tables)."""
    return "".join(f"<p>{x}</p>" for x in old_paragraphs(title, publisher, year)) + \
        f'<p style="text-align:right">{publisher}</p>'


def old_docx(spec: ReportSpec) -> bytes:
    """The old report as a Word file (python-docx; fixed core times so the bytes are deterministic)."""
    import docx

    from replica.render_office import _normalize_zip

    doc = docx.Document()
    for i, para in enumerate(old_paragraphs(spec.title, spec.agency, spec.year)):
        p = doc.add_paragraph(para)
        if i == 0:
            p.alignment = 1
    doc.add_paragraph(spec.agency).alignment = 2
    when = datetime(spec.year + 1, 1, 20, 9, 0)
    doc.core_properties.created = doc.core_properties.modified = when
    doc.core_properties.author = spec.agency
    out = io.BytesIO()
    doc.save(out)
    return _normalize_zip(out.getvalue())


def render_old(spec: ReportSpec):
    """The files of an old report, as ``documents.render`` gives them for the templated ones."""
    from replica.documents import RenderedDocument

    if spec.publication == "docx":
        stub = (f'<p style="text-indent:2em">{spec.title}详见附件。</p>\n'
                f'<p>附件：<a href="{{attachment:0}}">{spec.title}.docx</a></p>\n')
        return [RenderedDocument(f"{spec.key}.html", "html", "body", stub.encode()),
                RenderedDocument(f"{spec.key}.docx", "docx", "attachment", old_docx(spec))]
    body = old_report_body(spec.title, spec.agency, spec.year)
    return [RenderedDocument(f"{spec.key}.html", "html", "body", body.encode())]
