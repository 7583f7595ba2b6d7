"""Issue 12, points 2, 4, 5 and 8 at the unit level: the pieces the hostile crawl relies on."""

from __future__ import annotations

import subprocess
import time

import pytest
from scrapy.exceptions import IgnoreRequest
from scrapy.http import HtmlResponse, Request, TextResponse
from scrapy.utils.test import get_crawler

from crawler.middlewares import (
    HostGuardMiddleware,
    PageEncodingMiddleware,
    encoding_like_extractor,
    eval_js_isolated,
)
from extract.formats.encoding import decode
from spiders.page import js_config
from spiders.portal import PortalSpider

TITLE = "广州市番禺区教育局2022年政府信息公开工作年度报告"


def test_looping_challenge_script_is_killed_at_its_timeout():
    start = time.monotonic()
    with pytest.raises(subprocess.TimeoutExpired):
        eval_js_isolated(["while (true) {}"], timeout=2)
    assert time.monotonic() - start < 6


def test_memory_hungry_challenge_script_hits_its_memory_limit():
    start = time.monotonic()
    with pytest.raises(RuntimeError):
        eval_js_isolated(["var a = []; while (true) { a.push(new Array(1000000).join('x')); }"], timeout=20,
                         memory_mb=256)
    assert time.monotonic() - start < 15


def test_oversized_challenge_script_is_not_run():
    with pytest.raises(RuntimeError, match="larger than"):
        eval_js_isolated(["var x = '" + "a" * (2 << 20) + "';"])


def test_config_is_data_never_code():
    assert js_config("<script>window._CONFIG = (function(){while(true){}})();</script>") is None
    assert js_config("<script>window._CONFIG = {a: " + "[" * 100000 + "]" * 100000 + "};</script>") is None
    assert js_config("<script>window._CONFIG = {SID: '200001'};</script>") == {"SID": "200001"}


def test_gbk_page_labelled_utf8_gets_the_extractors_encoding():
    body = f'<html><head><meta charset="utf-8"><title>{TITLE}</title></head><body><h1>{TITLE}</h1></body></html>'
    resp = HtmlResponse("http://www.panyu.gov.cn/a.html", body=body.encode("gbk"),
                        headers={"Content-Type": "text/html; charset=utf-8"})
    assert TITLE not in resp.text  # what Scrapy alone reads
    fixed = PageEncodingMiddleware().process_response(resp.request, resp)
    assert fixed.css("h1::text").get() == TITLE and fixed.body == resp.body
    assert fixed.text == decode(resp.body)
    utf8 = HtmlResponse("http://www.panyu.gov.cn/b.html", body=body.encode(), headers={"Content-Type": "text/html"})
    assert PageEncodingMiddleware().process_response(utf8.request, utf8) is utf8
    assert encoding_like_extractor(body.encode("gbk")) == "gb18030"
    json_answer = TextResponse("http://www.panyu.gov.cn/api", body='{"a": "年报"}'.encode())
    assert PageEncodingMiddleware().process_response(json_answer.request, json_answer).text == '{"a": "年报"}'


def test_host_guard_refuses_an_answer_from_another_port():
    """A browser follows redirects itself: the answer's own URL is checked too."""
    crawler = get_crawler(PortalSpider, {})
    crawler.spider = PortalSpider.from_crawler(crawler, site="panyu")
    mw = HostGuardMiddleware.from_crawler(crawler)
    req = Request("http://www.panyu.gov.cn/zwgk/a.html")
    same = HtmlResponse(req.url, body=b"<html></html>", request=req)
    assert mw.process_response(req, same) is same
    moved = HtmlResponse("http://www.panyu.gov.cn:8080/zwgk/a.html", body=b"<html></html>", request=req)
    with pytest.raises(IgnoreRequest, match="offsite host www.panyu.gov.cn:8080"):
        mw.process_response(req, moved)
