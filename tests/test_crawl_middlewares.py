"""The downloader middlewares real sites need: retries with backoff, challenge, fallback, host guard."""

from __future__ import annotations

import asyncio
import email.utils
import time
from pathlib import Path
from typing import Any

import pytest
from scrapy import Request
from scrapy.core.downloader.handlers.http11 import TunnelError
from scrapy.exceptions import IgnoreRequest
from scrapy.http import HtmlResponse, Response
from scrapy.utils.test import get_crawler
from twisted.internet.error import TimeoutError as TxTimeoutError

from crawler.middlewares import (
    BackoffRetryMiddleware,
    CookieChallengeMiddleware,
    HostGuardMiddleware,
    ReplicaProxyMiddleware,
    SchemeFallbackMiddleware,
    retry_after_seconds,
    solve_cookie_challenge,
)
from crawler.settings import build_settings
from spiders.portal import PortalSpider

FILES = Path(__file__).parent / "files" / "crawl"


def crawler_with_spider(settings: dict | None = None):
    crawler = get_crawler(PortalSpider, settings or {})
    crawler.spider = PortalSpider.from_crawler(crawler, site="panyu")
    return crawler


def test_retry_after_seconds_and_http_date() -> None:
    now = time.time()
    assert retry_after_seconds(b"7") == 7.0
    later = email.utils.formatdate(now + 30, usegmt=True)
    assert 28 <= retry_after_seconds(later, now=now) <= 31
    assert retry_after_seconds(b"soon") is None


def test_retry_honours_retry_after() -> None:
    mw = BackoffRetryMiddleware.from_crawler(crawler_with_spider({"NIANBAO_RETRY_MAX_WAIT": 60}))
    req = Request("http://www.panyu.gov.cn/x")
    resp = Response(req.url, status=503, headers={"Retry-After": "12"}, request=req)
    retry = mw.process_response(req, resp)
    assert isinstance(retry, Request) and retry.meta["nianbao_delay"] == 12.0


def test_retry_backs_off_exponentially_and_gives_up() -> None:
    mw = BackoffRetryMiddleware.from_crawler(crawler_with_spider({"NIANBAO_RETRY_BACKOFF": 0.5, "RETRY_TIMES": 2}))
    req = Request("http://www.panyu.gov.cn/x")
    first = mw.process_exception(req, TxTimeoutError())
    second = mw.process_exception(first, TxTimeoutError())
    assert (first.meta["nianbao_delay"], second.meta["nianbao_delay"]) == (0.5, 1.0)
    assert mw.process_exception(second, TxTimeoutError()) is None  # retries exhausted: the errback records it
    resp = Response(req.url, status=500, request=second)
    assert mw.process_response(second, resp) is resp


def challenge(mw: CookieChallengeMiddleware, request: Request, response: Response) -> Any:
    """The challenge middleware's (async) answer to one response."""
    return asyncio.run(mw.process_response(request, response))


def test_cookie_challenge_solved_without_browser() -> None:
    html = (FILES / "challenge521.html").read_text()
    cookies = solve_cookie_challenge(html, "http://www.panyu.gov.cn/a.html")
    assert cookies == [{"name": "__jsl_clearance_s", "value": "1391|0", "domain": "www.panyu.gov.cn", "path": "/"}]


def test_challenge_middleware_retries_with_cookie() -> None:
    crawler = crawler_with_spider()
    mw = CookieChallengeMiddleware.from_crawler(crawler)
    req = Request("http://www.panyu.gov.cn/a.html")
    resp = HtmlResponse(req.url, status=521, body=(FILES / "challenge521.html").read_bytes(), request=req)
    retry = challenge(mw, req, resp)
    assert isinstance(retry, Request) and retry.dont_filter
    assert retry.cookies[0]["name"] == "__jsl_clearance_s" and retry.meta["challenge_tries"] == 1
    assert crawler.stats.get_value("nianbao/challenges_solved") == 1


def test_scheme_fallback_on_refused_tunnel_then_sticks_to_http() -> None:
    mw = SchemeFallbackMiddleware.from_crawler(crawler_with_spider())
    req = Request("https://www.panyu.gov.cn/zwgk/index.html")
    retry = mw.process_exception(req, TunnelError("Could not open CONNECT tunnel with proxy: 501"))
    assert retry.url == "http://www.panyu.gov.cn/zwgk/index.html"
    assert mw.process_exception(retry, TunnelError("again")) is None  # one fallback only
    later = mw.process_request(Request("https://www.panyu.gov.cn/other.html"))
    assert later.url == "http://www.panyu.gov.cn/other.html"
    assert mw.process_exception(Request("https://www.panyu.gov.cn/slow"), TxTimeoutError()) is None


def test_host_guard_blocks_other_hosts() -> None:
    mw = HostGuardMiddleware.from_crawler(crawler_with_spider())
    assert mw.process_request(Request("http://www.panyu.gov.cn/a")) is None
    with pytest.raises(IgnoreRequest):
        mw.process_request(Request("http://www.panyu-mirror.com/zwgk/zfxxgkndbg/index.html"))


def test_replica_proxy_only_in_replica_mode() -> None:
    from scrapy.exceptions import NotConfigured

    with pytest.raises(NotConfigured):
        ReplicaProxyMiddleware.from_crawler(crawler_with_spider())
    mw = ReplicaProxyMiddleware.from_crawler(crawler_with_spider({"NIANBAO_REPLICA_URL": "http://127.0.0.1:9"}))
    req = Request("http://www.panyu.gov.cn/")
    mw.process_request(req)
    assert req.meta["proxy"] == "http://127.0.0.1:9" and req.url == "http://www.panyu.gov.cn/"


def test_politeness_defaults_and_env(monkeypatch) -> None:
    s = build_settings()
    assert s.getfloat("DOWNLOAD_DELAY") == 1.0 and s.getbool("AUTOTHROTTLE_ENABLED") and s.getbool("ROBOTSTXT_OBEY")
    assert "Mozilla/5.0" in s["USER_AGENT"] and "Scrapy" not in s["USER_AGENT"]
    s = build_settings("http://127.0.0.1:9", {"DOWNLOAD_DELAY": 0})
    assert s.getfloat("DOWNLOAD_DELAY") == 0
    assert s.getdict("PLAYWRIGHT_LAUNCH_OPTIONS")["proxy"] == {"server": "http://127.0.0.1:9"}
    assert "--disable-background-networking" in s.getdict("PLAYWRIGHT_LAUNCH_OPTIONS")["args"]


# -- Jiasule (加速乐) two stages, Ruishu-style 412, host ownership ------------------------------------------
def browser_crawler():
    crawler = crawler_with_spider({"DOWNLOAD_HANDLERS": {"https": "scrapy_playwright.handler.ScrapyPlaywrightDownloadHandler"}})
    return crawler


def test_jiasule_stage2_go_solved_in_python() -> None:
    from crawler.middlewares import solve_go_challenge

    html = (FILES / "jiasule_stage2_go.html").read_text()
    (cookie,) = solve_go_challenge(html, "http://www.panyu.gov.cn/a.html")
    assert cookie == {"name": "__jsl_clearance_s", "value": "1709130143.073|0|gIRmPUaPUHdRFMJ620hUIMKJJCU%3D",
                      "domain": "www.panyu.gov.cn", "path": "/"}


def test_jiasule_both_stages_through_the_middleware() -> None:
    crawler = crawler_with_spider()
    mw = CookieChallengeMiddleware.from_crawler(crawler)
    req = Request("http://www.panyu.gov.cn/a.html")
    first = HtmlResponse(req.url, status=521, body=(FILES / "jiasule_stage1.html").read_bytes(), request=req,
                         headers={"Set-Cookie": "__jsluid_s=abc; path=/"})
    stage2 = challenge(mw, req, first)
    assert [c["name"] for c in stage2.cookies] == ["__jsl_clearance_s"] and stage2.cookies[0]["value"] == "10|0|ab"
    second = HtmlResponse(req.url, status=521, body=(FILES / "jiasule_stage2_go.html").read_bytes(), request=stage2)
    done = challenge(mw, stage2, second)
    assert done.cookies[-1]["value"].startswith("1709130143.073|0|gIR") and done.meta["challenge_tries"] == 2
    assert crawler.stats.get_value("nianbao/challenges_solved/go") == 1


def test_412_goes_straight_to_the_browser() -> None:
    crawler = browser_crawler()
    mw = CookieChallengeMiddleware.from_crawler(crawler)
    req = Request("https://www.panyu.gov.cn/a.html")
    body = b'<html><head><meta id="x" content="tok"><script src="/cb4U/O3mm.js"></script><script>_$a9()</script></head></html>'
    out = challenge(mw, req, HtmlResponse(req.url, status=412, body=body, request=req))
    assert out.meta["playwright"] is True and crawler.stats.get_value("nianbao/challenges_browser") == 1


def test_unsolvable_521_goes_to_the_browser_and_without_one_is_returned() -> None:
    req = Request("https://www.panyu.gov.cn/a.html")
    body = b"<html><script>go({\"bts\":[\"a\",\"b\"],\"chars\":\"xy\",\"ct\":\"00\",\"ha\":\"md5\"});</script></html>"
    resp = HtmlResponse(req.url, status=521, body=body, request=req)
    assert challenge(CookieChallengeMiddleware.from_crawler(browser_crawler()), req, resp).meta["playwright"]
    assert challenge(CookieChallengeMiddleware.from_crawler(crawler_with_spider()), req, resp) is resp


class _FakeContext:
    async def cookies(self) -> list[dict[str, str]]:
        return [{"name": "rs_token", "value": "ok", "domain": "www.panyu.gov.cn", "path": "/"},
                {"name": "other", "value": "x", "domain": "statistics.gd.gov.cn", "path": "/"}]


class _FakePage:
    context = _FakeContext()
    closed = False

    async def close(self) -> None:
        self.closed = True


def test_browser_passed_challenge_hands_its_cookies_back_to_plain_requests() -> None:
    """After Chromium got past a 412, the request is repeated without the browser, with the
    host's cookies from the browser, so JSON answers and attachments pass the WAF too."""
    crawler = browser_crawler()
    mw = CookieChallengeMiddleware.from_crawler(crawler)
    req = Request("http://www.panyu.gov.cn/gkmlpt/api/all/5?page=1")
    to_browser = challenge(mw, req, HtmlResponse(req.url, status=412, body=b"<script>x()</script>", request=req))
    assert to_browser.meta["playwright_include_page"]
    page = _FakePage()
    rendered = HtmlResponse(req.url, status=200, body=b"<html>ok</html>", request=to_browser)
    to_browser.meta["playwright_page"] = page
    again = challenge(mw, to_browser, rendered)
    assert isinstance(again, Request) and not again.meta.get("playwright") and page.closed
    assert [c["name"] for c in again.cookies] == ["rs_token"]
    assert crawler.stats.get_value("nianbao/challenges_passed_in_browser") == 1
    # the browser could not pass either: its answer is returned as it is, never looping
    failed = HtmlResponse(req.url, status=412, body=b"<script>x()</script>", request=to_browser)
    to_browser.meta["playwright_page"] = _FakePage()
    assert challenge(mw, to_browser, failed) is failed


def test_host_guard_uses_site_ownership_patterns_and_ports() -> None:
    crawler = get_crawler(PortalSpider, {})
    crawler.spider = PortalSpider.from_crawler(crawler, site="gz")
    mw = HostGuardMiddleware.from_crawler(crawler)
    assert mw.process_request(Request("http://fgw.gz.gov.cn/gkmlpt/index")) is None  # *.gz.gov.cn
    assert mw.process_request(Request("http://www.gz.gov.cn:80/x")) is None  # default port dropped
    for url in ("http://www.gz.gov.cn:8080/x", "https://statistics.gd.gov.cn/count.js", "http://gz.gov.cn.evil.com/"):
        with pytest.raises(IgnoreRequest):
            mw.process_request(Request(url))


def test_browser_aborts_every_host_the_crawl_does_not_own() -> None:
    from types import SimpleNamespace

    from crawler import settings as S
    from crawler.registry import get_site

    build_settings(browser_sites=[get_site("gz")])
    def req(url: str) -> SimpleNamespace:
        return SimpleNamespace(url=url, resource_type="script")

    assert not S.abort_browser_request(req("http://fgw.gz.gov.cn/gkmlpt/api/all/5?page=1"))
    assert S.abort_browser_request(req("https://statistics.gd.gov.cn/count.js?callback=jsonp1"))
    assert S.abort_browser_request(SimpleNamespace(url="http://www.gz.gov.cn/a.png", resource_type="image"))


def test_merge_concatenates_list_stats() -> None:
    from types import SimpleNamespace

    from crawler.crawl import _merge

    merged: dict = {}
    crawler = SimpleNamespace(spider=SimpleNamespace(site=SimpleNamespace(key="gz")))
    _merge(merged, "nianbao/gz/sources", [{"url": "a"}], crawler)
    _merge(merged, "nianbao/gz/sources", [{"url": "b"}], crawler)
    _merge(merged, "nianbao/gz/reports_found", 2, crawler)
    assert merged == {"nianbao/gz/sources": [{"url": "a"}, {"url": "b"}], "nianbao/gz/reports_found": 2}
