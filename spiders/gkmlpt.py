"""gkmlpt: Guangdong's shared government-information disclosure catalogue.

Domain: ``/gkmlpt/`` or a department prefix (``/hpfgj/gkmlpt/``) on a district site.
Flow: ``{prefix}index`` carries ``window._CONFIG = {SID, TREE}`` → the annual-report
categories of TREE (or the registry's ``categories``) → ``{prefix}api/all/{cat}?page=n&sid=SID``
(page 0 equals page 1, so pages start at 1; 404 past the end, and on some sites when
asked too fast) → article pages ``/gkmlpt/content/…/post_{id}.html`` and attachments.
Caveats: when the API refuses us (403/401, or 404 on its first page) the JavaScript
shell is rendered in headless Chromium (scrapy-playwright) and the listing is read
from the DOM. Spider arguments: ``site`` — registry key.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from typing import Any
from urllib.parse import urljoin, urlsplit

import scrapy
from parsel import Selector
from scrapy.http import Response

from crawler.registry import GkmlptEntry
from spiders import text as T
from spiders.base import SiteSpider
from spiders.page import guess_mime, js_config

API_REFUSED = (401, 403)
MAX_PAGES = 200

FAMILY = "gkmlpt"


def report_categories(tree: list[dict[str, Any]] | dict[str, Any]) -> list[dict[str, Any]]:
    """The top-most annual-report categories of a _CONFIG.TREE (their children stay attached)."""
    out: list[dict[str, Any]] = []

    def walk(nodes: Any) -> None:
        if isinstance(nodes, dict):
            nodes = [nodes]
        for node in nodes or []:
            if not isinstance(node, dict):
                continue
            name = T.normalize(str(node.get("name", "")))
            if node.get("id") is not None and (
                    (("年报" in name or "年度报告" in name) and "政府信息公开" in name) or name in {"年报", "年度报告"}):
                out.append(node)
            else:
                walk(node.get("children"))

    walk(tree)
    return out


def categories_to_list(cat: dict[str, Any]) -> list[dict[str, Any]]:
    """``api/all/{cat}`` lists a category with its descendants; ask the children separately
    only when the parent's count does not cover theirs."""
    children = [c for c in cat.get("children") or [] if isinstance(c, dict) and c.get("id") is not None]
    own = cat.get("post_count")
    kids = sum(int(c.get("post_count") or 0) for c in children)
    if own is None or (children and kids > int(own)):
        return [cat, *(n for c in children for n in categories_to_list(c))]
    return [cat]


def flatten_tree(tree: Any) -> list[dict[str, Any]]:
    nodes: list[dict[str, Any]] = []
    stack = list(tree if isinstance(tree, list) else [tree])
    while stack:
        n = stack.pop()
        if isinstance(n, dict):
            nodes.append(n)
            stack.extend(n.get("children") or [])
    return nodes


class GkmlptSpider(SiteSpider):
    """Reads each gkmlpt catalogue of a site through its JSON API, or its rendered page."""

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
            url = self.site.url(entry.prefix + "index")
            yield self.request(url, self.parse_index, meta={"entry": entry})

    async def start(self):  # Scrapy >= 2.13
        for request in self.start_requests():
            yield request

    def parse_index(self, response: Response) -> Iterator[scrapy.Request]:
        entry: GkmlptEntry = response.meta["entry"]
        config = js_config(response.text) if hasattr(response, "text") else None
        if not isinstance(config, dict):
            self.layout_error(f"no window._CONFIG in {response.url}", FAMILY)
            return
        sid = str(config.get("SID") or entry.sid or "")
        tree = config.get("TREE") or []
        if entry.categories:
            by_id = {n.get("id"): n for n in flatten_tree(tree)}
            cats = [by_id.get(c, {"id": c}) for c in entry.categories]
        else:
            cats = [c for top in report_categories(tree) for c in categories_to_list(top)]
        if not cats:
            self.layout_error(f"no annual-report category in _CONFIG.TREE of {response.url}", FAMILY)
            return
        base = response.url.rsplit("/", 1)[0] + "/"
        for cat in cats:
            jump = self._jump_column(cat, base)
            if jump is not None:
                yield jump
                continue
            if cat.get("post_count") == 0 and not cat.get("children"):
                continue
            state = {"base": base, "sid": sid, "cat": cat["id"], "post_count": cat.get("post_count"),
                     "seen": set(), "name": cat.get("name")}
            yield self.api_request(state, 1)

    def _jump_column(self, cat: dict[str, Any], base: str) -> scrapy.Request | None:
        """A category that only jumps to a portal column of the site: crawl that column instead."""
        jump = cat.get("jump_url")
        if not jump or cat.get("post_count") or not hasattr(self, "parse_listing"):
            return None
        url = urljoin(base, str(jump))
        if not self.on_site(url) or url.startswith(base) or url in self._seen_pages:
            return None
        self._seen_pages.add(url)
        root = url.rsplit("/", 1)[0] + "/"
        return self.request(url, self.parse_listing, meta={"column_root": root, "subdepth": 0})

    def api_request(self, state: dict[str, Any], page: int, *, attempt: int = 0, delay: float = 0.0) -> scrapy.Request:
        url = f"{state['base']}api/all/{state['cat']}?page={page}&sid={state['sid']}"
        meta = {"state": state, "page": page, "attempt": attempt, "handle_httpstatus_list": [404, *API_REFUSED],
                "nianbao_delay": delay}
        return self.request(url, self.parse_api, meta=meta, dont_filter=attempt > 0)

    def parse_api(self, response: Response) -> Iterator[scrapy.Request]:
        state: dict[str, Any] = response.meta["state"]
        page: int = response.meta["page"]
        if response.status in API_REFUSED or (response.status == 404 and page == 1 and not state["seen"]):
            if response.status == 404 and response.meta["attempt"] < self.settings.getint("NIANBAO_GKMLPT_RETRIES", 4):
                # maybe asked too fast: a rate limit answers 404 too
                yield self._retry_api(state, page, response.meta["attempt"])
                return
            yield from self._browser_fallback(state, f"API answered {response.status}")
            return
        if response.status == 404:
            expected = state.get("post_count")
            attempt = response.meta["attempt"]
            if (expected is None or len(state["seen"]) < expected) and attempt < self.settings.getint("NIANBAO_GKMLPT_RETRIES", 4):
                yield self._retry_api(state, page, attempt)  # 404 before the last article: rate limited
            elif expected is not None and len(state["seen"]) < expected:
                self._append("failures", f"gkmlpt category {state['cat']}: {len(state['seen'])} of {expected} articles")
                self.inc("failed")
            return
        try:
            data = json.loads(response.text)
        except ValueError:  # e.g. a WAF page in place of the API: the rendered page may still list them
            self._append("notes", f"gkmlpt API answer is not JSON: {response.url}")
            yield from self._browser_fallback(state, "API answer is not JSON")
            return
        articles = data.get("articles") if isinstance(data, dict) else None
        if not isinstance(articles, list):
            self.layout_error(f"gkmlpt API answer has no 'articles' list: {response.url}", FAMILY)
            return
        classify = data.get("classify") or {}
        if isinstance(classify, dict) and classify.get("post_count") is not None:
            state["post_count"] = classify["post_count"]
        new = 0
        for art in articles:
            if not isinstance(art, dict) or art.get("id") in state["seen"]:
                continue
            state["seen"].add(art.get("id"))
            new += 1
            req = self._article_from_api(art, response)
            if req is not None:
                yield req
        more = state.get("post_count") is None or len(state["seen"]) < state["post_count"]
        if new and more and page < MAX_PAGES:
            yield self.api_request(state, page + 1)

    def _retry_api(self, state: dict[str, Any], page: int, attempt: int) -> scrapy.Request:
        base = self.settings.getfloat("NIANBAO_GKMLPT_BACKOFF", 1.0)
        self.inc("gkmlpt_api_retries")
        # jitter: categories refused together must not all come back at the same instant
        delay = base * (2 ** attempt) * random.uniform(0.5, 1.5)
        return self.api_request(state, page, attempt=attempt + 1, delay=delay)

    def _article_from_api(self, art: dict[str, Any], response: Response) -> scrapy.Request | None:
        title = T.clean_title(str(art.get("title") or ""))
        if not T.maybe_report_title(title, self.min_year):
            return None
        url = art.get("url") or ""
        if not url:
            return None
        url = urljoin(response.url, url)
        attachments = []
        for att in art.get("attachment") or art.get("attachments") or []:
            if isinstance(att, dict) and att.get("url"):
                aurl = urljoin(url, att["url"])
                attachments.append({"url": aurl, "name": T.clean_title(att.get("name")) or aurl.rsplit("/", 1)[-1],
                                    "mime": guess_mime(aurl, att.get("mime"))})
        hint = {"title": title, "date": art.get("date") or art.get("display_publish_time") or art.get("created_at"),
                "publisher": art.get("publisher"), "attachments": attachments}
        return self.article_request(url, listing_url=response.url, hint=hint, family=FAMILY)

    # -- the JavaScript page, rendered in Chromium ------------------------------------------------
    def _browser_fallback(self, state: dict[str, Any], why: str) -> Iterator[scrapy.Request]:
        if state.get("browser"):
            return
        state["browser"] = True
        if not self.settings.getbool("NIANBAO_BROWSER", True):
            self._append("failures", f"gkmlpt {state['base']}: {why} and the browser is off")
            self.inc("failed")
            return
        self.logger.info("gkmlpt %s: %s; rendering the page in a browser", state["base"], why)
        yield self._render_request(state)

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
                                  "nianbao_delay": delay})

    def _render_again(self, request: scrapy.Request) -> scrapy.Request | None:
        """One more render after a pause: the page's own API calls may have been rate limited."""
        attempt = request.meta.get("render_attempt", 0)
        if attempt >= self.settings.getint("NIANBAO_BROWSER_RETRIES", 1):
            return None
        self.inc("browser_retries")
        return self._render_request(request.meta["state"], attempt + 1)

    def on_render_error(self, failure: Any) -> Iterator[scrapy.Request]:
        again = self._render_again(failure.request)
        if again is not None:
            yield again
        else:
            self.on_error(failure)

    def parse_rendered(self, response: Response) -> Iterator[scrapy.Request]:
        """The listing as Chromium rendered it: every on-site article link of the DOM."""
        sel = Selector(text=response.text)
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
                                           family=FAMILY)
                if req is not None:
                    yield req
        if not found:
            again = self._render_again(response.request)
            if again is not None:
                yield again
                return
        if not found and response.status >= 400:
            self.inc("failed")
            self._append("failures", f"HTTP {response.status} in the browser {response.url}")
        elif not found:
            self.layout_error(f"rendered gkmlpt page lists no articles: {response.url}", FAMILY)
