"""Office-file renderers: Word (python-docx) and Excel (openpyxl) writers.

Both write OOXML zips with real merged cells from the shared table model, with dates and
zip timestamps pinned to the report so the same report always gives the same bytes.
"""

from __future__ import annotations

import io
import re
import zipfile

from replica.reports import ReportSpec
from replica.table_model import (
    SECTION_LABELS,
    Table,
    grid_positions,
    printed_tables,
    section_heading,
    signature_date,
    tables,
)

CJK_FONT = "Noto Serif CJK SC"
FIXED_ZIP_TIME = (2024, 1, 1, 0, 0, 0)


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
    positions = grid_positions(table)
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
        for line in grid_positions(table):
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
