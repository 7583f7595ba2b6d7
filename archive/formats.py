"""Which format a document is, what it is called, and whether the bytes served are that format.

Why: sites serve an HTML error page (200 OK) where a PDF was linked, or cut a download
short. Such answers must become failed fetches, not versions, so they are retried the
next night instead of replacing a good original. And many systems link attachments
through a script (Hanweb's ``/module/download/downfile.jsp?classid=0&filename=….pdf``,
docs: /work/shared/REAL_SITES.md, from hulelan/china-governance crawlers/jpaas.py) that
answers ``application/octet-stream`` with the human file name only in
``Content-Disposition``; then the name comes from that header and the format from the
bytes themselves (``sniff_format``).
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from email.message import Message
from email.utils import collapse_rfc2231_value
from urllib.parse import parse_qsl, unquote_to_bytes, urlsplit

EXTENSIONS = {
    "html": "html", "htm": "html", "shtml": "html", "jhtml": "html",
    "pdf": "pdf", "doc": "doc", "docx": "docx", "wps": "wps", "xls": "xls", "xlsx": "xlsx", "et": "xls",
    "rtf": "rtf", "ofd": "ofd", "odt": "odf", "ods": "odf", "zip": "zip",
    "jpg": "image", "jpeg": "image", "png": "image", "gif": "image", "bmp": "image", "tif": "image",
    "tiff": "image", "webp": "image",
}
MIMES = {
    "application/pdf": "pdf", "application/msword": "doc", "application/vnd.ms-excel": "xls",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
    "application/vnd.ms-works": "wps", "application/kswps": "wps", "application/wps-office.wps": "wps",
    "application/rtf": "rtf", "text/rtf": "rtf", "application/ofd": "ofd", "application/zip": "zip",
    "text/html": "html", "application/xhtml+xml": "html",
}
# Content types that say nothing about the format: the bytes decide.
GENERIC_MIMES = {"", "application/octet-stream", "application/x-download", "application/download",
                 "application/force-download", "binary/octet-stream", "application/unknown"}
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP = b"PK\x03\x04"
IMAGE_MAGIC = (b"\xff\xd8\xff", b"\x89PNG", b"GIF8", b"BM", b"II*\x00", b"MM\x00*", b"RIFF")
MAGIC: dict[str, tuple[bytes, ...]] = {
    "pdf": (b"%PDF-",),
    "doc": (OLE,), "xls": (OLE,), "wps": (OLE,),
    "docx": (ZIP,), "xlsx": (ZIP,), "ofd": (ZIP,), "odf": (ZIP,), "zip": (ZIP,),
    "rtf": (b"{\\rtf",),
    "image": IMAGE_MAGIC,
}
# word-processor and spreadsheet files, whose extension agencies often get wrong
OFFICE = {"doc", "docx", "wps", "xls", "xlsx", "rtf", "odf"}
# the usual extension of each format (for a download name that has none)
FORMAT_EXTENSIONS = {"html": "html", "pdf": "pdf", "doc": "doc", "docx": "docx", "wps": "wps", "xls": "xls",
                     "xlsx": "xlsx", "rtf": "rtf", "ofd": "ofd", "odf": "odt", "zip": "zip"}
MAX_NAME = 200  # characters kept of a server-given file name (hostile input: bounded)


def _ext_format(candidate: str) -> str | None:
    m = re.search(r"\.([A-Za-z0-9]{2,5})$", candidate.strip())
    return EXTENSIONS.get(m.group(1).lower()) if m else None


def guess_format(url: str, *, name: str | None = None, mime: str | None = None) -> str:
    """Format from the link's file name/URL extension (a download script's ``filename=…``
    query value included), else from the declared MIME type."""
    parts = urlsplit(url)
    candidates = [name or "", parts.path]
    candidates += [v for k, v in parse_qsl(parts.query) if k.lower() in ("filename", "file", "name", "fn")]
    for candidate in candidates:
        fmt = _ext_format(candidate)
        if fmt:
            return fmt
    base = (mime or "").split(";")[0].strip().lower()
    if base in MIMES:
        return MIMES[base]
    if base.startswith("image/"):
        return "image"
    if parts.path.endswith("/"):
        return "html"
    return "other"


def _looks_like_html(body: bytes) -> bool:
    head = body[:1024].lstrip().lower()
    return head.startswith((b"<!doctype", b"<html", b"<head", b"<body", b"<script", b"<meta", b"<?xml"))


def ole_format(body: bytes) -> str:
    """DOC or XLS by the compound file's stream names (xlrd's own OLE2 reader); WPS files of
    Kingsoft Office carry a ``WordDocument`` stream too and read as DOC."""
    from xlrd.compdoc import CompDoc, CompDocError

    try:
        names = {d.name for d in CompDoc(body, logfile=io.StringIO()).dirlist}
    except (CompDocError, Exception):  # noqa: BLE001 - a damaged container: fall back to a scan
        names = {n for n in ("WordDocument", "Workbook", "Book") if n.encode("utf-16-le") in body[:4_000_000]}
    if names & {"Workbook", "Book"}:
        return "xls"
    return "doc"


def _zip_format(body: bytes) -> str:
    """DOCX, XLSX, OFD (China's fixed-layout standard, GB/T 33190) or ODF by their members."""
    try:
        with zipfile.ZipFile(io.BytesIO(body)) as zf:
            names = zf.namelist()
    except (zipfile.BadZipFile, ValueError, OSError):
        return "zip"
    if any(n.startswith("word/") for n in names):
        return "docx"
    if any(n.startswith("xl/") for n in names):
        return "xlsx"
    if any(n.lower() == "ofd.xml" for n in names):
        return "ofd"
    if "content.xml" in names and "mimetype" in names:
        return "odf"
    return "zip"


def sniff_format(body: bytes) -> str | None:
    """The format the bytes themselves say (None when they say nothing known)."""
    head = body[:2048]
    if head.lstrip()[:5] == b"%PDF-" or b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(OLE):
        return ole_format(body)
    if head.startswith(ZIP):
        return _zip_format(body)
    if head.startswith(b"{\\rtf"):
        return "rtf"
    if head.startswith(IMAGE_MAGIC) and not (head.startswith(b"RIFF") and head[8:12] != b"WEBP"):
        return "image"
    if _looks_like_html(body) or re.search(rb"<(?:html|body|table|div|p)[\s>]", head, re.I):
        return "html"
    return None


def settle_format(guessed: str, body: bytes, *, content_type: str | None, url: str = "",
                  name: str | None = None) -> str:
    """The document's format once its bytes arrived.

    The bytes decide whenever the link or server said nothing useful (``other``, an
    ``application/octet-stream`` answer, a script URL without extension) and whenever they
    are another office format than announced (a ``.doc`` that is really DOCX). An HTML
    answer never replaces a document format that a link promised: that is an error page,
    and ``content_problem`` must be able to refuse it.
    """
    if not body:
        return guessed
    sniffed = sniff_format(body)
    if sniffed is None:
        return guessed
    ctype = (content_type or "").split(";")[0].strip().lower()
    if guessed == "other":
        return sniffed
    if sniffed == "html":
        return guessed
    if guessed == sniffed or (guessed == "wps" and sniffed == "doc"):
        return guessed
    if guessed in OFFICE and sniffed in OFFICE:  # a .doc that is DOCX, a .xls that is XLSX, a WPS…
        return sniffed
    no_extension = _ext_format(name or "") is None and _ext_format(urlsplit(url).path) is None
    if ctype in GENERIC_MIMES or no_extension:
        return sniffed
    return guessed


def _repair(text: str) -> str:
    """A header value Scrapy decoded as Latin-1: its real bytes, read as UTF-8 or GB18030."""
    if all(ord(ch) < 0x80 for ch in text):
        return text
    try:
        raw = text.encode("latin-1")
    except UnicodeEncodeError:
        return text  # already real characters
    return _decode_chinese(raw, text)


def _decode_chinese(raw: bytes, fallback: str) -> str:
    """Bytes of a header value as UTF-8, else GB18030 (a superset of GBK), else ``fallback``."""
    for enc in ("utf-8", "gb18030"):
        try:
            return raw.decode(enc)
        except UnicodeDecodeError:
            continue
    return fallback


def _unpercent(text: str) -> str:
    """``%E5%B9%B4…`` in a plain ``filename=`` (browsers accept it; servers send it)."""
    if not re.search(r"%[0-9A-Fa-f]{2}", text):
        return text
    return _decode_chinese(unquote_to_bytes(text), text)


def clean_filename(name: str | None) -> str | None:
    """A file name safe to store and to offer for download: no directory part, no control
    characters, at most MAX_NAME characters (keeping the extension)."""
    if not name:
        return None
    name = unicodedata.normalize("NFC", name).replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C").strip().strip(".").strip()
    if not name:
        return None
    if len(name) > MAX_NAME:
        stem, dot, ext = name.rpartition(".")
        name = (stem[: MAX_NAME - len(ext) - 1] + "." + ext) if dot and len(ext) <= 8 else name[:MAX_NAME]
    return name


def filename_from_disposition(value: str | bytes | None) -> str | None:
    """The file name a ``Content-Disposition`` header gives, or None.

    Parsed with the standard library's MIME parameter parser (``email.message.Message``,
    RFC 2231 = RFC 5987 for HTTP); as RFC 6266 §4.3 says, ``filename*`` wins over
    ``filename``. A quoted or bare ``filename`` in raw GBK or UTF-8 bytes (what Chinese
    servers send) and a percent-encoded one are decoded too.
    """
    if not value:
        return None
    if isinstance(value, bytes):
        value = value.decode("latin-1")
    value = value.replace("\r", " ").replace("\n", " ")[:4096]
    msg = Message()
    msg["Content-Disposition"] = value
    extended, plain = None, None
    for key, val in msg.get_params(header="content-disposition") or []:
        if key.lower().rstrip("*") != "filename":
            continue
        if isinstance(val, tuple):  # filename*=charset'lang'%XX…
            charset = (val[0] or "utf-8").lower()
            raw = val[2].encode("latin-1", "replace")
            try:
                extended = raw.decode("gb18030" if charset in ("gbk", "gb2312") else charset)
            except (LookupError, UnicodeDecodeError):
                extended = collapse_rfc2231_value(val)
        elif plain is None:
            plain = _unpercent(_repair(val.strip('"')))
    return clean_filename(extended or plain)


def content_problem(fmt: str, body: bytes, content_type: str | None) -> str | None:
    """Why these bytes are not a valid original of format ``fmt`` (None when they are)."""
    if not body:
        return "empty body"
    ctype = (content_type or "").split(";")[0].strip().lower()
    magics = MAGIC.get(fmt)
    if magics is None:
        return None
    if body.startswith(magics) or (fmt == "pdf" and b"%PDF-" in body[:1024]):
        return None
    if ctype in ("text/html", "application/xhtml+xml") or _looks_like_html(body):
        return f"HTML page served where a {fmt.upper()} was linked (Content-Type {ctype or 'none'})"
    if fmt in ("doc", "wps") and body.startswith(ZIP):
        return None  # a .doc that is really OOXML: still the original the agency published
    if fmt in ("docx", "xlsx") and body.startswith(OLE):
        return None
    return f"bytes are not a {fmt.upper()} (starts with {body[:8]!r})"
