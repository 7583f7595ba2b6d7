"""Word, Excel, PDF and scanned reports: real merged cells, a real (or no) text layer."""

from __future__ import annotations

import io
import re
import shutil
import zipfile

import openpyxl
import pdfplumber
import pytest
from docx import Document

from replica.documents import expected, render, render_docx, render_xlsx, scan_pdf
from replica.reports import build_reports

SPECS = {s.key: s for s in build_reports()}
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _pick(publication: str):
    return next(s for s in SPECS.values() if s.publication == publication)


def test_docx_deterministic_with_merged_cells() -> None:
    spec = next(s for s in SPECS.values() if s.publication == "docx" and "repeat_table_header" in s.quirks)
    data = render_docx(spec)
    assert data == render_docx(spec)
    assert all(i.date_time == (2024, 1, 1, 0, 0, 0) for i in zipfile.ZipFile(io.BytesIO(data)).infolist())
    doc = Document(io.BytesIO(data))
    split = "ad_split_tables" in spec.quirks
    assert len(doc.tables) == ({"2019": 7, "2021": 6}[spec.template] if split else 3)
    body = doc.element.body
    assert body.findall(f".//{W}gridSpan") and body.findall(f".//{W}vMerge")
    assert body.findall(f".//{W}tblHeader"), "header rows repeat on every page"
    text = "\n".join(c.text for t in doc.tables for r in t.rows for c in r.cells)
    assert "申请人情况" in text and "法人或其他组织" in text
    assert spec.agency in "\n".join(p.text for p in doc.paragraphs)


def test_docx_drops_trailing_cells_only_where_printed_so() -> None:
    for quirk in (True, False):
        spec = next(s for s in SPECS.values() if ("missing_trailing_cells" in s.quirks) == quirk)
        body = Document(io.BytesIO(render_docx(spec))).element.body
        assert len(body.findall(f".//{W}gridAfter")) == (1 if quirk else 0), spec.key


def test_xlsx_numbers_and_merges() -> None:
    spec = _pick("xlsx")
    data = render_xlsx(spec)
    assert data == render_xlsx(spec)
    ws = openpyxl.load_workbook(io.BytesIO(data)).active
    assert ws.merged_cells.ranges
    values = [v for row in ws.iter_rows(values_only=True) for v in row]
    new_total = expected(spec, "xlsx")["applications"]["new_received"]["total"]
    assert new_total in values
    assert any(isinstance(v, str) and "申请人情况" in v for v in values)


@pytest.mark.skipif(not shutil.which("soffice") or not shutil.which("pdftoppm"), reason="needs LibreOffice+poppler")
def test_pdf_has_text_layer_and_scan_has_none() -> None:
    spec = SPECS["gzns-zfb-2020"]  # a seed: 2019 template, 总计 row with three numbers
    docs = render(spec)
    assert [(d.role, d.format) for d in docs] == [("body", "html"), ("attachment", "pdf")]
    assert "{attachment:0}" in docs[0].data.decode()
    pdf = docs[1].data
    with pdfplumber.open(io.BytesIO(pdf)) as p:
        text = "\n".join(page.extract_text() or "" for page in p.pages)
        assert len(p.pages) >= 2
    assert spec.agency in text
    assert "申请人情况" in text
    assert re.search(r"－\s*2\s*－", text), "page numbers like －2－ in the footer"
    assert "/CreationDate(D:20240101000000" in pdf.decode("latin-1")
    scan = scan_pdf(pdf)
    assert scan == scan_pdf(pdf)
    with pdfplumber.open(io.BytesIO(scan)) as p:
        assert len(p.pages) >= 2
        assert all(not page.chars for page in p.pages)
        assert p.pages[0].images
