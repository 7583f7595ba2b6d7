"""The revalidating page cache: always asks the server, trusts only a 304, hides no failure."""

from __future__ import annotations

from scrapy.http import HtmlResponse, Request
from scrapy.settings import Settings

from archive.httpcache import RevalidatePolicy

CACHED = HtmlResponse("http://www.example.gov.cn/a.html", body=b"<html>old</html>",
                      headers={"ETag": '"abc"', "Last-Modified": "Mon, 01 Jan 2024 00:00:00 GMT",
                               "Cache-Control": "max-age=999999"})


def test_cached_page_is_never_fresh_and_gets_validators() -> None:
    policy = RevalidatePolicy(Settings())
    request = Request("http://www.example.gov.cn/a.html")
    assert policy.is_cached_response_fresh(CACHED, request) is False
    assert request.headers[b"If-None-Match"] == b'"abc"'
    assert request.headers[b"If-Modified-Since"] == b"Mon, 01 Jan 2024 00:00:00 GMT"


def test_only_a_304_validates_the_cached_copy() -> None:
    policy = RevalidatePolicy(Settings())
    request = Request("http://www.example.gov.cn/a.html")
    for status, valid in ((304, True), (500, False), (503, False), (200, False)):
        response = HtmlResponse(request.url, status=status, body=b"")
        assert policy.is_cached_response_valid(CACHED, response, request) is valid


def test_browser_requests_are_not_cached() -> None:
    policy = RevalidatePolicy(Settings())
    assert not policy.should_cache_request(Request("http://h/x", meta={"playwright": True}))
    assert policy.should_cache_request(Request("http://h/x"))
