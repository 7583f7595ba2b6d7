"""Scrapy settings of every nianbao crawl; politeness is env-tunable (``NIANBAO_*``).

Live and replica crawls use the same settings; the replica only adds a proxy
(``NIANBAO_REPLICA_URL``). Load them with :func:`build_settings`, which also applies a
run's overrides (e.g. the archive's ITEM_PIPELINES).
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from scrapy.settings import Settings

from crawler.config import env_bool, env_float, env_int

BOT_NAME = "nianbao"
SPIDER_MODULES = ["spiders"]
NEWSPIDER_MODULE = "spiders"

# A browser's User-Agent: some sites reset connections from anything else.
USER_AGENT = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/124.0.0.0 Safari/537.36"
)
DEFAULT_REQUEST_HEADERS = {
    "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
    "Accept-Language": "zh-CN,zh;q=0.9,en;q=0.5",
}

# Politeness: about one request a second per host.
ROBOTSTXT_OBEY = env_bool("NIANBAO_ROBOTSTXT", True)
DOWNLOAD_DELAY = env_float("NIANBAO_DOWNLOAD_DELAY", 1.0)
DOWNLOAD_DELAY_JITTER = 0
CONCURRENT_REQUESTS = env_int("NIANBAO_CONCURRENT_REQUESTS", 16)
CONCURRENT_REQUESTS_PER_DOMAIN = env_int("NIANBAO_CONCURRENT_PER_DOMAIN", 1)
AUTOTHROTTLE_ENABLED = env_bool("NIANBAO_AUTOTHROTTLE", True)
AUTOTHROTTLE_START_DELAY = DOWNLOAD_DELAY
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
DOWNLOAD_TIMEOUT = env_float("NIANBAO_DOWNLOAD_TIMEOUT", 30)

# Retries with backoff that honour Retry-After (crawler.middlewares.BackoffRetryMiddleware).
RETRY_ENABLED = True
RETRY_TIMES = env_int("NIANBAO_RETRY_TIMES", 3)
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
NIANBAO_RETRY_BACKOFF = env_float("NIANBAO_RETRY_BACKOFF", 1.0)
NIANBAO_RETRY_MAX_WAIT = env_float("NIANBAO_RETRY_MAX_WAIT", 60.0)
DOWNLOAD_FAIL_ON_DATALOSS = True
# gkmlpt APIs answer 404 when asked too fast: wait and ask again (base seconds, doubling).
NIANBAO_GKMLPT_BACKOFF = env_float("NIANBAO_GKMLPT_BACKOFF", 1.0)
NIANBAO_GKMLPT_RETRIES = env_int("NIANBAO_GKMLPT_RETRIES", 4)
# WAF cookie challenges answered per request before the browser takes over (Jiasule has two stages).
NIANBAO_CHALLENGE_TRIES = env_int("NIANBAO_CHALLENGE_TRIES", 3)
# window._CONFIG scripts longer than this are not read (a recorded page failure); real pages reach ~5 MB.
NIANBAO_MAX_CONFIG_BYTES = env_int("NIANBAO_MAX_CONFIG_BYTES", 16 * 1024 * 1024)
# Department catalogues found at crawl time: links followed from the home page (clicks, pages).
NIANBAO_DISCOVERY = env_bool("NIANBAO_DISCOVERY", True)
NIANBAO_DISCOVERY_DEPTH = env_int("NIANBAO_DISCOVERY_DEPTH", 3)
NIANBAO_DISCOVERY_MAX_PAGES = env_int("NIANBAO_DISCOVERY_MAX_PAGES", 60)
# First report year taken (spiders.base.SiteSpider.min_year): the Regulations took effect in 2008.
NIANBAO_MIN_YEAR = env_int("NIANBAO_MIN_YEAR", 2008)

DOWNLOADER_MIDDLEWARES = {
    "crawler.middlewares.HostGuardMiddleware": 60,
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "crawler.middlewares.BackoffRetryMiddleware": 550,
    "crawler.middlewares.CookieChallengeMiddleware": 560,
    "crawler.middlewares.SchemeFallbackMiddleware": 570,
    "crawler.middlewares.PageEncodingMiddleware": 580,  # after decompression (590), before the spiders
    "crawler.middlewares.ReplicaProxyMiddleware": 740,
    "crawler.middlewares.DelayMiddleware": 940,
    "crawler.middlewares.SiteStatsMiddleware": 950,
}
ITEM_PIPELINES: dict[str, int] = {}

# JavaScript pages (gkmlpt shells whose API refuses plain clients) go through Chromium;
# only requests with meta["playwright"] = True use it.
NIANBAO_BROWSER = env_bool("NIANBAO_BROWSER", True)
TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"
# Installed per spider (see BROWSER_HANDLERS) for the families that may need a browser; the
# handler starts Playwright on the first page that needs it, not with the engine (one Node
# driver per site, most nights none: spiders.browser_handler).
BROWSER_HANDLERS = {
    "http": "spiders.browser_handler.LazyPlaywrightDownloadHandler",
    "https": "spiders.browser_handler.LazyPlaywrightDownloadHandler",
}
PLAYWRIGHT_BROWSER_TYPE = "chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--no-first-run", "--disable-sync", "--disable-dev-shm-usage",
]
NIANBAO_BROWSER_WAIT_MS = env_int("NIANBAO_BROWSER_WAIT_MS", 20000)
NIANBAO_BROWSER_RETRIES = env_int("NIANBAO_BROWSER_RETRIES", 1)
PLAYWRIGHT_DEFAULT_NAVIGATION_TIMEOUT = env_int("NIANBAO_BROWSER_TIMEOUT_MS", 30000)
PLAYWRIGHT_MAX_CONTEXTS = 2
PLAYWRIGHT_ABORT_REQUEST = "crawler.settings.abort_browser_request"
PLAYWRIGHT_PROCESS_REQUEST_HEADERS = "crawler.settings.browser_request_headers"

# Pages (listings, articles, API answers) are capped far below Scrapy's 1 GiB default: an
# endless page once read 1.09 GB and a 100 MB page blocked the event loop for 87 s (issue 12).
# Real article pages stay under 4 MB (the largest gkmlpt page with its SITE_INFO is 3.3 MB);
# attachments carry their own ``download_maxsize`` (NIANBAO_MAX_DOCUMENT_MB, pipelines.archive).
# A cut page is a recorded failure of that page (spiders.base.SiteSpider.on_error).
DOWNLOAD_MAXSIZE = env_int("NIANBAO_MAX_PAGE_MB", 16) * 1024 * 1024
DOWNLOAD_WARNSIZE = min(4 * 1024 * 1024, DOWNLOAD_MAXSIZE)

LOG_LEVEL = "INFO"
# Scrapy's check for generator callbacks that return a value reads and parses the callback's
# source for every response: its cache is keyed by the bound method, a new object per request,
# so it never hits (8% of the crawl's CPU, issue 14). A lint for development, not for a night.
WARN_ON_GENERATOR_RETURN_VALUE = False
TELNETCONSOLE_ENABLED = False
# Scrapy >= 2.19 starts an HTTP server that runs Python code sent to it (token-protected): an
# unattended crawler of hostile sites has no use for a remote shell.
REMOTE_CONTROL_ENABLED = False
REQUEST_FINGERPRINTER_IMPLEMENTATION = "2.7"
FEED_EXPORT_ENCODING = "utf-8"


def chromium_executable() -> str | None:
    """Debian's Chromium when installed, else None (Playwright's own browser, if installed).

    The headless shell comes first: it is what Playwright itself runs headless, and unlike
    the full browser it makes no requests of its own (sign-in, component updates to
    accounts.google.com / update.googleapis.com), so every request the crawl's browser
    makes is one a page asked for.
    """
    for name in ("chromium-headless-shell", "chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    return "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None


def launch_options(replica_url: str | None) -> dict[str, Any]:
    options: dict[str, Any] = {"headless": True, "args": CHROMIUM_ARGS}
    exe = chromium_executable()
    if exe:
        options["executable_path"] = exe
    if replica_url:
        options["proxy"] = {"server": replica_url}
    return options


_BROWSER_SITES: list[Any] = []  # the crawl's registry Sites (set by build_settings)
_BROWSER_HOSTS: set[str] = set()  # extra exact hosts (discovery of a site not in the registry)


def _browser_may_fetch(url: str) -> bool:
    from crawler.registry import load_registry, netloc_of

    if not _BROWSER_SITES and not _BROWSER_HOSTS:
        _BROWSER_SITES.extend(load_registry())
    return any(site.owns(url) for site in _BROWSER_SITES) or netloc_of(url) in _BROWSER_HOSTS \
        or (urlsplit(url).hostname or "").lower() in _BROWSER_HOSTS


def abort_browser_request(request: Any) -> bool:
    """Chromium may only talk to hosts the crawl's sites own (``Site.owns``: ports and host
    patterns included) — never a visit counter on statistics.gd.gov.cn — and needs no images,
    fonts, media or styles for a listing."""
    if request.resource_type in {"image", "font", "media", "stylesheet"}:
        return True
    return not _browser_may_fetch(request.url)


async def browser_request_headers(*, browser_type_name: str, playwright_request: Any,
                                  scrapy_request_data: dict) -> dict[str, str]:
    """scrapy-playwright's headers, plus Scrapy's cookies on the page's own requests (fetch/XHR).

    A cookie Scrapy earned (e.g. the WAF clearance solved without a browser) must also
    ride on the API calls the page's JavaScript makes; cookies the page set itself stay.
    """
    from scrapy_playwright.headers import use_scrapy_headers

    headers = await use_scrapy_headers(browser_type_name=browser_type_name, playwright_request=playwright_request,
                                       scrapy_request_data=scrapy_request_data)
    scrapy_cookie = scrapy_request_data["headers"].get("Cookie")
    if scrapy_cookie and not playwright_request.is_navigation_request():
        pairs = dict(p.strip().split("=", 1) for p in (headers.get("cookie") or "").split(";") if "=" in p)
        for p in scrapy_cookie.decode("latin-1").split(";"):
            if "=" in p:
                name, value = p.strip().split("=", 1)
                pairs.setdefault(name, value)
        headers["cookie"] = "; ".join(f"{k}={v}" for k, v in pairs.items())
    return headers


def build_settings(replica_url: str | None = None, overrides: dict[str, Any] | None = None,
                   *, browser_hosts: set[str] | None = None, browser_sites: list[Any] | None = None) -> Settings:
    """The crawl's Settings: this module, the replica proxy when given, then ``overrides``.

    ``browser_sites`` (registry Sites) and ``browser_hosts`` (exact hosts) are what Chromium
    may fetch from (:func:`abort_browser_request`).
    """
    settings = Settings()
    settings.setmodule(__name__, priority="project")
    settings.set("NIANBAO_REPLICA_URL", replica_url, priority="project")
    settings.set("PLAYWRIGHT_LAUNCH_OPTIONS", launch_options(replica_url), priority="project")
    if browser_sites:
        _BROWSER_SITES.extend(s for s in browser_sites if s not in _BROWSER_SITES)
    if browser_hosts:
        _BROWSER_HOSTS.update(h.lower() for h in browser_hosts)
    for key, value in (overrides or {}).items():
        settings.set(key, value, priority="cmdline")
    return settings


def browser_handlers(settings: Any) -> dict[str, str]:
    """DOWNLOAD_HANDLERS for a spider that may render pages: scrapy-playwright unless the browser is off."""
    return dict(BROWSER_HANDLERS) if settings.getbool("NIANBAO_BROWSER", True) else {}
