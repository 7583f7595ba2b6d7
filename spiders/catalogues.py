"""Department catalogues found at crawl time: a walk over the site's disclosure pages.

Domain: Guangdong districts and cities. Each department runs its own gkmlpt catalogue,
under a path prefix of the district host (``/gzpyjy/gkmlpt/``) or on a host of its own
(``fgw.gz.gov.cn/gkmlpt/``), and most departmental reports live only there
(REAL_SITES.md "Where the catalogues are"). No registry can keep that list current, so
each crawl walks from the home page along links that name the disclosure system
(政务公开, 政府信息公开, 部门 …) and collects every link into a gkmlpt catalogue.
Caveats: bounded (``NIANBAO_DISCOVERY_DEPTH`` clicks, ``NIANBAO_DISCOVERY_MAX_PAGES`` pages);
only hosts the site owns; a failing discovery page is a note, never a broken site.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import urljoin, urlsplit

import scrapy
from scrapy.http import Response

from spiders import text as T
from spiders.page import is_document_url, page_key

# …/gkmlpt/, …/gkmlpt/index, …/gkmlpt/mindex, …/gkmlpt/annualreport… (not /content/ or /api/)
CATALOGUE_PATH = re.compile(r"^(?P<prefix>/(?:[^/]+/)*?)gkmlpt(?:/(?:index|mindex|annualreport)[^/]*|/)?$", re.I)
DISCLOSURE_LINK = re.compile(r"政务公开|政府信息公开|信息公开|公开目录|部门|机构")
SKIP_LINK = re.compile(r"指南|申请|意见箱|信箱|留言|投诉|登录|注册|无障碍|关怀|English|年报|年度报告|工作要点", re.I)
ARTICLE_PATH = re.compile(r"/content/|m?post_\d+|/t\d{8}_|/art_\d+", re.I)


def catalogue_base(url: str) -> str | None:
    """``scheme://netloc/{prefix}gkmlpt/`` when ``url`` leads into a gkmlpt catalogue, else None."""
    parts = urlsplit(url)
    m = CATALOGUE_PATH.match(parts.path)
    if not m or not parts.netloc:
        return None
    return f"{parts.scheme}://{parts.netloc}{m.group('prefix')}gkmlpt/"


def link_text(a: Any) -> str:
    """What a link says: its title, its text, or the alt text of its image."""
    return T.clean_title(a.attrib.get("title") or "".join(a.css("::text").getall()) or a.css("img::attr(alt)").get())


class CatalogueDiscovery:
    """Mixin of the gkmlpt site spider: walk the disclosure pages, request each catalogue found.

    Needs ``catalogue_request(base, name=, configured=, found_via=)``, ``on_site`` and ``request``
    from the spider it is mixed into.
    """

    _discovery_seen: set[str]
    _discovery_pages: int

    def discovery_requests(self) -> Iterator[scrapy.Request]:
        """The walk's first page: the site's home page (``site.home``)."""
        if not self.settings.getbool("NIANBAO_DISCOVERY", True):
            return
        self._discovery_seen, self._discovery_pages = set(), 0
        req = self._discovery_request(self.site.home_url, 0)
        if req is not None:
            yield req

    def _discovery_request(self, url: str, depth: int) -> scrapy.Request | None:
        key = page_key(url)
        if key in self._discovery_seen or self._discovery_pages >= self.settings.getint("NIANBAO_DISCOVERY_MAX_PAGES", 60):
            return None
        self._discovery_seen.add(key)
        self._discovery_pages += 1
        self.inc("discovery_pages")
        return self.request(url, self.parse_discovery, errback=self.on_discovery_error, meta={"discovery_depth": depth})

    def parse_discovery(self, response: Response) -> Iterator[scrapy.Request]:
        """A page of the disclosure area: catalogues it links to, and the next disclosure pages."""
        if not hasattr(response, "text"):
            return
        depth: int = response.meta.get("discovery_depth", 0)
        max_depth = self.settings.getint("NIANBAO_DISCOVERY_DEPTH", 3)
        for a in response.selector.xpath("//a[@href]"):
            href = (a.attrib.get("href") or "").strip()
            if not href or href.startswith(("javascript:", "mailto:", "#")):
                continue
            url = urljoin(response.url, href)
            if not self.on_site(url):
                continue
            text = link_text(a)
            base = catalogue_base(url.split("#")[0])
            if base is not None:
                fragment = urlsplit(url).fragment
                category = int(fragment) if fragment.isdigit() and "annualreport" in urlsplit(url).path else None
                req = self.catalogue_request(base, name=text or None, configured=False, found_via=response.url,
                                             category=category)
                if req is not None:
                    yield req
                continue
            if (depth < max_depth and DISCLOSURE_LINK.search(T.normalize(text)) and not SKIP_LINK.search(text)
                    and not is_document_url(url) and not ARTICLE_PATH.search(urlsplit(url).path)):
                req = self._discovery_request(url.split("#")[0], depth + 1)
                if req is not None:
                    yield req

    def on_discovery_error(self, failure: Any) -> None:
        """A disclosure page that failed: the walk is best effort, so a note, not a failure."""
        request = getattr(failure, "request", None)
        response = getattr(failure.value, "response", None)
        what = f"HTTP {response.status}" if response is not None else type(failure.value).__name__
        self._append("notes", f"discovery: {what} {request.url if request is not None else '?'}")
