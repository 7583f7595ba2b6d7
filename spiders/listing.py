"""Reading a listing, whatever shape it comes in: anchors, XML records in scripts, JSON answers, pagers.

Pure functions shared by every county family spider, the generic fallback and discovery.
Everything here reads hostile text, so each reader is bounded (``MAX_*``) and says what it
dropped through the returned counts rather than failing silently.

Shapes (REAL_SITES.md "Publishing systems of county governments"): Hanweb JCMS keeps its first
records as ``<record><![CDATA[<li><a …>]]></record>`` in a ``<script type="text/xml">`` and its
``dataproxy.jsp`` answers the same XML (hulelan/china-governance crawlers/jpaas.py); JPaaS answers
JSON ``{"data": {"html": "<li>…"}}`` (crawlers/hangzhou.py); Ucap answers JSON
``{"data": {"total", "results": [{"title", "url", "publishedTimeStr"}]}}`` (public clients of
``/common/search/{channel}?_isJson=true``); TRS, VSB and xxgk sub-sites are server-rendered lists
paged by ``index_N.html`` / ``cur_page=N`` / ``N.html`` / ``.aspx?page=N``.
"""

from __future__ import annotations

import html as htmllib
import json
import re
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from parsel import Selector

from spiders import text as T

MAX_LINKS = 5000  # anchors read from one listing answer
MAX_RECORDS = 5000  # XML records read from one answer
MAX_JSON_NODES = 50000  # JSON values walked in one answer
MAX_PAGES = 500  # pages of one listing
PAGE_PARAMS = ("page", "pageno", "pageindex", "cur_page", "curpage", "currentpage", "pagenum", "pagenumber", "p", "pn")
PAGER_TEXT = re.compile(r"^(?:\d{1,4}|下一?页|上一?页|尾页|末页|最后一?页|首页|第一页|next|prev|last|first|>+|<+|»|«|›|‹)$", re.I)
PAGER_CONTAINER = "ancestor::*[contains(translate(@class, 'PAGE', 'page'), 'page') or contains(translate(@id, 'PAGE', 'page'), 'page')" \
                  " or contains(@class, 'fenye') or contains(@id, 'fenye')]"
RECORD = re.compile(r"<record[^>]*>\s*(?:<!\[CDATA\[(.*?)\]\]>|(.*?))\s*</record>", re.S | re.I)
TOTAL_PAGES = re.compile(r"共\s*(\d{1,4})\s*页|totalpage\s*[=:]\s*['\"]?(\d{1,4})|pageCount\s*[=:]\s*['\"]?(\d{1,4})", re.I)
PAGE_STEM = re.compile(r"^(?:index|list|default|more)?[_-]?(\d{0,4})$", re.I)
LISTING_EXT = re.compile(r"\.(?:s?html?|jsp|aspx?|php)$", re.I)
TITLE_KEYS = ("title", "doctitle", "name", "subject", "filename", "showtitle", "maintitle", "articletitle")
URL_KEYS = ("url", "docpuburl", "puburl", "link", "href", "docurl", "path", "detailurl", "fileurl", "pageurl")
DATE_KEYS = ("publishedtimestr", "pubdate", "publishdate", "docreltime", "create_time", "createtime", "date",
             "releasedate", "publishtime", "time")


@dataclass(frozen=True)
class Link:
    """One row of a listing: the linked URL, its title and the row's date (ISO) when given."""

    url: str
    title: str
    date: str | None = None


def _usable(href: str) -> bool:
    return bool(href) and not href.lower().startswith(("javascript:", "mailto:", "#", "tel:", "data:"))


def _row_date(a: Selector) -> str | None:
    row = a.xpath("ancestor::li[1]|ancestor::tr[1]|ancestor::dd[1]")
    return T.parse_date(" ".join(row.xpath(".//text()").getall())[:400]) if row else None


def anchors(sel: Selector | str, base_url: str) -> list[Link]:
    """Every ``<a href>`` (title from ``@title`` or its text, date from its row), first ``MAX_LINKS``."""
    if isinstance(sel, str):
        sel = Selector(text=sel or "<html></html>")
    out: dict[str, Link] = {}
    for a in sel.css("a[href]")[:MAX_LINKS]:
        href = (a.attrib.get("href") or "").strip()
        if not _usable(href):
            continue
        url = urljoin(base_url, href).split("#")[0]
        if not url.startswith(("http://", "https://")):
            continue
        title = T.clean_title(a.attrib.get("title") or "".join(a.css("::text").getall()))
        old = out.get(url)
        if old is None or (not old.title and title):
            out[url] = Link(url, title[:300], _row_date(a))
    return list(out.values())


def xml_records(text: str) -> list[str]:
    """The HTML fragments of ``<record>`` elements (CDATA or escaped), first ``MAX_RECORDS``."""
    out = []
    for m in RECORD.finditer(text or ""):
        frag = m.group(1) if m.group(1) is not None else htmllib.unescape(m.group(2) or "")
        out.append(frag)
        if len(out) >= MAX_RECORDS:
            break
    return out


def record_links(text: str, base_url: str) -> list[Link]:
    """Links inside XML records (a Hanweb datastore in a script, a dataproxy.jsp answer)."""
    frags = xml_records(text)
    return anchors("<ul>" + "".join(frags) + "</ul>", base_url) if frags else []


def _lower_keys(d: dict[str, Any]) -> dict[str, Any]:
    return {str(k).lower(): v for k, v in d.items()}


def json_links(data: Any, base_url: str) -> list[Link]:
    """Report rows in any JSON answer: objects with a title and a URL, and HTML fragments in strings."""
    out: dict[str, Link] = {}
    stack = deque([data])  # breadth first: rows keep the answer's order
    walked = 0
    while stack and walked < MAX_JSON_NODES:
        node = stack.popleft()
        walked += 1
        if isinstance(node, dict):
            low = _lower_keys(node)
            title = next((low[k] for k in TITLE_KEYS if isinstance(low.get(k), str) and low[k].strip()), None)
            href = next((low[k] for k in URL_KEYS if isinstance(low.get(k), str) and low[k].strip()), None)
            if title and href and _usable(href.strip()):
                url = urljoin(base_url, href.strip()).split("#")[0]
                if url.startswith(("http://", "https://")):
                    date = next((T.parse_date(low[k]) for k in DATE_KEYS if low.get(k) not in (None, "")), None)
                    clean = T.clean_title(re.sub(r"<[^>]+>", "", htmllib.unescape(title)))[:300]
                    out.setdefault(url, Link(url, clean, date))
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
        elif isinstance(node, str) and "<a" in node and "href" in node:
            for link in anchors(node, base_url) + record_links(node, base_url):
                out.setdefault(link.url, link)
    return list(out.values())


def parse_json(text: str) -> Any:
    """JSON, or JSONP (``callback({...})``), or None."""
    text = (text or "").strip()
    if not text:
        return None
    try:
        return json.loads(text)
    except ValueError:
        m = re.match(r"^[\w.$]+\s*\((.*)\)\s*;?$", text, re.S)
        if m:
            try:
                return json.loads(m.group(1))
            except ValueError:
                return None
    return None


def links_in_answer(body: str, base_url: str, content_type: str = "") -> list[Link]:
    """Links in an answer of any kind: JSON (or JSONP), XML records, else HTML anchors."""
    ctype = content_type.lower()
    stripped = (body or "").lstrip()
    if "json" in ctype or stripped.startswith(("{", "[")) or re.match(r"^[\w.$]+\s*\(\s*[{\[]", stripped):
        data = parse_json(body)
        if data is not None:
            return json_links(data, base_url)
    found = record_links(body, base_url)
    if found:
        return found
    return anchors(body, base_url)


def page_links(sel: Selector, base_url: str) -> list[str]:
    """Links of a listing's pager: anchor text like 下一页/尾页/a number, or inside a ``*page*`` block,
    whose URL is another page of the same listing (:func:`listing_signature`)."""
    here = listing_signature(base_url)
    out: list[str] = []
    for a in sel.css("a[href]")[:MAX_LINKS]:
        href = (a.attrib.get("href") or "").strip()
        if not _usable(href):
            continue
        url = urljoin(base_url, href).split("#")[0]
        text = T.normalize("".join(a.css("::text").getall()) or a.attrib.get("title") or "")
        pagerish = bool(PAGER_TEXT.match(text)) or bool(a.xpath(PAGER_CONTAINER))
        if pagerish and url != base_url and listing_signature(url) == here and url not in out:
            out.append(url)
    return out


def _page_query(query: str) -> list[tuple[str, str]]:
    return [(k, v) for k, v in parse_qsl(query, keep_blank_values=True) if k.lower() not in PAGE_PARAMS]


def listing_signature(url: str) -> str:
    """What stays the same across the pages of one listing: the URL without its page number
    (``index_3.html``, ``list_2.shtml``, ``3.html`` → the directory; ``page=``/``cur_page=`` dropped)."""
    parts = urlsplit(url)
    path = parts.path or "/"
    directory, _, name = path.rpartition("/")
    stem = LISTING_EXT.sub("", name)
    if not name or (LISTING_EXT.search(name) and PAGE_STEM.match(stem)):
        path = directory + "/"
    query = urlencode(sorted(_page_query(parts.query)))
    return f"{parts.netloc.lower()}{path}?{query}"


def query_pairs(url: str) -> list[tuple[str, str]]:
    """The query of a URL as (name, value) pairs, blanks kept."""
    return parse_qsl(urlsplit(url).query, keep_blank_values=True)


def page_param(url: str) -> tuple[str, int] | None:
    """The page parameter of a URL (``cur_page=3`` → ("cur_page", 3)), if any."""
    for k, v in parse_qsl(urlsplit(url).query, keep_blank_values=True):
        if k.lower() in PAGE_PARAMS and v.isdigit():
            return k, int(v)
    return None


def with_param(url: str, name: str, value: int | str) -> str:
    """``url`` with query parameter ``name`` set to ``value`` (added when missing)."""
    parts = urlsplit(url)
    pairs = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != name]
    pairs.append((name, str(value)))
    return urlunsplit(parts._replace(query=urlencode(pairs)))


def total_pages(text: str) -> int | None:
    """A pager's page count ("共5页", ``totalpage=5``, ``pageCount = 5``), bounded by ``MAX_PAGES``."""
    m = TOTAL_PAGES.search(text or "")
    if not m:
        return None
    n = int(next(g for g in m.groups() if g))
    return min(n, MAX_PAGES) if n > 0 else None


def expand_param_pages(pager: Iterable[str], count: int | None) -> list[str]:
    """All pages 2..count of a listing paged by a query parameter, from one pager URL carrying it."""
    if not count:
        return []
    for url in pager:
        found = page_param(url)
        if found:
            return [with_param(url, found[0], n) for n in range(2, count + 1)]
    return []


def is_listing_url(url: str) -> bool:
    """A URL that looks like a column or list page (not an article): a directory, an
    ``index*``/``list*`` page, or a list script (``iList.jsp``, ``*.aspx`` with a page parameter)."""
    path = urlsplit(url).path
    name = path.rsplit("/", 1)[-1]
    stem = LISTING_EXT.sub("", name)
    return (not name or bool(re.match(r"^(?:index|list|default|more)(?:_\d+)?$", stem, re.I))
            or bool(re.search(r"list", stem, re.I) and LISTING_EXT.search(name)))
