"""One article page read into the fields of a report: title, body, agency, publish date, attachments.

Every family reaches report pages its own way but reads them the same way, here, so the
same report reached through a portal column and a gkmlpt catalogue gets the same agency
and dates. The page is parsed once (one Selector, one ``_CONFIG`` read); the listing's
hint (API row or list row) fills what the page does not say.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, urljoin, urlsplit

from lxml import etree
from parsel import Selector

from spiders import text as T
from spiders.page import (
    AGENCY_LABELS,
    DATE_LABELS,
    ConfigError,
    attachment,
    config_detail,
    content_container,
    content_images,
    document_links,
    guess_mime,
    labelled_values,
    merge_attachments,
    page_text,
    page_title,
    read_config,
)

# Download scripts that serve a file under a query name (Hanweb's
# ``/module/download/downfile.jsp?classid=0&filename=…pdf``, REAL_SITES.md "Publishing systems"): the
# path ends in .jsp, so the extension check of ``document_links`` does not see them.
_ALL_LINKS = etree.XPath("//a[@href]")
_STRING = etree.XPath("string()")
DOWNLOAD_SCRIPT = re.compile(r"/(?:module/download/)?down(?:load)?(?:file)?\.(?:jsp|aspx?|php|do)\?", re.I)


def download_script_links(sel: Selector, base_url: str) -> list[dict[str, str]]:
    """Attachments served by a download script; the file's name comes from ``filename=`` (the
    archive names it from ``Content-Disposition`` when it is fetched)."""
    out: dict[str, dict[str, str]] = {}
    root = sel.root
    links = _ALL_LINKS(root)[:2000] if hasattr(root, "xpath") else [a.root for a in sel.xpath("//a[@href]")[:2000]]
    for a in links:  # lxml elements: a parsel Selector per link cost more than the rest of the page
        href = (a.get("href") or "").strip()
        if "?" not in href:
            continue
        url = urljoin(base_url, href).split("#")[0]
        if url in out or not DOWNLOAD_SCRIPT.search(url):
            continue
        query = dict(parse_qsl(urlsplit(url).query))
        name = query.get("filename") or query.get("fileName") or query.get("file") or ""
        label = str(_STRING(a)) or a.get("title") or name
        att = attachment(url, label)
        if "." in name:
            att["mime"] = guess_mime("x." + name.rsplit(".", 1)[-1])
        out[url] = att
    return list(out.values())


# Publish-date fields of a gkmlpt API row / _CONFIG.DETAIL, best first. ``date`` is 成文日期 (the
# date written) and never the publish date (REAL_SITES.md "gkmlpt").
PUBLISH_DATE_FIELDS = ("create_time", "display_publish_time", "created_at")


@dataclass
class Article:
    """What one article page says about itself."""

    title: str = ""
    body_text: str = ""
    agency_candidates: list[str | None] = field(default_factory=list)
    publish_date: str | None = None
    attachments: list[dict[str, str]] = field(default_factory=list)
    config_error: str | None = None  # the page has a window._CONFIG that could not be read


def publish_date_of(*records: dict[str, Any]) -> str | None:
    """The first publish date among API/DETAIL records (create_time, display_publish_time, created_at)."""
    for name in PUBLISH_DATE_FIELDS:
        for record in records:
            date = T.parse_date(record.get(name))
            if date:
                return date
    return None


def api_attachments(rows: Any, base_url: str) -> list[dict[str, str]]:
    """``attachment[]`` of a gkmlpt row or DETAIL: ``{name, type, mime, size, url}``, mime corrected by extension."""
    from urllib.parse import urljoin

    out = []
    for att in rows or []:
        if isinstance(att, dict) and att.get("url"):
            out.append(attachment(urljoin(base_url, str(att["url"])), att.get("name"), att.get("mime")))
    return out


def read_article(sel: Selector, html: str, url: str, hint: dict[str, Any], max_config_bytes: int) -> Article:
    """Read an article page. ``hint`` is the listing's row (title, publisher, dates, attachments)."""
    art = Article()
    detail: dict[str, Any] = {}
    try:
        detail = config_detail(read_config(html, max_config_bytes))
    except ConfigError as exc:
        art.config_error = str(exc)
    art.title = T.clean_title(
        sel.xpath("//meta[@name='ArticleTitle']/@content").get()
        or detail.get("title")
        or page_title(sel)
        or hint.get("title")
        or sel.xpath("//title/text()").get()
    )
    container = content_container(sel)
    detail_body = Selector(text=detail["content"]) if isinstance(detail.get("content"), str) and detail["content"].strip() else None
    # gkmlpt's .article-content is empty on the real page; the body is DETAIL.content (read it first)
    body = detail_body if detail_body is not None else container
    art.body_text = page_text(body if body is not None else sel)
    labels = labelled_values(sel)
    content_source = sel.xpath("//meta[@name='ContentSource']/@content").get()
    art.agency_candidates = [labels.get("发布机构"), labels.get("发布机关"), hint.get("publisher"),
                             detail.get("publisher"), *(labels.get(label) for label in AGENCY_LABELS[2:]),
                             content_source]
    label_date = next((labels[label] for label in DATE_LABELS if label in labels), None)
    art.publish_date = (
        publish_date_of(hint, detail)
        or T.parse_date(label_date)
        or T.parse_date(sel.xpath("//meta[@name='PubDate']/@content").get())
        or T.parse_date(hint.get("date"))
    )
    art.attachments = merge_attachments(
        document_links(sel, url),
        download_script_links(sel, url),
        content_images(container, url) if container is not None else [],
        document_links(detail_body, url) if detail_body is not None else [],
        content_images(detail_body, url) if detail_body is not None else [],
        api_attachments(detail.get("attachment") or detail.get("attachments"), url),
        list(hint.get("attachments") or []),
    )
    return art
