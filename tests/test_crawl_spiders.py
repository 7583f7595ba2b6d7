"""Spiders on stored fixture pages (tests/files/crawl/): one small test per field, no network."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from scrapy import Request
from scrapy.http import HtmlResponse, Response, TextResponse
from scrapy.utils.test import get_crawler

from spiders.gkmlpt import GkmlptSpider, report_categories
from spiders.portal import PortalSpider

FILES = Path(__file__).parent / "files" / "crawl"
PANYU = "http://www.panyu.gov.cn"


def spider(cls: type, site: str = "panyu", settings: dict | None = None):
    return cls.from_crawler(get_crawler(cls, settings), site=site)


def response(name: str, url: str, meta: dict | None = None, cls: type = HtmlResponse, status: int = 200):
    req = Request(url, meta=meta or {})
    return cls(url=url, body=(FILES / name).read_bytes(), encoding="utf-8", request=req, status=status)


def stats(sp) -> dict:
    return sp.crawler.stats.get_stats()


# -- portal list pages ----------------------------------------------------------------------------
@pytest.fixture
def listing():
    sp = spider(PortalSpider)
    url = f"{PANYU}/zwgk/zfxxgkndbg/index.html"
    out = list(sp.parse_listing(response("portal_list.html", url, {"column_root": f"{PANYU}/zwgk/zfxxgkndbg/"})))
    return sp, out


def test_listing_requests_report_rows(listing) -> None:
    _, out = listing
    urls = {r.url for r in out if r.callback.__name__ == "parse_article"}
    assert urls == {f"{PANYU}/zwgk/zfxxgkndbg/content/post_8801234.html", f"{PANYU}/zwgk/zfxxgkndbg/content/post_8801235.html"}


def test_listing_uses_full_title_attribute_and_row_date(listing) -> None:
    _, out = listing
    req = next(r for r in out if r.url.endswith("post_8801234.html"))
    assert req.meta["hint"] == {"title": "广州市番禺区教育局2021年政府信息公开工作年度报告", "date": "2022-01-20"}


def test_listing_skips_decoy_and_offsite_mirror(listing) -> None:
    _, out = listing
    assert not any("post_8801236" in r.url or "mirror-spam" in r.url for r in out)


def test_listing_follows_script_pagination_and_subcolumn(listing) -> None:
    _, out = listing
    pages = {r.url for r in out if r.callback.__name__ == "parse_listing"}
    assert pages == {f"{PANYU}/zwgk/zfxxgkndbg/index_1.html", f"{PANYU}/zwgk/zfxxgkndbg/index_2.html",
                     f"{PANYU}/zwgk/zfxxgkndbg/bm/index.html"}


def test_listing_with_rows_is_not_a_layout_error(listing) -> None:
    sp, _ = listing
    assert "nianbao/panyu/layout_errors" not in stats(sp)


def test_listing_without_rows_is_a_layout_error() -> None:
    sp = spider(PortalSpider)
    url = f"{PANYU}/zwgk/zfxxgkndbg/index.html"
    body = b'<html><body><div class="list-item" data-url="content/post_1.html">2021\xe5\xb9\xb4</div>' \
           b'<a href="index_2.html">next</a></body></html>'
    resp = HtmlResponse(url=url, body=body, request=Request(url, meta={"column_root": f"{PANYU}/zwgk/zfxxgkndbg/"}))
    list(sp.parse_listing(resp))
    assert stats(sp)["nianbao/panyu/layout_errors"] == 1
    assert "layout mismatch" in stats(sp)["nianbao/panyu/broken_reason"]


# -- portal article pages -------------------------------------------------------------------------
@pytest.fixture
def article():
    sp = spider(PortalSpider)
    url = f"{PANYU}/zwgk/zfxxgkndbg/content/post_8801234.html"
    items = list(sp.parse_article(response("portal_article.html", url, {"listing_url": f"{PANYU}/zwgk/zfxxgkndbg/index.html"})))
    assert len(items) == 1
    return items[0]


def test_article_title(article) -> None:
    assert article["title"] == "广州市番禺区教育局2021年政府信息公开工作年度报告"


def test_article_year(article) -> None:
    assert article["year"] == 2021


def test_article_agency_full_name(article) -> None:
    assert article["agency"] == "广州市番禺区教育局"


def test_article_publish_date(article) -> None:
    assert article["publish_date"] == "2022-01-20"


def test_article_site_district_system(article) -> None:
    assert (article["site"], article["district"], article["source_system"]) == ("panyu", "番禺区", "portal")


def test_article_attachments_on_site_only(article) -> None:
    urls = {a["url"]: a for a in article["attachments"]}
    assert set(urls) == {f"{PANYU}/attachment/0/123/123456/8801234.pdf", f"{PANYU}/img/0/8801/8801234/table1.png"}
    assert urls[f"{PANYU}/attachment/0/123/123456/8801234.pdf"]["mime"] == "application/pdf"
    assert urls[f"{PANYU}/attachment/0/123/123456/8801234.pdf"]["name"] == "番禺区教育局2021年年报.pdf"


def test_article_page_record(article) -> None:
    page = article["page"]
    assert page["url"] == page["final_url"] == article["url"]
    assert page["status"] == 200 and page["body"].startswith(b"<!DOCTYPE html>")
    assert page["fetched_at"].endswith("Z")
    assert article["listing_url"].endswith("/zwgk/zfxxgkndbg/index.html")


def test_article_year_from_body_and_docx_attachment() -> None:
    sp = spider(PortalSpider)
    url = f"{PANYU}/zwgk/zfxxgkndbg/content/post_8801240.html"
    (item,) = sp.parse_article(response("portal_article_body_year.html", url))
    assert item["year"] == 2020
    assert item["agency"] == "广州市番禺区司法局"
    assert item["attachments"][0]["mime"].endswith("wordprocessingml.document")


def test_decoy_article_yields_nothing() -> None:
    sp = spider(PortalSpider)
    url = f"{PANYU}/x/content/post_1.html"
    body = "<html><body><h1>广州市番禺区2023年政务公开工作要点</h1><div class='content'>一、总体要求……</div></body></html>"
    resp = HtmlResponse(url=url, body=body.encode(), encoding="utf-8", request=Request(url))
    assert list(sp.parse_article(resp)) == []


@pytest.mark.parametrize(("settings", "years"), [({}, [2018]), ({"NIANBAO_MIN_YEAR": 2019}, [])])
def test_2018_report_taken_unless_min_year_says_otherwise(settings: dict, years: list[int]) -> None:
    """A real 2018 report (old format) is taken by default (2008 on); NIANBAO_MIN_YEAR=2019 leaves it."""
    sp = spider(PortalSpider, settings=settings)
    url = f"{PANYU}/zwgk/zfxxgkndbg/content/post_2.html"
    for title in ("广州市番禺区人民政府2018年政府信息公开工作年度报告", "政府信息公开工作年度报告"):
        body = (f"<html><body><h1>{title}</h1><div class='content'>本报告中所列数据的统计期限自2018年1月1日起"
                "至2018年12月31日止。2018年度政府信息公开工作情况如下。</div></body></html>")
        resp = HtmlResponse(url=url, body=body.encode(), encoding="utf-8", request=Request(url))
        assert [i["year"] for i in sp.parse_article(resp)] == years, title


# -- gkmlpt ----------------------------------------------------------------------------------------
def test_gkmlpt_config_tree_js_literal_gives_report_categories() -> None:
    sp = spider(GkmlptSpider)
    entry = sp.site.gkmlpt[0]
    out = list(sp.parse_index(response("gkmlpt_index.html", f"{PANYU}/gkmlpt/index", {"entry": entry})))
    assert [r.url for r in out] == [f"{PANYU}/gkmlpt/api/all/2?page=1&sid=200011"]


def test_report_categories_keep_children_and_skip_guide() -> None:
    tree = [{"id": 2, "name": "政府信息公开年报", "children": [{"id": 21, "name": "2021年"}]},
            {"id": 3, "name": "政府信息公开指南"}]
    assert [c["id"] for c in report_categories(tree)] == [2]


@pytest.fixture
def api_out():
    sp = spider(GkmlptSpider)
    state = {"base": f"{PANYU}/gkmlpt/", "sid": "200011", "cat": 2, "post_count": None, "seen": set()}
    url = f"{PANYU}/gkmlpt/api/all/2?page=1&sid=200011"
    resp = response("gkmlpt_api_page1.json", url, {"state": state, "page": 1, "attempt": 0}, cls=TextResponse)
    return sp, list(sp.parse_api(resp))


def test_gkmlpt_api_requests_reports_not_decoys(api_out) -> None:
    _, out = api_out
    urls = [r.url for r in out if r.callback.__name__ == "parse_article"]
    assert urls == [f"{PANYU}/gkmlpt/content/3/3512/post_3512345.html", f"{PANYU}/gkmlpt/content/3/3512/mpost_3512347.html"]


def test_gkmlpt_api_without_total_asks_the_next_page_not_post_count(api_out) -> None:
    """classify.post_count (3 here) is not the goal (REAL_SITES.md); without ``total`` only a short
    page, an empty page or a 404 ends the listing."""
    _, out = api_out
    assert [r.url for r in out if r.callback.__name__ == "parse_api"] == [f"{PANYU}/gkmlpt/api/all/2?page=2&sid=200011"]


def test_gkmlpt_api_hint_carries_publisher_and_attachments(api_out) -> None:
    _, out = api_out
    hint = out[0].meta["hint"]
    assert hint["publisher"] == "广州市番禺区教育局"
    assert hint["attachments"][0]["mime"] == "application/pdf"


def test_gkmlpt_api_404_before_total_is_retried_with_backoff() -> None:
    sp = spider(GkmlptSpider, settings={"NIANBAO_GKMLPT_BACKOFF": 0.5})
    state = {"base": f"{PANYU}/gkmlpt/", "sid": "1", "cat": 2, "total": 250, "seen": set(range(100))}
    url = f"{PANYU}/gkmlpt/api/all/2?page=2&sid=1"
    resp = TextResponse(url=url, body=b"", status=404, request=Request(url, meta={"state": state, "page": 2, "attempt": 1}))
    (retry,) = sp.parse_api(resp)
    assert retry.url == url and retry.meta["attempt"] == 2
    assert 0.5 <= retry.meta["nianbao_delay"] <= 1.5  # 0.5 s doubled once, with ±50% jitter


def test_gkmlpt_api_403_falls_back_to_browser_cookies_then_the_rendered_list() -> None:
    """A refused API: first Chromium runs the shell for the cookies its JavaScript sets (and the
    API is asked again with them); refused again, the list the page renders is read."""
    sp = spider(GkmlptSpider)
    state = {"base": f"{PANYU}/gkmlpt/", "sid": "1", "cat": 2, "post_count": None, "seen": set()}
    url = f"{PANYU}/gkmlpt/api/all/2?page=1&sid=1"
    resp = TextResponse(url=url, body=b"forbidden", status=403, request=Request(url, meta={"state": state, "page": 1, "attempt": 0}))
    (cookie_render,) = sp.parse_api(resp)
    assert cookie_render.meta["playwright"] is True and cookie_render.meta["playwright_include_page"]
    assert cookie_render.url == f"{PANYU}/gkmlpt/index" and cookie_render.callback == sp.parse_cookie_render
    (dom_render,) = sp.parse_api(resp)
    assert dom_render.meta["playwright"] is True and dom_render.url == f"{PANYU}/gkmlpt/index#2"
    assert list(sp.parse_api(resp)) == []  # each fallback once per category


def test_gkmlpt_api_unexpected_json_is_layout_error() -> None:
    sp = spider(GkmlptSpider)
    state = {"base": f"{PANYU}/gkmlpt/", "sid": "1", "cat": 2, "post_count": None, "seen": set()}
    url = f"{PANYU}/gkmlpt/api/all/2?page=1&sid=1"
    body = json.dumps({"code": 0, "data": {"list": []}}).encode()
    resp = TextResponse(url=url, body=body, request=Request(url, meta={"state": state, "page": 1, "attempt": 0}))
    assert list(sp.parse_api(resp)) == []
    assert stats(sp)["nianbao/panyu/layout_errors"] == 1


def test_gkmlpt_article_detail_and_metadata_table() -> None:
    sp = spider(GkmlptSpider)
    url = f"{PANYU}/gkmlpt/content/3/3512/mpost_3512347.html"
    (item,) = sp.parse_article(response("gkmlpt_article.html", url))
    assert item["agency"] == "广州市番禺区卫生健康局"
    assert item["year"] == 2020
    assert item["source_system"] == "gkmlpt"
    assert item["publish_date"] is None  # the page gives only 成文日期 (DETAIL.date): not a publish date
    assert [a["url"] for a in item["attachments"]] == [f"{PANYU}/attachment/0/2/2001/3512347.pdf"]


def test_report_published_as_a_bare_file_in_the_list() -> None:
    sp = spider(PortalSpider)
    url = f"{PANYU}/zwgk/zfxxgkndbg/index.html"
    body = ('<html><body><ul><li><a href="/attachment/0/9/9001/9001.pdf">广州市番禺区水务局2022年政府信息公开工作年度报告</a>'
            '<span>2023-01-30</span></li><li><a href="/attachment/0/9/9002/9002.pdf">番禺区2023年政务公开工作要点</a>'
            '</li></ul></body></html>').encode()
    resp = HtmlResponse(url=url, body=body, request=Request(url, meta={"column_root": f"{PANYU}/zwgk/zfxxgkndbg/"}))
    (req,) = sp.parse_listing(resp)
    assert req.url == f"{PANYU}/attachment/0/9/9001/9001.pdf" and req.callback == sp.parse_document
    pdf = Response(req.url, body=b"%PDF-1.7 ...", headers={"Content-Type": "application/pdf"}, request=req)
    (item,) = sp.parse_document(pdf)
    assert (item["agency"], item["year"], item["publish_date"]) == ("广州市番禺区水务局", 2022, "2023-01-30")
    assert item["page"]["body"].startswith(b"%PDF") and item["url"] == req.url


def test_gkmlpt_api_not_json_tries_the_browser() -> None:
    sp = spider(GkmlptSpider)
    state = {"base": f"{PANYU}/gkmlpt/", "sid": "1", "cat": 2, "post_count": None, "seen": set()}
    url = f"{PANYU}/gkmlpt/api/all/2?page=1&sid=1"
    resp = TextResponse(url=url, body=b"<html>waf</html>", request=Request(url, meta={"state": state, "page": 1, "attempt": 0}))
    (req,) = sp.parse_api(resp)
    assert req.meta["playwright"] is True
    assert "not JSON" in stats(sp)["nianbao/panyu/notes"]


def test_gkmlpt_category_jumping_to_a_portal_column_is_crawled_as_one() -> None:
    from spiders.combined import PortalGkmlptSpider

    sp = spider(PortalGkmlptSpider)
    body = ("<script>window._CONFIG = {SID: '9', TREE: [{id: 7, name: '政府信息公开年报', post_count: 0, "
            "jump_url: '/zwgk/zfxxgkndbg/index.html', children: []}]};</script>").encode()
    url = f"{PANYU}/gkmlpt/index"
    resp = HtmlResponse(url=url, body=body, request=Request(url, meta={"entry": sp.site.gkmlpt[0]}))
    (req,) = sp.parse_index(resp)
    assert req.url == f"{PANYU}/zwgk/zfxxgkndbg/index.html" and req.callback == sp.parse_listing


def test_one_spider_per_site_covers_all_its_systems() -> None:
    import dataclasses

    from crawler.registry import get_site
    from spiders.combined import PortalGkmlptSpider, spider_for

    panyu = get_site("panyu")
    assert spider_for(panyu) is PortalGkmlptSpider
    assert spider_for(dataclasses.replace(panyu, gkmlpt=())) is PortalSpider
    assert spider_for(dataclasses.replace(panyu, portal_columns=())) is GkmlptSpider
    sp = spider(PortalGkmlptSpider)
    first = {r.url for r in sp.start_requests()}
    assert first == {f"{PANYU}/zwgk/zfxxgkndbg/index.html", f"{PANYU}/gkmlpt/index", f"{PANYU}/"}  # + discovery walk
