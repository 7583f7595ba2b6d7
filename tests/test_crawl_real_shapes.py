"""Spiders on fixtures shaped like the real sites (REAL_SITES.md; each fixture names its source)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from scrapy import Request
from scrapy.http import HtmlResponse, TextResponse
from scrapy.utils.test import get_crawler

from spiders import text as T
from spiders.combined import PortalGkmlptSpider
from spiders.gkmlpt import GkmlptSpider, is_report_category
from spiders.page import ConfigError, guess_mime, labelled_values, read_config
from spiders.portal import PortalSpider

FILES = Path(__file__).parent / "files" / "crawl"
PANYU = "http://www.panyu.gov.cn"


def spider(cls: type = PortalGkmlptSpider, site: str = "panyu", settings: dict | None = None):
    return cls.from_crawler(get_crawler(cls, settings), site=site)


def html(name: str, url: str, meta: dict | None = None, status: int = 200) -> HtmlResponse:
    return HtmlResponse(url=url, body=(FILES / name).read_bytes(), encoding="utf-8",
                        request=Request(url, meta=meta or {}), status=status)


def stats(sp) -> dict:
    return sp.crawler.stats.get_stats()


# -- _CONFIG -----------------------------------------------------------------------------------------
def test_config_js_literal_with_statements_after_it() -> None:
    cfg = read_config((FILES / "gkmlpt_index_department_tree.html").read_text())
    assert cfg["SID"] == "200011" and cfg["TREE"][1]["name"] == "政务公开年度报告"


def test_config_raw_detail_after_site_info() -> None:
    cfg = read_config((FILES / "gkmlpt_content_detail_raw.html").read_text())
    assert cfg["DETAIL"]["create_time"] == 1674028800 and "<img" in cfg["DETAIL"]["content"]


def test_config_json_parse_form_is_decoded_in_python() -> None:
    cfg = read_config((FILES / "gkmlpt_article.html").read_text())
    assert cfg["DETAIL"]["publisher"] == "广州市番禺区卫生健康局"


def test_config_multi_megabyte_page_and_cap() -> None:
    big = "<script>window._CONFIG = {SID: '1', SITE_INFO: " + json.dumps({"x": "y" * 5_000_000}) + \
          ", DETAIL: {title: 't'}}; var a = 1;</script>"
    assert read_config(big)["DETAIL"] == {"title": "t"}
    with pytest.raises(ConfigError):
        read_config(big, max_bytes=1_000_000)


def test_page_without_config_costs_nothing_and_broken_config_is_an_error() -> None:
    assert read_config("<html><body>no config</body></html>") is None
    with pytest.raises(ConfigError):
        read_config("<script>window._CONFIG = not an object;</script>")


def test_unreadable_config_is_a_recorded_page_failure() -> None:
    sp = spider(settings={"NIANBAO_MAX_CONFIG_BYTES": 200})
    url = f"{PANYU}/gzpyjy/gkmlpt/content/8/8018/post_8018386.html"
    list(sp.parse_article(html("gkmlpt_content_detail_raw.html", url)))
    assert stats(sp)["nianbao/panyu/config_errors"] == 1 and stats(sp)["nianbao/panyu/failed"] == 1
    assert "unreadable window._CONFIG" in stats(sp)["nianbao/panyu/failures"]


# -- gkmlpt article page: DETAIL, agency, dates, attachments ------------------------------------------
@pytest.fixture
def detail_item():
    sp = spider(GkmlptSpider)
    url = f"{PANYU}/gzpyjy/gkmlpt/content/8/8018/post_8018386.html"
    (item,) = sp.parse_article(html("gkmlpt_content_detail_raw.html", url, {"family": "gkmlpt"}))
    return item


def test_detail_title_year_and_agency_from_fabuji_gou(detail_item) -> None:
    assert detail_item["title"] == "广州市番禺区教育局2022年政府信息公开工作年度报告"
    assert (detail_item["year"], detail_item["agency"]) == (2022, "广州市番禺区教育局")


def test_detail_publish_date_is_create_time_not_written_date(detail_item) -> None:
    assert detail_item["publish_date"] == "2023-01-18"  # create_time; DETAIL.date (成文日期) is 2023-01-01


def test_detail_attachments_docx_mime_and_content_image_no_chrome(detail_item) -> None:
    atts = {a["url"]: a["mime"] for a in detail_item["attachments"]}
    assert atts == {
        f"{PANYU}/gzpyjy/attachment/8/8018/8018386/10794083.docx":
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        f"{PANYU}/gzpyjy/attachment/8/8018/8018386/table1.png": "image/png",
    }  # no /global/ logo or badge, no footer application form


def test_agency_never_placeholder_nor_site_name() -> None:
    assert T.choose_agency([None, "本网"], "2022年政府信息公开工作年度报告", "广州市番禺区人民政府") == "广州市番禺区人民政府"
    assert T.choose_agency(["广州市番禺区人民政府", "本站"], "广州市番禺区教育局2022年政府信息公开工作年度报告",
                           "广州市番禺区人民政府") == "广州市番禺区教育局"
    assert T.choose_agency(["番禺区教育局"], "广州市番禺区教育局2022年政府信息公开工作年度报告", "广州市番禺区人民政府") \
        == "广州市番禺区教育局"  # the fuller of two matching names
    assert all(T.is_placeholder_agency(v) for v in ("本网", "本站", "网站", "原创", "广州市番禺区人民政府门户网站"))


def test_labelled_values_label_span_and_inline_pairs() -> None:
    sel = html("nfcms_article_zoom.html", "http://fgw.gz.gov.cn/a.html").selector
    assert labelled_values(sel) == {"发布日期": "2023-01-30", "来源": "原创"}
    sel = html("gkmlpt_content_detail_raw.html", f"{PANYU}/a.html").selector
    found = labelled_values(sel)
    assert (found["发布机构"], found["发布日期"], found["成文日期"]) == ("广州市番禺区教育局", "2023-01-18", "2023-01-01")


def test_guess_mime_prefers_the_extension() -> None:
    assert guess_mime("http://x/a.docx", "application/msword").endswith("wordprocessingml.document")
    assert guess_mime("http://x/attachment/1/2", "application/pdf") == "application/pdf"


# -- NFCMS portal pages -------------------------------------------------------------------------------
def test_nfcms_text_con_article() -> None:
    sp = spider(PortalSpider)
    url = f"{PANYU}/gzyxjy/zwgk/content/post_9912345.html"
    (item,) = sp.parse_article(html("nfcms_article_text_con.html", url))
    assert item["title"] == "广州市越秀区教育局2022年政府信息公开工作年度报告"
    assert item["agency"] == "广州市越秀区教育局" and item["publish_date"] == "2023-01-20"
    assert [a["url"] for a in item["attachments"]] == [f"{PANYU}/gzyxjy/attachment/9/9912/9912345/nb2022.pdf",
                                                       f"{PANYU}/gzyxjy/attachment/9/9912/9912345/biao1.jpg"]


def test_nfcms_zoom_article_on_a_department_host() -> None:
    sp = spider(PortalSpider, site="gz")
    url = "http://fgw.gz.gov.cn/zwgk/content/post_1.html"
    (item,) = sp.parse_article(html("nfcms_article_zoom.html", url))
    assert item["title"] == "广州市发展和改革委员会2022年政府信息公开工作年度报告"
    assert (item["agency"], item["publish_date"], item["year"]) == ("广州市发展和改革委员会", "2023-01-30", 2022)
    assert [a["url"] for a in item["attachments"]] == ["http://fgw.gz.gov.cn/attachment/0/55/55001/nb.wps"]


def test_nfcms_list_rows_pager_and_no_script_src() -> None:
    sp = spider(PortalSpider)
    url = f"{PANYU}/gzyxjy/zwgk/ndbg/index.html"
    out = list(sp.parse_listing(html("nfcms_list_li.html", url, {"column_root": f"{PANYU}/gzyxjy/zwgk/ndbg/"})))
    assert {r.url for r in out} == {f"{PANYU}/gzyxjy/gkmlpt/content/9/9912/mpost_9912345.html",
                                    f"{PANYU}/gzyxjy/zwgk/ndbg/index_2.html"}
    assert "nianbao/panyu/layout_errors" not in stats(sp)


# -- gkmlpt paging --------------------------------------------------------------------------------------
def api(sp, name_or_body: str | bytes, page: int = 1, state: dict | None = None, status: int = 200, attempt: int = 0):
    state = state if state is not None else {"base": f"{PANYU}/gzpyjy/gkmlpt/", "sid": "1", "cat": 5, "seen": set(),
                                             "total": None, "page_size": 0, "source": None}
    url = f"{state['base']}api/all/{state['cat']}?page={page}&sid=1"
    body = name_or_body if isinstance(name_or_body, bytes) else (FILES / name_or_body).read_bytes()
    resp = TextResponse(url=url, body=body, encoding="utf-8", status=status,
                        request=Request(url, meta={"state": state, "page": page, "attempt": attempt}))
    return state, list(sp.parse_api(resp))


def test_total_not_post_count_is_the_goal() -> None:
    sp = spider()
    state, out = api(sp, "gkmlpt_api_total_below_post_count.json")
    assert state["total"] == 3 and not [r for r in out if r.callback == sp.parse_api]  # 3 of 3 listed: done


def test_api_hint_has_publish_fields_not_written_date_and_docx_mime() -> None:
    sp = spider()
    _, out = api(sp, "gkmlpt_api_total_below_post_count.json")
    hint = out[0].meta["hint"]
    assert hint["create_time"] == 1674028800 and "date" not in hint
    assert hint["attachments"][0]["mime"].endswith("wordprocessingml.document")


def test_type_url_entry_is_followed_on_site_and_deduplicated() -> None:
    sp = spider()
    _, out = api(sp, "gkmlpt_api_total_below_post_count.json")
    urls = [r.url for r in out]
    assert f"{PANYU}/zwgk/zfxxgkndbg/content/post_8801300.html" in urls
    again = sp.article_request("https://www.panyu.gov.cn/zwgk/zfxxgkndbg/content/post_8801300.html", listing_url="x")
    assert again is None  # the same page reached through the portal column (other scheme) is one page


def test_404_past_total_ends_quietly_and_short_page_stops() -> None:
    sp = spider()
    state = {"base": f"{PANYU}/gkmlpt/", "sid": "1", "cat": 5, "seen": set(range(100)), "total": 100,
             "page_size": 100, "source": None}
    assert api(sp, b"", page=2, state=state, status=404)[1] == []
    no_total = {**state, "total": None, "seen": set(range(100))}
    assert api(sp, b"", page=2, state=no_total, status=404)[1] == []
    short = {**state, "total": None, "seen": set()}
    body = json.dumps({"articles": [{"id": i, "title": "x"} for i in range(1000, 1040)]}).encode()
    assert api(sp, body, page=2, state=short)[1] == []  # 40 < 100: the last page
    assert "nianbao/panyu/failed" not in stats(sp)


def test_404_before_total_is_retried_then_a_recorded_failure() -> None:
    sp = spider(settings={"NIANBAO_GKMLPT_RETRIES": 2})
    state = {"base": f"{PANYU}/gkmlpt/", "sid": "1", "cat": 5, "seen": set(range(100)), "total": 221,
             "page_size": 100, "source": None}
    (retry,) = api(sp, b"", page=2, state=state, status=404, attempt=0)[1]
    assert retry.meta["attempt"] == 1 and retry.meta["nianbao_delay"] > 0
    assert api(sp, b"", page=2, state=state, status=404, attempt=2)[1] == []
    assert stats(sp)["nianbao/panyu/failed"] == 1 and "100 of 221" in stats(sp)["nianbao/panyu/failures"]


def test_report_category_names() -> None:
    for name in ("年度报告", "政府信息公开年报", "信息公开年报", "工作年报", "政务公开年度报告", "政府信息公开工作年度报告"):
        assert is_report_category(name), name
    assert not is_report_category("法治政府建设年度报告") and not is_report_category("政府信息公开指南")


# -- catalogues: discovery, TREE jump_url, sources -----------------------------------------------------
def test_index_lists_total_category_and_tree_department_catalogue() -> None:
    sp = spider()
    list(sp.start_requests())
    out = list(sp.parse_index(html("gkmlpt_index_department_tree.html", f"{PANYU}/gkmlpt/index",
                                   {"entry": sp.site.gkmlpt[0], "source": f"{PANYU}/gkmlpt/"})))
    urls = [r.url for r in out]
    assert urls == [f"{PANYU}/gzpyjy/gkmlpt/index", f"{PANYU}/gkmlpt/api/all/5?page=1&sid=200011"]
    dept = sp.sources.get(f"{PANYU}/gzpyjy/gkmlpt/")
    assert (dept.name, dept.configured, dept.found_via) == ("广州市番禺区教育局", False, f"{PANYU}/gkmlpt/index")


def test_discovery_collects_catalogue_links_and_follows_disclosure_pages() -> None:
    sp = spider()
    list(sp.start_requests())  # registers the registry's column and catalogue, starts the walk
    out = list(sp.parse_discovery(html("home_disclosure_links.html", f"{PANYU}/", {"discovery_depth": 0})))
    urls = {r.url for r in out}
    assert urls == {f"{PANYU}/gzpyjy/gkmlpt/index", f"{PANYU}/gzpymz/gkmlpt/index",
                    f"{PANYU}/zwgk/index.html", f"{PANYU}/zwgk/bmxxgk/index.html"}
    assert sp.sources.get(f"{PANYU}/gzpymz/gkmlpt/").name == "番禺区民政局"


def test_discovery_is_bounded() -> None:
    sp = spider(settings={"NIANBAO_DISCOVERY_MAX_PAGES": 2})
    list(sp.start_requests())  # the home page is page 1
    out = list(sp.parse_discovery(html("home_disclosure_links.html", f"{PANYU}/", {"discovery_depth": 0})))
    assert [r.url for r in out if r.callback == sp.parse_discovery] == [f"{PANYU}/zwgk/index.html"]
    deep = list(sp.parse_discovery(html("home_disclosure_links.html", f"{PANYU}/x", {"discovery_depth": 3})))
    assert not [r for r in deep if r.callback == sp.parse_discovery]


def test_discovered_catalogue_without_report_category_is_a_note() -> None:
    sp = spider()
    req = sp.catalogue_request(f"{PANYU}/gzpyjy/gkmlpt/", name="教育局", configured=False, found_via=f"{PANYU}/")
    body = b"<script>window._CONFIG = {SID: '7', TREE: [{id: 1, name: '\xe6\x9c\xba\xe6\x9e\x84', children: []}]};</script>"
    resp = HtmlResponse(url=req.url, body=body, request=req)
    assert list(sp.parse_index(resp)) == []
    assert "nianbao/panyu/layout_errors" not in stats(sp) and "no annual-report" in stats(sp)["nianbao/panyu/notes"]


def test_sources_stat_at_close() -> None:
    sp = spider()
    list(sp.start_requests())
    url = f"{PANYU}/gzpyjy/gkmlpt/content/8/8018/post_8018386.html"
    sp.catalogue_request(f"{PANYU}/gzpyjy/gkmlpt/", name="教育局", configured=False, found_via=f"{PANYU}/")
    (item,) = sp.parse_article(html("gkmlpt_content_detail_raw.html", url, {"source": f"{PANYU}/gzpyjy/gkmlpt/"}))
    assert item["source"] == f"{PANYU}/gzpyjy/gkmlpt/"
    sp.closed("finished")
    records = {r["url"]: r for r in stats(sp)["nianbao/panyu/sources"]}
    assert records[f"{PANYU}/gzpyjy/gkmlpt/"] == {
        "kind": "catalogue", "url": f"{PANYU}/gzpyjy/gkmlpt/", "host": "www.panyu.gov.cn", "prefix": "/gzpyjy/gkmlpt/",
        "sid": None, "name": "教育局", "configured": False, "found_via": f"{PANYU}/", "reports": 1, "ok": False, "note": ""}
    assert records[f"{PANYU}/zwgk/zfxxgkndbg/index.html"]["kind"] == "column"
    assert records[f"{PANYU}/gkmlpt/"]["configured"] is True


def test_a_report_category_known_only_from_an_annualreport_link_is_listed() -> None:
    """REAL_SITES.md (unverified): the report category may be reachable only through
    ``annualreport#{cat}`` and not named in TREE: the link's id is then listed."""
    from spiders.gkmlpt import GkmlptSpider

    sp = spider(GkmlptSpider)
    base = "http://www.panyu.gov.cn/gzpyjy/gkmlpt/"
    (index_req,) = [sp.catalogue_request(base, configured=False, found_via="http://x/", category=777)]
    body = ("<script>window._CONFIG = {SID: '200741', TREE: [{id: 1, name: '政策文件', children: []}]};"
            "</script>").encode()
    resp = HtmlResponse(index_req.url, body=body, encoding="utf-8", request=index_req)
    reqs = [r for r in sp.parse_index(resp) if "/api/all/" in r.url]
    assert [r.url.split("?")[0] for r in reqs] == [f"{base}api/all/777"]
