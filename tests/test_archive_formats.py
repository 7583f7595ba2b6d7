"""File names from Content-Disposition and formats from the bytes (download scripts, octet-stream)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from archive.formats import (
    clean_filename,
    content_problem,
    filename_from_disposition,
    guess_format,
    settle_format,
    sniff_format,
)

FILES = Path(__file__).resolve().parent / "files" / "extract"
PDF = b"%PDF-1.4\n" + b"x" * 100 + b"\n%%EOF"
DOWNFILE = "http://www.example.gov.cn/module/download/downfile.jsp?classid=0&filename=c3c762128f0e47dd.pdf"


def latin1(text: str, encoding: str) -> str:
    """A header value as Scrapy hands it over: the raw bytes decoded as Latin-1."""
    return text.encode(encoding).decode("latin-1")


def zip_bytes(*members: str) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name in members:
            zf.writestr(name, "<x/>")
    return buf.getvalue()


@pytest.mark.parametrize(("header", "name"), [
    ("attachment; filename*=UTF-8''%E5%B9%B4%E6%8A%A5.pdf", "年报.pdf"),
    ("attachment; filename=\"fallback.pdf\"; filename*=utf-8''%E5%B9%B4%E6%8A%A5.pdf", "年报.pdf"),  # RFC 6266 4.3
    ("attachment;filename*=GBK''%C4%EA%B1%A8.doc", "年报.doc"),
    ('attachment; filename="' + latin1("2018年 年报.doc", "gbk") + '"', "2018年 年报.doc"),  # quoted GBK bytes
    ('attachment; filename="' + latin1("年报.docx", "utf-8") + '"', "年报.docx"),  # quoted UTF-8 bytes
    ("attachment; filename=" + latin1("年报.xls", "gbk"), "年报.xls"),  # bare token
    ("attachment; filename=%E5%B9%B4%E6%8A%A5.pdf", "年报.pdf"),  # percent-encoded plain filename
    ('inline; filename="..\\\\..\\\\etc/passwd"', "passwd"),  # no directory part ever survives
    ('attachment; filename="a\x01b.pdf"', "ab.pdf"),
    ("attachment", None), ("", None), (None, None), ('attachment; filename=""', None),
])
def test_filename_from_content_disposition(header: str | None, name: str | None) -> None:
    assert filename_from_disposition(header) == name


def test_long_names_are_bounded_and_keep_their_extension() -> None:
    name = clean_filename("长" * 500 + ".pdf")
    assert name is not None and len(name) == 200 and name.endswith(".pdf")


def test_sniff_by_bytes_and_members() -> None:
    assert sniff_format(PDF) == "pdf"
    assert sniff_format(b"\xef\xbb\xbf  " + PDF[:50]) == "pdf"  # junk before the header
    assert sniff_format((FILES / "report2019.doc").read_bytes()) == "doc"
    assert sniff_format((FILES / "report2021.xls").read_bytes()) == "xls"
    assert sniff_format((FILES / "report2019.docx").read_bytes()) == "docx"
    assert sniff_format(zip_bytes("[Content_Types].xml", "xl/workbook.xml")) == "xlsx"
    assert sniff_format(zip_bytes("OFD.xml", "Doc_0/Document.xml")) == "ofd"
    assert sniff_format(zip_bytes("mimetype", "content.xml")) == "odf"
    assert sniff_format(zip_bytes("a.txt")) == "zip"
    assert sniff_format(b"{\\rtf1\\ansi hello}") == "rtf"
    assert sniff_format(b"\x89PNG\r\n\x1a\n....") == "image"
    assert sniff_format("<!DOCTYPE html><html><body>年报</body></html>".encode()) == "html"
    assert sniff_format(b"plain words") is None


def test_download_script_urls_and_generic_types() -> None:
    assert guess_format(DOWNFILE) == "pdf"  # the script's filename= value
    assert guess_format("http://x.gov.cn/module/download/downfile.jsp?classid=0&id=1",
                        mime="application/octet-stream") == "other"
    docx = (FILES / "report2019.docx").read_bytes()
    # the bytes decide where nothing else says anything
    assert settle_format("other", docx, content_type="application/octet-stream") == "docx"
    assert settle_format("pdf", docx, content_type="application/octet-stream", url=DOWNFILE) == "docx"
    assert settle_format("doc", docx, content_type="application/msword", url="http://x/a.doc") == "docx"
    # an HTML error page never replaces the promised format: it must stay refusable
    html = b"<html><body>\xcf\xb5\xcd\xb3\xc3\xa6</body></html>"
    assert settle_format("pdf", html, content_type="application/octet-stream", url=DOWNFILE) == "pdf"
    assert content_problem("pdf", html, "application/octet-stream").startswith("HTML page")
    assert settle_format("wps", (FILES / "report2019.doc").read_bytes(), content_type=None) == "wps"
    assert settle_format("pdf", docx, content_type="application/pdf", url="http://x/a.pdf") == "pdf"
    assert content_problem("ofd", zip_bytes("OFD.xml"), None) is None
