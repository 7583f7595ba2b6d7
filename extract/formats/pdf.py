"""PDF: the text layer and pdfplumber's ruled tables; a PDF without text is OCR'd."""

from __future__ import annotations

import logging
from pathlib import Path

from extract.document import Document
from extract.errors import ExtractionError

log = logging.getLogger(__name__)
MIN_CHARS_PER_PAGE = 40
MAX_PAGES = 80


def read_pdf(path: Path) -> Document:
    import pdfplumber
    from pdfminer.pdfparser import PDFSyntaxError

    try:
        pdf = pdfplumber.open(str(path))
    except (PDFSyntaxError, ValueError, KeyError, TypeError) as exc:
        raise ExtractionError(f"unreadable PDF: {exc}") from exc
    except Exception as exc:  # pdfminer raises many private exception types
        raise ExtractionError(f"unreadable PDF: {type(exc).__name__}: {exc}") from exc
    with pdf:
        pages = pdf.pages[:MAX_PAGES]
        texts, grids = [], []
        try:
            for page in pages:
                texts.append(page.extract_text() or "")
            chars = sum(len("".join(t.split())) for t in texts)
            if chars < MIN_CHARS_PER_PAGE * max(1, len(pages)) / 4:
                return _ocr_pdf(path, len(pages))
            for page in pages:
                for table in page.find_tables():
                    grids.append(table.extract())
        except ExtractionError:
            raise
        except Exception as exc:
            raise ExtractionError(f"PDF could not be parsed: {type(exc).__name__}: {exc}") from exc
    title = None
    return Document("pdf", "\n".join(texts), grids, title=title)


def _ocr_pdf(path: Path, n_pages: int) -> Document:
    """A scan: render each page with poppler and OCR it."""
    from extract.ocr import ocr_pdf_pages

    text, grids = ocr_pdf_pages(path, n_pages)
    return Document("pdf", text, grids, ocr=True)
