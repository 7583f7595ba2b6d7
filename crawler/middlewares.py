"""Downloader middlewares for what real government sites need.

Each class does one job: route through the replica, keep requests on the agencies'
own hosts, count requests per site, wait before a retry (Retry-After / backoff),
answer the WAF's cookie challenges (Jiasule 521 in both stages without a browser;
Ruishu-style 412 in the browser), and fall back between https and http.
"""

from __future__ import annotations

import asyncio
import codecs
import email.utils
import hashlib
import itertools
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
from scrapy.http import Response, TextResponse

logger = logging.getLogger(__name__)


def _offline_public_suffixes() -> None:
    """Scrapy's cookie middleware asks tldextract whether a cookie's domain is a public suffix;
    tldextract then downloads the Public Suffix List on first use (a request to publicsuffix.org
    in the middle of a crawl, failing noisily offline). The list bundled with tldextract is
    enough to refuse ``gov.cn``-wide cookies, so use it and never fetch."""
    try:
        import scrapy.downloadermiddlewares.cookies as cookies_mw
        from tldextract import TLDExtract
    except ImportError:  # pragma: no cover - both are Scrapy dependencies
        return
    if hasattr(cookies_mw, "_split_domain"):
        cookies_mw._split_domain = TLDExtract(suffix_list_urls=(), include_psl_private_domains=True)


_offline_public_suffixes()


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
    """Never let a request leave the site's own hosts (mirror/spam sites copy paths).

    A site spider's hosts are what ``Site.owns`` says (exact ``host[:port]`` or a registry
    ``host_patterns`` entry such as ``*.gz.gov.cn``); a spider without a site (discovery)
    names its ``allowed_hosts``.
    """

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> HostGuardMiddleware:
        return cls(crawler)

    def process_request(self, request: Request) -> None:
        spider = self.crawler.spider
        site = getattr(spider, "site", None)
        hosts = getattr(spider, "allowed_hosts", None)
        if site is not None and hasattr(site, "owns"):
            allowed = site.owns(request.url)
            named = ", ".join([*site.hosts, *getattr(site, "host_patterns", ())])
        elif callable(getattr(spider, "allowed", None)):  # discovery: the home page's host and its sub-hosts
            allowed = spider.allowed(request.url)
            named = ", ".join(hosts or ()) + " and hosts under its domain"
        elif hosts:
            allowed = (urlsplit(request.url).hostname or "").lower() in hosts
            named = ", ".join(hosts)
        else:
            return None
        if not allowed:
            self.crawler.stats.inc_value("nianbao/offsite_blocked")
            raise IgnoreRequest(f"offsite host {urlsplit(request.url).netloc} (allowed: {named})")
        return None

    def process_response(self, request: Request, response: Response) -> Response:
        """The answer must come from an owned ``host:port`` too: a redirect Scrapy follows is a new
        request checked above, but a browser follows redirects itself (issue 12, point 8)."""
        if response.url != request.url:
            self.process_request(request.replace(url=response.url))
        return response


class PageEncodingMiddleware:
    """Decode text answers the way the extractor does (``extract.formats.encoding.decode``).

    Why: Scrapy trusts the declared charset; a GBK page labelled UTF-8 came out as mojibake, its
    title matched nothing and the report vanished without a record (issue 12, point 4). The
    extractor's order (BOM, a ``<meta>`` charset that really decodes, strict UTF-8, GB18030) is
    what the answer's encoding is set to, so every spider's ``response.text`` and selectors read
    the page as the archive's extraction will. The bytes are never changed.
    """

    def process_response(self, request: Request, response: Response) -> Response:
        if not isinstance(response, TextResponse) or not response.body:
            return response
        enc = encoding_like_extractor(response.body)
        if enc and codecs.lookup(enc).name != codecs.lookup(response.encoding).name:
            return response.replace(encoding=enc)
        return response


def encoding_like_extractor(body: bytes) -> str | None:
    """The codec whose decoding of ``body`` equals ``extract.formats.encoding.decode(body)``
    (the candidates ``decode`` tries); None when none does (then ``decode`` replaced bytes)."""
    from extract.formats.encoding import decode

    text = decode(body)
    for enc in ("utf-8-sig", "gb18030", "utf-16", "big5", "latin-1"):
        try:
            if body.decode(enc) == text:
                return "utf-8" if enc == "utf-8-sig" and not body.startswith(codecs.BOM_UTF8) else enc
        except UnicodeDecodeError:
            continue
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


EVENT_WAIT_LIMIT = 120.0  # seconds a request awaits a gate's event before it asks the gate again


class DelayMiddleware:
    """Wait ``request.meta["nianbao_delay"]`` seconds before sending (retry backoff, Retry-After),
    then for the spider's ``send_gate(request)`` (per-host spacing of rate-limited APIs).

    Only the delayed request waits; the crawl's other requests go on meanwhile.
    """

    def __init__(self, crawler: Crawler | None = None) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DelayMiddleware:
        return cls(crawler)

    async def process_request(self, request: Request) -> None:
        delay = float(request.meta.get("nianbao_delay") or 0)
        if delay > 0:
            await asyncio.sleep(delay)
        spider = getattr(self.crawler, "spider", None)
        gate = getattr(spider, "send_gate", None)
        if gate is not None:
            event_of = getattr(spider, "send_gate_event", None)
            while (wait := gate(request)) > 0:
                event = event_of(request) if event_of is not None else None
                if event is None:  # spacing: the time is the event
                    await asyncio.sleep(wait)
                    continue
                try:  # held for a render in flight: go when it ends (bounded, should it never report)
                    await asyncio.wait_for(event.wait(), timeout=EVENT_WAIT_LIMIT)
                except TimeoutError:
                    pass
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


MAX_JS_BYTES = 1 << 20


def eval_js_isolated(code: list[str], timeout: float = 10.0, memory_mb: int = 512) -> Any:
    """Evaluate untrusted JavaScript in dukpy in a child process, so a hostile loop cannot hang the
    crawl: killed at ``timeout`` (``subprocess.TimeoutExpired``), its address space capped at
    ``memory_mb``, and at most ``MAX_JS_BYTES`` of script (issue 12, point 2)."""
    if sum(len(c) for c in code) > MAX_JS_BYTES:
        raise RuntimeError(f"challenge script larger than {MAX_JS_BYTES} bytes: not run")
    proc = subprocess.run([sys.executable, "-c", _EVAL_CHILD], input=json.dumps(code), capture_output=True,
                          text=True, timeout=timeout, check=False, preexec_fn=_js_limits(memory_mb))
    if proc.returncode != 0:
        raise RuntimeError(proc.stderr.strip().splitlines()[-1] if proc.stderr.strip() else "JS engine failed")
    return json.loads(proc.stdout)


def _js_limits(memory_mb: int) -> Any:
    def apply() -> None:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (memory_mb * 1024 * 1024, memory_mb * 1024 * 1024))
        resource.setrlimit(resource.RLIMIT_CPU, (30, 30))
    return apply


# Jiasule's second stage: ``go({"bts": [a, b], "chars": "…", "ct": "<hex>", "ha": "sha256", "tn": "__jsl_clearance_s",
# "vt": "3600", "wt": "1500"})``; the cookie is ``bts[0] + c1 + c2 + bts[1]`` for the two characters of
# ``chars`` whose hash (``ha``) is ``ct``. Public solvers do the same brute force: OSinoooO/js_cracker
# gsxt_jiyan_cracker/crack_jsl_clearance.py (the loop over chars × chars); the first stage
# (``document.cookie=…;location.href=…``) is plain script, see the requests-based crawler in the
# search index that evaluates it before reading ``go({…})`` (mafengwo example, "get_cookie_one/two").
_GO_CALL = re.compile(r"\bgo\(\s*(\{.*?\})\s*\)", re.S)
_HASHES = {"md5", "sha1", "sha224", "sha256", "sha384", "sha512"}


def solve_go_challenge(html: str, url: str) -> list[dict[str, str]]:
    """The ``__jsl_clearance_s`` cookie of Jiasule's second stage, computed in Python (no JS engine).

    Returns [] when the page has no ``go({…})`` call or no pair of characters matches.
    """
    import chompjs

    params: dict[str, Any] = {}
    for m in _GO_CALL.finditer(html):  # the first go({…}) that parses to the challenge's object
        try:
            parsed = chompjs.parse_js_object(m.group(1))
        except ValueError:
            continue
        if isinstance(parsed, dict) and "bts" in parsed:
            params = parsed
            break
    bts, chars, ct = params.get("bts"), str(params.get("chars") or ""), str(params.get("ct") or "").lower()
    ha = str(params.get("ha") or "").lower()
    if not (isinstance(bts, list) and len(bts) == 2 and chars and ct and ha in _HASHES):
        return []
    for c1, c2 in itertools.product(chars, repeat=2):
        value = f"{bts[0]}{c1}{c2}{bts[1]}"
        if hashlib.new(ha, value.encode()).hexdigest() == ct:
            name = str(params.get("tn") or "__jsl_clearance_s")
            return [{"name": name, "value": value, "domain": urlsplit(url).hostname or "", "path": "/"}]
    return []


class CookieChallengeMiddleware:
    """Answer the WAF's cookie challenges and retry the request.

    - 521 with ``go({bts, chars, ct, ha, …})`` (Jiasule stage 2): solved in Python.
    - 521 with a small cookie script (Jiasule stage 1, or a single-stage challenge): the script
      runs in a sandboxed JS engine (dukpy) in a child process.
    - 412 (Ruishu-style: dynamic tokens and external scripts, nothing small to solve) and any
      challenge the solvers cannot pass within ``NIANBAO_CHALLENGE_TRIES``: handed to Chromium
      (scrapy-playwright) when the browser is on.
    """

    codes = (521, 412)

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.max_tries = crawler.settings.getint("NIANBAO_CHALLENGE_TRIES", 3)
        self.browser = "playwright" in str(crawler.settings.getdict("DOWNLOAD_HANDLERS")).lower()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CookieChallengeMiddleware:
        return cls(crawler)

    async def process_response(self, request: Request, response: Response) -> Request | Response:
        if request.meta.get(BROWSER_PASS):
            return await self._after_browser(request, response)
        if response.status not in self.codes:
            return response
        if request.meta.get("playwright"):
            return response  # the browser ran the challenge itself; the body is the page it reached
        tries = request.meta.get("challenge_tries", 0)
        meta = {**request.meta, "challenge_tries": tries + 1}
        if response.status == 412 or tries >= self.max_tries or b"<script" not in response.body.lower():
            return self._to_browser(request, response, meta)
        cookies = await asyncio.to_thread(self._solve, request, response)  # a script may take seconds: off the loop
        if not cookies:
            return self._to_browser(request, response, meta)
        self.crawler.stats.inc_value("nianbao/challenges_solved")
        return self._with_cookies(request, cookies, meta)

    @staticmethod
    def _with_cookies(request: Request, cookies: list[dict[str, str]], meta: dict[str, Any]) -> Request:
        solved = {c["name"] for c in cookies}
        kept = [c for c in _as_list(request.cookies) if c["name"] not in solved]
        return request.replace(cookies=kept + cookies, meta=meta, dont_filter=True)

    def _solve(self, request: Request, response: Response) -> list[dict[str, str]]:
        text = response.text if hasattr(response, "text") else response.body.decode("utf-8", "replace")
        if "go(" in text:
            cookies = solve_go_challenge(text, request.url)
            if cookies:
                self.crawler.stats.inc_value("nianbao/challenges_solved/go")
                return cookies
        ua = (request.headers.get("User-Agent") or b"Mozilla/5.0").decode("latin-1")
        try:
            return solve_cookie_challenge(text, request.url, ua)
        except Exception as exc:  # noqa: BLE001 - any script failure means: try the browser
            logger.info("cookie challenge on %s not solvable without a browser: %s", request.url, exc)
            return []

    def _to_browser(self, request: Request, response: Response, meta: dict[str, Any]) -> Request | Response:
        """Let Chromium pass the challenge once; its cookies then serve plain requests (JSON, files)."""
        if not self.browser:
            return response
        self.crawler.stats.inc_value("nianbao/challenges_browser")
        browser_meta = {**meta, "playwright": True, "playwright_include_page": True, BROWSER_PASS: True}
        return request.replace(meta=browser_meta, dont_filter=True)

    async def _after_browser(self, request: Request, response: Response) -> Request | Response:
        """Take the cookies the challenge page set in Chromium and repeat the request without it.

        The same request goes out again as a plain Scrapy request carrying those cookies, so
        Scrapy's cookie jar passes the WAF for every later request to the host (an API's
        JSON or an attachment would not survive being rendered as a page).
        """
        mine = await browser_cookies(response)
        if response.status in self.codes or not mine or request.meta.get("challenge_browser_done"):
            return response  # the browser did not get past it either (or nothing to hand back)
        self.crawler.stats.inc_value("nianbao/challenges_passed_in_browser")
        meta = {k: v for k, v in request.meta.items()
                if k not in (BROWSER_PASS, "playwright", "playwright_include_page", "playwright_page")}
        meta["challenge_browser_done"] = True
        return self._with_cookies(request, mine, meta)


async def browser_cookies(response: Response) -> list[dict[str, str]]:
    """The cookies Chromium holds for the response's host (closing the page scrapy-playwright
    handed over with ``playwright_include_page``), in Scrapy's cookie form."""
    page = response.meta.get("playwright_page")
    cookies: list[dict[str, Any]] = []
    if page is not None:
        try:
            cookies = await page.context.cookies()
        except Exception as exc:  # noqa: BLE001 - a closed browser: nothing to hand back
            logger.info("could not read the browser's cookies for %s: %s", response.url, exc)
        finally:
            await _close_page(page)
    host = (urlsplit(response.url).hostname or "").lower()
    return [{"name": c["name"], "value": c["value"], "domain": host, "path": c.get("path") or "/"}
            for c in cookies if host.endswith(str(c.get("domain") or "").lstrip(".").lower())]


BROWSER_PASS = "nianbao_challenge_browser"


async def _close_page(page: Any) -> None:
    try:
        await page.close()
    except Exception:  # noqa: BLE001 - already closed
        pass


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
