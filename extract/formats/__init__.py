"""One reader per input kind; `read_document` sniffs the bytes and dispatches.

The bytes decide the format (a .doc that is really HTML is read as HTML); the name and
MIME type only break ties between formats that share a container (OLE: DOC, WPS, XLS).
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from extract.document import Document
from extract.errors import ExtractionError

IMAGE_MAGIC = (b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"BM", b"II*\x00", b"MM\x00*")
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def sniff(path: Path, name: str | None = None, mime: str | None = None) -> str:
    """The format of a file: pdf, docx, xlsx, ofd, odf, doc, wps, xls, rtf, html, text or image."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(4096)
    except OSError as exc:
        raise ExtractionError(f"cannot read {path}: {exc}") from exc
    if not head:
        raise ExtractionError("empty file")
    hint = (name or path.name).lower().rsplit(".", 1)[-1] if "." in (name or path.name) else ""
    mime = (mime or "").lower()
    if head.lstrip().startswith(b"%PDF") or b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(IMAGE_MAGIC):
        return "image"
    if head.startswith(b"PK"):
        try:
            with zipfile.ZipFile(path) as zf:
                names = zf.namelist()
        except zipfile.BadZipFile as exc:
            raise ExtractionError(f"broken zip container: {exc}") from exc
        if any(n.startswith("word/") for n in names):
            return "docx"
        if any(n.startswith("xl/") for n in names):
            return "xlsx"
        if any(n == "content.xml" for n in names):
            return "odf"
        if any(n.lower() == "ofd.xml" for n in names):
            return "ofd"
        raise ExtractionError("zip archive without a document inside (not DOCX/XLSX)")
    if head.startswith(OLE_MAGIC):
        if hint in ("xls", "et") or "excel" in mime:
            return "xls"
        if hint == "wps" or "wps" in mime:
            return "wps"
        from archive.formats import ole_format

        with open(path, "rb") as fh:
            blob = fh.read(64_000_000)
        return ole_format(blob)  # by the compound file's stream names (WordDocument / Workbook)
    if head.startswith(b"{\\rtf"):
        return "rtf"
    low = head.lower()
    if b"<html" in low or b"<table" in low or b"<body" in low or b"<!doctype html" in low or b"<div" in low:
        return "html"
    return "text"


def read_document(path: Path, fmt: str, resolve=None) -> Document:
    """Read a file of a sniffed format into text and grids."""
    if fmt == "pdf":
        from extract.formats.pdf import read_pdf
        return read_pdf(path)
    if fmt == "docx":
        from extract.formats.docx import read_docx
        return read_docx(path)
    if fmt in ("doc", "wps", "rtf", "odf"):
        from extract.formats.office import read_via_libreoffice
        return read_via_libreoffice(path, fmt)
    if fmt in ("xlsx", "xls"):
        from extract.formats.sheet import read_sheet
        return read_sheet(path, fmt)
    if fmt == "html":
        from extract.formats.html import read_html
        return read_html(path, resolve)
    if fmt == "image":
        from extract.formats.image import read_image
        return read_image(path)
    if fmt == "text":
        from extract.formats.text import read_text
        return read_text(path)
    if fmt == "ofd":
        from extract.formats.ofd import read_ofd
        return read_ofd(path)
    raise ExtractionError(f"unsupported format: {fmt}")
