"""gkmlpt: Guangdong's shared government-information disclosure catalogue.

Domain: ``/gkmlpt/`` of a site, a department prefix on it (``/gzpyjy/gkmlpt/``) or a
department host of its own (``fgw.gz.gov.cn/gkmlpt/``); the registry names the site's own
catalogues, the department catalogues are found at crawl time (spiders/catalogues.py).
Flow: ``{base}index`` carries ``window._CONFIG = {SID, TREE}`` (a JavaScript literal) →
the annual-report categories of TREE (or the registry's ``categories``) →
``{base}api/all/{cat}?page=n&sid=SID`` → article pages ``…/content/…/post_{id}.html``.
Paging (REAL_SITES.md): the API's ``total`` counts the rows really listed and is the goal
(``classify.post_count`` is often far higher and is not); 100 rows a page; a short or
empty page, or a 404 past ``total``, is the end. A 404 before ``total`` is a rate limit:
asked again after a jittered backoff, and a recorded failure only after the budget.
Caveats: when the API refuses us (403/401, or 404 on its first page after the retries)
the JavaScript shell is rendered in headless Chromium (scrapy-playwright) and the
listing is read from the DOM. Spider arguments: ``site`` — registry key or Site.
"""

from __future__ import annotations

import asyncio
import json
import random
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qsl, urljoin, urlsplit

import scrapy
from parsel import Selector
from scrapy.http import Response, TextResponse

from crawler.registry import GkmlptEntry
from spiders import text as T
from spiders.article import api_attachments
from spiders.base import SiteSpider
from spiders.catalogues import CatalogueDiscovery, catalogue_base
from spiders.pacing import HostPacer
from spiders.page import ConfigError, is_document_url, max_config_bytes, page_key, read_config
from spiders.sources import REGISTRY, Source, source_key

API_REFUSED = (401, 403)
MAX_PAGES = 200
# An API answer the shell's own script fetched while Chromium ran it, kept to be read instead of
# asking the API again (nothing fetched twice in one run): at most this many bytes.
MAX_CAPTURED_API_BYTES = 8 * 1024 * 1024

FAMILY = "gkmlpt"


def is_report_category(name: str) -> bool:
    """A TREE category of annual reports: 年度报告, 政府信息公开年报, 信息公开年报, 工作年报,
    政务公开年度报告, 政府信息公开工作年度报告 … (REAL_SITES.md), not 法治政府建设年度报告."""
    name = T.normalize(name)
    if name in {"年报", "年度报告", "工作年报", "年度工作报告"}:
        return True
    return ("年报" in name or "年度报告" in name) and ("信息公开" in name or "政务公开" in name)


def report_categories(tree: list[dict[str, Any]] | dict[str, Any]) -> list[dict[str, Any]]:
    """The top-most annual-report categories of a _CONFIG.TREE (their children stay attached)."""
    out: list[dict[str, Any]] = []

    def walk(nodes: Any) -> None:
        if isinstance(nodes, dict):
            nodes = [nodes]
        for node in nodes or []:
            if not isinstance(node, dict):
                continue
            if node.get("id") is not None and is_report_category(str(node.get("name", ""))):
                out.append(node)
            else:
                walk(node.get("children"))

    walk(tree)
    return out


def child_categories(cat: dict[str, Any]) -> list[dict[str, Any]]:
    """The sub-categories of a TREE node (year sub-categories of the annual reports)."""
    return [c for c in cat.get("children") or [] if isinstance(c, dict) and c.get("id") is not None]


def flatten_tree(tree: Any) -> list[dict[str, Any]]:
    nodes: list[dict[str, Any]] = []
    stack = list(tree if isinstance(tree, list) else [tree])
    while stack:
        n = stack.pop()
        if isinstance(n, dict):
            nodes.append(n)
            stack.extend(n.get("children") or [])
    return nodes


def _api_key(url: str) -> tuple[str, str]:
    """An API request's identity: host and path, and its page (``sid`` and parameter order aside)."""
    parts = urlsplit(url)
    page = dict(parse_qsl(parts.query)).get("page", "1")
    return f"{parts.netloc.lower()}{parts.path}", "1" if page in ("0", "") else page


class GkmlptSpider(CatalogueDiscovery, SiteSpider):
    """Reads each gkmlpt catalogue of a site (registry's and discovered) through its JSON API,
    or its rendered page."""

    family = FAMILY
    families = (FAMILY,)

    @classmethod
    def update_settings(cls, settings: Any) -> None:
        """This family may render the JavaScript shell, so its crawler gets scrapy-playwright."""
        from crawler.settings import browser_handlers

        super().update_settings(settings)
        settings.set("DOWNLOAD_HANDLERS", browser_handlers(settings), priority="spider")

    def start_requests(self) -> Iterator[scrapy.Request]:
        for entry in self.site.gkmlpt:
            req = self.catalogue_request(self.site.url(entry.prefix), entry=entry, configured=True, found_via=REGISTRY)
            if req is not None:
                yield req
        yield from self.discovery_requests()

    async def start(self):  # Scrapy >= 2.13
        for request in self.start_requests():
            yield request

    # -- catalogues ----------------------------------------------------------------------------------
    def catalogue_request(self, base: str, *, entry: GkmlptEntry | None = None, name: str | None = None,
                          configured: bool, found_via: str, category: int | None = None) -> scrapy.Request | None:
        """The index of one catalogue (base URL ``…/gkmlpt/``), requested once per crawl.

        ``category``: the id a link gave in ``annualreport#{cat}`` — on some sites the report
        category may be reachable only through that route and not named in TREE (REAL_SITES.md,
        unverified), so it is used when TREE names none.
        """
        if category is not None:
            self._category_hints.setdefault(source_key(base), set()).add(category)
        if not self.on_site(base):
            return None
        source, new = self.add_source(Source("catalogue", base, configured=configured, found_via=found_via,
                                             name=name, sid=entry.sid if entry else None))
        if not new:
            return None
        if not configured:
            self.inc("catalogues_discovered")
        return self.request(f"{base}index", self.parse_index,
                            meta={"entry": entry, "source": source.url, "source_entry": True})

    def parse_index(self, response: Response) -> Iterator[scrapy.Request]:
        """A catalogue's index: SID and TREE from ``_CONFIG``; one API listing per report category."""
        entry: GkmlptEntry | None = response.meta.get("entry")
        source = self.sources.get(response.meta.get("source"))
        if source is None:  # an index requested without a source (tests, old callers): its own
            source, _ = self.add_source(Source("catalogue", catalogue_base(response.url) or response.url,
                                               configured=entry is not None, found_via=REGISTRY))
        try:
            config = read_config(response.text, max_config_bytes(self.settings)) if hasattr(response, "text") else None
        except ConfigError as exc:
            self.inc("config_errors")
            self.failure(f"unreadable window._CONFIG of catalogue {response.url}: {exc}", source)
            return
        if config is None:
            if source.configured:
                source.add_note("no window._CONFIG")
                self.layout_error(f"no window._CONFIG in {response.url}", FAMILY)
            else:
                self.failure(f"no window._CONFIG in discovered catalogue {response.url}", source)
            return
        source.ok = True
        source.sid = str(config.get("SID") or (entry.sid if entry else "") or "") or None
        tree = config.get("TREE") or []
        base = response.url.split("#")[0].rsplit("/", 1)[0] + "/"
        yield from self._tree_catalogues(tree, base, response.url)
        if entry is not None and entry.categories:
            by_id = {n.get("id"): n for n in flatten_tree(tree)}
            cats = [by_id.get(c, {"id": c}) for c in entry.categories]
        else:
            # ``api/all/{cat}`` lists a category with its descendants; post_count cannot tell
            # (it is often far above what is listed), so children are asked only when the
            # parent's own listing comes back empty (see _listing_done)
            cats = report_categories(tree)
        if not cats and self._category_hints.get(source_key(source.url)):
            by_id = {n.get("id"): n for n in flatten_tree(tree)}
            cats = [by_id.get(c, {"id": c}) for c in sorted(self._category_hints[source_key(source.url)])]
            source.add_note("report category from an annualreport# link, not named in TREE")
        if not cats:
            if source.configured:
                source.add_note("no annual-report category in TREE")
                self.layout_error(f"no annual-report category in _CONFIG.TREE of {response.url}", FAMILY)
            else:  # many departments publish no report through their catalogue: worth knowing, not broken
                source.add_note("no annual-report category in TREE")
                self._append("notes", f"catalogue {source.url} ({source.name or '?'}) has no annual-report category")
            return
        for cat in cats:
            jump = self._jump_column(cat, base, response.url)
            if jump is not None:
                yield jump
                continue
            if cat.get("post_count") == 0 and not cat.get("children"):
                continue
            yield self.api_request(self._listing_state(base, source.sid or "", cat, source.url), 1)

    @staticmethod
    def _listing_state(base: str, sid: str, cat: dict[str, Any], source: str) -> dict[str, Any]:
        return {"base": base, "sid": sid, "cat": cat["id"], "name": cat.get("name"), "seen": set(),
                "total": None, "page_size": 0, "source": source, "children": child_categories(cat)}

    def _listing_done(self, state: dict[str, Any]) -> Iterator[scrapy.Request]:
        """A category listed nothing: its sub-categories may list what the parent does not."""
        if state["seen"] or state.get("children_asked"):
            return
        state["children_asked"] = True
        for child in state.get("children") or []:
            child_state = self._listing_state(state["base"], state["sid"], child, state["source"])
            child_state["browser_cookies"] = state.get("browser_cookies")
            yield self.api_request(child_state, 1)

    def _tree_catalogues(self, tree: Any, base: str, index_url: str) -> Iterator[scrapy.Request]:
        """TREE nodes whose ``jump_url`` leads into another gkmlpt catalogue of the site."""
        for node in flatten_tree(tree):
            jump = node.get("jump_url")
            if not jump:
                continue
            other = catalogue_base(urljoin(base, str(jump)).split("#")[0])
            if other is None or source_key(other) == source_key(base):
                continue
            req = self.catalogue_request(other, name=T.clean_title(str(node.get("name") or "")) or None,
                                         configured=False, found_via=index_url)
            if req is not None:
                yield req

    def _jump_column(self, cat: dict[str, Any], base: str, index_url: str) -> scrapy.Request | None:
        """A category that only jumps to a portal column of the site: crawl that column instead."""
        jump = cat.get("jump_url")
        if not jump or cat.get("post_count") or not hasattr(self, "parse_listing"):
            return None
        url = urljoin(base, str(jump))
        if not self.on_site(url) or url.startswith(base) or catalogue_base(url.split("#")[0]) is not None:
            return None
        source, new = self.add_source(Source("column", url, configured=False, found_via=index_url,
                                             name=T.clean_title(str(cat.get("name") or "")) or None))
        if not new:
            return None
        self._seen_pages.add(page_key(url))
        root = url.rsplit("/", 1)[0] + "/"
        return self.request(url, self.parse_listing, meta={"column_root": root, "subdepth": 0, "source": source.url,
                                                           "source_entry": True})

    @property
    def _category_hints(self) -> dict[str, set[int]]:
        """Report-category ids per catalogue base, from ``annualreport#{cat}`` links."""
        if not hasattr(self, "_hints"):
            self._hints: dict[str, set[int]] = {}
        return self._hints

    # -- pacing: the API and its rendered page share one rate limit per host ----------------------------
    @property
    def pacer(self) -> HostPacer:
        if not hasattr(self, "_pacer"):
            self._pacer = HostPacer(interval=self.settings.getfloat("NIANBAO_GKMLPT_API_INTERVAL", 0.0))
        return self._pacer

    def send_gate(self, request: scrapy.Request) -> float:
        """Seconds the request must still wait (called by DelayMiddleware just before sending)."""
        pace = request.meta.get("gkmlpt_pace")
        if not pace:
            return 0.0
        return self.pacer.wait(urlsplit(request.url).netloc, render=pace == "render")

    def send_gate_event(self, request: scrapy.Request) -> asyncio.Event | None:
        """What a request held by ``send_gate`` awaits: the end of the host's render in flight."""
        if not request.meta.get("gkmlpt_pace"):
            return None
        return self.pacer.released(urlsplit(request.url).netloc)

    def _render_finished(self, request: scrapy.Request) -> None:
        if request.meta.get("gkmlpt_pace") == "render":
            self.pacer.render_done(urlsplit(request.url).netloc)

    # -- the JSON API -----------------------------------------------------------------------------------
    @staticmethod
    def _api_url(state: dict[str, Any], page: int) -> str:
        return f"{state['base']}api/all/{state['cat']}?page={page}&sid={state['sid']}"

    def api_request(self, state: dict[str, Any], page: int, *, attempt: int = 0, delay: float = 0.0,
                    cookies: list[dict[str, str]] | None = None) -> scrapy.Request:
        url = self._api_url(state, page)
        meta = {"state": state, "page": page, "attempt": attempt, "handle_httpstatus_list": [404, *API_REFUSED],
                "nianbao_delay": delay, "source": state.get("source"), "gkmlpt_pace": "api"}
        if cookies:
            return self.request(url, self.parse_api, meta=meta, dont_filter=True, cookies=cookies)
        return self.request(url, self.parse_api, meta=meta, dont_filter=attempt > 0)

    def parse_api(self, response: Response) -> Iterator[scrapy.Request]:
        """One API page: its report rows, then the next page until ``total``, a short page or the end."""
        state: dict[str, Any] = response.meta["state"]
        page: int = response.meta["page"]
        attempt: int = response.meta.get("attempt", 0)
        retries = self.settings.getint("NIANBAO_GKMLPT_RETRIES", 4)
        if response.status in API_REFUSED:
            state["failed_page"] = page
            yield from self._browser_fallback(state, f"API answered {response.status}")
            return
        if response.status == 404:
            yield from self._api_404(state, page, attempt, retries)
            return
        try:
            data = json.loads(response.text)
        except ValueError:  # e.g. a WAF page in place of the API: the rendered page may still list them
            self._append("notes", f"gkmlpt API answer is not JSON: {response.url}")
            state["failed_page"] = page
            yield from self._browser_fallback(state, "API answer is not JSON")
            return
        articles = data.get("articles") if isinstance(data, dict) else None
        if not isinstance(articles, list):
            self.layout_error(f"gkmlpt API answer has no 'articles' list: {response.url}", FAMILY)
            return
        state.setdefault("page_size", 0)
        total = data.get("total")
        if isinstance(total, int | str) and str(total).isdigit():
            state["total"] = int(total)
        new = 0
        for art in articles:
            if not isinstance(art, dict) or art.get("id") in state["seen"]:
                continue
            state["seen"].add(art.get("id"))
            new += 1
            req = self._article_from_api(art, response, state)
            if req is not None:
                yield req
        short = bool(state["page_size"]) and len(articles) < state["page_size"]
        state["page_size"] = max(state["page_size"], len(articles))
        done = (not new or short or (state.get("total") is not None and len(state["seen"]) >= state["total"]))
        if done:
            yield from self._listing_done(state)
        elif page >= MAX_PAGES:
            self._append("notes", f"gkmlpt {state['base']} category {state['cat']}: stopped at {MAX_PAGES} pages")
        else:
            yield self.api_request(state, page + 1)

    def _api_404(self, state: dict[str, Any], page: int, attempt: int, retries: int) -> Iterator[scrapy.Request]:
        """404: past the end (the listing is complete), or asked too fast (ask again later)."""
        total = state.get("total")
        if not state["seen"]:  # the first page: the API refuses us, or a rate limit
            if attempt < retries:
                yield self._retry_api(state, page, attempt)
            else:
                state["failed_page"] = page
                yield from self._browser_fallback(state, f"API answered 404 {attempt + 1} times")
            return
        if total is None or len(state["seen"]) >= total:
            return  # past the end: without total, a 404 after a page ends the listing quietly
        if attempt < retries:
            yield self._retry_api(state, page, attempt)  # before total: rate limited
            return
        self.failure(f"gkmlpt {state['base']} category {state['cat']}: page {page} answered 404 after "
                     f"{attempt} retries; {len(state['seen'])} of {total} articles listed",
                     self.sources.get(state.get("source")))

    def _retry_api(self, state: dict[str, Any], page: int, attempt: int) -> scrapy.Request:
        base = self.settings.getfloat("NIANBAO_GKMLPT_BACKOFF", 1.0)
        self.inc("gkmlpt_api_retries")
        self.pacer.slow_down(urlsplit(state["base"]).netloc)  # maybe asked too fast: space this host's API out
        # jitter: categories refused together must not all come back at the same instant
        delay = base * (2 ** attempt) * random.uniform(0.5, 1.5)
        return self.api_request(state, page, attempt=attempt + 1, delay=delay)

    def _article_from_api(self, art: dict[str, Any], response: Response, state: dict[str, Any]) -> scrapy.Request | None:
        """An API row that may be a report: its page (``type: url`` rows link to a page elsewhere on the site)."""
        title = T.clean_title(str(art.get("title") or ""))
        if not T.maybe_report_title(title, self.min_year):
            return None
        url = str(art.get("url") or art.get("post_url") or "")
        if not url:
            return None
        url = urljoin(response.url, url)
        if not self.on_site(url):
            self.inc("offsite_links_skipped")
            return None
        hint = {"title": title, "publisher": art.get("publisher"),
                **{k: art.get(k) for k in ("create_time", "display_publish_time", "created_at") if art.get(k)},
                "attachments": api_attachments(art.get("attachment") or art.get("attachments"), url)}
        if art.get("type") == "url" and is_document_url(url):
            return self.document_request(url, listing_url=response.url, hint=hint, family=FAMILY, source=state.get("source"))
        return self.article_request(url, listing_url=response.url, hint=hint, family=FAMILY, source=state.get("source"))

    # -- the JavaScript page, rendered in Chromium ------------------------------------------------
    def _browser_fallback(self, state: dict[str, Any], why: str) -> Iterator[scrapy.Request]:
        """The API refused us: let Chromium run the shell once and ask the API again with the
        cookies its JavaScript set; only when that fails too, read the listing the page renders."""
        if not self.settings.getbool("NIANBAO_BROWSER", True):
            if not state.get("browser"):
                state["browser"] = True
                self.failure(f"gkmlpt {state['base']}: {why} and the browser is off", self.sources.get(state.get("source")))
            return
        if not state.get("browser_cookies_tried"):
            state["browser_cookies_tried"] = True
            self.logger.info("gkmlpt %s: %s; running its page in a browser for its cookies", state["base"], why)
            yield self._cookie_render_request(state)
            return
        if state.get("browser"):
            return
        state["browser"] = True
        self.logger.info("gkmlpt %s: %s; reading the page the browser renders", state["base"], why)
        yield self._render_request(state)

    def _cookie_render_request(self, state: dict[str, Any]) -> scrapy.Request:
        self.inc("browser_pages")
        captured: dict[str, bytes] = {}
        answered = asyncio.Event()  # set when the shell's own API answer is kept
        wanted = _api_key(self._api_url(state, max(1, state.get("failed_page", 1))))

        async def on_response(answer: Any) -> None:
            """Keep the shell's own answer to the API request we were refused (read, not asked again)."""
            try:
                if answer.status != 200 or answer.request.resource_type not in ("xhr", "fetch") \
                        or _api_key(answer.url) != wanted or captured:
                    return
                body = await answer.body()
                if len(body) <= MAX_CAPTURED_API_BYTES:
                    captured[answer.url] = body
                    answered.set()
            except Exception as exc:  # noqa: BLE001 - a closed page or a body the browser dropped
                self.logger.info("gkmlpt: could not read the browser's API answer: %s", exc)

        # No page method: parse_cookie_render waits for the shell's API answer or the network going
        # quiet, whichever comes first (networkidle alone always cost its 500 ms of silence, issue 14).
        return self.request(f"{state['base']}index", self.parse_cookie_render, errback=self.on_cookie_render_error,
                            dont_filter=True,
                            meta={"playwright": True, "playwright_include_page": True, "state": state,
                                  "playwright_page_event_handlers": {"response": on_response}, "captured": captured,
                                  "answered": answered,
                                  "handle_httpstatus_list": [521, 412], "source": state.get("source"),
                                  "gkmlpt_pace": "render", "dont_cache": True})

    async def parse_cookie_render(self, response: Response) -> Any:
        """The shell ran in Chromium: read the API answer its script got, else repeat the API request
        with the cookies it set."""
        from crawler.middlewares import browser_cookies

        await _answer_or_quiet(response.meta.get("playwright_page"), response.meta.get("answered"),
                               self.settings.getint("PLAYWRIGHT_DEFAULT_NAVIGATION_TIMEOUT", 30000) / 1000)
        self._render_finished(response.request)
        state = response.meta["state"]
        cookies = await browser_cookies(response)
        if cookies:
            self.inc("browser_cookie_handbacks")
            state["browser_cookies"] = cookies
        page = max(1, state.get("failed_page", 1))
        for url, body in (response.meta.get("captured") or {}).items():
            self.inc("browser_api_answers_read")
            request = self.api_request(state, page, cookies=cookies or None)
            for out in self.parse_api(TextResponse(url, body=body, encoding="utf-8", request=request)):
                yield out
            return
        if cookies:
            yield self.api_request(state, page, cookies=cookies)
            return
        for request in self._browser_fallback(state, "the browser set no cookies"):
            yield request

    async def on_cookie_render_error(self, failure: Any) -> Any:
        page = failure.request.meta.get("playwright_page")
        if page is not None:
            from crawler.middlewares import _close_page

            await _close_page(page)
        self._render_finished(failure.request)
        for request in self._browser_fallback(failure.request.meta["state"], f"browser: {type(failure.value).__name__}"):
            yield request

    def _render_request(self, state: dict[str, Any], attempt: int = 0) -> scrapy.Request:
        """The shell's hash route for the category, rendered in Chromium until article links appear."""
        from scrapy_playwright.page import PageMethod

        self.inc("browser_pages")
        url = f"{state['base']}index#{state['cat']}"
        wait = PageMethod("wait_for_selector", "a[href*='/content/']", timeout=self.settings.getint("NIANBAO_BROWSER_WAIT_MS", 20000))
        delay = self.settings.getfloat("NIANBAO_GKMLPT_BACKOFF", 1.0) * 2 * attempt
        return self.request(url, self.parse_rendered, errback=self.on_render_error, dont_filter=True,
                            meta={"playwright": True, "playwright_page_methods": [wait], "state": state,
                                  "handle_httpstatus_list": [521, 412], "render_attempt": attempt,
                                  "nianbao_delay": delay, "source": state.get("source"), "gkmlpt_pace": "render"})

    def _render_again(self, request: scrapy.Request) -> scrapy.Request | None:
        """One more render after a pause: the page's own API calls may have been rate limited."""
        attempt = request.meta.get("render_attempt", 0)
        if attempt >= self.settings.getint("NIANBAO_BROWSER_RETRIES", 1):
            return None
        self.inc("browser_retries")
        return self._render_request(request.meta["state"], attempt + 1)

    def on_render_error(self, failure: Any) -> Iterator[scrapy.Request]:
        self._render_finished(failure.request)
        again = self._render_again(failure.request)
        if again is not None:
            yield again
        else:
            self.on_error(failure)

    def parse_rendered(self, response: Response) -> Iterator[scrapy.Request]:
        """The listing as Chromium rendered it: every on-site article link of the DOM."""
        self._render_finished(response.request)
        sel = Selector(text=response.text)
        state = response.meta["state"]
        found = 0
        for a in sel.css("a[href]"):
            url = urljoin(response.url, a.attrib["href"]).split("#")[0]
            if "/content/" not in urlsplit(url).path or not self.on_site(url):
                continue
            found += 1
            row = a.xpath("ancestor::li[1]|ancestor::tr[1]")
            title = T.clean_title(a.attrib.get("title") or "".join(a.css("::text").getall()))
            if T.maybe_report_title(title, self.min_year):
                date = T.parse_date(" ".join(row.xpath(".//text()").getall())) if row else None
                req = self.article_request(url, listing_url=response.url, hint={"title": title, "date": date},
                                           family=FAMILY, source=state.get("source"))
                if req is not None:
                    yield req
        if not found:
            again = self._render_again(response.request)
            if again is not None:
                yield again
                return
        if not found and response.status >= 400:
            self.failure(f"HTTP {response.status} in the browser {response.url}", self.sources.get(state.get("source")))
        elif not found:
            self.layout_error(f"rendered gkmlpt page lists no articles: {response.url}", FAMILY)


async def _answer_or_quiet(page: Any, answered: asyncio.Event | None, timeout: float) -> None:
    """Wait until the shell's API answer was kept or the page's network is idle, whichever is first
    (at most the browser's own timeout)."""
    if page is None or answered is None or answered.is_set():
        return
    waits = [asyncio.ensure_future(answered.wait()), asyncio.ensure_future(page.wait_for_load_state("networkidle"))]
    try:
        await asyncio.wait(waits, timeout=timeout, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for wait in waits:
            wait.cancel()
        await asyncio.gather(*waits, return_exceptions=True)  # a closed page's wait fails: nothing to do
