"""Portal columns: server-rendered list pages of a site's annual-report column.

Domain: Guangdong's NFCMS/TRS-style government portals (``/{section}/{column}/index.html``).
Caveats: columns may be paginated (``index_2.html``…, a ``createPageHTML(n, …)`` script, or
NFCMS's pager ``#page_div a.next``), split into year (``2019n/``) or department (``bm/``,
``gbm/``) sub-columns; rows are ``<li><a href=…/content/post_N.html>title</a><span>date</span></li>``,
table rows, or NFCMS's ``div.list_li a`` (REAL_SITES.md "Portal pages"). Only ``<a href>`` on
hosts the site owns is followed: never ``<script src>`` (NFCMS's visit counter is a JSONP call
to statistics.gd.gov.cn). Spider arguments: ``site`` — registry key or Site.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import urljoin, urlsplit

import scrapy
from parsel import Selector
from scrapy.http import Response

from spiders import text as T
from spiders.base import SiteSpider
from spiders.page import is_document_url, page_key
from spiders.sources import REGISTRY, Source

INDEX_PAGE = re.compile(r"/index(?:_(\d+))?\.s?html?$")
ARTICLE = re.compile(r"/(?:m?post_\d+|content/|\d{6,}|t\d{8}_\d+)[^/]*\.s?html?$|/content/")
# list rows: <li>, <tr>, <dd>, NFCMS's <div class="list_li">; an article link outside them is a layout change
ROW_ANCHORS = ("//li//a[@href] | //tr//a[@href] | //dd//a[@href]"
               " | //div[contains(concat(' ', normalize-space(@class), ' '), ' list_li ')]//a[@href]")
NEXT_PAGE = "//*[@id='page_div']//a[@href]"  # NFCMS's pager: numbered pages and a.next
PAGE_SCRIPT = re.compile(r"createPageHTML\(([^)]*)\)")
MAX_SUBCOLUMN_DEPTH = 4

FAMILY = "portal"


def column_root(url: str) -> str:
    """The directory of a column entry page: everything below it belongs to the column."""
    return url.rsplit("/", 1)[0] + "/"


class PortalSpider(SiteSpider):
    """Walks each registry column (pagination and sub-columns) and reads report articles."""

    family = FAMILY
    families = (FAMILY,)

    def start_requests(self) -> Iterator[scrapy.Request]:
        for url in self.site.column_urls:
            source, new = self.add_source(Source("column", url, configured=True, found_via=REGISTRY))
            if not new:
                continue
            self._seen_pages.add(page_key(url))
            yield self.request(url, self.parse_listing, meta={"column_root": column_root(url), "subdepth": 0,
                                                              "source": source.url, "source_entry": True})

    async def start(self):  # Scrapy >= 2.13
        for request in self.start_requests():
            yield request

    def parse_listing(self, response: Response) -> Iterator[scrapy.Request]:
        """A list page: follow pagination and sub-columns, request report-like article rows."""
        root: str = response.meta["column_root"]
        depth: int = response.meta.get("subdepth", 0)
        source_url = response.meta.get("source")
        source = self.sources.get(source_url)
        if not hasattr(response, "text"):
            self.layout_error(f"column page is not HTML: {response.url}", FAMILY)
            return
        if source is not None and response.meta.get("source_entry"):
            source.ok = True
        sel = response.selector
        here_dir = column_root(response.url)
        row_nodes = sel.root.xpath(ROW_ANCHORS) if hasattr(sel.root, "xpath") else []
        in_rows = {id(a) for a in row_nodes}  # row_nodes keeps the lxml proxies (and their ids) alive
        rows = 0
        articles = 0
        subcolumns = 0
        pages_linked = False
        for node in sel.root.xpath(NEXT_PAGE) if hasattr(sel.root, "xpath") else []:
            url = urljoin(response.url, (node.get("href") or "").strip()).split("#")[0]
            if url.startswith(("http://", "https://")) and self.on_site(url) and url != response.url:
                pages_linked = True
                req = self._follow(url, root, depth, source_url)
                if req is not None:
                    yield req
        for a in sel.css("a[href]"):
            href = (a.attrib.get("href") or "").strip()
            if not href or href.startswith(("javascript:", "mailto:", "#")):
                continue
            url = urljoin(response.url, href).split("#")[0]
            if not self.on_site(url) or url == response.url:
                continue
            path = urlsplit(url).path
            in_row = id(a.root) in in_rows
            if INDEX_PAGE.search(path) or path.endswith("/"):
                req = None
                if column_root(url) == here_dir:  # another page of this list
                    req = self._follow(url, root, depth, source_url)
                    pages_linked = True
                elif url.startswith(here_dir) and depth < MAX_SUBCOLUMN_DEPTH:  # a year/department sub-column
                    req = self._follow(url, root, depth + 1, source_url)
                    subcolumns += 1
                if req is not None:
                    yield req
                continue
            title = T.clean_title(a.attrib.get("title") or "".join(a.css("::text").getall()))
            is_article = bool(ARTICLE.search(path)) or (is_document_url(url) and in_row)
            if not is_article:
                continue
            if in_row:
                rows += 1
            articles += 1
            if is_document_url(url):  # a report published as a bare file in the list
                if T.is_report_title(title, self.min_year) and T.title_year(title):
                    req = self.document_request(url, listing_url=response.url, family=FAMILY, source=source_url,
                                                hint={"title": title, "date": self._row_date(a)})
                    if req is not None:
                        yield req
                continue
            if T.maybe_report_title(title, self.min_year):
                date = self._row_date(a)
                req = self.article_request(url, listing_url=response.url, hint={"title": title, "date": date},
                                           family=FAMILY, source=source_url)
                if req is not None:
                    yield req
        for page_url in [] if pages_linked else self._script_pages(response, sel):
            req = self._follow(page_url, root, depth, source_url)
            if req is not None:
                yield req
        if not articles and not subcolumns:
            self.layout_error(f"column page has no article rows nor sub-columns: {response.url}", FAMILY)
        elif articles and not rows:
            self.layout_error(f"article links are not in list rows (ul li / table tr / div.list_li): {response.url}", FAMILY)

    # -- helpers ----------------------------------------------------------------------------------
    def _follow(self, url: str, root: str, depth: int, source: str | None = None) -> scrapy.Request | None:
        """A listing page, requested once per crawl."""
        key = page_key(url)
        if key in self._seen_pages:
            return None
        self._seen_pages.add(key)
        return self.request(url, self.parse_listing, meta={"column_root": root, "subdepth": depth, "source": source})

    @staticmethod
    def _row_date(a: Selector) -> str | None:
        row = a.xpath("ancestor::li[1]|ancestor::tr[1]|ancestor::dd[1]"
                      "|ancestor::div[contains(concat(' ', normalize-space(@class), ' '), ' list_li ')][1]")
        return T.parse_date(" ".join(row.xpath(".//text()").getall())) if row else None

    @staticmethod
    def _script_pages(response: Response, sel: Selector) -> list[str]:
        """Pages announced only by a ``createPageHTML(…)`` script (when the page has no page links).

        TRS's classic ``createPageHTML(count, current, "index", "html")`` counts from 0
        (index.html, index_1.html…); the variant with a leading element id counts from 1
        (index.html, index_2.html…).
        """
        m = PAGE_SCRIPT.search(" ".join(sel.xpath("//script/text()").getall()))
        if not m:
            return []
        args = [a.strip().strip("'\"") for a in m.group(1).split(",")]
        numbers = [int(a) for a in args if a.isdigit()]
        if not numbers:
            return []
        total = min(numbers[0], 500)
        base = column_root(response.url)
        first = 2 if not args[0].isdigit() else 1
        return [urljoin(base, f"index_{n}.html") for n in range(first, total + first - 1)]
