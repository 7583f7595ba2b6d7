"""Downloader middlewares for what real government sites need.

Each class does one job: route through the replica, keep requests on the agencies'
own hosts, count requests per site, wait before a retry (Retry-After / backoff),
solve the JavaScript cookie challenge (521/412) without a browser, and fall back
between https and http.
"""

from __future__ import annotations

import asyncio
import email.utils
import json
import logging
import re
import subprocess
import sys
import time
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.retry import RetryMiddleware, get_retry_request
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.http import Response

logger = logging.getLogger(__name__)


def _site_key(crawler: Crawler) -> str | None:
    site = getattr(crawler.spider, "site", None)
    return getattr(site, "key", None)


class ReplicaProxyMiddleware:
    """Send every request through the replica's forward proxy; the URLs stay the real ones."""

    def __init__(self, proxy_url: str) -> None:
        self.proxy_url = proxy_url

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ReplicaProxyMiddleware:
        url = crawler.settings.get("NIANBAO_REPLICA_URL")
        if not url:
            raise NotConfigured("live mode: no proxy")
        return cls(url)

    def process_request(self, request: Request) -> None:
        request.meta.setdefault("proxy", self.proxy_url)


class HostGuardMiddleware:
    """Never let a request leave the site's registry hosts (mirror/spam sites copy paths)."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> HostGuardMiddleware:
        return cls(crawler)

    def process_request(self, request: Request) -> None:
        spider = self.crawler.spider
        hosts = getattr(spider, "allowed_hosts", None) or getattr(getattr(spider, "site", None), "hosts", None)
        if not hosts:
            return None
        host = (urlsplit(request.url).hostname or "").lower()
        if host not in hosts:
            self.crawler.stats.inc_value("nianbao/offsite_blocked")
            raise IgnoreRequest(f"offsite host {host} (allowed: {', '.join(hosts)})")
        return None


class SiteStatsMiddleware:
    """Count requests and answers per registry site (``nianbao/<site>/requests``) for the run report."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SiteStatsMiddleware:
        return cls(crawler)

    def process_request(self, request: Request) -> None:
        key = _site_key(self.crawler) or "_"
        self.crawler.stats.inc_value(f"nianbao/{key}/requests")

    def process_response(self, request: Request, response: Response) -> Response:
        key = _site_key(self.crawler) or "_"
        stats = self.crawler.stats
        stats.inc_value(f"nianbao/{key}/responses")
        stats.inc_value(f"nianbao/{key}/bytes", len(response.body))
        if 200 <= response.status < 400:
            stats.inc_value(f"nianbao/{key}/ok_responses")
        return response


class DelayMiddleware:
    """Wait ``request.meta["nianbao_delay"]`` seconds before sending (retry backoff, Retry-After).

    Only the delayed request waits; the crawl's other requests go on meanwhile.
    """

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DelayMiddleware:
        return cls()

    async def process_request(self, request: Request) -> None:
        delay = float(request.meta.get("nianbao_delay") or 0)
        if delay > 0:
            await asyncio.sleep(delay)
        return None


def retry_after_seconds(value: bytes | str | None, now: float | None = None) -> float | None:
    """Seconds asked by a Retry-After header (delta-seconds or an HTTP date)."""
    if not value:
        return None
    text = value.decode("latin-1") if isinstance(value, bytes) else value
    text = text.strip()
    if text.isdigit():
        return float(text)
    try:
        when = email.utils.parsedate_to_datetime(text).timestamp()
    except (TypeError, ValueError):
        return None
    return max(0.0, when - (now if now is not None else time.time()))


class BackoffRetryMiddleware(RetryMiddleware):
    """Scrapy's retries, but waiting before each: Retry-After when the server says, else exponential backoff."""

    def __init__(self, settings: Any) -> None:
        super().__init__(settings)
        self.base = settings.getfloat("NIANBAO_RETRY_BACKOFF", 1.0)
        self.cap = settings.getfloat("NIANBAO_RETRY_MAX_WAIT", 60.0)

    def _wait(self, request: Request, response: Response | None) -> float:
        asked = retry_after_seconds(response.headers.get("Retry-After")) if response is not None else None
        if asked is not None:
            return min(asked, self.cap)
        return min(self.base * (2 ** request.meta.get("retry_times", 0)), self.cap)

    def process_response(self, request: Request, response: Response) -> Request | Response:
        if request.meta.get("dont_retry", False) or response.status not in self.retry_http_codes:
            return response
        wait = self._wait(request, response)
        new = self._retry(request, f"HTTP {response.status}")
        if new is None:
            return response
        new.meta["nianbao_delay"] = wait
        return new

    def process_exception(self, request: Request, exception: Exception) -> Request | Response | None:
        if not isinstance(exception, self.exceptions_to_retry) or request.meta.get("dont_retry", False):
            return None
        wait = self._wait(request, None)
        new = self._retry(request, exception)
        if new is not None:
            new.meta["nianbao_delay"] = wait
        return new

    def _retry(self, request: Request, reason: Any) -> Request | None:
        return get_retry_request(
            request, reason=reason, spider=self.crawler.spider,
            max_retry_times=request.meta.get("max_retry_times", self.max_retry_times),
            priority_adjust=request.meta.get("priority_adjust", self.priority_adjust),
            give_up_log_level=request.meta.get("give_up_log_level", self.give_up_log_level),
        )


_COOKIE_JS = """
var __cookies = [];
var document = {};
Object.defineProperty(document, 'cookie', {
  set: function (v) { __cookies.push(String(v)); },
  get: function () { return __cookies.map(function (c) { return c.split(';')[0]; }).join('; '); }
});
var location = {href: %(url)s, reload: function () {}, replace: function () {}, assign: function () {}};
var window = this; window.document = document; window.location = location;
var navigator = {userAgent: %(ua)s};
var setTimeout = function (f) { if (typeof f === 'function') { f(); } };
"""


def solve_cookie_challenge(html: str, url: str, user_agent: str = "Mozilla/5.0") -> list[dict[str, str]]:
    """Run a challenge page's scripts in a sandboxed JS engine (dukpy) and return the cookies they set.

    Cookies come back in Scrapy's list form (name, value, domain, path; path "/" unless the
    script says otherwise). The engine has no DOM and no network: a script that needs more
    than ``document.cookie``, ``location`` and ``setTimeout`` fails, and the caller falls
    back to a real browser.
    """
    scripts = re.findall(r"<script[^>]*>(.*?)</script>", html, flags=re.S | re.I)
    if not scripts:
        return []
    prelude = _COOKIE_JS % {"url": json.dumps(url), "ua": json.dumps(user_agent)}
    raw = eval_js_isolated([prelude, *scripts, "__cookies"])
    host = urlsplit(url).hostname or ""
    cookies: list[dict[str, str]] = []
    for c in raw or []:
        pair, *attrs = str(c).split(";")
        if "=" not in pair:
            continue
        name, value = pair.split("=", 1)
        path = next((a.split("=", 1)[1].strip() for a in attrs if a.strip().lower().startswith("path=")), "/")
        cookies.append({"name": name.strip(), "value": value.strip(), "domain": host, "path": path or "/"})
    return cookies


_EVAL_CHILD = "import json, sys, dukpy; print(json.dumps(dukpy.evaljs(json.load(sys.stdin))))"


def eval_js_isolated(code: list[str], timeout: float = 10.0) -> Any:
    """Evaluate untrusted JavaScript in dukpy in a child process, so a hostile loop cannot hang the crawl."""
    proc = subprocess.run([sys.executable, "-c", _EVAL_CHILD], input=json.dumps(code), capture_output=True,
                          text=True, timeout=timeout, check=False)
    if proc.returncode != 0:
        raise RuntimeError(proc.stderr.strip().splitlines()[-1] if proc.stderr.strip() else "JS engine failed")
    return json.loads(proc.stdout)


class CookieChallengeMiddleware:
    """Answer the WAF's JavaScript cookie challenge (521/412 + a small script) and retry.

    Solved in a sandboxed JS engine without a browser; when that fails and the browser is
    enabled, the request is retried once through Chromium (scrapy-playwright).
    """

    codes = (521, 412)

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.max_tries = crawler.settings.getint("NIANBAO_CHALLENGE_TRIES", 2)
        self.browser = "scrapy_playwright" in str(crawler.settings.getdict("DOWNLOAD_HANDLERS"))

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CookieChallengeMiddleware:
        return cls(crawler)

    def process_response(self, request: Request, response: Response) -> Request | Response:
        if response.status not in self.codes or b"<script" not in response.body.lower():
            return response
        if request.meta.get("playwright"):
            return response  # the browser ran the challenge itself; the body is the page it reached
        tries = request.meta.get("challenge_tries", 0)
        if tries >= self.max_tries:
            return response
        stats = self.crawler.stats
        ua = (request.headers.get("User-Agent") or b"Mozilla/5.0").decode("latin-1")
        try:
            cookies = solve_cookie_challenge(response.text, request.url, ua)
        except Exception as exc:  # noqa: BLE001 - any script failure means: try the browser
            logger.info("cookie challenge on %s not solvable without a browser: %s", request.url, exc)
            cookies = {}
        meta = {**request.meta, "challenge_tries": tries + 1}
        if cookies:
            stats.inc_value("nianbao/challenges_solved")
            solved = {c["name"] for c in cookies}
            kept = [c for c in _as_list(request.cookies) if c["name"] not in solved]
            return request.replace(cookies=kept + cookies, meta=meta, dont_filter=True)
        if self.browser:
            stats.inc_value("nianbao/challenges_browser")
            return request.replace(meta={**meta, "playwright": True}, dont_filter=True)
        return response


def _as_list(cookies: Any) -> list[dict[str, str]]:
    if isinstance(cookies, dict):
        return [{"name": k, "value": v} for k, v in cookies.items()]
    if isinstance(cookies, list):
        return [c for c in cookies if isinstance(c, dict) and "name" in c]
    return []


class SchemeFallbackMiddleware:
    """https ↔ http fallback: some sites answer only over http (and the replica refuses CONNECT).

    After one fallback succeeds for a host, later requests to it use the working scheme.
    """

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.preferred: dict[str, str] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SchemeFallbackMiddleware:
        return cls(crawler)

    def process_request(self, request: Request) -> Request | None:
        parts = urlsplit(request.url)
        want = self.preferred.get(parts.hostname or "")
        if want and parts.scheme != want and not request.meta.get("playwright"):
            return request.replace(url=urlunsplit(parts._replace(scheme=want)))
        return None

    def process_exception(self, request: Request, exception: Exception) -> Request | None:
        if request.meta.get("scheme_fallback") or not _is_connect_error(exception):
            return None
        parts = urlsplit(request.url)
        other = "http" if parts.scheme == "https" else "https"
        self.preferred[parts.hostname or ""] = other
        self.crawler.stats.inc_value("nianbao/scheme_fallbacks")
        logger.info("%s failed (%s); trying %s", request.url, type(exception).__name__, other)
        return request.replace(url=urlunsplit(parts._replace(scheme=other)),
                               meta={**request.meta, "scheme_fallback": True}, dont_filter=True)


def _is_connect_error(exc: Exception) -> bool:
    """Errors meaning "this scheme does not work here" (refused, no tunnel, TLS), not a slow server."""
    from scrapy.core.downloader.handlers.http11 import TunnelError
    from twisted.internet import error as terr

    if isinstance(exc, TunnelError | terr.ConnectionRefusedError | terr.DNSLookupError | terr.SSLError):
        return True
    return type(exc).__module__.startswith("OpenSSL")
