"""The fallback for a publishing system nobody described: any listing, any pager, and JavaScript lists.

Domain: any government column (registry ``system: generic``, or a family module switched off).
How: report links from every shape a listing takes (HTML anchors, XML/CDATA records in scripts,
JSON answers), pagination from pager links (下一页/尾页/末页/numbers), page counts ("共N页") and page
parameters (``page=``, ``pageNo=``, ``cur_page=``, ``startrecord=``); when the page builds its list
with JavaScript, the page is rendered in Chromium (scrapy-playwright, as ``spiders/gkmlpt.py`` does)
and the JSON or XML answers it fetched are read back, then their further pages are asked for by
Scrapy with the page parameter raised (robots.txt applies to both: :mod:`spiders.browser`).
Caveats: a POST pager whose page number is not a form or query field is not replayed (recorded as
a note). Spider arguments: ``site``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qsl

import scrapy
from scrapy.http import Response

from spiders import listing as L
from spiders import text as T
from spiders.column import ColumnSpider
from spiders.detect import detect

FAMILY = "generic"
MAX_CAPTURED = 50  # answers kept from one rendered page
MAX_CAPTURED_BYTES = 5 * 1024 * 1024
SCRIPTED = re.compile(r"\$\.(?:ajax|get|post|getJSON)\s*\(|fetch\s*\(|XMLHttpRequest|axios|\.jpage\s*\(|"
                      r"<script[^>]+type=[\"']text/xml|_isJson|api[-/]", re.I)
RANGE_PARAMS = (("startrecord", "endrecord"), ("start", "end"), ("startRow", "endRow"))
# Static pagers written by a script: ``var countPage = 3; createPageHTML(countPage, …)``, ``totalPage = 4``
SCRIPT_PAGE_COUNT = re.compile(r"\b(?:countPage|pageCount|totalPage|pageTotal|page_count|maxPage)\s*[=:]\s*['\"]?(\d{1,4})",
                               re.I)
STATIC_PAGE = re.compile(r"^(index|list|default)(\.s?html?)$", re.I)


def static_pages(url: str, html: str) -> list[str]:
    """The sibling pages of a static list page whose pager is only a page count in a script.

    Chinese CMSs publish a column as ``index.html``, ``index_1.html`` … (TRS counts the second
    page as ``_1``, most others as ``_2``); when the page says how many pages there are but links
    none, both conventions are asked for — ``index_1`` … ``index_N`` — and a page that does not
    exist is simply absent (its 404 is not a failure).
    """
    base, _, name = url.split("?")[0].split("#")[0].rpartition("/")
    m = STATIC_PAGE.match(name or "index.html")
    count = L.total_pages(html)
    if count is None:
        found = SCRIPT_PAGE_COUNT.search(html or "")
        count = min(int(found.group(1)), L.MAX_PAGES) if found else None
    if m is None or not count or count < 2:
        return []
    stem, ext = m.group(1), m.group(2)
    return [f"{base}/{stem}_{n}{ext}" for n in range(1, count + 1)]


def page_fields(pairs: list[tuple[str, str]]) -> dict[str, Any] | None:
    """How a captured request is paged: a page number field, or a record range (start/end)."""
    names = {k.lower(): k for k, _ in pairs}
    values = dict(pairs)
    for start, end in RANGE_PARAMS:
        if start.lower() in names and end.lower() in names:
            s, e = values[names[start.lower()]], values[names[end.lower()]]
            if s.isdigit() and e.isdigit() and int(e) >= int(s):
                return {"start": names[start.lower()], "end": names[end.lower()], "value": int(s),
                        "size": int(e) - int(s) + 1}
    for k, v in pairs:
        if k.lower() in L.PAGE_PARAMS and v.isdigit():
            return {"param": k, "value": int(v)}
    return None


class GenericSpider(ColumnSpider):
    """Any column: the shared walk, JSON answers, and a browser for lists built by JavaScript."""

    family = FAMILY
    families = (FAMILY,)

    @classmethod
    def update_settings(cls, settings: Any) -> None:
        """This family may render pages, so its crawler gets scrapy-playwright with robots.txt checks."""
        from crawler.settings import browser_handlers

        super().update_settings(settings)
        settings.set("DOWNLOAD_HANDLERS", browser_handlers(settings), priority="spider")
        settings.set("PLAYWRIGHT_ABORT_REQUEST", "spiders.browser.abort_request", priority="spider")

    def listing_links(self, response: Response) -> list[L.Link]:
        body = response.text
        ctype = response.headers.get("Content-Type", b"").decode("latin-1")
        if "json" in ctype.lower() or body.lstrip().startswith(("{", "[")):
            return L.links_in_answer(body, response.url, ctype)
        return L.anchors(response.selector, response.url) + L.record_links(body, response.url)

    def more_requests(self, response: Response, links: list[L.Link]) -> Iterator[scrapy.Request]:
        """Static pages a script-only pager announces; then render the page when its list may be
        built by JavaScript (once per column page)."""
        if not L.page_links(response.selector, response.url):
            for url in static_pages(response.url, response.text):
                req = self.follow_listing(url, response, self.parse_guessed_page,
                                          handle_httpstatus_list=[404, 410])
                if req is not None:
                    yield req
        if response.meta.get("rendered") or not self.settings.getbool("NIANBAO_BROWSER", True):
            return
        found = detect(response.text, response.url)
        self._append("notes", f"generic: {response.url} looks like {found.system} ({', '.join(found.evidence) or 'no clue'})")
        reportish = [x for x in links if T.maybe_report_title(x.title, self.min_year)]
        if not SCRIPTED.search(response.text) and reportish:
            return
        from scrapy_playwright.page import PageMethod

        from spiders.browser import remember_robots

        remember_robots(self.crawler)
        captured: list[dict[str, Any]] = []

        async def on_response(answer: Any) -> None:
            await self._capture(answer, captured)

        self.inc("browser_pages")
        yield scrapy.Request(
            response.url, self.parse_rendered, errback=self.on_browser_error, dont_filter=True,
            meta={**{k: response.meta.get(k) for k in ("column_root", "subdepth", "source")},
                  "playwright": True, "playwright_include_page": True, "rendered": True, "captured": captured,
                  "dont_cache": True, "playwright_page_event_handlers": {"response": on_response},
                  "playwright_page_methods": [PageMethod("wait_for_load_state", "networkidle")]})

    def parse_guessed_page(self, response: Response) -> Iterator[scrapy.Request]:
        """A page the pager's count implied: read it like any column page; absent, it is no failure."""
        if response.status >= 400:
            self.inc("guessed_pages_absent")
            return
        yield from self.parse_column(response)

    async def _capture(self, answer: Any, captured: list[dict[str, Any]]) -> None:
        """Keep a fetch/XHR answer of the rendered page (bounded), with how it was asked for."""
        try:
            request = answer.request
            if request.resource_type not in ("xhr", "fetch") or answer.status != 200 or len(captured) >= MAX_CAPTURED:
                return
            body = await answer.body()
            if len(body) > MAX_CAPTURED_BYTES:
                self.inc("browser_answers_too_big")
                return
            captured.append({"url": answer.url, "method": request.method, "post": request.post_data or "",
                             "ctype": (await answer.all_headers()).get("content-type", ""),
                             "body": body.decode("utf-8", "replace")})
        except Exception as exc:  # noqa: BLE001 - a closed page or a body the browser dropped
            self.logger.info("generic: could not read a browser answer: %s", exc)

    async def parse_rendered(self, response: Response) -> Any:
        """The rendered page's rows and the rows of the answers it fetched; their further pages."""
        page = response.meta.get("playwright_page")
        if page is not None:
            await page.close()
        captured: list[dict[str, Any]] = response.meta.get("captured") or []
        self.inc("browser_answers", len(captured))
        for req in self.take(L.anchors(response.selector, response.url), response):
            yield req
        for url in L.page_links(response.selector, response.url):
            req = self.follow_listing(url, response, self.parse_column, rendered=True)
            if req is not None:
                yield req
        for item in captured:
            links = L.links_in_answer(item["body"], response.url, item["ctype"])
            if not links:
                continue
            for req in self.take(links, response, listing_url=response.url):
                yield req
            for req in self._replay(item, links, response):
                yield req

    def _replay(self, item: dict[str, Any], links: list[L.Link], response: Response) -> Iterator[scrapy.Request]:
        """The next page of a captured answer, asked for by Scrapy with its page field raised."""
        form = dict(parse_qsl(item["post"], keep_blank_values=True)) if item["method"] == "POST" else None
        in_query = page_fields(L.query_pairs(item["url"]))
        in_form = page_fields(list(form.items())) if form else None
        pager = in_query or in_form
        if pager is None:
            if item["method"] == "POST":
                self._append("notes", f"generic: a POST list answer without a page field was not paged: {item['url']}")
            return
        pid = f"generic:{item['url']}|{item['post']}"
        self._answer_seen.setdefault(pid, set()).update(x.url for x in links)
        step = pager.get("size", 1) if pager.get("start") else 1
        pager.update(value=pager["value"] + step, listing=response.url, id=pid, pages=2, in_form=bool(in_form and not in_query))
        req = self.paged_request(item["url"], response, pager, formdata=form)
        if req is not None:
            yield req

    async def on_browser_error(self, failure: Any) -> None:
        page = failure.request.meta.get("playwright_page")
        if page is not None:
            await page.close()
        self.on_error(failure)

