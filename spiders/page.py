"""Reading government web pages: content container, labelled metadata, attachments, _CONFIG.

Pure functions over parsel Selectors and Scrapy responses, shared by every family
spider and by discovery; no crawling state here.
"""

from __future__ import annotations

import datetime as dt
import json
import mimetypes
import re
from typing import Any
from urllib.parse import urljoin, urlsplit

from parsel import Selector
from scrapy.http import Response

from spiders import text as T

DOC_EXTENSIONS = {"pdf", "doc", "docx", "wps", "xls", "xlsx", "et", "ofd", "zip", "rar", "7z", "ppt", "pptx", "txt"}
IMAGE_EXTENSIONS = {"png", "jpg", "jpeg", "gif", "bmp", "webp", "tif", "tiff"}
EXTRA_MIME = {
    "wps": "application/vnd.ms-works", "et": "application/vnd.ms-excel", "ofd": "application/ofd",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "doc": "application/msword", "xls": "application/vnd.ms-excel", "rar": "application/vnd.rar",
    "7z": "application/x-7z-compressed",
}
BODY_SELECTORS = (".article-content", "#zoom", ".zoom", ".TRS_Editor", ".TRS_UEDITOR", "#content",
                  ".content", ".article", ".detail", ".info-cont", "article", "main")
AGENCY_LABELS = ("发布机构", "发布机关", "发文机关", "发文机构", "来源", "信息来源", "文章来源")
DATE_LABELS = ("发布日期", "发布时间", "公开日期", "成文日期")


def extension(url: str) -> str:
    path = urlsplit(url).path.lower()
    return path.rsplit(".", 1)[-1] if "." in path.rsplit("/", 1)[-1] else ""


def guess_mime(url: str, declared: str | None = None) -> str:
    """MIME type from the site's declaration, else from the file extension."""
    if declared and "/" in declared:
        return declared
    ext = extension(url)
    return EXTRA_MIME.get(ext) or mimetypes.guess_type(f"x.{ext}")[0] or "application/octet-stream"


def is_document_url(url: str) -> bool:
    ext = extension(url)
    return ext in DOC_EXTENSIONS or ("/attachment/" in urlsplit(url).path and ext not in {"html", "htm", "shtml"})


def host_of(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


def body_selector(sel: Selector) -> Selector:
    """The article's content container (first known class that holds text), else <body>."""
    for css in BODY_SELECTORS:
        for node in sel.css(css):
            if len("".join(node.css("::text").getall()).strip()) > 20 or node.css("a, img, table"):
                return node
    return sel.css("body")[0] if sel.css("body") else sel


def page_text(node: Selector) -> str:
    return re.sub(r"[ \t\u3000\xa0]+", " ", "\n".join(t.strip() for t in node.xpath(".//text()[not(ancestor::script) and not(ancestor::style)]").getall() if t.strip()))


def labelled_value(sel: Selector, labels: tuple[str, ...]) -> str | None:
    """A value printed next to a label ("发布机构：X" or <td>发布机构</td><td>X</td>)."""
    for node in sel.xpath("//td|//th|//dt|//span|//label|//li|//p|//div[not(div)]|//b|//strong"):
        txt = T.normalize("".join(node.xpath(".//text()").getall()))
        for label in labels:
            if not txt.startswith(label):
                continue
            rest = txt[len(label):].lstrip(":：")
            if rest and len(rest) < 60:
                return rest
            if not rest:
                nxt = node.xpath("following-sibling::*[1]")
                value = T.normalize("".join(nxt.xpath(".//text()").getall())) if nxt else ""
                if value and len(value) < 60:
                    return value
    return None


def js_config(html: str) -> dict[str, Any] | None:
    """``window._CONFIG`` of a gkmlpt page.

    Read as JSON when it is JSON; otherwise (a JavaScript literal: unquoted keys, single
    quotes, ``JSON.parse(...)``) only the assignment script is evaluated in a sandboxed
    JavaScript engine without DOM or network.
    """
    sel = Selector(text=html)
    for script in sel.xpath("//script[contains(., '_CONFIG')]/text()").getall():
        m = _CONFIG_ASSIGN.search(script)
        if not m:
            continue
        try:
            value, _ = json.JSONDecoder().raw_decode(script, m.end())
            if isinstance(value, dict):
                return value
        except ValueError:
            pass
        try:
            import dukpy

            code = "var window = {}; var document = {}; var location = {href: '', hash: ''};\n" + script
            out = dukpy.evaljs([code, "JSON.stringify(window._CONFIG || null)"])
        except Exception:  # noqa: BLE001 - a script we cannot run: try the next one
            continue
        if out and out != "null":
            return json.loads(out)
    return None


_CONFIG_ASSIGN = re.compile(r"window\._CONFIG\s*=\s*")


def extract_attachments(sel: Selector, base_url: str, body: Selector | None = None) -> list[dict[str, str]]:
    """Attachment links anywhere on the page plus images inside the content, as {url, name, mime}."""
    out: dict[str, dict[str, str]] = {}
    for a in sel.css("a[href]"):
        href = (a.attrib.get("href") or "").strip()
        if not href or href.startswith(("javascript:", "mailto:", "#")):
            continue
        url = urljoin(base_url, href).split("#")[0]
        if not is_document_url(url) or url in out:
            continue
        name = T.clean_title("".join(a.css("::text").getall())) or a.attrib.get("title") or url.rsplit("/", 1)[-1]
        out[url] = {"url": url, "name": name, "mime": guess_mime(url)}
    for img in (body or sel).css("img[src]"):
        src = (img.attrib.get("src") or "").strip()
        if not src or src.startswith("data:"):
            continue
        url = urljoin(base_url, src).split("#")[0]
        low = url.lower()
        if url in out or extension(url) not in IMAGE_EXTENSIONS or any(k in low for k in ("logo", "icon", "banner", "/images/")):
            continue
        name = img.attrib.get("alt") or img.attrib.get("title") or url.rsplit("/", 1)[-1]
        out[url] = {"url": url, "name": T.clean_title(name), "mime": guess_mime(url)}
    return list(out.values())


def response_headers(response: Response) -> dict[str, str]:
    return {k.decode("latin-1"): b", ".join(v).decode("latin-1") for k, v in response.headers.items()}


def page_record(response: Response) -> dict[str, Any]:
    """The fetched article page as the archive records it (provenance + bytes)."""
    redirects = list(response.meta.get("redirect_urls") or [])
    return {
        "url": redirects[0] if redirects else response.url,
        "final_url": response.url,
        "redirects": redirects,
        "status": response.status,
        "headers": response_headers(response),
        "body": response.body,
        "fetched_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds").replace("+00:00", "Z"),
    }
