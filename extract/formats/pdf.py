"""PDF: the text layer and pdfplumber's ruled tables; pages without text are OCR'd.

A report may mix both (typed pages with the tables scanned in), so the decision is made
page by page.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from extract.document import Document
from extract.errors import ExtractionError

log = logging.getLogger(__name__)
MIN_CHARS_PER_PAGE = 20
MAX_PAGES = 80


def first_pages(pdf: Any, limit: int) -> Iterator[Any]:
    """The first ``limit`` pages, built one by one from the page tree.

    ``pdf.pages`` builds a page object for every page before the first is read: a 300,000-page
    file cost 65 s and 914 MB before our cut. Walking pdfminer's page generator and stopping at
    the limit reads only the pages we use.
    """
    from pdfminer.pdfpage import PDFPage
    from pdfplumber.page import Page

    doctop = 0.0
    for i, obj in enumerate(PDFPage.create_pages(pdf.doc)):
        if i >= limit:
            return
        page = Page(pdf, obj, page_number=i + 1, initial_doctop=doctop)
        doctop += page.height
        yield page
        page.close()


def table_text(table: Any, chars: list[dict]) -> list[list[str | None]]:
    """pdfplumber's ``Table.extract()`` (0.11), the same cells and text, without its cost.

    Why: ``extract()`` tests every character of the page against every row, through a Python
    function call each (8% of a text-layer PDF's time). Here each character's middle is computed
    once, only the characters inside the table are tested against its rows, inline — the same
    half-open midpoint test, characters kept in page order, so the text is identical.
    """
    from pdfplumber import utils

    tx0, ttop, tx1, tbottom = table.bbox
    inside = []
    for c in chars:
        h, v = (c["x0"] + c["x1"]) / 2, (c["top"] + c["bottom"]) / 2
        if tx0 <= h < tx1 and ttop <= v < tbottom:
            inside.append((h, v, c))
    out: list[list[str | None]] = []
    for row in table.rows:
        rx0, rtop, rx1, rbottom = row.bbox
        row_chars = [m for m in inside if rx0 <= m[0] < rx1 and rtop <= m[1] < rbottom]
        line: list[str | None] = []
        for cell in row.cells:
            if cell is None:
                line.append(None)
                continue
            cx0, ctop, cx1, cbottom = cell
            cell_chars = [c for h, v, c in row_chars if cx0 <= h < cx1 and ctop <= v < cbottom]
            line.append(utils.extract_text(cell_chars) if cell_chars else "")
        out.append(line)
    return out


def close_quickly(pdf: Any) -> None:
    """Close the file without pdfplumber's ``close()``, which builds every page to close it."""
    if not getattr(pdf, "stream_is_external", True):
        pdf.stream.close()


def read_pdf(path: Path) -> Document:
    import pdfplumber

    try:
        pdf = pdfplumber.open(str(path))
    except Exception as exc:  # pdfminer raises many private exception types
        raise ExtractionError(f"unreadable PDF: {type(exc).__name__}: {exc}") from exc
    texts: list[str] = []
    grids: list = []
    scanned: list[int] = []
    try:
        for n, page in enumerate(first_pages(pdf, MAX_PAGES), start=1):
            text = page.extract_text() or ""
            if len("".join(text.split())) < MIN_CHARS_PER_PAGE and page.images:
                scanned.append(n)
                texts.append("")
                grids.append(n)  # placeholder: this page's OCR grids go here
                continue
            texts.append(text)
            tables = page.find_tables()
            if tables:
                chars = page.chars
                grids.extend(table_text(t, chars) for t in tables)
    except Exception as exc:
        raise ExtractionError(f"PDF could not be parsed: {type(exc).__name__}: {exc}") from exc
    finally:
        close_quickly(pdf)
    if not scanned:
        return Document("pdf", "\n".join(texts), grids)
    from extract.ocr import ocr_pdf_page

    ocr_grids: dict[int, list] = {}
    for n in scanned:
        texts[n - 1], ocr_grids[n] = ocr_pdf_page(path, n)
    ordered = []
    for g in grids:
        ordered.extend(ocr_grids[g] if isinstance(g, int) else [g])
    return Document("pdf", "\n".join(texts), ordered, ocr=True)
