"""PDF: the text layer and pdfplumber's ruled tables; pages without text are OCR'd.

A report may mix both (typed pages with the tables scanned in), so the decision is made
page by page.
"""

from __future__ import annotations

import logging
from pathlib import Path

from extract.document import Document
from extract.errors import ExtractionError

log = logging.getLogger(__name__)
MIN_CHARS_PER_PAGE = 20
MAX_PAGES = 80


def read_pdf(path: Path) -> Document:
    import pdfplumber

    try:
        pdf = pdfplumber.open(str(path))
    except Exception as exc:  # pdfminer raises many private exception types
        raise ExtractionError(f"unreadable PDF: {type(exc).__name__}: {exc}") from exc
    texts: list[str] = []
    grids: list = []
    scanned: list[int] = []
    with pdf:
        try:
            pages = pdf.pages[:MAX_PAGES]
            for n, page in enumerate(pages, start=1):
                text = page.extract_text() or ""
                if len("".join(text.split())) < MIN_CHARS_PER_PAGE and page.images:
                    scanned.append(n)
                    texts.append("")
                    grids.append(n)  # placeholder: this page's OCR grids go here
                    continue
                texts.append(text)
                grids.extend(t.extract() for t in page.find_tables())
        except Exception as exc:
            raise ExtractionError(f"PDF could not be parsed: {type(exc).__name__}: {exc}") from exc
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
