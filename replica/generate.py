"""Generate the replica: place every report on its site, build both states, write data/.

``nianbao replica generate`` runs ``main()``. The output is deterministic (no clock, no
unseeded randomness), so regenerating gives the same bytes and ``replica/data`` can be
committed. Each distinct file is stored once under ``data/files/`` (path mirroring its
first URL), with ``*.expected.json`` beside every document that carries the tables, and
``data/manifest.json`` says which URL serves which file in which state (shape in
docs/CONTRACTS.md).
"""

from __future__ import annotations

import hashlib
import json
import shutil
import sys
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime
from functools import partial
from pathlib import Path, PurePosixPath
from types import ModuleType
from urllib.parse import urlsplit

import yaml

from replica import sitegen
from replica.sitegen import (
    CST,
    Article,
    Attachment,
    Gkmlpt,
    Page,
    PortalColumn,
    SiteInfo,
    SiteModel,
)

DATA_DIR = Path(__file__).resolve().parent / "data"
REGISTRY = Path(__file__).resolve().parent.parent / "crawler" / "sites.yaml"
STATES = ("night1", "night2")
GENERATED = {"night1": datetime(2024, 3, 1, 2, 0, tzinfo=CST), "night2": datetime(2024, 3, 2, 2, 0, tzinfo=CST)}
FIRST_POST_ID = 5_600_000
FIRST_ATTACHMENT_ID = 7_100_000

MIMES = {"pdf": "application/pdf", "scan": "application/pdf", "doc": "application/msword",
         "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
         "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
         "xls": "application/vnd.ms-excel", "png": "image/png", "jpg": "image/jpeg", "zip": "application/zip"}

# The replica-specific structure below each registry entry (the registry gives the entry paths).
SITE_CODES = {"gz": "4401000001", "panyu": "4401130001", "by": "4401110001", "gzns": "4401150001",
              "hp": "4401120001"}
GKMLPT_SIDS = {("gz", "/gzlwwglt/gkmlpt/"): "200203", ("panyu", "/gkmlpt/"): "200011",
               ("gzns", "/gkmlpt/"): "200013", ("hp", "/gkmlpt/"): "200006", ("hp", "/hpfgj/gkmlpt/"): "200126"}
# Department gkmlpt prefixes and the agency (slug) publishing there instead of the main site.
DEPT_GKMLPT = {("gz", "/gzlwwglt/gkmlpt/"): "rsj", ("hp", "/hpfgj/gkmlpt/"): "fgj"}
PROTECTED = {("hp", "/hpfgj/gkmlpt/")}  # API needs the shell's JavaScript cookie
SMALL_PAGES = {("panyu", "/gkmlpt/")}  # API page size 10, so its pagination is exercised
NO_EMPTY_PAGE = {"hp"}  # these sites answer 404 past the last API page
# Portal article pages are static CMS files (ETag, Last-Modified, 304; counter via JavaScript)
# except on these sites, whose CMS renders them per load with counter, clock and token.
DYNAMIC_ARTICLE_SITES = {"by"}

# Decoys: (site, where, title pattern, why). where: portal | annual | annual:2018 | other
DECOYS = [
    ("gz", "portal", "{gov}2023年政务公开工作要点", "work plan (政务公开工作要点)"),
    ("gz", "portal", "{gov}政府信息公开目录", "disclosure catalogue"),
    ("gz", "portal", "{gov}2022年法治政府建设年度报告", "annual report of another kind (法治政府建设)"),
    ("gz", "annual:2018", "关于《{dept}2018年政府信息公开工作年度报告》的解读", "interpretation, not a report"),
    ("gz", "other", "2022年广州市国民经济和社会发展统计公报", "statistical bulletin"),
    ("panyu", "portal", "{gov}2023年政务公开工作要点", "work plan (政务公开工作要点)"),
    ("panyu", "portal", "{gov}政府信息公开指南", "disclosure guide"),
    ("panyu", "portal", "图解：{gov}办公室2022年政府信息公开工作年度报告", "graphic summary, not the report"),
    ("panyu", "annual:2018", "关于《{gov}2018年政府信息公开工作年度报告》的解读", "interpretation, not a report"),
    ("panyu", "annual", "{gov}2022年法治政府建设年度报告", "annual report of another kind (法治政府建设)"),
    ("panyu", "other", "2022年番禺区国民经济和社会发展统计公报", "statistical bulletin"),
    ("panyu", "other", "{gov}2022年政务公开工作要点", "work plan (政务公开工作要点)"),
    ("by", "portal", "{gov}政府信息公开指南", "disclosure guide"),
    ("by", "portal", "2022年白云区国民经济和社会发展统计公报", "statistical bulletin"),
    ("by", "portal", "关于《{gov}2018年政府信息公开工作年度报告》的解读", "interpretation, not a report"),
    ("by", "portal", "{gov}2021年法治政府建设年度报告", "annual report of another kind (法治政府建设)"),
    ("gzns", "portal", "{gov}政府信息公开目录", "disclosure catalogue"),
    ("gzns", "portal", "{gov}2022年政务公开工作要点", "work plan (政务公开工作要点)"),
    ("gzns", "annual", "图解：{gov}办公室2021年政府信息公开工作年度报告", "graphic summary, not the report"),
    ("gzns", "annual", "{gov}政府信息公开指南", "disclosure guide"),
    ("gzns", "other", "2021年南沙区国民经济和社会发展统计公报", "statistical bulletin"),
    ("hp", "annual", "{gov}2023年政务公开工作要点", "work plan (政务公开工作要点)"),
    ("hp", "annual:2018", "关于《{gov}2018年政府信息公开工作年度报告》的解读", "interpretation, not a report"),
    ("hp", "annual", "{gov}2022年法治政府建设年度报告", "annual report of another kind (法治政府建设)"),
    ("hp", "other", "2022年黄埔区国民经济和社会发展统计公报", "statistical bulletin"),
    ("hp", "dept:annual", "{dept}政府信息公开指南", "disclosure guide"),
    ("panyu", "portal", "{gov}2018年政府信息公开工作年度报告", "2018 report: before the national templates"),
    ("hp", "annual:2018", "{gov}2018年政府信息公开工作年度报告", "2018 report: before the national templates"),
]
# A real report of a year before the national templates (2019/2021): listed among the reports,
# old free-prose format, and not what nianbao covers.
OLD_REPORT_WHY = "2018 report: before the national templates"
OTHER_CATEGORIES = ["政策文件", "规划计划", "统计信息", "工作动态"]


def _h(text: str, mod: int) -> int:
    """A stable small number from text (placement and dates must not depend on run order)."""
    return int(hashlib.sha256(text.encode()).hexdigest()[:8], 16) % mod


# --------------------------------------------------------------------------- inputs


def load_sites(path: Path = REGISTRY) -> list[dict]:
    """The registry's ``replica: true`` entries (crawler/sites.yaml is the one source)."""
    entries = yaml.safe_load(path.read_text(encoding="utf-8"))["sites"]
    return [e for e in entries if e.get("replica")]


def load_reports() -> tuple[list, dict[str, list], ModuleType, ModuleType]:
    """The report specs, their rendered documents, and the two modules (for amend/expected)."""
    from replica import documents, reports

    specs = reports.build_reports()
    return specs, documents.render_all(specs), reports, documents


# --------------------------------------------------------------------------- articles


@dataclass
class Ids:
    """The province-wide post-id sequence and the attachment-id sequence."""

    post: int = FIRST_POST_ID
    attachment: int = FIRST_ATTACHMENT_ID

    def next_post(self, salt: str) -> int:
        self.post += 37 + _h(salt, 900)
        return self.post

    def next_attachment(self, salt: str) -> int:
        self.attachment += 11 + _h(salt, 300)
        return self.attachment


def publish_time(key: str, year: int) -> datetime:
    """Reports are due by 31 January; a few agencies publish late."""
    day = 5 + _h(key, 26)
    late = _h(key + "late", 9) == 0
    return datetime(year + 1, 2 if late else 1, min(day, 28) if late else day, 9 + _h(key + "h", 8), _h(key + "m", 60), tzinfo=CST)


def credit_code(agency: str) -> str:
    return "11440" + format(_h(agency, 10**12), "012d")[:12] + "X"


def report_article(spec, docs: list, ids: Ids, info: SiteInfo, documents_mod) -> Article:
    """One report as an article: body with its placeholders resolved to attachment URLs."""
    when = publish_time(spec.key, spec.year)
    post_id = ids.next_post(spec.key)
    body = next((d.data.decode("utf-8") for d in docs if d.role == "body"), "")
    files: list[Attachment] = []
    attachments = [d for d in docs if d.role == "attachment"]
    images = [d for d in docs if d.role == "image"]
    for i, d in enumerate(attachments):
        aid = ids.next_attachment(f"{spec.key}:{i}")
        ext = PurePosixPath(d.filename).suffix.lstrip(".") or "bin"
        url = info.url(f"/attachment/{aid // 1_000_000}/{aid // 1000}/{aid}/{post_id}.{ext}")
        files.append(Attachment(aid, url, f"{spec.title}.{ext}", ext, MIMES.get(ext, "application/octet-stream"),
                                d.data, "attachment", d.format))
        body = body.replace(f"{{attachment:{i}}}", url)
    for i, d in enumerate(images):
        ext = PurePosixPath(d.filename).suffix.lstrip(".") or "png"
        url = info.url(f"/img/{post_id // 1_000_000}/{post_id // 1000}/{post_id}/{i + 1}.{ext}")
        files.append(Attachment(0, url, d.filename, ext, MIMES.get(ext, "image/png"), d.data, "image", d.format))
        body = body.replace(f"{{image:{i}}}", url)
    art = Article(post_id, spec.title, when, spec.agency, body, files, report_key=spec.key,
                  identifier=f"{credit_code(spec.agency)}/{spec.year + 1}-{_h(spec.key, 99999):05d}")
    expected = documents_mod.expected(spec, spec.publication)
    if spec.publication in ("html", "html_images"):
        art.expected = expected
    elif art.files:
        art.files[0].expected = expected
    return art


def decoy_time(title: str) -> datetime:
    """A decoy's publication time from the year in its title (work plans come out a year early)."""
    year = next((int(title[i:i + 4]) for i in range(len(title) - 3) if title[i:i + 4].isdigit()), 2022)
    return publish_time(title, year if "要点" not in title else year - 1)


def old_report_body(title: str, publisher: str) -> str:
    """A pre-2019 report in the old prose format (the 2008 Regulations' seven parts, no template tables)."""
    n = [1000 + _h(title + str(i), 9000) for i in range(3)]
    parts = [
        f"本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）要求，由{publisher}编制。"
        "全文包括概述，主动公开政府信息情况，依申请公开政府信息情况，政府信息公开的收费及减免情况，"
        "因政府信息公开申请提起行政复议、行政诉讼的情况，政府信息公开工作存在的主要问题及改进情况，其他需要报告的事项。"
        "本报告中所列数据的统计期限自2018年1月1日起至2018年12月31日止。",
        "一、概述", "2018年，我区认真贯彻落实《条例》，进一步加强组织领导，完善工作机制，政府信息公开工作有序推进。",
        "二、主动公开政府信息情况", f"2018年，我区主动公开政府信息{n[0]}条，其中通过政府网站公开{n[0] - n[1] // 20}条。",
        "三、依申请公开政府信息情况", f"2018年，共受理政府信息公开申请{n[2] // 20}件，均已按时答复。",
        "四、政府信息公开的收费及减免情况", "2018年，未收取任何政府信息公开相关费用。",
        "五、因政府信息公开申请提起行政复议、行政诉讼的情况", "2018年，未发生因政府信息公开申请提起的行政复议、行政诉讼。",
        "六、政府信息公开工作存在的主要问题及改进情况", "公开内容的深度和广度有待拓展，下一步将进一步规范公开工作。",
        "七、其他需要报告的事项", "无。",
    ]
    return "".join(f"<p>{x}</p>" for x in [title, *parts]) + f"<p style=\"text-align:right\">{publisher}</p>"


def decoy_article(title: str, publisher: str, why: str, post_id: int) -> Article:
    when = decoy_time(title)
    body = (f"<p>{title}</p><p>为做好本年度相关工作，根据上级部署要求，结合本单位实际，现公布如下。</p>"
            f"<p>一、总体要求</p><p>坚持以人民为中心，依法依规做好各项工作。</p><p>二、主要内容</p>"
            f"<p>（略）</p><p style=\"text-align:right\">{publisher}</p>")
    if why == OLD_REPORT_WHY:
        body = old_report_body(title, publisher)
    return Article(post_id, title, when, publisher, body, decoy_why=why,
                   identifier=f"{credit_code(publisher)}/{when.year}-{_h(title, 99999):05d}")


def filler_title(gov: str, cat: str) -> str:
    return f"{gov}关于印发{cat}相关工作方案的通知"


def filler_time(title: str) -> datetime:
    return datetime(2023, 6, 1 + _h(title, 27), 10, 0, tzinfo=CST)


def filler_article(site_key: str, title: str, gov: str, post_id: int) -> Article:
    """An ordinary catalogue entry, so the non-report categories are not empty."""
    body = "<p>各有关单位：</p><p>现将有关工作方案印发给你们，请认真贯彻执行。</p>"
    return Article(post_id, title, filler_time(title), gov, body,
                   identifier=f"{credit_code(gov)}/2023-{_h(title, 99999):05d}",
                   document_number=f"{site_key}办〔2023〕{_h(title, 40) + 1}号")


# --------------------------------------------------------------------------- placement


@dataclass
class Placement:
    """Where one article is published: a portal column and/or a gkmlpt category."""

    article: Article
    site: str
    portal: str | None = None  # column path
    gkmlpt: tuple[str, str] | None = None  # (prefix, category key: "annual:YYYY" | "annual" | "other:N")


@dataclass
class World:
    """All articles of all sites with their placements, from which each state is built."""

    sites: list[dict]
    infos: dict[str, SiteInfo]
    placements: list[Placement] = field(default_factory=list)
    specs: dict[str, object] = field(default_factory=dict)


def portal_column_for(site: dict, spec) -> str:
    """The portal (sub-)column a report is listed in; structure differs per district."""
    root = site["portal"]["columns"][0].rsplit("/", 1)[0] + "/"
    return {"gz": f"{root}bm/{spec.agency_slug}/", "by": f"{root}{spec.year}n/",
            "gzns": f"{root}gbm/{spec.year}/"}.get(site["key"], root)


def place_report(site: dict, spec, art: Article, index: int) -> Placement:
    """Which system(s) carry a report: per site, deterministic from its position."""
    key = site["key"]
    prefixes = [g["prefix"] for g in site.get("gkmlpt") or []]
    columns = site["portal"]["columns"]
    for prefix in prefixes:
        if DEPT_GKMLPT.get((key, prefix)) == spec.agency_slug:
            return Placement(art, key, gkmlpt=(prefix, f"annual:{spec.year}"))
    main_gk = next((p for p in prefixes if (key, p) not in DEPT_GKMLPT), None)
    if not columns:
        return Placement(art, key, gkmlpt=(main_gk, f"annual:{spec.year}"))
    if main_gk is None:
        return Placement(art, key, portal=portal_column_for(site, spec))
    mode = index % 3 if key == "panyu" else index % 2  # panyu: 0 portal, 1 gkmlpt, 2 both
    portal = portal_column_for(site, spec) if mode in (0, 2) else None
    gk = (main_gk, f"annual:{spec.year}") if mode in (1, 2) else None
    return Placement(art, key, portal=portal, gkmlpt=gk)


def _decoy_place(site: dict, where: str, pattern: str, specs: list) -> tuple[str, str, tuple]:
    """A decoy's title, publisher and placement arguments (site, portal, gkmlpt)."""
    key = site["key"]
    dept_prefix = next((p for (k, p) in DEPT_GKMLPT if k == key), None)
    dept_slug = DEPT_GKMLPT.get((key, dept_prefix), "")
    dept = next((s.agency for s in specs if s.site == key and s.agency_slug == dept_slug), site["name"])
    title = pattern.format(gov=site["name"], dept=dept)
    publisher = dept if "{dept}" in pattern else site["name"]
    prefixes = [g["prefix"] for g in site.get("gkmlpt") or []]
    main_gk = next((p for p in prefixes if (key, p) not in DEPT_GKMLPT), None)
    if where == "portal":
        return title, publisher, (key, site["portal"]["columns"][0].rsplit("/", 1)[0] + "/", None)
    if where.startswith("dept:") or (main_gk is None and dept_prefix):
        return title, publisher, (key, None, (dept_prefix, where.split(":", 1)[-1]))
    return title, publisher, (key, None, (main_gk, where))


def build_world() -> tuple[World, ModuleType, ModuleType]:
    sites = load_sites()
    infos = {s["key"]: SiteInfo(s["key"], s["host"], s["name"], s["district"], SITE_CODES.get(s["key"], "4401990001"))
             for s in sites}
    specs, rendered, reports_mod, documents_mod = load_reports()
    world = World(sites, infos, specs={s.key: s for s in specs})
    ids = Ids()
    by_site = {s["key"]: s for s in sites}
    # Post ids come from one province-wide sequence in publication order, so every
    # article (report, decoy, filler) is built in that order.
    jobs: list[tuple[datetime, str, Callable[[], Placement]]] = []
    counters: dict[str, int] = {}

    def report_job(spec) -> Placement:
        art = report_article(spec, rendered[spec.key], ids, infos[spec.site], documents_mod)
        i = counters[spec.site] = counters.get(spec.site, -1) + 1
        return place_report(by_site[spec.site], spec, art, i)

    for spec in specs:
        if spec.site in by_site:
            jobs.append((publish_time(spec.key, spec.year), spec.key, partial(report_job, spec)))
    def decoy_job(title: str, publisher: str, why: str, place: tuple) -> Placement:
        # Old reports take ids below the sequence (they were added later; every other URL stays).
        post_id = FIRST_POST_ID - 1000 - _h(title, 900) if why == OLD_REPORT_WHY else ids.next_post(title)
        return Placement(decoy_article(title, publisher, why, post_id), *place)

    def filler_job(site: dict, title: str, prefix: str, n: int) -> Placement:
        art = filler_article(site["key"], title, site["name"], ids.next_post(site["key"] + title + prefix))
        return Placement(art, site["key"], gkmlpt=(prefix, f"other:{n}"))

    for key, where, pattern, why in DECOYS:
        title, publisher, place = _decoy_place(by_site[key], where, pattern, specs)
        jobs.append((decoy_time(title), key + title, partial(decoy_job, title, publisher, why, place)))
    for site in sites:
        for g in site.get("gkmlpt") or []:
            for n, cat in enumerate(OTHER_CATEGORIES[:2]):
                title = filler_title(site["name"], cat)
                jobs.append((filler_time(title), site["key"] + g["prefix"] + title,
                             partial(filler_job, site, title, g["prefix"], n)))
    for _, _, job in sorted(jobs, key=lambda j: (j[0], j[1])):
        world.placements.append(job())
    return world, reports_mod, documents_mod


# --------------------------------------------------------------------------- night2 changes


@dataclass
class Changes:
    new: str  # report keys
    amended: str
    removed: str
    moved: str


def choose_changes(world: World) -> Changes:
    """Four distinct portal-only reports for night2's four kinds of change."""
    portal_only = [p for p in world.placements if p.article.report_key and p.portal and not p.gkmlpt]
    used: set[str] = set()

    def pick(pred) -> str:
        for p in sorted(portal_only, key=lambda p: p.article.report_key):
            if p.article.report_key not in used and pred(p):
                used.add(p.article.report_key)
                return p.article.report_key
        raise RuntimeError("no report fits a night2 change; add reports to the portal columns")

    spec = world.specs
    new = pick(lambda p: p.site == "panyu" and spec[p.article.report_key].year == 2023)
    amended = pick(lambda p: spec[p.article.report_key].publication == "pdf")
    removed = pick(lambda p: p.site == "by" and spec[p.article.report_key].publication == "html")
    moved = pick(lambda p: p.site == "gzns" and spec[p.article.report_key].publication == "html")
    return Changes(new, amended, removed, moved)


def state_placements(world: World, state: str, ch: Changes, reports_mod, documents_mod,
                     ids: Ids) -> tuple[list[Placement], dict[str, tuple[str, str]]]:
    """The placements of one state, and for night2 the moved report's (old path, site)."""
    out: list[Placement] = []
    moved: dict[str, tuple[str, str]] = {}
    for p in world.placements:
        key = p.article.report_key
        if state == "night1":
            if key != ch.new:
                out.append(p)
            continue
        if key == ch.removed:
            continue
        if key == ch.amended:
            spec = reports_mod.amend(world.specs[key])
            docs = documents_mod.render(spec)
            new_files = iter([d for d in docs if d.role == "attachment"])
            new_expected = documents_mod.expected(spec, spec.publication)
            art = replace(p.article, attachments=[
                replace(a, data=next(new_files).data, expected=new_expected if a.expected is not None else None)
                if a.role == "attachment" else a
                for a in p.article.attachments
            ])
            p = Placement(art, p.site, p.portal, p.gkmlpt)
        if key == ch.moved:
            art = replace(p.article, post_id=ids.next_post(key + ":moved"))
            moved[key] = (f"{p.portal}content/post_{p.article.post_id}.html", p.site)
            p = Placement(art, p.site, p.portal, p.gkmlpt)
        out.append(p)
    return out, moved


# --------------------------------------------------------------------------- site models


def _gkmlpt(info: SiteInfo, prefix: str, placements: list[Placement]) -> Gkmlpt:
    key = info.key
    sid = GKMLPT_SIDS.get((key, prefix), "200999")
    base = int(sid[-3:]) * 100 + 1000
    annual = sitegen.Category(base + 50, "政府信息公开年报", jump_url=info.url(prefix + "annualreport"))
    report_years = {int(p.gkmlpt[1].split(":")[1]) for p in placements
                    if p.gkmlpt and p.gkmlpt[1].startswith("annual:")}
    years = {}
    for y in range(max(report_years | {2023}), min(report_years | {2018}) - 1, -1):
        years[y] = sitegen.Category(base + 50 + (2024 - y), f"{y}年", parent=annual.id)
        annual.children.append(years[y])
    others = [sitegen.Category(base + 10 * (i + 1), name) for i, name in enumerate(OTHER_CATEGORIES)]
    others[2].children.append(sitegen.Category(base + 31, "统计公报", parent=others[2].id))
    for p in placements:
        if p.gkmlpt is None or p.gkmlpt[0] != prefix:
            continue
        where = p.gkmlpt[1]
        if where.startswith("annual:"):
            years[int(where.split(":")[1])].articles.append(p.article)
        elif where == "annual":
            annual.articles.append(p.article)
        elif where.startswith("other:"):
            others[int(where.split(":")[1])].articles.append(p.article)
        else:  # "other": the statistics bulletin category
            others[2].children[0].articles.append(p.article)
    roots = [others[0], others[1], others[2], annual, others[3]]
    return Gkmlpt(info, prefix, sid, roots, annual, page_size=10 if (key, prefix) in SMALL_PAGES else 100,
                  protected=(key, prefix) in PROTECTED, empty_past_end=key not in NO_EMPTY_PAGE)


def _portal(site: dict, placements: list[Placement]) -> PortalColumn | None:
    if not site["portal"]["columns"]:
        return None
    key = site["key"]
    root_path = site["portal"]["columns"][0].rsplit("/", 1)[0] + "/"
    root = PortalColumn(root_path, "政府信息公开年报" if key != "by" else "政府信息公开工作年度报告",
                        page_size=10 if key == "panyu" else 15, relative_links=key == "by",
                        dynamic_articles=key in DYNAMIC_ARTICLE_SITES)
    columns: dict[str, PortalColumn] = {root_path: root}

    def column(path: str, title: str, parent: PortalColumn) -> PortalColumn:
        if path not in columns:
            columns[path] = PortalColumn(path, title, relative_links=parent.relative_links,
                                         dynamic_articles=parent.dynamic_articles)
            parent.subcolumns.append(columns[path])
        return columns[path]

    for p in placements:
        if p.portal is None:
            continue
        if p.portal == root_path:
            root.articles.append(p.article)
            continue
        rest = p.portal[len(root_path):].strip("/").split("/")
        if key == "gzns":  # gbm/ → gbm/{year}/
            gbm = column(root_path + "gbm/", "各部门", root)
            column(p.portal, f"{rest[1]}年", gbm).articles.append(p.article)
        elif key == "gz":
            column(p.portal, p.article.agency, root).articles.append(p.article)
        else:
            column(p.portal, rest[0].replace("n", "年"), root).articles.append(p.article)
    for col in columns.values():
        col.subcolumns.sort(key=lambda c: c.path, reverse=True)
    return root


def site_models(world: World, placements: list[Placement], moved: dict[str, tuple[str, str]]) -> list[SiteModel]:
    models = []
    for site in world.sites:
        info = world.infos[site["key"]]
        mine = [p for p in placements if p.site == site["key"]]
        gks = [_gkmlpt(info, g["prefix"], mine) for g in site.get("gkmlpt") or []]
        model = SiteModel(info, _portal(site, mine), gks)
        for key, (old, s) in moved.items():
            if s == site["key"]:
                new = next(p for p in mine if p.article.report_key == key)
                model.redirects[old] = info.url(f"{new.portal}content/post_{new.article.post_id}.html")
        models.append(model)
    return models


# --------------------------------------------------------------------------- writing


class FileStore:
    """Writes each distinct file once under data/files/, named after its first URL."""

    def __init__(self, root: Path):
        self.root = root
        self.by_sha: dict[str, str] = {}
        self.taken: set[str] = set()

    @staticmethod
    def relpath(url: str) -> str:
        parts = urlsplit(url)
        path = parts.path
        if path.endswith("/"):
            path += "index.html"
        elif "." not in PurePosixPath(path).name:
            path += ".html" if not path.startswith("/gkmlpt/api") and "/api/" not in path else ".json"
        if parts.query:
            stem, dot, ext = path.rpartition(".")
            path = f"{stem}__{parts.query.replace('&', '_').replace('=', '-')}.{ext}"
        return f"files/{parts.netloc}{path}"

    def put(self, url: str, data: bytes, state: str, suffix: str = "") -> tuple[str, str]:
        sha = hashlib.sha256(data).hexdigest()
        if sha in self.by_sha:
            return self.by_sha[sha], sha
        rel = self.relpath(url)
        stem, dot, ext = rel.rpartition(".")
        for candidate in (f"{stem}{suffix}.{ext}", f"{stem}{suffix}.{state}.{ext}", f"{stem}{suffix}.{sha[:8]}.{ext}"):
            if candidate not in self.taken:
                rel = candidate
                break
        self.taken.add(rel)
        self.by_sha[sha] = rel
        target = self.root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        return rel, sha

    def put_expected(self, doc_rel: str, expected: dict) -> str:
        rel = doc_rel.rpartition(".")[0] + ".expected.json"
        (self.root / rel).write_text(json.dumps(expected, ensure_ascii=False, indent=1, sort_keys=True) + "\n",
                                     encoding="utf-8")
        return rel


def http_date(d: datetime) -> str:
    return sitegen.utc(d).strftime("%a, %d %b %Y %H:%M:%S GMT")


def write_state(store: FileStore, state: str, models: list[SiteModel], world: World,
                placements: list[Placement]) -> dict:
    """Routes, reports and decoys of one state, writing the files as it goes."""
    # The chrome's generation time is the same in every state (the server rewrites it per
    # load anyway), so a page changes between states only when its content does.
    generated = GENERATED["night1"]
    routes: dict[str, dict] = {}
    expected_of: dict[str, str] = {}
    for model in models:
        news = [(p.article.title, _article_urls([model], p)[0]) for p in placements
                if p.site == model.info.key and p.article.decoy_why and p.article.decoy_why != OLD_REPORT_WHY][:4]
        for path, page in sitegen.build_site(model, generated=generated, news=news).items():
            url = model.info.url(path)
            routes[url] = _route(store, state, url, page, expected_of)
    reports, decoys = [], []
    for p in placements:
        urls = _article_urls(models, p)
        if p.article.decoy_why:
            decoys.append({"url": urls[0], "urls": urls, "title": p.article.title, "why": p.article.decoy_why,
                           "site": p.site})
            continue
        if not p.article.report_key:
            continue
        spec = world.specs[p.article.report_key]
        docs = [{"url": u, "format": "html", "role": "page", "file": routes[u]["file"],
                 "sha256": routes[u]["sha256"], "expected": expected_of.get(u),
                 "has_tables": u in expected_of} for u in urls]
        for a in p.article.attachments:
            docs.append({"url": a.url, "format": a.format or a.ext, "role": a.role, "name": a.name,
                         "file": routes[a.url]["file"], "sha256": routes[a.url]["sha256"],
                         "expected": expected_of.get(a.url), "has_tables": a.url in expected_of})
        systems = [s for s, v in (("portal", p.portal), ("gkmlpt", p.gkmlpt)) if v]
        reports.append({"key": spec.key, "site": p.site, "district": spec.district, "agency": spec.agency,
                        "year": spec.year, "template": spec.template, "title": spec.title,
                        "publication": spec.publication, "published": p.article.published.isoformat(),
                        "page_urls": urls, "system": systems[0] if len(systems) == 1 else "both",
                        "systems": systems, "documents": docs})
    reports.sort(key=lambda r: r["key"])
    decoys.sort(key=lambda d: d["url"])
    return {"generated": GENERATED[state].isoformat(), "routes": dict(sorted(routes.items())), "reports": reports,
            "decoys": decoys}


def _article_urls(models: list[SiteModel], p: Placement) -> list[str]:
    model = next(m for m in models if m.info.key == p.site)
    urls = []
    if p.portal:
        urls.append(model.info.url(f"{p.portal}content/post_{p.article.post_id}.html"))
    if p.gkmlpt:
        g = next(g for g in model.gkmlpts if g.prefix == p.gkmlpt[0])
        urls.append(g.article_url(p.article))
    return urls


def _route(store: FileStore, state: str, url: str, page: Page, expected_of: dict[str, str]) -> dict:
    if page.status in (301, 302):
        return {"status": page.status, "location": page.location, "kind": page.kind}
    rel, sha = store.put(url, page.data, state)
    route: dict = {"file": rel, "sha256": sha, "size": len(page.data), "mime": page.mime, "kind": page.kind}
    route["last_modified"] = http_date(page.modified or GENERATED["night1"])
    if page.dynamic:
        route["dynamic"] = True
    if page.broken is not None:
        route["broken_file"] = store.put(url, page.broken, state, suffix=".broken")[0]
    if page.cookie:
        route["cookie"] = page.cookie
    if page.expected is not None:
        route["expected"] = expected_of[url] = store.put_expected(rel, page.expected)
    return route


def site_entries(world: World, models: list[SiteModel]) -> list[dict]:
    out = []
    for site, model in zip(world.sites, models, strict=True):
        info = model.info
        gks = [{"base": g.url(""), "sid": g.sid, "annual_report_categories": [c.id for c in g.annual.walk()],
                "protected": g.protected, "page_size": g.page_size} for g in model.gkmlpts]
        out.append({"key": info.key, "host": info.host, "district": info.district, "name": info.name,
                    "systems": (["portal"] if model.portal else []) + (["gkmlpt"] if gks else []),
                    "home": info.url("/"),
                    "report_columns": [info.url(c) for c in site["portal"]["columns"]],
                    "gkmlpt": gks[0] if gks else None, "gkmlpt_prefixes": gks})
    return out


def generate(out_dir: Path = DATA_DIR) -> dict:
    """Build both states into ``out_dir`` (replacing it) and return the manifest."""
    if out_dir.exists() and any(out_dir.iterdir()) and not (out_dir / "manifest.json").exists():
        raise SystemExit(f"{out_dir} is not empty and holds no manifest.json: refusing to replace it")
    world, reports_mod, documents_mod = build_world()
    ch = choose_changes(world)
    tmp = out_dir.with_name(out_dir.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    store = FileStore(tmp)
    states: dict[str, dict] = {}
    sites = None
    missing = [list(m) for m in reports_mod.MISSING_YEARS]
    for state in STATES:
        ids = Ids(post=max(p.article.post_id for p in world.placements))
        placements, moved = state_placements(world, state, ch, reports_mod, documents_mod, ids)
        models = site_models(world, placements, moved)
        states[state] = write_state(store, state, models, world, placements)
        sites = sites or site_entries(world, models)
    _bump_changed(states["night1"]["routes"], states["night2"]["routes"], http_date(GENERATED["night2"]))
    new_spec = world.specs[ch.new]
    states["night1"]["missing_years"] = sorted(missing + [[new_spec.site, new_spec.agency, new_spec.year]])
    states["night2"]["missing_years"] = sorted(missing)
    states["night2"]["changes"] = _changes(states, ch)
    manifest = {"about": "Generated by `nianbao replica generate` (replica/generate.py); do not edit.",
                "sites": sites, "default_faults": {"gkmlpt_rate_limit": ["www.hp.gov.cn"]},
                "rate_limit_seconds": 0.5, "states": states}
    (tmp / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    shutil.rmtree(out_dir, ignore_errors=True)
    tmp.rename(out_dir)
    return manifest


def _bump_changed(before: dict[str, dict], after: dict[str, dict], when: str) -> None:
    """A file whose bytes changed since the previous state was modified then: without this an
    If-Modified-Since request would get 304 for an amended document."""
    for url, route in after.items():
        old = before.get(url)
        if old and "sha256" in route and old.get("sha256") != route["sha256"]:
            route["last_modified"] = when


def _changes(states: dict[str, dict], ch: Changes) -> list[dict]:
    n1 = {r["key"]: r for r in states["night1"]["reports"]}
    n2 = {r["key"]: r for r in states["night2"]["reports"]}
    amended_doc = next(d for d in n2[ch.amended]["documents"] if d["role"] == "attachment")
    old_doc = next(d for d in n1[ch.amended]["documents"] if d["url"] == amended_doc["url"])
    return [
        {"kind": "new", "report": ch.new, "url": n2[ch.new]["page_urls"][0]},
        {"kind": "amended", "report": ch.amended, "url": amended_doc["url"],
         "old_sha256": old_doc["sha256"], "new_sha256": amended_doc["sha256"]},
        {"kind": "removed", "report": ch.removed, "url": n1[ch.removed]["page_urls"][0],
         "urls": [d["url"] for d in n1[ch.removed]["documents"]], "status": 404},
        {"kind": "moved", "report": ch.moved, "url": n1[ch.moved]["page_urls"][0],
         "new_url": n2[ch.moved]["page_urls"][0], "status": 301},
    ]


def summary(manifest: dict) -> str:
    """Sites × reports × formats × decoys per state, as a plain-text table."""
    lines = [f"{'state':7} {'site':6} {'reports':>7} {'decoys':>6} {'routes':>6}  formats"]
    for state, st in manifest["states"].items():
        for site in manifest["sites"]:
            reps = [r for r in st["reports"] if r["site"] == site["key"]]
            fmts: dict[str, int] = {}
            for r in reps:
                fmts[r["publication"]] = fmts.get(r["publication"], 0) + 1
            routes = sum(1 for u in st["routes"] if urlsplit(u).netloc == site["host"])
            decoys = sum(1 for d in st["decoys"] if d["site"] == site["key"])
            fmt = " ".join(f"{k}:{v}" for k, v in sorted(fmts.items()))
            lines.append(f"{state:7} {site['key']:6} {len(reps):7} {decoys:6} {routes:6}  {fmt}")
        lines.append(f"{state:7} {'all':6} {len(st['reports']):7} {len(st['decoys']):6} {len(st['routes']):6}")
    for c in manifest["states"]["night2"].get("changes", []):
        lines.append(f"night2 change: {c['kind']:8} {c['report']:16} {c['url']}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    """Regenerate replica/data (or the directory given as the first argument)."""
    args = sys.argv[1:] if argv is None else argv
    out = Path(args[0]) if args else DATA_DIR
    manifest = generate(out)
    size = sum(f.stat().st_size for f in out.rglob("*") if f.is_file())
    print(summary(manifest))
    print(f"wrote {out} ({size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
