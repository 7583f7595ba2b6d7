"""What every site family shares: the per-site spider base, page parsing and item building.

A family spider (portal, gkmlpt) only knows how to *find* report pages; reading an
article page (title, 发布机关, dates, body, attachments) and deciding whether it is a
report is the same for every family and lives here, so the same report reached
through two systems becomes two pages of one logical report with the same agency.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Any

import scrapy
from parsel import Selector
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response
from twisted.internet.defer import CancelledError

from crawler.items import ReportItem
from crawler.registry import Site, get_site
from extract.formats.encoding import decode
from spiders import text as T
from spiders.article import read_article
from spiders.page import max_config_bytes, page_key, page_record
from spiders.sources import Source, SourceBook

_SCRIPT_BODY = re.compile(r"(<script\b[^>]*>).*?(</script\s*>)", re.S | re.I)


def _cut_for_size(exc: BaseException) -> bool:
    """Scrapy cancels a download over ``download_maxsize`` (a CancelledError, "larger than download
    max size" in its log): the only cancellation our crawl makes."""
    return isinstance(exc, CancelledError) or type(exc).__name__ == "DownloadCancelledError" or "max size" in str(exc)


def _content_type(response: Response) -> str:
    return (response.headers.get("Content-Type") or b"no Content-Type").decode("latin-1", "replace")[:80]


def allowed_domains_of(site: Site) -> list[str]:
    """Scrapy's offsite filter knows domains only (no ports, no patterns): the hosts' names plus
    the domains of ``host_patterns``. The exact check (ports, patterns) is HostGuardMiddleware's."""
    names = {h.rsplit(":", 1)[0] for h in site.hosts}
    names.update(p.removeprefix("*.") for p in site.host_patterns)
    return sorted(names)


class SiteSpider(scrapy.Spider):
    """Base of every family spider: one instance crawls one registry site.

    Keeps the site's health in the crawler stats (``nianbao/<site>/…``, see
    docs/CONTRACTS.md) so the run can record a site as broken with a reason, and the
    columns/catalogues it went through in ``nianbao/<site>/sources``.
    """

    family = "base"
    families: tuple[str, ...] = ()  # the systems this spider crawls (site.systems ∩ families)
    custom_settings: dict[str, Any] = {}

    def __init__(self, site: str | Site, *args: Any, **kwargs: Any) -> None:
        self.site = site if isinstance(site, Site) else get_site(site)
        kwargs.setdefault("name", f"{self.family}-{self.site.key}")
        super().__init__(*args, **kwargs)
        self.allowed_domains = allowed_domains_of(self.site)
        self._seen_pages: set[str] = set()
        self._reported: set[str] = set()
        self.sources = SourceBook()

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

    def failure(self, message: str, source: Source | None = None) -> None:
        """A fetch or page the crawl could not use: counted, and named in the run record."""
        self.inc("failed")
        self._append("failures", message)
        if source is not None:
            source.add_note(message)
        self.logger.warning("failure on %s: %s", self.site.key, message)

    def on_error(self, failure: Any) -> None:
        """Errback: a request that failed after its retries is a failed fetch, never silence."""
        request = getattr(failure, "request", None)
        response = getattr(failure.value, "response", None)
        what = f"HTTP {response.status}" if response is not None else type(failure.value).__name__
        url = request.url if request is not None else "?"
        meta = request.meta if request is not None else {}
        if _cut_for_size(failure.value):
            limit = meta.get("download_maxsize") or (self.settings.getint("DOWNLOAD_MAXSIZE") if self.settings else 0)
            what = f"page larger than the download limit of {limit // (1024 * 1024)} MB (NIANBAO_MAX_PAGE_MB), not kept:"
        elif isinstance(failure.value, IgnoreRequest) and str(failure.value):
            what = f"refused ({failure.value}):"
            if meta.get("redirect_urls"):  # a redirect off the site: name the page that sent it
                what = f"redirected from {meta['redirect_urls'][0]} and {what}"
        source = self.sources.get(meta.get("source")) if meta.get("source_entry") else None
        if source is not None:
            source.ok = False
        self.failure(f"{what} {url}", source)
        first = (meta.get("redirect_urls") or [url])[0]
        self.drop_page(first, f"{what} {url}".strip(), status=response.status if response is not None else None,
                       final_url=url, outcome="failed")

    def drop_page(self, url: str, reason: str, *, status: int | None = None, size: int | None = None,
                  final_url: str | None = None, outcome: str = "dropped") -> None:
        """A fetched (or attempted) page the crawl does not keep, with why: the runner writes these
        into ``fetches`` (``outcome`` failed|dropped, ``error`` = reason) and the run report lists
        them (``nianbao/<site>/dropped_pages``, a list stat; at most ``NIANBAO_MAX_DROPPED_RECORDS``
        per spider, the rest counted in ``dropped_pages_over_cap``). Issue 12, point 4."""
        self.inc(f"dropped/{outcome}")
        stats = self.crawler.stats
        key = self.stat_key("dropped_pages")
        records = stats.get_value(key) or []
        cap = self.settings.getint("NIANBAO_MAX_DROPPED_RECORDS", 500) if self.settings else 500
        if len(records) >= cap:
            self.inc("dropped_pages_over_cap")
            return
        records.append({"url": url[:2000], "final_url": (final_url or url)[:2000], "status": status, "size": size,
                        "reason": reason[:500], "outcome": outcome,
                        "fetched_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds")})
        stats.set_value(key, records)

    def closed(self, reason: str) -> None:
        for family in self.families:
            if family in self.site.systems and not self.crawler.stats.get_value(self.stat_key(f"reports_found/{family}")):
                self._append("empty_families", family)
        self.crawler.stats.set_value(self.stat_key("sources"), self.sources.records())

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
        """The URL is on one of the site's hosts (ports included) or a host its patterns name."""
        return self.site.owns(url)

    def add_source(self, source: Source) -> tuple[Source, bool]:
        return self.sources.add(source)

    def article_request(self, url: str, *, listing_url: str, hint: dict[str, Any] | None = None,
                        family: str | None = None, source: str | None = None) -> scrapy.Request | None:
        """Request one candidate report page once (a page reached twice, by any way, is one page)."""
        url = url.split("#")[0]
        key = page_key(url)
        if key in self._seen_pages or not self.on_site(url):
            return None
        self._seen_pages.add(key)
        meta = {"listing_url": listing_url, "hint": hint or {}, "handle_httpstatus_list": [304],
                "family": family or self.family, "source": source}
        return self.request(url, self.parse_article, meta=meta)

    def document_request(self, url: str, *, listing_url: str, hint: dict[str, Any],
                         family: str | None = None, source: str | None = None) -> scrapy.Request | None:
        """A report that is a bare file in a listing (no article page): the file is the page."""
        req = self.article_request(url, listing_url=listing_url, hint=hint, family=family, source=source)
        if req is not None:
            req = req.replace(callback=self.parse_document)
        return req

    def parse_document(self, response: Response) -> Iterator[ReportItem]:
        item = self._item_from_hint(response, response.meta.get("hint") or {}, response.meta.get("listing_url"))
        if item is not None:
            yield item

    # -- article pages (all families) ----------------------------------------------------------
    def parse_article(self, response: Response) -> Iterator[ReportItem]:
        """Read an article page (parsed once); yield a ReportItem when it is an annual report."""
        hint: dict[str, Any] = response.meta.get("hint") or {}
        listing_url = response.meta.get("listing_url")
        if response.status == 304:  # archive asked conditionally and nothing changed
            item = self._item_from_hint(response, hint, listing_url)
            if item:
                yield item
            return
        if not hasattr(response, "text"):
            self.inc("not_html")
            self._drop(response, f"not a text page ({_content_type(response)}): not read as an article",
                       outcome="failed")
            return
        try:
            html = decode(response.body)  # the extractor's detection: a GBK page labelled UTF-8 reads right
            sel = Selector(text=self._parse_window(html, response.url), base_url=response.url)
            art = read_article(sel, html, response.url, hint, max_config_bytes(self.settings))
        except (RecursionError, MemoryError, ValueError, UnicodeError) as exc:  # hostile markup or _CONFIG
            why = f"page could not be read: {type(exc).__name__}: {str(exc)[:200]}"
            self.failure(f"{why} {response.url}", self.sources.get(response.meta.get("source")))
            self._drop(response, why, outcome="failed")
            return
        except Exception as exc:  # a bug: recorded with the page, and the site is flagged (spider error)
            self._drop(response, f"page could not be read: {type(exc).__name__}: {str(exc)[:200]}", outcome="failed")
            raise
        if art.config_error:
            self.inc("config_errors")
            self.failure(f"unreadable window._CONFIG ({art.config_error}) {response.url}",
                         self.sources.get(response.meta.get("source")))
        if not art.title:
            self.layout_error(f"article without a title (h1/meta ArticleTitle): {response.url}",
                              response.meta.get("family"))
            self._drop(response, "article without a title (h1/meta ArticleTitle)", outcome="failed")
            return
        if not T.is_report_title(art.title, self.min_year):
            self.inc("not_reports")
            self._drop(response, f"not an annual report (title {art.title[:120]!r})")
            return
        year = T.title_year(art.title) or T.body_year(art.body_text)
        if not T.report_year_ok(year, self.min_year):
            self.inc("not_reports")
            self.logger.info("no report year in %s (%s)", response.url, art.title)
            self._drop(response, f"no report year from {self.min_year} on (title {art.title[:120]!r})")
            return
        yield self.build_item(response, title=art.title, year=year, agency_candidates=art.agency_candidates,
                              publish_date=art.publish_date, attachments=art.attachments, listing_url=listing_url)

    def _parse_window(self, html: str, url: str) -> str:
        """The part of a page the spider's selectors parse, bounded (issue 12, point 5).

        Parsing runs on the crawl's event loop and costs time per element (a dense 12 MB page:
        19 s), so script bodies are emptied first (``window._CONFIG`` is read from the whole
        text, by chompjs) and at most ``NIANBAO_MAX_PARSE_MB`` (default 2) of characters are
        parsed; a page cut there is noted (the archive keeps all its bytes, and extraction reads
        them whole in its isolated worker)."""
        text = _SCRIPT_BODY.sub(r"\1\2", html) if len(html) > 262144 else html
        limit = (self.settings.getint("NIANBAO_MAX_PARSE_MB", 2) if self.settings else 2) * 1024 * 1024
        if len(text) <= limit:
            return text
        self.inc("pages_parsed_in_part")
        self._append("notes", f"page over {limit // (1024 * 1024)} MB of markup read in part (title, links): {url}")
        return text[:limit]

    def _drop(self, response: Response, reason: str, *, outcome: str = "dropped") -> None:
        redirects = list(response.meta.get("redirect_urls") or [])
        self.drop_page(redirects[0] if redirects else response.url, reason, status=response.status,
                       size=len(response.body), final_url=response.url, outcome=outcome)

    def _item_from_hint(self, response: Response, hint: dict[str, Any], listing_url: str | None) -> ReportItem | None:
        from spiders.article import publish_date_of

        title = T.clean_title(hint.get("title"))
        year = T.title_year(title)
        if not (T.is_report_title(title, self.min_year) and T.report_year_ok(year, self.min_year)):
            return None
        return self.build_item(response, title=title, year=year, agency_candidates=[hint.get("publisher")],
                               publish_date=publish_date_of(hint) or T.parse_date(hint.get("date")),
                               attachments=list(hint.get("attachments") or []), listing_url=listing_url)

    def build_item(self, response: Response, *, title: str, year: int, agency_candidates: list[str | None],
                   publish_date: str | None, attachments: list[dict[str, str]], listing_url: str | None) -> ReportItem:
        onsite = [a for a in attachments if self.on_site(a["url"])]
        if len(onsite) < len(attachments):
            self.inc("offsite_attachments_dropped", len(attachments) - len(onsite))
        page = page_record(response)
        family = response.meta.get("family") or self.family
        source = self.sources.get(response.meta.get("source"))
        if page["url"] not in self._reported:
            self._reported.add(page["url"])
            self.inc("reports_found")
            self.inc(f"reports_found/{family}")
            if source is not None:
                source.reports += 1
        return ReportItem(
            site=self.site.key, district=self.site.district,
            agency=T.choose_agency(agency_candidates, title, self.site.name),
            year=year, title=title, url=page["url"], publish_date=publish_date,
            source_system=family, attachments=onsite, page=page, listing_url=listing_url,
            source=source.url if source is not None else response.meta.get("source"),
        )
