"""What every site family shares: the per-site spider base, page parsing and item building.

A family spider (portal, gkmlpt) only knows how to *find* report pages; reading an
article page (title, 发布机关, dates, body, attachments) and deciding whether it is a
report is the same for every family and lives here, so the same report reached
through two systems becomes two pages of one logical report with the same agency.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import scrapy
from parsel import Selector
from scrapy.http import Response

from crawler.items import ReportItem
from crawler.registry import Site, get_site
from spiders import text as T
from spiders.page import (
    AGENCY_LABELS,
    DATE_LABELS,
    body_selector,
    extract_attachments,
    host_of,
    js_config,
    labelled_value,
    page_record,
    page_text,
)


class SiteSpider(scrapy.Spider):
    """Base of every family spider: one instance crawls one registry site.

    Keeps the site's health in the crawler stats (``nianbao/<site>/…``, see
    docs/CONTRACTS.md) so the run can record a site as broken with a reason.
    """

    family = "base"
    families: tuple[str, ...] = ()  # the systems this spider crawls (site.systems ∩ families)
    custom_settings: dict[str, Any] = {}

    def __init__(self, site: str | Site, *args: Any, **kwargs: Any) -> None:
        self.site = site if isinstance(site, Site) else get_site(site)
        kwargs.setdefault("name", f"{self.family}-{self.site.key}")
        super().__init__(*args, **kwargs)
        self.allowed_domains = list(self.site.hosts)
        self._seen_pages: set[str] = set()
        self._reported: set[str] = set()

    # -- health bookkeeping -------------------------------------------------------------------
    def stat_key(self, what: str) -> str:
        return f"nianbao/{self.site.key}/{what}"

    def inc(self, what: str, count: int = 1) -> None:
        self.crawler.stats.inc_value(self.stat_key(what), count)

    def _append(self, what: str, message: str) -> None:
        key = self.stat_key(what)
        old = self.crawler.stats.get_value(key) or ""
        if message not in old.split("; "):
            self.crawler.stats.set_value(key, f"{old}; {message}" if old else message)

    def layout_error(self, reason: str, family: str | None = None) -> None:
        """The page no longer looks like what this spider expects: the site is broken this run."""
        self.inc("layout_errors")
        self._append("broken_reason", f"layout mismatch ({family or self.family}): {reason}")
        self.logger.error("layout mismatch on %s: %s", self.site.key, reason)

    def on_error(self, failure: Any) -> None:
        """Errback: a request that failed after its retries is a failed fetch, never silence."""
        request = getattr(failure, "request", None)
        response = getattr(failure.value, "response", None)
        what = f"HTTP {response.status}" if response is not None else type(failure.value).__name__
        url = request.url if request is not None else "?"
        self.inc("failed")
        self._append("failures", f"{what} {url}")
        self.logger.warning("failed fetch on %s: %s %s", self.site.key, what, url)

    def closed(self, reason: str) -> None:
        for family in self.families:
            if family in self.site.systems and not self.crawler.stats.get_value(self.stat_key(f"reports_found/{family}")):
                self._append("empty_families", family)

    @property
    def min_year(self) -> int:
        """First report year taken (``NIANBAO_MIN_YEAR``): nianbao covers the national templates' reports."""
        crawler = getattr(self, "crawler", None)
        return crawler.settings.getint("NIANBAO_MIN_YEAR", T.MIN_REPORT_YEAR) if crawler else T.MIN_REPORT_YEAR

    # -- requests ---------------------------------------------------------------------------------
    def request(self, url: str, callback: Any, **kwargs: Any) -> scrapy.Request:
        kwargs.setdefault("errback", self.on_error)
        return scrapy.Request(url, callback=callback, **kwargs)

    def on_site(self, url: str) -> bool:
        return host_of(url) in self.site.hosts

    def article_request(self, url: str, *, listing_url: str, hint: dict[str, Any] | None = None,
                        family: str | None = None) -> scrapy.Request | None:
        """Request one candidate report page once (a page reached twice is one page)."""
        url = url.split("#")[0]
        if url in self._seen_pages or not self.on_site(url):
            return None
        self._seen_pages.add(url)
        meta = {"listing_url": listing_url, "hint": hint or {}, "handle_httpstatus_list": [304],
                "family": family or self.family}
        return self.request(url, self.parse_article, meta=meta)

    def document_request(self, url: str, *, listing_url: str, hint: dict[str, Any],
                         family: str | None = None) -> scrapy.Request | None:
        """A report that is a bare file in a listing (no article page): the file is the page."""
        req = self.article_request(url, listing_url=listing_url, hint=hint, family=family)
        if req is not None:
            req = req.replace(callback=self.parse_document)
        return req

    def parse_document(self, response: Response) -> Iterator[ReportItem]:
        item = self._item_from_hint(response, response.meta.get("hint") or {}, response.meta.get("listing_url"))
        if item is not None:
            yield item

    # -- article pages (all families) ----------------------------------------------------------
    def parse_article(self, response: Response) -> Iterator[ReportItem]:
        """Read an article page; yield a ReportItem when it is an annual report."""
        hint: dict[str, Any] = response.meta.get("hint") or {}
        listing_url = response.meta.get("listing_url")
        if response.status == 304:  # archive asked conditionally and nothing changed
            item = self._item_from_hint(response, hint, listing_url)
            if item:
                yield item
            return
        if not hasattr(response, "text"):
            self.inc("not_html")
            return
        sel = Selector(text=response.text)
        config = js_config(response.text) if "_CONFIG" in response.text else None
        detail = (config or {}).get("DETAIL") if isinstance(config, dict) else None
        if isinstance(detail, str):
            try:
                detail = json.loads(detail)
            except ValueError:
                detail = None
        detail = detail if isinstance(detail, dict) else {}
        title = T.clean_title(
            sel.xpath("//meta[@name='ArticleTitle']/@content").get()
            or detail.get("title")
            or " ".join(sel.css("h1 ::text").getall())
            or hint.get("title")
            or sel.css("title::text").get()
        )
        if not title:
            self.layout_error(f"article without a title (h1/meta ArticleTitle): {response.url}",
                              response.meta.get("family"))
            return
        body = body_selector(sel)
        body_text = page_text(body)
        detail_body = Selector(text=detail["content"]) if isinstance(detail.get("content"), str) else None
        if detail_body is not None and (len(body_text) < 10 or not page_text(sel.css(".article-content") or body)):
            body, body_text = detail_body, page_text(detail_body)  # gkmlpt: body only in _CONFIG.DETAIL
        if not T.is_report_title(title, self.min_year):
            self.inc("not_reports")
            return
        year = T.title_year(title) or T.body_year(body_text)
        if not T.report_year_ok(year, self.min_year):
            self.inc("not_reports")
            self.logger.info("no report year in %s (%s)", response.url, title)
            return
        meta_agency = (
            hint.get("publisher") or detail.get("publisher")
            or labelled_value(sel, AGENCY_LABELS[:4])
            or sel.xpath("//meta[@name='ContentSource']/@content").get()
        )
        publish_date = (
            T.parse_date(sel.xpath("//meta[@name='PubDate']/@content").get())
            or T.parse_date(hint.get("date"))
            or T.parse_date(labelled_value(sel, DATE_LABELS))
        )
        attachments = extract_attachments(sel, response.url, body)
        extra = list(hint.get("attachments") or [])
        if detail_body is not None:
            extra += extract_attachments(detail_body, response.url)
        for att in extra:
            if att["url"] not in {a["url"] for a in attachments}:
                attachments.append(att)
        yield self.build_item(response, title=title, year=year, meta_agency=meta_agency,
                              publish_date=publish_date, attachments=attachments, listing_url=listing_url)

    def _item_from_hint(self, response: Response, hint: dict[str, Any], listing_url: str | None) -> ReportItem | None:
        title = T.clean_title(hint.get("title"))
        year = T.title_year(title)
        if not (T.is_report_title(title, self.min_year) and T.report_year_ok(year, self.min_year)):
            return None
        return self.build_item(response, title=title, year=year, meta_agency=hint.get("publisher"),
                               publish_date=T.parse_date(hint.get("date")),
                               attachments=list(hint.get("attachments") or []), listing_url=listing_url)

    def build_item(self, response: Response, *, title: str, year: int, meta_agency: str | None,
                   publish_date: str | None, attachments: list[dict[str, str]], listing_url: str | None) -> ReportItem:
        onsite = [a for a in attachments if self.on_site(a["url"])]
        if len(onsite) < len(attachments):
            self.inc("offsite_attachments_dropped", len(attachments) - len(onsite))
        page = page_record(response)
        family = response.meta.get("family") or self.family
        if page["url"] not in self._reported:
            self._reported.add(page["url"])
            self.inc("reports_found")
            self.inc(f"reports_found/{family}")
        return ReportItem(
            site=self.site.key, district=self.site.district,
            agency=T.pick_agency(meta_agency, T.agency_from_title(title), self.site.name),
            year=year, title=title, url=page["url"], publish_date=publish_date,
            source_system=family, attachments=onsite, page=page, listing_url=listing_url,
        )
