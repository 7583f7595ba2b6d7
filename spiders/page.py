"""Reading government web pages: content container, labelled metadata, attachments, _CONFIG.

Pure functions over parsel Selectors and page text, shared by every family spider and
by discovery; no crawling state here. Everything here runs once per fetched page, so
each function makes one pass (one XPath evaluation, one string search) over the page,
with precompiled lxml XPaths on the Selector's root: wrapping each of thousands of text
nodes in a parsel Selector, or testing 20 labels with ``contains()`` per text node, was
most of the crawl's CPU (issue 14, point 5).
"""

from __future__ import annotations

import datetime as dt
import mimetypes
import os
import re
import unicodedata
from collections.abc import Iterator
from functools import lru_cache
from typing import Any
from urllib.parse import urljoin, urlsplit

from lxml import etree
from parsel import Selector
from scrapy.http import Response

from extract.formats.jsconfig import (  # noqa: F401 - re-exported: the spiders' page toolkit
    DEFAULT_MAX_CONFIG_BYTES,
    ConfigError,
    config_detail,
    decode_js_string,
    read_config,
)
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
# The article's content container, most specific first. NFCMS templates (REAL_SITES.md "Portal
# pages"): #zoomcon / .text_con_main (Yuexiu education bureau), #zoom (fgw.gz.gov.cn),
# .news_cont_d_wrap; gkmlpt: .article-content (often empty: the body is in _CONFIG.DETAIL).
BODY_SELECTORS = ("#zoomcon", ".text_con_main", ".article-content", "#zoom", ".TRS_Editor", ".TRS_UEDITOR",
                  "#UCAP-CONTENT", ".news_cont_d_wrap", ".zoom", "#content", ".content", ".article", ".detail",
                  ".info-cont", "article", "main")
TITLE_SELECTORS = ("h1.title", "h1.content-title", "#zoomtitl", ".text_con_tit h1", ".text_con_tit h2", ".text_con_tit h3",
                   ".news_cont_d_wrap h1", ".news_cont_d_wrap h2")
AGENCY_LABELS = ("发布机构", "发布机关", "发文机关", "发文机构", "来源", "信息来源", "文章来源")
# 发布日期 only: 成文日期 is the date a document was written, never its publish date.
DATE_LABELS = ("发布日期", "发布时间", "公开日期")
ALL_LABELS = AGENCY_LABELS + DATE_LABELS + ("成文日期", "索引号", "文号", "主题词", "分类", "浏览次数", "字号")

# Site chrome: header/footer/navigation/logo/badge areas hold images that are not attachments.
_CHROME_IDS = ("header", "footer", "nav", "logo", "top", "bottom", "head", "foot", "menu")
_CHROME_CLASSES = ("header", "footer", "nav", "logo", "top", "bottom", "head", "foot", "menu", "badge", "jiucuo",
                   "share", "crumb", "breadcrumb", "position", "location")
_NOT_CHROME = "not(ancestor-or-self::*[self::header or self::footer or self::nav or {}])".format(" or ".join(
    [f"@id='{i}'" for i in _CHROME_IDS]
    + [f"contains(concat(' ', normalize-space(@class), ' '), ' {c} ')" for c in _CHROME_CLASSES]))
_CHROME_TAGS = frozenset({"header", "footer", "nav"})
_CHROME_ID_SET = frozenset(_CHROME_IDS)
_CHROME_CLASS_SET = frozenset(_CHROME_CLASSES)
_XML_SPACE = re.compile(r"[ \t\r\n]+")  # what XPath's normalize-space() splits on
_TEXT_NODES = etree.XPath(".//text()[not(ancestor::script) and not(ancestor::style)]", smart_strings=False)
_STRING = etree.XPath("string()")
_HAS_MEDIA = etree.XPath("boolean(descendant-or-self::a or descendant-or-self::img or descendant-or-self::table)")
_LINKS = etree.XPath(".//a[@href]")
_IMAGES = etree.XPath(".//img[@src]")
# Site-global image paths (/global/slhwzafw.jpg, /jyjglobal/jj.jpg, /images/logo.png …).
_CHROME_IMAGE = re.compile(r"/(?:\w*global|images|img/common|common/images|skin|static|theme)/|logo|icon|banner|badge"
                           r"|jiucuo|dzjg", re.I)



def extension(url: str) -> str:
    path = urlsplit(url).path.lower()
    return path.rsplit(".", 1)[-1] if "." in path.rsplit("/", 1)[-1] else ""


def guess_mime(url: str, declared: str | None = None) -> str:
    """MIME type from the URL's extension, else the site's declaration.

    The extension wins when the two disagree: gkmlpt declares ``application/msword`` for a
    .docx (REAL_SITES.md); the archive sniffs the bytes later anyway.
    """
    ext = extension(url)
    by_ext = EXTRA_MIME.get(ext) or (mimetypes.guess_type(f"x.{ext}")[0] if ext else None)
    if by_ext and ext in DOC_EXTENSIONS | IMAGE_EXTENSIONS:
        return by_ext
    if declared and "/" in declared:
        return declared.strip()
    return by_ext or "application/octet-stream"


def is_document_url(url: str) -> bool:
    ext = extension(url)
    return ext in DOC_EXTENSIONS or ("/attachment/" in urlsplit(url).path and ext not in {"html", "htm", "shtml"})


def host_of(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


def page_key(url: str) -> str:
    """A page's identity for deduplication: scheme and fragment do not make another page."""
    parts = urlsplit(url)
    return f"{parts.netloc.lower()}{parts.path}" + (f"?{parts.query}" if parts.query else "")


# -- content ------------------------------------------------------------------------------------
def content_container(sel: Selector) -> Selector | None:
    """The article's content container (first known one that holds text or a table/image/link)."""
    for css in BODY_SELECTORS:
        for node in sel.css(css):
            if _has_content(node):
                return node
    return None


def body_selector(sel: Selector) -> Selector:
    """The content container, else <body> (kept for callers that only want text)."""
    node = content_container(sel)
    if node is not None:
        return node
    return sel.css("body")[0] if sel.css("body") else sel


def _lxml(node: Selector) -> Any | None:
    """The lxml element under a Selector (None for a text or attribute result)."""
    root = node.root
    return root if hasattr(root, "xpath") else None


def _has_content(node: Selector) -> bool:
    """More than 20 characters of text, or a link, image or table (descendant-or-self)."""
    root = _lxml(node)
    if root is None:
        return len("".join(node.css("::text").getall()).strip()) > 20 or bool(node.css("a, img, table"))
    return len(str(_STRING(root)).strip()) > 20 or bool(_HAS_MEDIA(root))


def page_text(node: Selector) -> str:
    root = _lxml(node)
    texts = _TEXT_NODES(root) if root is not None else \
        node.xpath(".//text()[not(ancestor::script) and not(ancestor::style)]").getall()
    return re.sub(r"[ \t\u3000\xa0]+", " ", "\n".join(t.strip() for t in texts if t.strip()))


def page_title(sel: Selector) -> str:
    """The article title printed on the page (title blocks of gkmlpt and NFCMS, else the first h1)."""
    for css in TITLE_SELECTORS:
        text = T.clean_title(" ".join(sel.css(f"{css} ::text").getall()))
        if text:
            return text
    return T.clean_title(" ".join(sel.css("h1 ::text").getall()))


# -- labelled metadata ("发布机构：X", <th>发布日期</th><td>X</td>, label + span) --------------------
@lru_cache(maxsize=32)
def _label_anywhere(labels: tuple[str, ...]) -> re.Pattern[str]:
    """Any of the labels anywhere in a text (the cheap filter before the exact label rule)."""
    return re.compile("|".join(map(re.escape, labels)))


@lru_cache(maxsize=32)
def _label_regex(labels: tuple[str, ...]) -> re.Pattern[str]:
    alts = "|".join(sorted(map(re.escape, labels), key=len, reverse=True))
    return re.compile(rf"(?:^|(?<=[\s|｜】\]]))({alts})\s*(?:[:：]|$)")


_VALUE_END = re.compile(r"\s{2,}|\s+\S{1,8}[:：]|[|｜]")


def _cut(value: str, labels: tuple[str, ...]) -> str | None:
    value = unicodedata.normalize("NFKC", value).strip().lstrip(":：").strip()
    m = _VALUE_END.search(value)
    if m:
        value = value[: m.start()]
    for label in labels:
        pos = value.find(label)
        if pos > 0:
            value = value[:pos]
    value = value.strip()
    return value if value and len(value) < 60 else None


def _element_text(el: Any) -> str:
    return "".join(el.itertext()) if el is not None and isinstance(el.tag, str) else ""


def _next_value(el: Any) -> str:
    """Text of the element after a label element (th → td, label → span), two levels up at most."""
    for _ in range(3):
        if el is None:
            return ""
        nxt = el.getnext()
        while nxt is not None and not isinstance(nxt.tag, str):
            nxt = nxt.getnext()
        if nxt is not None:
            return _element_text(nxt)
        el = el.getparent()
    return ""


def _labelled_texts(root: Any, anywhere: re.Pattern[str]) -> Iterator[tuple[str, Any, bool]]:
    """The document's text nodes outside script/style that ``anywhere`` finds, in document order,
    as (text, owner element, is_tail) — what ``//text()[…]`` gives as lxml smart strings, without
    building one for each of the page's hundreds of text nodes."""
    for event, el in etree.iterwalk(root.getroottree(), events=("start", "end")):
        if not isinstance(el.tag, str):  # a comment or processing instruction: only its tail is text
            if event == "start" and el.tail and anywhere.search(el.tail):
                yield el.tail, el, True
            continue
        if event == "start":
            if el.tag in ("script", "style"):
                continue  # its own text is code; its tail (after "end") is page text
            if el.text and anywhere.search(el.text) and not _in_script(el):
                yield el.text, el, False
        elif el.tail and anywhere.search(el.tail) and not _in_script(el.getparent()):
            yield el.tail, el, True


def _in_script(el: Any) -> bool:
    """``el`` is, or is inside, a script or style element."""
    while el is not None:
        if el.tag in ("script", "style"):
            return True
        el = el.getparent()
    return False


def labelled_values(sel: Selector, labels: tuple[str, ...] = ALL_LABELS) -> dict[str, str]:
    """Every labelled value of the page, first occurrence per label, in one walk over the tree.

    A label counts only as a label: at the start of a text (or after a separator) and
    followed by a colon or the end of its text; prose that merely mentions 发布日期 does not.
    """
    out: dict[str, str] = {}
    root = sel.root
    if not hasattr(root, "xpath"):
        return out
    rx, anywhere = _label_regex(labels), _label_anywhere(labels)
    for text, owner, is_tail in _labelled_texts(root, anywhere):
        for m in rx.finditer(text):
            label = m.group(1)
            if label in out:
                continue
            rest = text[m.end():]
            if rest.strip():
                value = _cut(rest, ALL_LABELS)
            elif is_tail:
                value = _cut(_element_text(owner.getnext()) if owner is not None else "", ALL_LABELS)
            else:
                inner = _element_text(owner)
                after = inner[inner.find(label) + len(label):] if label in inner else ""
                value = _cut(after, ALL_LABELS) or _cut(_next_value(owner), ALL_LABELS)
            if value:
                out[label] = value
    return out


def labelled_value(sel: Selector, labels: tuple[str, ...]) -> str | None:
    """The value printed next to the first of ``labels`` found on the page."""
    found = labelled_values(sel, tuple(dict.fromkeys(labels + ALL_LABELS)))
    return next((found[label] for label in labels if label in found), None)


# -- window._CONFIG ---------------------------------------------------------------------------------
def max_config_bytes(settings: Any = None) -> int:
    """``NIANBAO_MAX_CONFIG_BYTES`` from the crawl's settings, else the environment, else 16 MB."""
    if settings is not None:
        return settings.getint("NIANBAO_MAX_CONFIG_BYTES", DEFAULT_MAX_CONFIG_BYTES)
    return int(os.getenv("NIANBAO_MAX_CONFIG_BYTES", DEFAULT_MAX_CONFIG_BYTES))


def js_config(html: str) -> dict[str, Any] | None:
    """``window._CONFIG`` of a page, or None when it has none or it cannot be read."""
    try:
        return read_config(html, max_config_bytes())
    except (ConfigError, RecursionError, ValueError):  # a nested-array bomb raises RecursionError
        return None


# -- attachments ------------------------------------------------------------------------------------
def attachment(url: str, name: str | None, declared_mime: str | None = None) -> dict[str, str]:
    return {"url": url, "name": T.clean_title(name) or url.rsplit("/", 1)[-1], "mime": guess_mime(url, declared_mime)}


def _is_chrome(el: Any) -> bool:
    """``el`` is a header/footer/nav element or carries a chrome id or class (see ``_NOT_CHROME``)."""
    if el.tag in _CHROME_TAGS or el.get("id") in _CHROME_ID_SET:
        return True
    cls = el.get("class")
    return bool(cls) and not _CHROME_CLASS_SET.isdisjoint(_XML_SPACE.split(cls.strip(" \t\r\n")))


def _outside_chrome(el: Any, memo: dict[Any, bool]) -> bool:
    """``_NOT_CHROME`` for one element, walking its ancestors once per area (``memo``)."""
    path, verdict, cur = [], True, el
    while cur is not None:
        if cur in memo:
            verdict = memo[cur]
            break
        path.append(cur)
        if isinstance(cur.tag, str) and _is_chrome(cur):
            verdict = False
            break
        cur = cur.getparent()
    for seen in path:
        memo[seen] = verdict
    return verdict


def _elements_outside_chrome(area: Selector, finder: Any, xpath: str) -> list[Any]:
    """lxml elements ``finder`` finds under ``area`` outside site chrome."""
    root = _lxml(area)
    if root is None:
        return [s.root for s in area.xpath(f"{xpath}[{_NOT_CHROME}]")]
    memo: dict[Any, bool] = {}
    return [el for el in finder(root) if _outside_chrome(el, memo)]


def document_links(area: Selector, base_url: str) -> list[dict[str, str]]:
    """Document links (pdf, doc(x), xls(x), /attachment/…) anywhere in ``area`` outside site chrome."""
    out: dict[str, dict[str, str]] = {}
    for a in _elements_outside_chrome(area, _LINKS, ".//a[@href]"):
        href = (a.get("href") or "").strip()
        if not href or href.startswith(("javascript:", "mailto:", "#")):
            continue
        url = urljoin(base_url, href).split("#")[0]
        if url in out or not is_document_url(url):
            continue
        out[url] = attachment(url, str(_STRING(a)) or a.get("title"))
    return list(out.values())


def content_images(container: Selector, base_url: str) -> list[dict[str, str]]:
    """Images of the article's own content (a report's tables as pictures), never site chrome."""
    out: dict[str, dict[str, str]] = {}
    for img in _elements_outside_chrome(container, _IMAGES, ".//img[@src]"):
        src = (img.get("src") or "").strip()
        if not src or src.startswith("data:"):
            continue
        url = urljoin(base_url, src).split("#")[0]
        if url in out or extension(url) not in IMAGE_EXTENSIONS or _CHROME_IMAGE.search(urlsplit(url).path):
            continue
        out[url] = attachment(url, img.get("alt") or img.get("title"))
    return list(out.values())


def merge_attachments(*groups: list[dict[str, str]]) -> list[dict[str, str]]:
    """One list, first occurrence of each URL kept."""
    out: dict[str, dict[str, str]] = {}
    for group in groups:
        for att in group:
            out.setdefault(att["url"], att)
    return list(out.values())


def extract_attachments(sel: Selector, base_url: str, body: Selector | None = None) -> list[dict[str, str]]:
    """Document links on the page outside chrome, plus images inside ``body`` (the content container)."""
    return merge_attachments(document_links(sel, base_url), content_images(body, base_url) if body is not None else [])


# -- the page record ----------------------------------------------------------------------------------
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
