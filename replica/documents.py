"""Render a replica report the way agencies publish it, and say what must be extracted.

One table model (rows of cells with rowspan/colspan, as the national template lays the
three tables out) feeds every format: an HTML fragment, a Word document with merged cells
(python-docx), a PDF and a DOC made from that Word file by LibreOffice (so the text layer
has the real quirks: stacked characters in narrow columns, header rows repeated on every
page, a －N－ page footer), a scan (the PDF's pages as images only), PNG pictures of the
tables (headless Chromium) and an XLSX workbook (openpyxl).

``expected()`` is the extraction nianbao must produce for the document carrying the
tables. Check semantics (shared with extract/): a blank cell (None) counts as 0 in the
sums; ``non_negative`` looks at every printed number except 2019's 本年增/减, and requires
counts (not money) to be integers.
"""

from __future__ import annotations

import hashlib
import html
import io
import re
import shutil
import subprocess
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from replica.reports import (
    AD_COLUMNS,
    AD_ROWS,
    ALL_COLS,
    APPLICANT_COLS,
    RESULT_ROWS,
    RL_COLS,
    RL_GROUPS,
    ReportSpec,
)

SECTION_LABELS = [
    ("overview", "一、总体情况"),
    ("active_disclosure", "二、主动公开政府信息情况"),
    ("applications", "三、收到和处理政府信息公开申请情况"),
    ("review_litigation", "四、政府信息公开行政复议、行政诉讼情况"),
    ("problems", "五、存在的主要问题及改进情况"),
    ("other", "六、其他需要报告的事项"),
]
PROBLEMS_VARIANT = "五、政府信息公开工作存在的主要问题及改进情况"
MONEY_KEYS = {"amount", "amount_10k_yuan"}
SIGNED_KEYS = {"change_this_year"}
CJK_FONT = "Noto Serif CJK SC"
FIXED_ZIP_TIME = (2024, 1, 1, 0, 0, 0)


@dataclass
class RenderedDocument:
    """One file of a published report: the article body, an attachment or an image."""

    filename: str
    format: str
    role: str
    data: bytes


# ================================================================ table model


@dataclass
class Cell:
    text: str
    rowspan: int = 1
    colspan: int = 1
    header: bool = False
    path: str | None = None  # "table/…/col" for a data cell


@dataclass
class Table:
    """A table as an agency lays it out: rows of cells, spans like HTML."""

    caption: str
    ncols: int
    rows: list[list[Cell]]
    header_rows: int = 0  # rows to repeat on every page (Word tblHeader)
    narrow_from: int | None = None  # first of the narrow value columns (applications table)
    col_widths_cm: list[float] = field(default_factory=list)


def _label(spec: ReportSpec, text: str) -> str:
    """Apply this report's label habits (bracket width, wording variants)."""
    q = spec.quirks
    if "label_guifan_old" in q:
        text = text.replace("行政规范性文件", "规范性文件")
    if "label_xingzheng_guifan" in q and "行政规范性文件" not in text:
        text = text.replace("规范性文件", "行政规范性文件")
    if "label_xu_lingxing" in q:
        text = text.replace("需要另行制作", "需另行制作")
    if "header_feizhi_jianshuliang" in q:
        text = text.replace("本年废止件数", "本年废止件数量")
    if "brackets_halfwidth" in q:
        text = text.replace("（", "(").replace("）", ")")
    return text


def format_number(value: object, key: str = "") -> str:
    """How a value is printed when the report has no special text for it."""
    if value is None:
        return ""
    if isinstance(value, float):
        if value == int(value):
            return str(int(value))
        return f"{value:.2f}" if key == "amount" else f"{value:.6f}".rstrip("0").rstrip(".")
    return str(value)


def _value(spec: ReportSpec, path: str) -> Cell:
    if path in spec.printed:
        return Cell(spec.printed[path], path=path)
    node: object = spec.data
    for p in path.split("/"):
        node = node[p]  # type: ignore[index]
    return Cell(format_number(node, path.rsplit("/", 1)[-1]), path=path)


AD_COL_LABELS = {
    "issued_this_year": "本年制发件数", "repealed_this_year": "本年废止件数", "in_force": "现行有效件数",
    "decisions_this_year": "本年处理决定数量", "amount_10k_yuan": "本年收费金额（单位：万元）",
    "made_this_year": "本年新制作数量", "published_this_year": "本年新公开数量",
    "published_total": "对外公开总数量", "items_last_year": "上一年项目数量", "change_this_year": "本年增/减",
    "decisions": "处理决定数量", "projects": "采购项目数量", "amount": "采购总金额",
}
AD_ROW_LABELS = {
    "rules": "规章", "normative_documents": {"2021": "行政规范性文件", "2019": "规范性文件"},
    "administrative_licensing": "行政许可", "other_external_services": "其他对外管理服务事项",
    "administrative_penalty": "行政处罚", "administrative_coercion": "行政强制",
    "administrative_fees": "行政事业性收费", "centralized_procurement": "政府集中采购",
}
AD_ITEM_LABELS = {"art20_1": "第二十条第（一）项", "art20_5": "第二十条第（五）项", "art20_6": "第二十条第（六）项",
                  "art20_8": "第二十条第（八）项", "art20_9": "第二十条第（九）项"}


def active_disclosure_table(spec: ReportSpec) -> Table:
    rows: list[list[Cell]] = []
    for item, item_rows in AD_ROWS[spec.template].items():
        cols = AD_COLUMNS[spec.template][item]
        fill = 3 - len(cols) + 1  # the last column spans what is left of the 4-column grid
        rows.append([Cell(_label(spec, AD_ITEM_LABELS[item]), colspan=4, header=True)])
        head = [Cell("信息内容", header=True)]
        for i, c in enumerate(cols):
            text = AD_COL_LABELS[c]
            if c == "amount":
                if "money_header_yuan" in spec.quirks:
                    text += "（元）"
                elif "money_header_wan" in spec.quirks:
                    text += "（万元）"
            head.append(Cell(_label(spec, text), colspan=fill if i == len(cols) - 1 else 1, header=True))
        rows.append(head)
        for r in item_rows:
            label = AD_ROW_LABELS[r]
            label = label[spec.template] if isinstance(label, dict) else label
            line = [Cell(_label(spec, label), header=True)]
            for i, c in enumerate(cols):
                cell = _value(spec, f"active_disclosure/{item}/{r}/{c}")
                cell.colspan = fill if i == len(cols) - 1 else 1
                line.append(cell)
            rows.append(line)
    return Table("二、主动公开政府信息情况", 4, rows, col_widths_cm=[4.6, 3.6, 3.6, 3.6])


APP_LABELS = {
    "new_received": "一、本年新收政府信息公开申请数量",
    "carried_over": "二、上年结转政府信息公开申请数量",
    "granted": "（一）予以公开",
    "partially_granted": "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
    "withheld_state_secret": "1.属于国家秘密", "withheld_prohibited_by_law": "2.其他法律行政法规禁止公开",
    "withheld_security_stability": "3.危及“三安全一稳定”", "withheld_third_party_rights": "4.保护第三方合法权益",
    "withheld_internal_affairs": "5.属于三类内部事务信息", "withheld_process_information": "6.属于四类过程性信息",
    "withheld_enforcement_files": "7.属于行政执法案卷", "withheld_administrative_query": "8.属于行政查询事项",
    "unavailable_not_held": "1.本机关不掌握相关政府信息", "unavailable_needs_creation": "2.没有现成信息需要另行制作",
    "unavailable_unclear": "3.补正后申请内容仍不明确",
    "not_processed_petition": "1.信访举报投诉类申请", "not_processed_repeated": "2.重复申请",
    "not_processed_publication": "3.要求提供公开出版物", "not_processed_mass_requests": "4.无正当理由大量反复申请",
    "not_processed_confirmation": "5.要求行政机关确认或重新出具已获取信息",
    "other_no_correction": "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    "other_unpaid_fee": "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    "other_other": "3.其他", "other_total": "（六）其他处理", "total": "（七）总计",
    "carried_forward": "四、结转下年度继续办理",
}
APP_GROUPS = {"withheld_state_secret": ("（三）不予公开", 8), "unavailable_not_held": ("（四）无法提供", 3),
              "not_processed_petition": ("（五）不予处理", 5), "other_no_correction": ("（六）其他处理", 3)}
APP_COL_LABELS = ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]


def applications_table(spec: ReportSpec) -> Table:
    L = lambda t: _label(spec, t)  # noqa: E731
    rows: list[list[Cell]] = [
        [Cell(L("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"), rowspan=3, colspan=3,
              header=True), Cell("申请人情况", colspan=7, header=True)],
        [Cell("自然人", rowspan=2, header=True), Cell("法人或其他组织", colspan=5, header=True),
         Cell("总计", rowspan=2, header=True)],
        [Cell(t, header=True) for t in APP_COL_LABELS[1:6]],
    ]
    results = RESULT_ROWS[spec.template]
    order = ["new_received", "carried_over", *results, "total", "carried_forward"]
    for row in order:
        label = APP_LABELS[row]
        if row in ("new_received", "carried_over", "carried_forward"):
            line = [Cell(L(label), colspan=3, header=True)]
        else:
            line = []
            if row == "granted":
                line.append(Cell("三、本年度办理结果", rowspan=len(results) + 1, header=True))
            if row in APP_GROUPS:
                glabel, n = APP_GROUPS[row]
                line += [Cell(L(glabel), rowspan=n, header=True), Cell(L(label), header=True)]
            elif row.startswith(("withheld_", "unavailable_", "not_processed_")) or row in (
                    "other_unpaid_fee", "other_other"):
                line.append(Cell(L(label), header=True))
            else:  # granted, partially_granted, other_total, total
                line.append(Cell(L(label), colspan=2, header=True))
        cells = [_value(spec, f"applications/{row}/{c}") for c in ALL_COLS]
        omit = int(spec.printed.get(f"applications/{row}/__omit_trailing", "0"))
        rows.append(line + (cells[:-omit] if omit else cells))
    return Table("三、收到和处理政府信息公开申请情况", 10, rows, header_rows=3, narrow_from=3,
                 col_widths_cm=[1.0, 1.5, 3.6] + [1.15] * 7)


def review_table(spec: ReportSpec) -> Table:
    labels = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    rows = [
        [Cell("行政复议", colspan=5, header=True), Cell("行政诉讼", colspan=10, header=True)],
        [Cell(t, rowspan=2, header=True) for t in labels]
        + [Cell("未经复议直接起诉", colspan=5, header=True), Cell("复议后起诉", colspan=5, header=True)],
        [Cell(t, header=True) for t in labels * 2],
        [_value(spec, f"review_litigation/{g}/{c}") for g in RL_GROUPS for c in RL_COLS],
    ]
    return Table("四、政府信息公开行政复议、行政诉讼情况", 15, rows, header_rows=3, narrow_from=0,
                 col_widths_cm=[1.1] * 15)


def tables(spec: ReportSpec) -> dict[str, Table]:
    """The three statistical tables, keyed like the sections they belong to."""
    return {"active_disclosure": active_disclosure_table(spec), "applications": applications_table(spec),
            "review_litigation": review_table(spec)}


def printed_tables(spec: ReportSpec) -> dict[str, list[Table]]:
    """The tables as this report prints them: some agencies give every 第二十条 item its own table."""
    out = {k: [t] for k, t in tables(spec).items()}
    if "ad_split_tables" in spec.quirks:
        ad = out["active_disclosure"][0]
        parts: list[Table] = []
        for row in ad.rows:
            if len(row) == 1 and row[0].colspan == ad.ncols:  # an item's title row starts a table
                parts.append(Table(row[0].text, ad.ncols, [], col_widths_cm=ad.col_widths_cm))
            parts[-1].rows.append(row)
        out["active_disclosure"] = parts
    return out


def section_heading(spec: ReportSpec, key: str, label: str) -> str:
    if key == "problems" and "problems_label_variant" in spec.quirks:
        return PROBLEMS_VARIANT
    return label


def signature_date(spec: ReportSpec) -> str:
    day = int(hashlib.sha1(spec.key.encode()).hexdigest(), 16) % 28 + 1
    return f"{spec.year + 1}年1月{day}日"


# ================================================================ HTML


def _stack(text: str) -> str:
    """Word pastes narrow header cells with a line break after every character (自<br/>然<br/>人)."""
    return "<br/>".join(html.escape(ch) for ch in text)


def table_html(table: Table, style: str = "plain") -> str:
    """One table as HTML with rowspan/colspan; ``style`` is how the page was authored.

    "plain": a CMS editor's table; "word": pasted from Word (MsoNormal spans, &nbsp; in
    empty cells, stacked characters in narrow header cells); "th": header cells as <th>.
    """
    if style == "word":
        out = ['<table class="MsoNormalTable" border="0" cellspacing="0" cellpadding="0" '
               'style="border-collapse:collapse;border:none">', "<tbody>"]
    else:
        out = ['<table border="1" cellspacing="0" cellpadding="0" style="border-collapse:collapse;width:100%">',
               "<tbody>"]
    narrow = set(APP_COL_LABELS) | {"结果维持", "结果纠正", "其他结果", "尚未审结"}
    for row in table.rows:
        out.append("<tr>")
        for c in row:
            attrs = ""
            if c.rowspan > 1:
                attrs += f' rowspan="{c.rowspan}"'
            if c.colspan > 1:
                attrs += f' colspan="{c.colspan}"'
            align = "center" if (c.header and len(c.text) < 12) or not c.header else "left"
            if style == "word":
                text = _stack(c.text) if c.header and c.text in narrow else (html.escape(c.text) or "&nbsp;")
                out.append(f'<td{attrs} valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt">'
                           f'<p class="MsoNormal" align="{align}" style="text-align:{align}">'
                           f'<span style="font-size:10.5pt;font-family:仿宋_GB2312">{text}</span></p></td>')
            else:
                tag = "th" if style == "th" and c.header else "td"
                out.append(f'<{tag}{attrs} style="text-align:{align}"><p>{html.escape(c.text)}</p></{tag}>')
        out.append("</tr>")
    out += ["</tbody>", "</table>"]
    return "\n".join(out)


def html_style(spec: ReportSpec) -> str:
    return next((q.removeprefix("html_style_") for q in spec.quirks if q.startswith("html_style_")), "plain")


def _paragraphs_html(text: str, style: str) -> list[str]:
    if style == "word":
        return [f'<p class="MsoNormal" style="text-indent:32.0pt"><span style="font-size:16.0pt;'
                f'font-family:仿宋_GB2312">{html.escape(p)}</span></p>' for p in text.split("\n") if p.strip()]
    return [f'<p style="text-indent:2em">{html.escape(p)}</p>' for p in text.split("\n") if p.strip()]


def body_html(spec: ReportSpec, images: bool = False) -> str:
    """The whole report as an article body; ``images`` pastes the tables as pictures."""
    style = html_style(spec)
    out = [f'<p style="text-align:center"><strong>{html.escape(spec.title)}</strong></p>']
    tbls = tables(spec)
    printed = printed_tables(spec)
    for n, (key, label) in enumerate(SECTION_LABELS):
        heading = html.escape(section_heading(spec, key, label))
        out.append(f"<h3>{heading}</h3>" if style == "th" else f"<p><strong>{heading}</strong></p>")
        out += _paragraphs_html(spec.sections.get(key, ""), style)
        if images and key in tbls:
            out.append(f'<p style="text-align:center"><img src="{{image:{n - 1}}}" alt="{html.escape(label)}"/></p>')
        elif key in tbls:
            out += [table_html(t, style) for t in printed[key]]
    out.append(f'<p style="text-align:right">{html.escape(spec.agency)}</p>')
    out.append(f'<p style="text-align:right">{signature_date(spec)}</p>')
    return "\n".join(out) + "\n"


def stub_html(spec: ReportSpec, ext: str) -> str:
    """The short article body of an attachment-only report."""
    return (f'<p style="text-indent:2em">{html.escape(spec.title)}详见附件。</p>\n'
            f'<p>附件：<a href="{{attachment:0}}">{html.escape(spec.title)}.{ext}</a></p>\n')


# ================================================================ DOCX


def _normalize_zip(data: bytes) -> bytes:
    """Rewrite an OOXML zip with fixed timestamps so equal content gives equal bytes."""
    src = zipfile.ZipFile(io.BytesIO(data))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            zi = zipfile.ZipInfo(info.filename, date_time=FIXED_ZIP_TIME)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o600 << 16
            dst.writestr(zi, src.read(info.filename))
    return buf.getvalue()


def _docx_font(run, size_pt: float, bold: bool = False) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt

    run.font.size = Pt(size_pt)
    run.font.bold = bold
    run.font.name = CJK_FONT
    rpr = run._element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.insert(0, rfonts)
    rfonts.set(qn("w:eastAsia"), CJK_FONT)


def _docx_footer_page_number(section) -> None:
    """Footer like government documents: －5－ (PAGE field between full-width dashes)."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    p = section.footer.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _docx_font(p.add_run("－"), 12)
    fld = OxmlElement("w:fldSimple")
    fld.set(qn("w:instr"), "PAGE")
    r = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.text = "1"
    r.append(t)
    fld.append(r)
    p._p.append(fld)
    _docx_font(p.add_run("－"), 12)


def _grid_positions(table: Table) -> list[list[tuple[int, int, Cell]]]:
    """(row, col, cell) of every cell, resolving rowspans like an HTML table does."""
    taken: set[tuple[int, int]] = set()
    out = []
    for r, row in enumerate(table.rows):
        c = 0
        line = []
        for cell in row:
            while (r, c) in taken:
                c += 1
            line.append((r, c, cell))
            for dr in range(cell.rowspan):
                for dc in range(cell.colspan):
                    taken.add((r + dr, c + dc))
            c += cell.colspan
        out.append(line)
    return out


def _add_docx_table(doc, table: Table, repeat_header: bool = True) -> None:
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm

    t = doc.add_table(rows=len(table.rows), cols=table.ncols)
    t.style = "Table Grid"
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    t.autofit = False
    widths = table.col_widths_cm or [16.0 / table.ncols] * table.ncols
    for i, col in enumerate(t.columns):
        col.width = Cm(widths[i])
        for cell in col.cells:
            cell.width = Cm(widths[i])
    positions = _grid_positions(table)
    for r in range(min(table.header_rows if repeat_header else 0, len(t.rows))):
        trpr = t.rows[r]._tr.get_or_add_trPr()
        trpr.append(OxmlElement("w:tblHeader"))
    # Table.cell() rebuilds the whole cell list on every call (quadratic); take each <w:tc>
    # once before merging: merge regions are disjoint, so their corner cells stay valid.
    from docx.table import _Cell

    grid = [[_Cell(tc, t) for tc in tr.tc_lst] for tr in t._tbl.tr_lst]
    covered_to: dict[int, int] = {}  # row -> end column of cells reaching into it from above
    for line in positions:
        for row, col, cell in line:
            for dr in range(1, cell.rowspan):
                covered_to[row + dr] = max(covered_to.get(row + dr, 0), col + cell.colspan)
    omitted: list[int] = []
    merges = []
    for r, line in enumerate(positions):
        last_col = covered_to.get(r, 0)
        for row, col, cell in line:
            target = grid[row][col]
            if cell.rowspan > 1 or cell.colspan > 1:
                merges.append((target, grid[row + cell.rowspan - 1][col + cell.colspan - 1]))
            p = target.paragraphs[0]
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER if len(cell.text) < 14 else WD_ALIGN_PARAGRAPH.LEFT
            _docx_font(p.add_run(cell.text), 9 if table.narrow_from is not None else 10.5, bold=False)
            last_col = max(last_col, col + cell.colspan)
        omitted.append(table.ncols - last_col)
    for top_left, bottom_right in merges:
        top_left.merge(bottom_right)
    # rows printed with missing trailing cells: drop those cells (w:gridAfter), as Word does
    for r, k in enumerate(omitted):
        if not k:
            continue
        tr = t.rows[r]._tr
        for tc in tr.findall(qn("w:tc"))[-k:]:
            tr.remove(tc)
        trpr = tr.get_or_add_trPr()
        ga = OxmlElement("w:gridAfter")
        ga.set(qn("w:val"), str(k))
        trpr.insert(0, ga)


def _docx_paragraph(doc, text: str, *, size: float = 12, bold: bool = False, center: bool = False,
                    right: bool = False, indent: bool = False) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    p = doc.add_paragraph()
    if center:
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    elif right:
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    if indent:
        p.paragraph_format.first_line_indent = Pt(size * 2)
    _docx_font(p.add_run(text), size, bold)


def render_docx(spec: ReportSpec) -> bytes:
    """The full report as a Word document with real merged-cell tables."""
    import datetime as dt

    from docx import Document
    from docx.shared import Cm

    doc = Document()
    sec = doc.sections[0]
    sec.page_width, sec.page_height = Cm(21.0), Cm(29.7)
    sec.left_margin = sec.right_margin = Cm(2.4)
    sec.top_margin, sec.bottom_margin = Cm(3.0), Cm(2.6)
    _docx_footer_page_number(sec)
    props = doc.core_properties
    props.author = spec.agency
    props.last_modified_by = spec.agency
    props.title = spec.title
    props.created = props.modified = dt.datetime(spec.year + 1, 1, 15, 9, 0, 0)
    props.revision = 1
    props.comments = ""
    if "title_two_lines" in spec.quirks:  # agency on one line, 2021年政府信息公开工作年度报告 below
        _docx_paragraph(doc, f"{spec.agency} {spec.year} 年", size=18, bold=True, center=True)
        _docx_paragraph(doc, spec.title.removeprefix(spec.agency).removeprefix(str(spec.year)).lstrip("年"),
                        size=18, bold=True, center=True)
    else:
        _docx_paragraph(doc, spec.title, size=18, bold=True, center=True)
    tbls = printed_tables(spec)
    for key, label in SECTION_LABELS:
        _docx_paragraph(doc, section_heading(spec, key, label), size=14, bold=True)
        for p in spec.sections.get(key, "").split("\n"):
            if p.strip():
                _docx_paragraph(doc, p, indent=True)
        for t in tbls.get(key, []):
            _add_docx_table(doc, t, repeat_header="repeat_table_header" in spec.quirks)
    _docx_paragraph(doc, spec.agency, right=True)
    _docx_paragraph(doc, signature_date(spec), right=True)
    buf = io.BytesIO()
    doc.save(buf)
    return _normalize_zip(buf.getvalue())


# ================================================================ LibreOffice (PDF, DOC)


def _soffice() -> str:
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if not exe:
        raise RuntimeError("LibreOffice (soffice) is needed to render PDF/DOC replica documents")
    return exe


def convert_many(docx_files: dict[str, bytes], target: str, timeout: float = 600.0) -> dict[str, bytes]:
    """Convert several DOCX files with ONE soffice call (it is slow to start)."""
    if not docx_files:
        return {}
    with tempfile.TemporaryDirectory(prefix="nianbao-lo-") as tmp:
        tmpd = Path(tmp)
        src = tmpd / "src"
        out = tmpd / "out"
        src.mkdir()
        out.mkdir()
        paths = []
        for name, data in docx_files.items():
            p = src / f"{name}.docx"
            p.write_bytes(data)
            paths.append(str(p))
        cmd = [_soffice(), f"-env:UserInstallation=file://{tmpd / 'profile'}", "--headless", "--norestore",
               "--convert-to", target, "--outdir", str(out), *paths]
        proc = subprocess.run(cmd, capture_output=True, timeout=timeout, check=False)
        result = {}
        for name in docx_files:
            f = out / f"{name}.{target}"
            if not f.exists():
                raise RuntimeError(f"soffice did not convert {name} to {target}: {proc.stderr.decode()[-500:]}")
            data = f.read_bytes()
            result[name] = _fix_pdf_metadata(data, name) if target == "pdf" else data
        return result


_PDF_DATE = re.compile(rb"/(CreationDate|ModDate)\s*\((D:[^)]*)\)")
_PDF_ID = re.compile(rb"/ID\s*\[\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*\]")
_PDF_CHECKSUM = re.compile(rb"/DocChecksum\s*/([0-9A-Fa-f]+)")


def _fix_pdf_metadata(data: bytes, name: str) -> bytes:
    """Fix dates and /ID in place (same lengths, so xref offsets stay valid)."""

    def date(m: re.Match) -> bytes:
        fixed = b"D:20240101000000"
        value = m.group(2)
        fixed = (fixed + value[len(fixed):])[:len(value)] if len(value) >= len(fixed) else value
        return b"/" + m.group(1) + b"(" + fixed + b")"

    def ident(m: re.Match) -> bytes:
        h = hashlib.md5(name.encode()).hexdigest().upper().encode()
        a = (h * 4)[:len(m.group(1))]
        b = (h * 4)[:len(m.group(2))]
        return m.group(0).replace(m.group(1), a).replace(m.group(2), b)

    def checksum(m: re.Match) -> bytes:
        h = hashlib.md5(b"checksum:" + name.encode()).hexdigest().upper().encode()
        return m.group(0).replace(m.group(1), (h * 4)[:len(m.group(1))])

    return _PDF_CHECKSUM.sub(checksum, _PDF_ID.sub(ident, _PDF_DATE.sub(date, data)))


def scan_pdf(pdf: bytes, dpi: int = 150) -> bytes:
    """An image-only PDF of ``pdf``'s pages: what a scanned report looks like."""
    from PIL import Image, ImageFilter

    with tempfile.TemporaryDirectory(prefix="nianbao-scan-") as tmp:
        src = Path(tmp) / "in.pdf"
        src.write_bytes(pdf)
        subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", "-png", str(src), str(Path(tmp) / "p")],
                       check=True, capture_output=True, timeout=300)
        pages = []
        for i, f in enumerate(sorted(Path(tmp).glob("p-*.png"))):
            img = Image.open(f).convert("L")
            # a scanner's slight skew and softness, fixed per page so output is reproducible
            img = img.rotate(0.4 if i % 2 == 0 else -0.3, resample=Image.Resampling.BICUBIC,
                             expand=False, fillcolor=255)
            img = img.filter(ImageFilter.GaussianBlur(0.4))
            pages.append(img)
    if not pages:
        raise RuntimeError("pdftoppm produced no pages")
    buf = io.BytesIO()
    pages[0].save(buf, "PDF", save_all=True, append_images=pages[1:], resolution=float(dpi),
                  title="", producer="", creator="")
    return _fix_pdf_metadata(buf.getvalue(), "scan")


# ================================================================ table images (Chromium)


def _chromium() -> str:
    exe = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    if not exe:
        raise RuntimeError("headless Chromium is needed to render table images")
    return exe


def table_png(table: Table) -> bytes:
    """A PNG picture of one table, the way agencies paste screenshots into articles."""
    from PIL import Image, ImageChops

    page = ("<!doctype html><html><head><meta charset='utf-8'><style>"
            f"body{{margin:20px;background:#fff;font-family:'{CJK_FONT}','Noto Sans CJK SC',serif;font-size:15px}}"
            "table{border-collapse:collapse;width:900px}td{border:1px solid #000;padding:3px}"
            "p{margin:0}</style></head><body>" + table_html(table) + "</body></html>")
    with tempfile.TemporaryDirectory(prefix="nianbao-png-") as tmp:
        src = Path(tmp) / "t.html"
        src.write_text(page, encoding="utf-8")
        out = Path(tmp) / "t.png"
        cmd = [_chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
               f"--user-data-dir={Path(tmp) / 'profile'}", "--force-device-scale-factor=1",
               "--window-size=1000,2400", f"--screenshot={out}", src.as_uri()]
        subprocess.run(cmd, capture_output=True, timeout=120, check=False)
        if not out.exists():
            raise RuntimeError("chromium did not write the table screenshot")
        img = Image.open(out).convert("RGB")
    bbox = ImageChops.difference(img, Image.new("RGB", img.size, "white")).getbbox()
    if bbox:
        img = img.crop((max(0, bbox[0] - 10), max(0, bbox[1] - 10),
                        min(img.width, bbox[2] + 10), min(img.height, bbox[3] + 10)))
    buf = io.BytesIO()
    img.save(buf, "PNG", optimize=True)
    return buf.getvalue()


# ================================================================ XLSX


def render_xlsx(spec: ReportSpec) -> bytes:
    """The report's tables in a workbook, merged cells as the tables print them."""
    import datetime as dt

    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Side

    wb = Workbook()
    ws = wb.active
    ws.title = "年报"
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    ws.cell(1, 1, spec.title)
    r0 = 3
    tbls = tables(spec)
    for key, label in SECTION_LABELS:
        if key not in tbls:
            continue
        table = tbls[key]
        ws.cell(r0, 1, label)
        r0 += 1
        for line in _grid_positions(table):
            for r, c, cell in line:
                value: object = cell.text
                if cell.path and cell.path not in spec.printed:
                    node: object = spec.data
                    for p in cell.path.split("/"):
                        node = node[p]  # type: ignore[index]
                    value = node
                xc = ws.cell(r0 + r, 1 + c, value)
                xc.alignment = Alignment(wrap_text=True, vertical="center")
                xc.border = border
                if cell.rowspan > 1 or cell.colspan > 1:
                    ws.merge_cells(start_row=r0 + r, start_column=1 + c,
                                   end_row=r0 + r + cell.rowspan - 1, end_column=c + cell.colspan)
        r0 += len(table.rows) + 2
    when = dt.datetime(spec.year + 1, 1, 15, 9, 0, 0)
    wb.properties.creator = spec.agency
    wb.properties.created = when
    wb.properties.modified = when
    buf = io.BytesIO()
    wb.save(buf)
    return _fix_core_modified(_normalize_zip(buf.getvalue()), when)


def _fix_core_modified(data: bytes, when) -> bytes:
    """openpyxl stamps dcterms:modified with the save time; put the report's date back."""
    src = zipfile.ZipFile(io.BytesIO(data))
    stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            content = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*(<)", rb"\g<1>" + stamp + rb"\g<2>", content)
            dst.writestr(info, content)
    return buf.getvalue()


# ================================================================ render


ATTACHMENT_EXT = {"pdf": "pdf", "docx": "docx", "doc": "doc", "scan": "pdf", "xlsx": "xlsx"}


def render(spec: ReportSpec) -> list[RenderedDocument]:
    """All files of one report (see ``render_all`` to render many with few LibreOffice calls)."""
    return render_all([spec])[spec.key]


def render_all(specs: list[ReportSpec]) -> dict[str, list[RenderedDocument]]:
    """Render many reports with one soffice call per target format.

    The slow external steps (soffice to PDF, soffice to DOC, Chromium screenshots) run side
    by side in threads: each is a separate process with its own profile directory.
    """
    from concurrent.futures import ThreadPoolExecutor

    pub = {s.key: s.publication for s in specs}
    docx_cache = {s.key: render_docx(s) for s in specs if s.publication in ("docx", "pdf", "doc", "scan")}
    with ThreadPoolExecutor(max_workers=3) as pool:
        pdf_job = pool.submit(convert_many, {k: v for k, v in docx_cache.items() if pub[k] in ("pdf", "scan")}, "pdf")
        doc_job = pool.submit(convert_many, {k: v for k, v in docx_cache.items() if pub[k] == "doc"}, "doc")
        png_jobs = {s.key: [pool.submit(table_png, t) for t in tables(s).values()]
                    for s in specs if s.publication == "html_images"}
        pdfs, docs = pdf_job.result(), doc_job.result()
        scan_jobs = {k: pool.submit(scan_pdf, pdfs[k]) for k in pdfs if pub[k] == "scan"}
        pngs = {k: [j.result() for j in jobs] for k, jobs in png_jobs.items()}
        scans = {k: j.result() for k, j in scan_jobs.items()}
    out: dict[str, list[RenderedDocument]] = {}
    for s in specs:
        if s.publication == "html":
            out[s.key] = [RenderedDocument(f"{s.key}.html", "html", "body", body_html(s).encode())]
        elif s.publication == "html_images":
            out[s.key] = [RenderedDocument(f"{s.key}.html", "html", "body", body_html(s, images=True).encode()),
                          *(RenderedDocument(f"{s.key}-table{i + 1}.png", "png", "image", png)
                            for i, png in enumerate(pngs[s.key]))]
        else:
            ext = ATTACHMENT_EXT[s.publication]
            data = {"pdf": pdfs.get, "scan": scans.get, "docx": docx_cache.get, "doc": docs.get,
                    "xlsx": lambda _k, s=s: render_xlsx(s)}[s.publication](s.key)
            out[s.key] = [RenderedDocument(f"{s.key}.html", "html", "body", stub_html(s, ext).encode()),
                          RenderedDocument(f"{s.key}.{ext}", s.publication, "attachment", data)]
    return out


# ================================================================ expected extraction


def _n(v: object) -> float:
    return 0 if v is None else v  # type: ignore[return-value]


def evaluate_checks(doc: dict) -> list[str]:
    """The template checks that fail for the tables in ``doc`` (BRIEF shape)."""
    failing: list[str] = []
    apps = doc["applications"]
    template = doc["template"]
    if any(_n(apps["new_received"][c]) + _n(apps["carried_over"][c])
           != _n(apps["total"][c]) + _n(apps["carried_forward"][c]) for c in ALL_COLS):
        failing.append("applications_balance")
    if any(_n(apps["total"][c]) != sum(_n(apps[r][c]) for r in RESULT_ROWS[template]) for c in ALL_COLS):
        failing.append("applications_results_sum")
    if any(_n(row["total"]) != sum(_n(row[c]) for c in APPLICANT_COLS) for row in apps.values()):
        failing.append("applications_row_sum")
    rl = doc["review_litigation"]
    if any(sum(_n(rl[g][c]) for c in RL_COLS[:4]) != _n(rl[g]["total"]) for g in RL_GROUPS):
        failing.append("review_litigation_sum")
    if not _all_counts_ok(doc):
        failing.append("non_negative")
    return failing


def _all_counts_ok(doc: dict) -> bool:
    cells: list[tuple[str, object]] = []
    for item in doc["active_disclosure"].values():
        for row in item.values():
            cells += list(row.items())
    for table in ("applications", "review_litigation"):
        for row in doc[table].values():
            cells += list(row.items())
    for key, v in cells:
        if v is None or key in SIGNED_KEYS:
            continue
        if v < 0 or (key not in MONEY_KEYS and v != int(v)):  # type: ignore[operator]
            return False
    return True


def expected(spec: ReportSpec, fmt: str) -> dict:
    """What nianbao must extract from the document (of format ``fmt``) carrying the tables."""
    import copy

    doc = {
        "agency": spec.agency,
        "district": spec.district,
        "year": spec.year,
        "template": spec.template,
        **copy.deepcopy(spec.data),
    }
    doc["checks_failing"] = evaluate_checks(doc)
    doc["sections"] = {k: v for k, v in spec.sections.items()}
    doc["fees"] = dict(spec.fees) if spec.fees else {
        "fee_notices": None, "fee_notices_amount_yuan": None, "fee_collected_yuan": None}
    doc["printed_cells"] = {k: v for k, v in sorted(spec.printed.items()) if "__" not in k}
    doc["format"] = fmt
    doc["title"] = spec.title
    doc["key"] = spec.key
    doc["quirks"] = list(spec.quirks)
    return doc
