"""The shared walk of one report column on a county publishing system.

A family (TRS, Hanweb, JPaaS, Ucap, VSB, xxgk, generic) only says how to *list and page* its
column: :meth:`ColumnSpider.listing_links` (the rows of a page), :meth:`ColumnSpider.more_requests`
(the system's own way to the other pages: a POST to dataproxy.jsp, a JSON API …). Everything
else is here: the registry's ``columns`` as entry points, pager links (下一页/尾页, numbers),
year/department sub-columns below the entry, report rows handed to ``SiteSpider``'s shared
article reading (attachments, politeness and the archive pipeline come with it), and an
honest layout error when a column page lists nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import scrapy
from scrapy.http import Response

from spiders import listing as L
from spiders import text as T
from spiders.base import SiteSpider
from spiders.page import is_document_url, page_key
from spiders.sources import REGISTRY, Source

MAX_SUBCOLUMN_DEPTH = 3
TOTAL = re.compile(r"(?:totalRecord|totalrecord|totalCount|total|count|recordCount)[\"']?\s*[:=>]\s*[\"']?(\d{1,7})")


def column_root(url: str) -> str:
    """The directory of a column's entry page: listings below it belong to the column."""
    path = urlsplit(url).path
    return url.split("?")[0].rsplit("/", 1)[0] + "/" if not path.endswith("/") else url.split("?")[0]


class ColumnSpider(SiteSpider):
    """Walks the registry entry's ``columns`` with a family's listing reader."""

    family = "column"
    families: tuple[str, ...] = ()

    def start_requests(self) -> Iterator[scrapy.Request]:
        for url in self.site.system_column_urls:
            source, new = self.add_source(Source("column", url, configured=True, found_via=REGISTRY))
            if not new:
                continue
            self._seen_pages.add(page_key(url))
            yield self.request(url, self.parse_column, meta={"column_root": column_root(url), "subdepth": 0,
                                                             "source": source.url, "source_entry": True})

    async def start(self):  # Scrapy >= 2.13
        for request in self.start_requests():
            yield request

    # -- family hooks ------------------------------------------------------------------------------
    def listing_links(self, response: Response) -> list[L.Link]:
        """The rows of one listing answer (default: anchors and XML records in scripts)."""
        text = response.text
        return L.anchors(response.selector, response.url) + L.record_links(text, response.url)

    def api_first_page(self, response: Response) -> tuple[str, dict[str, Any]] | None:
        """The system's list API for this column page and its pager (JPaaS, Ucap); default: none."""
        return None

    def more_requests(self, response: Response, links: list[L.Link]) -> Iterator[scrapy.Request]:
        """The system's own requests for further pages of a column entry page: its list API's
        first page (then paged by :meth:`parse_answer`), if it has one."""
        first = self.api_first_page(response)
        if first is not None:
            req = self.paged_request(first[0], response, first[1])
            if req is not None:
                yield req

    # -- the walk ----------------------------------------------------------------------------------
    def parse_column(self, response: Response) -> Iterator[scrapy.Request]:
        """A column page: report rows, pager links, sub-columns, and the family's further pages."""
        source = self.sources.get(response.meta.get("source"))
        if not hasattr(response, "text"):
            self.layout_error(f"column page is not HTML: {response.url}")
            return
        if source is not None and response.meta.get("source_entry"):
            source.ok = True
        links = self.listing_links(response)
        yield from self.take(links, response)
        pages = L.page_links(response.selector, response.url)
        pages += L.expand_param_pages(pages, L.total_pages(response.text))
        for url in pages:
            req = self.follow_listing(url, response, self.parse_column)
            if req is not None:
                yield req
        subcolumns = 0
        depth = response.meta.get("subdepth", 0)
        root = response.meta.get("column_root") or column_root(response.url)
        if depth < MAX_SUBCOLUMN_DEPTH:
            for link in links:
                if (link.url.startswith(root) and L.is_listing_url(link.url) and self.on_site(link.url)
                        and L.listing_signature(link.url) != L.listing_signature(response.url)
                        and not T.is_report_title(link.title) and not L.PAGER_TEXT.match(T.normalize(link.title))):
                    req = self.follow_listing(link.url, response, self.parse_column, subdepth=depth + 1)
                    if req is not None:
                        subcolumns += 1
                        yield req
        extra = list(self.more_requests(response, links))
        yield from extra
        if not response.meta.get("source_entry"):
            return
        reportish = [x for x in links if T.maybe_report_title(x.title, self.min_year)]
        if not reportish and not pages and not subcolumns and not extra:
            self.layout_error(f"column page lists no reports, pages or sub-columns: {response.url}")

    def follow_listing(self, url: str, response: Response, callback: Any, **meta: Any) -> scrapy.Request | None:
        """Another page of a listing (or a sub-column), requested once per crawl, on the site only."""
        key = page_key(url)
        if key in self._seen_pages or not self.on_site(url):
            return None
        self._seen_pages.add(key)
        base = {k: response.meta.get(k) for k in ("column_root", "subdepth", "source")}
        return self.request(url, callback, meta={**base, **meta})

    def take(self, links: list[L.Link], response: Response, listing_url: str | None = None) -> Iterator[scrapy.Request]:
        """Report rows → article (or bare document) requests; every other row is left, counted."""
        source_url = response.meta.get("source")
        listing_url = listing_url or response.url
        for link in links:
            if not self.on_site(link.url):
                continue
            hint = {"title": link.title, "date": link.date}
            if is_document_url(link.url):
                if T.is_report_title(link.title, self.min_year) and T.title_year(link.title):
                    req = self.document_request(link.url, listing_url=listing_url, hint=hint, source=source_url)
                    if req is not None:
                        yield req
                continue
            if T.maybe_report_title(link.title, self.min_year) and not L.is_listing_url(link.url):
                req = self.article_request(link.url, listing_url=listing_url, hint=hint, source=source_url)
                if req is not None:
                    yield req

    # -- answers paged by a parameter (JSON/XML APIs, dataproxy.jsp, a captured browser request) ----
    def paged_request(self, url: str, response: Response, pager: dict[str, Any],
                      formdata: dict[str, str] | None = None) -> scrapy.Request | None:
        """One page of an API listing. ``pager``: ``{"param": name, "value": n}`` (a page number) or
        ``{"start": name, "end": name, "value": first record, "size": records}`` (a record range),
        plus ``"listing"`` (the column page the rows belong to)."""
        if pager.get("in_form") and formdata is not None:
            formdata = set_page(formdata, pager)
        elif pager.get("start"):
            url = L.with_param(L.with_param(url, pager["start"], pager["value"]), pager["end"],
                               pager["value"] + pager["size"] - 1)
        else:
            url = L.with_param(url, pager["param"], pager["value"])
        if formdata is not None:
            key = page_key(url) + "|" + "&".join(f"{k}={v}" for k, v in sorted(formdata.items()))
        else:
            key = page_key(url)
        if key in self._seen_pages or not self.on_site(url):
            return None
        self._seen_pages.add(key)
        meta = {k: response.meta.get(k) for k in ("column_root", "subdepth", "source")}
        meta.update(pager=pager, formdata=formdata, dont_cache=True)
        if formdata is not None:
            return scrapy.FormRequest(url, formdata=formdata, callback=self.parse_answer, errback=self.on_error,
                                      meta=meta, dont_filter=True)
        return self.request(url, self.parse_answer, meta=meta)

    def parse_answer(self, response: Response) -> Iterator[scrapy.Request]:
        """One API page: its rows, then the next page while pages bring rows not seen before."""
        pager: dict[str, Any] = dict(response.meta["pager"])
        body = response.text if hasattr(response, "text") else response.body.decode("utf-8", "replace")
        ctype = response.headers.get("Content-Type", b"").decode("latin-1")
        links = L.links_in_answer(body, pager.get("listing") or response.url, ctype)
        seen: set[str] = self._answer_seen.setdefault(pager.get("id", response.url), set())
        new = [x for x in links if x.url not in seen]
        seen.update(x.url for x in new)
        yield from self.take(links, response, listing_url=pager.get("listing"))
        total = pager.get("total") or _total(body)
        pages = pager.get("pages", 1)
        if not new or pages >= L.MAX_PAGES:
            return
        step = pager.get("size", 1) if pager.get("start") else 1
        nxt = {**pager, "value": pager["value"] + step, "pages": pages + 1, "total": total}
        if total and pager.get("start") and nxt["value"] > total:
            return
        if total and not pager.get("start") and pager.get("per_page") and (nxt["value"] - 1) * pager["per_page"] >= total:
            return
        req = self.paged_request(response.url, response, nxt, response.meta.get("formdata"))
        if req is not None:
            yield req

    @property
    def _answer_seen(self) -> dict[str, set[str]]:
        if not hasattr(self, "_answer_seen_store"):
            self._answer_seen_store: dict[str, set[str]] = {}
        return self._answer_seen_store


def _total(body: str) -> int | None:
    """The record count an answer states (``totalRecord``, ``total``, ``count="45"``), if any."""
    m = TOTAL.search(body[:200000])
    return int(m.group(1)) if m else None


def set_page(form: dict[str, str], pager: dict[str, Any]) -> dict[str, str]:
    """A form with its page field (or record range) set to the pager's value."""
    out = dict(form)
    if pager.get("start"):
        out[pager["start"]] = str(pager["value"])
        out[pager["end"]] = str(pager["value"] + pager["size"] - 1)
    else:
        out[pager["param"]] = str(pager["value"])
    return out
