"""Discovery: find the annual-report column of an unknown government site from its home page.

Domain: any government site. Flow: home page → links whose text names the disclosure
area (政务公开, 信息公开, 政府信息公开目录 …) up to ``max_depth`` clicks → a link whose text
names the annual reports (政府信息公开年报, 政府信息公开工作年度报告, 年度报告 …) → the
column is confirmed by report titles on it (portal) or by an annual-report category
in ``window._CONFIG.TREE`` (gkmlpt). A county column is recognised by its publishing system
(:func:`spiders.detect.detect`: TRS, Hanweb, JPaaS, Ucap, VSB, an xxgk sub-site, else generic) and
confirmed by the reports its listing gives, read the way that system's spider reads it (XML
records, the dataproxy/JSON API's first pages, pager links). Hosts under the home page's domain
(an ``xxgk.`` sub-site) are followed. Spider arguments: ``start_url``, ``max_depth``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin, urlsplit

import scrapy
from parsel import Selector
from scrapy.http import Response

from crawler.registry import netloc_of
from spiders import listing as L
from spiders import text as T
from spiders.detect import detect
from spiders.page import js_config

COUNTY_SYSTEMS = ("trs", "hanweb", "jpaas", "ucap", "vsb", "xxgk", "generic")
MAX_DISCOVER_PAGES = 30  # listing pages (or API pages) one discovered column may cost
REPORT_LINK = re.compile(r"政府信息公开(?:工作)?(?:年度)?(?:报告|年报)|信息公开年报|^年度报告$|^年报$|工作年度报告")
NAV_LINK = re.compile(r"政务公开|信息公开|公开目录|主动公开|公开专栏|gkmlpt")
NAV_HREF = re.compile(r"/(?:zwgk|xxgk|gkmlpt|zfxxgk)", re.I)
ARTICLE_HREF = re.compile(r"/content/|post_\d+|/t\d{8}_")
SKIP_LINK = re.compile(r"指南|制度|申请|要点|规定|意见箱|登录|English", re.I)


@dataclass
class FoundColumn:
    """A confirmed report column: its URL, how it was reached and the reports it lists."""

    system: str  # portal | gkmlpt | a county system (trs, hanweb, jpaas, ucap, vsb, xxgk, generic)
    url: str
    path: list[str] = field(default_factory=list)  # link texts clicked from the home page
    reports: list[dict[str, Any]] = field(default_factory=list)  # {"title", "year", "url"}
    sid: str | None = None
    categories: list[int] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    params: dict[str, str] = field(default_factory=dict)  # a county system's parameters (webid, channel …)
    evidence: list[str] = field(default_factory=list)  # why the system was recognised
    pages: int = 0  # listing pages read


class DiscoverSpider(scrapy.Spider):
    """Breadth-first over disclosure-area links; confirms candidate report columns."""

    name = "discover"

    def __init__(self, start_url: str, max_depth: int = 4, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.start_url = start_url
        self.max_depth = int(max_depth)
        netloc = netloc_of(start_url)  # host:port when the site is on another port: another server
        twin = netloc[4:] if netloc.startswith("www.") else f"www.{netloc}"  # example.gov.cn ↔ www.example.gov.cn
        self.allowed_hosts = (netloc, twin)
        # a county's disclosure sub-site (xxgk.example.gov.cn) is under the home page's own domain
        self.domain = (netloc[4:] if netloc.startswith("www.") else netloc)
        self.allowed_domains = [h.rsplit(":", 1)[0] if not h.endswith("]") else h for h in (netloc, twin)]
        self.found: list[FoundColumn] = []
        self.home_title: str = ""
        self._checked: set[str] = set()

    def allowed(self, url: str) -> bool:
        """The home page's host (and its www twin), or a host under its domain (same port)."""
        netloc = netloc_of(url)
        if netloc in self.allowed_hosts:
            return True
        host, _, port = netloc.partition(":")
        home_port = self.domain.partition(":")[2]
        return port == home_port and host.endswith("." + self.domain.partition(":")[0])

    async def start(self):  # Scrapy >= 2.13
        yield scrapy.Request(self.start_url, self.parse_page, meta={"depth_left": self.max_depth, "trail": []})

    def parse_page(self, response: Response) -> Iterator[scrapy.Request]:
        if not hasattr(response, "text"):
            return
        sel = Selector(text=response.text)
        if response.url.rstrip("/") == self.start_url.rstrip("/") or not self.home_title:
            self.home_title = self.home_title or T.clean_title(sel.css("title::text").get())
        depth_left: int = response.meta["depth_left"]
        trail: list[str] = response.meta["trail"]
        if "_CONFIG" in response.text:
            yield from self.parse_gkmlpt(response, sel)
        for a in sel.css("a[href]"):
            href = a.attrib["href"].strip()
            if href.startswith(("javascript:", "mailto:")):
                continue
            url = urljoin(response.url, href)
            if not self.allowed(url):
                continue
            text = T.normalize(a.attrib.get("title") or "".join(a.css("::text").getall()))
            if not text:
                continue
            if REPORT_LINK.search(text) and not SKIP_LINK.search(text) and T.title_year(text) is None:
                key = url.split("#")[0] + ("#" + url.split("#")[1] if "/gkmlpt/" in url and "#" in url else "")
                if key not in self._checked:
                    self._checked.add(key)
                    yield scrapy.Request(url, self.check_column, dont_filter=True,
                                         meta={"trail": [*trail, text], "fragment": urlsplit(url).fragment})
            elif depth_left > 1 and not SKIP_LINK.search(text) and (
                    NAV_LINK.search(text) or (NAV_HREF.search(urlsplit(url).path) and not ARTICLE_HREF.search(url))):
                yield scrapy.Request(url, self.parse_page, meta={"depth_left": depth_left - 1, "trail": [*trail, text]})

    def parse_gkmlpt(self, response: Response, sel: Selector | None = None) -> Iterator[scrapy.Request]:
        """A gkmlpt shell: its annual-report categories and the first API page of each."""
        from spiders.gkmlpt import report_categories

        config = js_config(response.text)
        if not isinstance(config, dict) or not config.get("TREE"):
            return
        base = response.url.split("#")[0].rsplit("/", 1)[0] + "/"
        if any(f.system == "gkmlpt" and f.url == base for f in self.found):
            return
        cats = report_categories(config["TREE"])
        fragment = response.meta.get("fragment") or ""
        if fragment.isdigit() and int(fragment) not in [c.get("id") for c in cats]:
            cats.append({"id": int(fragment)})
        if not cats:
            return
        col = FoundColumn("gkmlpt", base, path=list(response.meta.get("trail") or []), sid=str(config.get("SID") or ""),
                          categories=[int(c["id"]) for c in cats])
        self.found.append(col)
        for cat in col.categories:
            yield scrapy.Request(f"{base}api/all/{cat}?page=1&sid={col.sid}", self.parse_api, dont_filter=True,
                                 meta={"column": col, "handle_httpstatus_list": [403, 404]})

    def parse_api(self, response: Response) -> Iterator[scrapy.Request]:
        col: FoundColumn = response.meta["column"]
        if response.status == 404 and not response.meta.get("again"):  # some APIs 404 when asked too fast
            yield response.request.replace(meta={"column": col, "handle_httpstatus_list": [403, 404],
                                                 "again": True, "nianbao_delay": 1.5})
            return
        if response.status != 200:
            col.notes.append(f"API answered {response.status}: reports not listed")
            return
        try:
            data = response.json()
        except ValueError:
            return
        for art in (data or {}).get("articles") or []:
            title = T.clean_title(str(art.get("title") or ""))
            if T.is_report_title(title):
                col.reports.append({"title": title, "year": T.title_year(title), "url": urljoin(response.url, art.get("url", ""))})

    def check_column(self, response: Response) -> Iterator[scrapy.Request]:
        """A candidate column: keep it when it lists reports (or sub-columns that do)."""
        if not hasattr(response, "text"):
            return
        if "_CONFIG" in response.text and "/gkmlpt/" in response.url:
            yield from self.parse_gkmlpt(response)
            return
        found = detect(response.text, response.url)
        if found.system in COUNTY_SYSTEMS and not self._portal_like(response.text):
            col = FoundColumn(found.system, response.url, path=list(response.meta.get("trail") or []),
                              params=found.params, evidence=found.evidence)
            yield from self._county_listing(response, col)
            return
        col = FoundColumn("portal", response.url, path=list(response.meta.get("trail") or []))
        yield from self._collect(response, col, level=0)

    @staticmethod
    def _portal_like(html: str) -> bool:
        """Guangdong's NFCMS portal columns (meta NFCMS_*), read by the portal spider."""
        return "NFCMS_" in html

    # -- county systems ----------------------------------------------------------------------------
    def _county_listing(self, response: Response, col: FoundColumn) -> Iterator[scrapy.Request]:
        """A county column page: its rows (anchors, XML records), pager links, the system's API."""
        from spiders import hanweb, jpaas, trs, ucap

        col.pages += 1
        self._add_reports(col, L.anchors(Selector(text=response.text), response.url) + L.record_links(response.text, response.url))
        pages = L.page_links(Selector(text=response.text), response.url)
        pages += L.expand_param_pages(pages, L.total_pages(response.text))
        if col.system == "trs":
            pages += trs.script_pages(response.url, response.text)
        for url in pages:
            if url not in self._checked and self.allowed(url) and col.pages < MAX_DISCOVER_PAGES:
                self._checked.add(url)
                yield scrapy.Request(url, self._county_page, meta={"column": col})
        api: scrapy.Request | None = None
        if col.system == "hanweb":
            first = hanweb.first_proxy_request(response.url, response.text)
            if first:
                col.params.update(hanweb.jpage_form(response.text))
                api = scrapy.FormRequest(set_page_url(first[0], first[2]), formdata=first[1], callback=self._county_answer,
                                         meta={"column": col, "pager": first[2], "formdata": first[1]}, dont_filter=True)
        elif col.system in ("jpaas", "ucap"):
            first = (jpaas if col.system == "jpaas" else ucap).api_request(response.url, response.text, col.params)
            if first:
                url, pager = first
                url = set_page_url(url, pager)
                api = scrapy.Request(url, self._county_answer, meta={"column": col, "pager": pager}, dont_filter=True)
        if api is not None:
            yield api
        if col not in self.found and (col.reports or api is not None):
            self.found.append(col)

    def _county_page(self, response: Response) -> Iterator[scrapy.Request]:
        if hasattr(response, "text"):
            col: FoundColumn = response.meta["column"]
            col.pages += 1
            self._add_reports(col, L.anchors(Selector(text=response.text), response.url) + L.record_links(response.text, response.url))

    def _county_answer(self, response: Response) -> Iterator[scrapy.Request]:
        """An API page of a county column: its rows, then the next page while rows are new."""
        col: FoundColumn = response.meta["column"]
        pager = dict(response.meta["pager"])
        col.pages += 1
        body = response.text if hasattr(response, "text") else response.body.decode("utf-8", "replace")
        before = len(col.reports)
        links = L.links_in_answer(body, pager.get("listing") or response.url,
                                  response.headers.get("Content-Type", b"").decode("latin-1"))
        self._add_reports(col, links)
        if col not in self.found and col.reports:
            self.found.append(col)
        if not links or len(col.reports) == before and pager.get("value", 1) > 1 or col.pages >= MAX_DISCOVER_PAGES:
            return
        step = pager.get("size", 1) if pager.get("start") else 1
        pager["value"] = pager["value"] + step
        formdata = response.meta.get("formdata")
        url = set_page_url(response.url, pager)
        if formdata is not None:
            yield scrapy.FormRequest(url, formdata=formdata, callback=self._county_answer, dont_filter=True,
                                     meta={"column": col, "pager": pager, "formdata": formdata})
        else:
            yield scrapy.Request(url, self._county_answer, dont_filter=True, meta={"column": col, "pager": pager})

    @staticmethod
    def _add_reports(col: FoundColumn, links: list[L.Link]) -> None:
        seen = {r["url"] for r in col.reports}
        for link in links:
            if link.url not in seen and T.is_report_title(link.title) and T.title_year(link.title):
                seen.add(link.url)
                col.reports.append({"title": link.title, "year": T.title_year(link.title), "url": link.url})

    def _collect(self, response: Response, col: FoundColumn, level: int) -> Iterator[scrapy.Request]:
        sel = Selector(text=response.text)
        root = col.url.rsplit("/", 1)[0] + "/"
        for a in sel.css("a[href]"):
            url = urljoin(response.url, a.attrib["href"].strip()).split("#")[0]
            title = T.clean_title(a.attrib.get("title") or "".join(a.css("::text").getall()))
            if T.is_report_title(title) and T.title_year(title) and url.startswith(("http://", "https://")):
                if url not in {r["url"] for r in col.reports}:
                    col.reports.append({"title": title, "year": T.title_year(title), "url": url})
            elif level < 2 and url.startswith(root) and url != response.url and re.search(r"/index(?:_\d+)?\.s?html?$|/$", url):
                if url not in self._checked:
                    self._checked.add(url)
                    yield scrapy.Request(url, self._collect_cb, meta={"column": col, "level": level + 1})
        if col.reports and col not in self.found:
            self.found.append(col)

    def _collect_cb(self, response: Response) -> Iterator[scrapy.Request]:
        if hasattr(response, "text"):
            yield from self._collect(response, response.meta["column"], response.meta["level"])


def set_page_url(url: str, pager: dict[str, Any]) -> str:
    """``url`` with the pager's page number (or record range) in its query."""
    if pager.get("start"):
        return L.with_param(L.with_param(url, pager["start"], pager["value"]), pager["end"], pager["value"] + pager["size"] - 1)
    return L.with_param(url, pager["param"], pager["value"])
