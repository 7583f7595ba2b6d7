"""County publishing systems on stored fixtures: recognition, each family's listing reader, pagers.

Fixtures in tests/files/crawl/<system>_* are written after REAL_SITES.md "Publishing systems of
county governments" and the public crawlers it cites (each file names its source).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from parsel import Selector

from crawler.registry import RegistryError, parse_entry
from spiders import hanweb, jpaas, trs, ucap
from spiders import listing as L
from spiders import text as T
from spiders.article import download_script_links
from spiders.combined import spider_for
from spiders.detect import detect
from spiders.generic import GenericSpider, page_fields

FILES = Path(__file__).parent / "files" / "crawl"


def read(name: str) -> str:
    return (FILES / name).read_text(encoding="utf-8")


@pytest.mark.parametrize(("name", "url", "system"), [
    ("hanweb_column.html", "http://www.yixing.gov.cn/col/col64127/index.html", "hanweb"),
    ("trs_list.html", "http://www.cqjlp.gov.cn/zwgk_218/fdzdgknr/zfxxgknb_90331/index.html", "trs"),
    ("vsb_list.html", "http://www.example.gov.cn/info/iList.jsp?cat_id=10432", "vsb"),
    ("xxgk_list.html", "http://zfxxgk.jinshui.gov.cn/List.aspx?cid=45", "xxgk"),
])
def test_system_is_recognised_from_the_page(name: str, url: str, system: str) -> None:
    assert detect(read(name), url).system == system


def test_a_page_of_no_known_system_is_generic() -> None:
    page = '<ul><li><a href="/nb/2022.html">2022年政府信息公开工作年度报告</a></li></ul><script>fetch("/list.json")</script>'
    assert detect(page, "http://www.unknown.gov.cn/nb/").system == "generic"


def test_jpaas_outweighs_the_hanweb_urls_it_also_carries() -> None:
    page = '<a href="/col/col1229518874/index.html">x</a><script src="/api-gateway/jpaas-publish-server/x.js"></script>'
    assert detect(page, "http://www.hzxh.gov.cn/col/col1229518874/index.html").system == "jpaas"


def test_hanweb_records_in_the_script_and_the_dataproxy_form() -> None:
    url = "http://www.yixing.gov.cn/col/col64127/index.html"
    html = read("hanweb_column.html")
    assert L.anchors(Selector(text=html), url) and not any("年度报告" in x.title for x in L.anchors(Selector(text=html), url))
    titles = [x.title for x in L.record_links(html, url)]
    assert titles[0] == "宜兴市教育局2022年政府信息公开工作年度报告" and len(titles) == 2
    proxy, form, pager = hanweb.first_proxy_request(url, html)
    assert proxy.startswith("http://www.yixing.gov.cn/module/web/jpage/dataproxy.jsp") and "perpage=1" in proxy
    assert form == {"col": "1", "appid": "1", "webid": "27", "path": "/", "columnid": "64127", "unitid": "183409",
                    "webname": "宜兴市人民政府", "permissiontype": "0"}
    assert pager["value"] == 3 and pager["size"] == 2 and pager["total"] == 7


def test_dataproxy_answer_is_read_as_records() -> None:
    links = L.links_in_answer(read("hanweb_dataproxy.xml"), "http://www.yixing.gov.cn/col/col64127/index.html", "text/xml")
    assert [x.url for x in links] == ["http://www.yixing.gov.cn/art/2022/1/25/art_64127_903.html",
                                      "http://www.yixing.gov.cn/art/2010/1/25/art_64127_12.html"]
    assert T.is_report_title(links[1].title) and T.report_year_ok(2009), "reports from 2008 on are taken"


def test_trs_pages_from_create_page_html() -> None:
    url = "http://www.cqjlp.gov.cn/zwgk_218/fdzdgknr/zfxxgknb_90331/index.html"
    assert trs.script_pages(url, read("trs_list.html")) == [
        "http://www.cqjlp.gov.cn/zwgk_218/fdzdgknr/zfxxgknb_90331/index_1.html",
        "http://www.cqjlp.gov.cn/zwgk_218/fdzdgknr/zfxxgknb_90331/index_2.html"]
    links = {x.title: x for x in L.anchors(Selector(text=read("trs_list.html")), url)}
    report = links["重庆市九龙坡区教育委员会2022年政府信息公开工作年度报告"]
    assert report.date == "2023-01-18" and report.url.endswith("/202301/t20230118_11581234.html")
    assert not T.maybe_report_title("关于报送2022年政府信息公开工作年度报告的通知")


def test_ucap_json_rows_and_api_url() -> None:
    links = L.json_links(json.loads(read("ucap_search.json")), "http://www.hrbdl.gov.cn/hrbdl/c104/nb.shtml")
    assert links[0].url == "http://www.hrbdl.gov.cn/hrbdl/c104/202301/5a9c.shtml" and links[0].date == "2023-01-30"
    assert links[1].title == "2023年政府信息公开工作指南" and not T.maybe_report_title(links[1].title)
    page = '<script>var url = "/common/search/8b0e378b0f424ed2b381455e389c24b3?_isAgg=true&_template=index";</script>'
    url, pager = ucap.api_request("http://www.hrbdl.gov.cn/nb.shtml", page)
    assert "/common/search/8b0e378b0f424ed2b381455e389c24b3?" in url and "_isJson=true" in url and "_pageSize=20" in url
    assert pager["param"] == "page" and pager["per_page"] == 20


def test_jpaas_answer_fragment_and_api_from_params() -> None:
    links = L.links_in_answer(read("jpaas_unit.json"), "http://www.hzxh.gov.cn/col/col1229518874/index.html", "application/json")
    assert links[0].title == "杭州市西湖区教育局2021年政府信息公开工作年度报告" and links[0].date == "2022-01-28"
    url, pager = jpaas.api_request("http://www.hzxh.gov.cn/col/col1229518874/index.html", "<html>jpaas</html>",
                                   {"webId": "3261", "tplSetId": "fe6d", "tagId": "当前栏目列表"})
    assert "/api-gateway/jpaas-publish-server/front/page/build/unit?" in url and "pageId=1229518874" in url
    assert pager["param"] == "pageNo"


def test_pager_links_and_page_counts() -> None:
    url = "http://www.example.gov.cn/info/iList.jsp?cat_id=10432"
    sel = Selector(text=read("vsb_list.html"))
    pages = L.page_links(sel, url)
    assert pages == ["http://www.example.gov.cn/info/iList.jsp?cat_id=10432&cur_page=2",
                     "http://www.example.gov.cn/info/iList.jsp?cat_id=10432&cur_page=3"]
    assert L.total_pages(read("vsb_list.html")) == 3
    xurl = "http://zfxxgk.jinshui.gov.cn/List.aspx?cid=45"
    xpages = L.page_links(Selector(text=read("xxgk_list.html")), xurl)
    assert "http://zfxxgk.jinshui.gov.cn/List.aspx?cid=45&page=2" in xpages
    assert not any("Search.aspx" in p for p in xpages), "a search link is not a page of the list"


def test_listing_signature_keeps_articles_apart() -> None:
    assert L.listing_signature("http://h/a/index_3.html") == L.listing_signature("http://h/a/index.html")
    assert L.listing_signature("http://h/a/2.html") == L.listing_signature("http://h/a/")
    assert L.listing_signature("http://h/a/202301/t20230118_1.html") != L.listing_signature("http://h/a/index.html")


def test_generic_reads_the_page_field_of_a_captured_request() -> None:
    assert page_fields([("startrecord", "1"), ("endrecord", "45"), ("perpage", "15")]) == \
        {"start": "startrecord", "end": "endrecord", "value": 1, "size": 45}
    assert page_fields([("pageNo", "1"), ("rows", "15")]) == {"param": "pageNo", "value": 1}
    assert page_fields([("q", "x")]) is None


def test_hanweb_download_script_is_an_attachment() -> None:
    sel = Selector(text='<div id="zoom"><a href="/module/download/downfile.jsp?classid=0&filename=2201.pdf">附件：年报</a></div>')
    (att,) = download_script_links(sel, "http://www.yixing.gov.cn/art/2022/1/25/art_64127_903.html")
    assert att["mime"] == "application/pdf" and att["url"].endswith("filename=2201.pdf")


def test_registry_system_entries(monkeypatch) -> None:
    site = parse_entry({"key": "yx", "name": "宜兴市人民政府", "district": "宜兴市", "host": "www.yixing.gov.cn",
                        "scheme": "http", "system": "hanweb", "columns": ["/col/col64127/index.html"],
                        "params": {"webid": 27, "unitid": "183409"}})
    assert site.systems == ["hanweb"] and site.parameters == {"unitid": "183409", "webid": "27"}
    assert site.system_column_urls == ["http://www.yixing.gov.cn/col/col64127/index.html"]
    assert spider_for(site).__name__ == "HanwebSpider"
    monkeypatch.setenv("NIANBAO_GENERIC_FOR", "hanweb")
    assert spider_for(site) is GenericSpider
    with pytest.raises(RegistryError, match="system must be one of"):
        parse_entry({"key": "x", "name": "n", "district": "d", "host": "h", "system": "wcm", "columns": ["/a/"]})
    with pytest.raises(RegistryError, match="needs columns"):
        parse_entry({"key": "x", "name": "n", "district": "d", "host": "h", "system": "trs"})
    with pytest.raises(RegistryError, match="params must be"):
        parse_entry({"key": "x", "name": "n", "district": "d", "host": "h", "system": "trs", "columns": ["/a/"],
                     "params": {"a": [1]}})


def _spider(cls: type, entry: dict):
    from scrapy.utils.test import get_crawler

    site = parse_entry(entry)
    return cls.from_crawler(get_crawler(cls, {}), site=site)


def test_hanweb_spider_asks_dataproxy_for_the_rest_and_takes_no_decoy() -> None:
    from scrapy.http import FormRequest, HtmlResponse, Request

    from spiders.hanweb import HanwebSpider

    url = "http://www.yixing.gov.cn/col/col64127/index.html"
    sp = _spider(HanwebSpider, {"key": "yx", "name": "宜兴市人民政府", "district": "宜兴市", "host": "www.yixing.gov.cn",
                                "scheme": "http", "system": "hanweb", "columns": ["/col/col64127/index.html"]})
    resp = HtmlResponse(url=url, body=read("hanweb_column.html").encode(), encoding="utf-8",
                        request=Request(url, meta={"source": url, "source_entry": True}))
    out = list(sp.parse_column(resp))
    articles = [r.url for r in out if r.callback == sp.parse_article]
    assert articles == ["http://www.yixing.gov.cn/art/2023/1/20/art_64127_1001.html"], "the 工作要点 row is a decoy"
    (proxy,) = [r for r in out if isinstance(r, FormRequest)]
    assert "startrecord=3" in proxy.url and "endrecord=4" in proxy.url and b"unitid=183409" in proxy.body
    answer = HtmlResponse(url=proxy.url, body=read("hanweb_dataproxy.xml").encode(), encoding="utf-8", request=proxy)
    nxt = list(sp.parse_answer(answer))
    assert {r.url for r in nxt if r.callback == sp.parse_article} == {
        "http://www.yixing.gov.cn/art/2022/1/25/art_64127_903.html", "http://www.yixing.gov.cn/art/2010/1/25/art_64127_12.html"}
    (more,) = [r for r in nxt if isinstance(r, FormRequest)]
    assert "startrecord=5" in more.url


def test_generic_static_pager_from_a_page_count_only() -> None:
    """A list page that only says how many pages there are (``var countPage = 3`` for a
    ``createPageHTML`` script, or 共4页): both numbering conventions are asked for."""
    from spiders.generic import static_pages

    trs = '<script>var currentPage = 0;var countPage = 3;createPageHTML(countPage, currentPage, "index", "html");</script>'
    assert static_pages("http://x.gov.cn/col/index.html", trs) == [
        "http://x.gov.cn/col/index_1.html", "http://x.gov.cn/col/index_2.html", "http://x.gov.cn/col/index_3.html"]
    assert static_pages("http://x.gov.cn/col/list.shtml", "<span>共2页</span>") == [
        "http://x.gov.cn/col/list_1.shtml", "http://x.gov.cn/col/list_2.shtml"]
    assert static_pages("http://x.gov.cn/col/index.html", "<p>no pager</p>") == []
    assert static_pages("http://x.gov.cn/col/index_2.html", trs) == []  # only from the column's first page
