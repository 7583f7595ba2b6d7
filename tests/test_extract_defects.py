"""Issue 14 point 6: two defects seen on documents we had not seen, rebuilt here in each format.

1. A 采购总金额 written with its unit (``3522.436287万``) beside a count written with its own
   unit (``7项``) shifted the row: the count was taken for a label, the project count took the
   amount and the amount was lost — in the DOCX, the HTML and the PDF alike.
2. A report printing 总计 0 beside non-zero components (REAL_SITES.md: 复议 结果维持 10, 结果纠正 1,
   总计 0), read the same by every strategy, got the verdict ``unknown`` instead of ``document``
   when the second strategy missed some other row of the report.
"""

from __future__ import annotations

import html
from pathlib import Path

import pytest

from extract import extract_file
from extract.checks import evaluate
from extract.pipeline import Candidate, _verdict
from extract.tables import Mapped
from extract.values import is_value_text, parse_count, parse_yuan

TITLE = "广州市测试区人民政府办公室2020年政府信息公开工作年度报告"
Grid = list[list[str]]


def procurement_grid(projects: str, amount: str, header: str = "采购总金额") -> Grid:
    return [["第二十条第(九)项", "", ""],
            ["信息内容", "采购项目数量", header],
            ["政府集中采购", projects, amount]]


def make_docx(path: Path, grids: list[Grid]) -> None:
    from docx import Document

    doc = Document()
    doc.add_paragraph(TITLE)
    doc.add_paragraph("二、主动公开政府信息情况")
    for grid in grids:
        t = doc.add_table(rows=len(grid), cols=len(grid[0]))
        t.style = "Table Grid"
        for r, line in enumerate(grid):
            for c, text in enumerate(line):
                t.cell(r, c).text = text
    doc.add_paragraph("五、存在的主要问题及改进情况")
    doc.save(str(path))


def make_html(path: Path, grids: list[Grid]) -> None:
    tables = "".join("<table border='1'>" + "".join(
        "<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in line) + "</tr>" for line in grid) + "</table>"
        for grid in grids)
    path.write_text(f"<html><head><meta charset='utf-8'><title>{TITLE}</title></head><body><h1>{TITLE}</h1>"
                    f"<p>二、主动公开政府信息情况</p>{tables}<p>五、存在的主要问题及改进情况</p></body></html>",
                    encoding="utf-8")


def make_pdf(path: Path, grids: list[Grid]) -> None:
    """A ruled table in a text-layer PDF (reportlab, built-in CJK CID font)."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    style = ParagraphStyle("cjk", fontName="STSong-Light", fontSize=10, leading=14)
    story: list = [Paragraph(TITLE, style), Paragraph("二、主动公开政府信息情况", style)]
    for grid in grids:
        t = Table(grid, colWidths=[120] + [110] * (len(grid[0]) - 1))
        t.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), "STSong-Light", 10),
                               ("GRID", (0, 0), (-1, -1), 0.5, colors.black)]))
        story += [t, Spacer(1, 8)]
    story.append(Paragraph("五、存在的主要问题及改进情况", style))
    SimpleDocTemplate(str(path), pagesize=A4).build(story)


MAKERS = {"docx": make_docx, "html": make_html, "pdf": make_pdf}


@pytest.mark.parametrize("fmt", sorted(MAKERS))
@pytest.mark.parametrize(("projects", "amount", "want"), [
    ("7项", "3522.436287万", (7, 35224362.87)),
    ("7个", "3522.436287万元", (7, 35224362.87)),
    ("7", "3522.436287万", (7, 35224362.87)),
    ("12 项", "1,690,366元", (12, 1690366)),
])
def test_money_with_its_unit_stays_in_its_column(tmp_path: Path, fmt: str, projects: str, amount: str,
                                                  want: tuple) -> None:
    path = tmp_path / f"report.{fmt}"
    MAKERS[fmt](path, [procurement_grid(projects, amount)])
    r = extract_file(path)
    got = r["active_disclosure"]["art20_9"]["centralized_procurement"]
    assert (got["projects"], got["amount"]) == want, r["raw"]["active_disclosure"]["art20_9"]


def test_value_texts_with_units() -> None:
    assert is_value_text("7项") and is_value_text("3522.436287万") and is_value_text("12 件")
    assert parse_count("7项") == 7 and parse_yuan("3522.436287万") == 35224362.87
    assert parse_yuan("1.5亿元") == 150000000
    assert not is_value_text("2.重复申请") and not is_value_text("规章")


def test_a_unit_set_apart_from_its_number_in_the_text_flow() -> None:
    from extract.rows import rows_from_text

    rows = rows_from_text("政府集中采购 7 项 3522.436287 万\n行政许可 12 3")
    assert [(r.label, r.values) for r in rows] == [("政府集中采购", ["7项", "3522.436287万"]),
                                                   ("行政许可", ["12", "3"])]


def _candidate(name: str, review: dict, complete: bool) -> Candidate:
    values = {"active_disclosure": {}, "applications": {}, "review_litigation": review}
    m = Mapped("2021", values, {}, rows_found=34 if complete else 30, rows_expected=34)
    return Candidate(name, m, evaluate({"template": "2021", **values}))


def test_total_zero_beside_nonzero_parts_is_the_documents_fault() -> None:
    """Both strategies read 10, 1, 0, 0 and 总计 0: the report does not add up, whatever else the
    second strategy missed elsewhere."""
    review = {"reconsideration": {"upheld": 10, "corrected": 1, "other": 0, "pending": 0, "total": 0}}
    ruled = _candidate("ruled", review, complete=True)
    flow = _candidate("textflow", {k: dict(v) for k, v in review.items()}, complete=False)
    failure = next(f for f in ruled.failures if f["check"] == "review_litigation_sum")
    assert _verdict(failure, ruled, [ruled, flow], doc=_Doc()) == "document"


def test_a_second_read_that_differs_is_still_an_extraction_suspect() -> None:
    ruled = _candidate("ruled", {"reconsideration": {"upheld": 10, "corrected": 1, "other": 0, "pending": 0,
                                                     "total": 0}}, complete=True)
    flow = _candidate("textflow", {"reconsideration": {"upheld": 10, "corrected": 1, "other": 0, "pending": 0,
                                                       "total": 11}}, complete=True)
    failure = ruled.failures[0]
    assert _verdict(failure, ruled, [ruled, flow], doc=_Doc()) == "extraction"


class _Doc:
    ocr = False


def test_total_zero_verdict_on_a_built_report(tmp_path: Path) -> None:
    """The whole 2021 report, its 复议 总计 printed 0; one applications row left blank, which the
    text flow cannot see (so it is incomplete) while the ruled table reads it."""
    src = (Path(__file__).parent / "files" / "extract" / "report2021.gbk.html").read_bytes().decode("gbk")
    old = "".join(f"<td>{v}</td>" for v in [1, 1, 0, 0, 2, 0, 0, 0, 1, 1, "", "", "", "", ""])
    new = "".join(f"<td>{v}</td>" for v in [10, 1, 0, 0, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0])
    blank_row = "<td>3.其他</td>" + "<td>0</td>" * 7
    assert old in src and blank_row in src
    page = src.replace(old, new).replace(blank_row, "<td>3.其他</td>" + "<td></td>" * 7)
    path = tmp_path / "r.html"
    path.write_bytes(page.encode("gbk"))
    r = extract_file(path)
    details = [d for d in r["check_details"] if d["check"] == "review_litigation_sum"]
    assert details == [{"check": "review_litigation_sum", "column": "reconsideration", "amount": -11,
                        "verdict": "document"}], r["strategies"]
