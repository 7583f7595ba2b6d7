"""Which format a document is, and whether the bytes served are really that format.

Why: sites serve an HTML error page (200 OK) where a PDF was linked, or cut a download
short. Such answers must become failed fetches, not versions, so they are retried the
next night instead of replacing a good original.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

EXTENSIONS = {
    "html": "html", "htm": "html", "shtml": "html", "jhtml": "html",
    "pdf": "pdf", "doc": "doc", "docx": "docx", "wps": "wps", "xls": "xls", "xlsx": "xlsx", "et": "xls",
    "jpg": "image", "jpeg": "image", "png": "image", "gif": "image", "bmp": "image", "tif": "image",
    "tiff": "image", "webp": "image",
}
MIMES = {
    "application/pdf": "pdf", "application/msword": "doc", "application/vnd.ms-excel": "xls",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
    "application/vnd.ms-works": "wps", "application/kswps": "wps", "application/wps-office.wps": "wps",
    "text/html": "html", "application/xhtml+xml": "html",
}
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
MAGIC: dict[str, tuple[bytes, ...]] = {
    "pdf": (b"%PDF-",),
    "doc": (OLE,), "xls": (OLE,), "wps": (OLE,),
    "docx": (b"PK\x03\x04",), "xlsx": (b"PK\x03\x04",),
    "image": (b"\xff\xd8\xff", b"\x89PNG", b"GIF8", b"BM", b"II*\x00", b"MM\x00*", b"RIFF"),
}


def guess_format(url: str, *, name: str | None = None, mime: str | None = None) -> str:
    """Format from the link's file name/URL extension, else from the declared MIME type."""
    for candidate in (name or "", urlsplit(url).path):
        m = re.search(r"\.([A-Za-z0-9]{2,5})$", candidate.strip())
        if m and m.group(1).lower() in EXTENSIONS:
            return EXTENSIONS[m.group(1).lower()]
    base = (mime or "").split(";")[0].strip().lower()
    if base in MIMES:
        return MIMES[base]
    if base.startswith("image/"):
        return "image"
    if urlsplit(url).path.endswith("/"):
        return "html"
    return "other"


def _looks_like_html(body: bytes) -> bool:
    head = body[:1024].lstrip().lower()
    return head.startswith((b"<!doctype", b"<html", b"<head", b"<body", b"<script", b"<meta", b"<?xml"))


def content_problem(fmt: str, body: bytes, content_type: str | None) -> str | None:
    """Why these bytes are not a valid original of format ``fmt`` (None when they are)."""
    if not body:
        return "empty body"
    ctype = (content_type or "").split(";")[0].strip().lower()
    magics = MAGIC.get(fmt)
    if magics is None:
        return None
    if body.startswith(magics):
        return None
    if ctype in ("text/html", "application/xhtml+xml") or _looks_like_html(body):
        return f"HTML page served where a {fmt.upper()} was linked (Content-Type {ctype or 'none'})"
    if fmt in ("doc", "wps") and body.startswith(b"PK\x03\x04"):
        return None  # a .doc that is really OOXML: still the original the agency published
    if fmt in ("docx", "xlsx") and body.startswith(OLE):
        return None
    return f"bytes are not a {fmt.upper()} (starts with {body[:8]!r})"
