"""The downloader middlewares real sites need: retries with backoff, challenge, fallback, host guard."""

from __future__ import annotations

import email.utils
import time
from pathlib import Path

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


def test_cookie_challenge_solved_without_browser() -> None:
    html = (FILES / "challenge521.html").read_text()
    cookies = solve_cookie_challenge(html, "http://www.panyu.gov.cn/a.html")
    assert cookies == [{"name": "__jsl_clearance_s", "value": "1391|0", "domain": "www.panyu.gov.cn", "path": "/"}]


def test_challenge_middleware_retries_with_cookie() -> None:
    crawler = crawler_with_spider()
    mw = CookieChallengeMiddleware.from_crawler(crawler)
    req = Request("http://www.panyu.gov.cn/a.html")
    resp = HtmlResponse(req.url, status=521, body=(FILES / "challenge521.html").read_bytes(), request=req)
    retry = mw.process_response(req, resp)
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
