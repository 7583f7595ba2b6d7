"""Portal (NFCMS) pages look like Guangdong's: metas, templates, lists, chrome, off-site counter."""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup

from replica.server import proxy_get, start_in_thread

TEMPLATES = {"text_con": "div.text_con_tit h1", "zoom": "h1#zoomtitl", "news_cont": ".news_cont_d_wrap h1"}
BODIES = {"text_con": "div.text_con_main#zoomcon", "zoom": "#zoomcon", "news_cont": ".news_cont_d_wrap #zoomcon"}


@pytest.fixture(scope="module")
def replica():
    with start_in_thread(port=0, state="night1", faults={}) as server:
        yield server


def _soup(replica, url: str) -> BeautifulSoup:
    status, _, body = proxy_get(replica.url, url)
    assert status == 200, url
    return BeautifulSoup(body, "lxml")


def _portal_pages(replica) -> list[tuple[dict, str]]:
    return [(r, u) for r in replica.manifest()["reports"] for u in r["page_urls"] if "/gkmlpt/" not in u]


def test_article_templates_metas_and_agency(replica):
    used = set()
    for report, url in _portal_pages(replica):
        soup = _soup(replica, url)
        meta = {m["name"]: m["content"] for m in soup.find_all("meta", attrs={"name": True})}
        assert meta["ContentSource"] == "本网" and report["agency"] != "本网"
        assert meta["NFCMS_POST_ID"].isdigit() and meta["NFCMS_SITE_ID"] and meta["NFCMS_CAT_ID"]
        name = next(t for t, sel in TEMPLATES.items() if soup.select_one(sel))
        used.add(name)
        assert soup.select_one(TEMPLATES[name]).get_text() == report["title"]
        assert soup.select_one(BODIES[name]) is not None
        info = soup.select_one("#zoomtime, .news_cont_d_info, .text_con_info").get_text()
        assert re.search(rf"(来源|发布机构)：{report['agency']}", info), url
        assert report["agency"] in report["title"]
        assert soup.select_one("div.article-content") is None
    assert used == set(TEMPLATES)


def test_mpost_on_some_portal_paths(replica):
    paths = [urlsplit(u).path for _, u in _portal_pages(replica)]
    assert any("/content/mpost_" in p for p in paths) and any("/content/post_" in p for p in paths)


def test_lists_are_div_list_li_with_page_div_pager(replica):
    site = next(s for s in replica.manifest()["sites"] if s["key"] == "panyu")
    url = site["report_columns"][0]
    soup = _soup(replica, url)
    rows = soup.select("div.list_li")
    assert rows and all(r.select_one("a[href]") and r.select_one("span") for r in rows)
    assert not soup.select(".list_box ul li")
    assert re.fullmatch(r"\d{4}-\d\d-\d\d", rows[0].select_one("span").get_text())
    nxt = soup.select_one("#page_div a.next")
    assert nxt["href"] == "index_2.html"
    page2 = _soup(replica, urljoin(url, nxt["href"]))
    assert page2.select("div.list_li")


def test_chrome_images_are_not_attachments(replica):
    reports = replica.manifest()["reports"]
    files = {d["url"] for r in reports for d in r["documents"]}
    report, url = _portal_pages(replica)[0]
    soup = _soup(replica, url)
    srcs = {img["src"] for img in soup.select(".header img, .footer img")}
    assert {"/images/logo.png", "/global/slhwzafw.jpg", "/jyjglobal/jj.jpg", "/global/dzjg.png"} <= srcs
    for src in srcs:
        full = urljoin(url, src)
        assert full not in files and proxy_get(replica.url, full)[0] == 200


def test_offsite_counter_is_referenced_but_never_served(replica):
    manifest = replica.manifest()
    offsite = set(manifest["offsite_hosts"])
    assert "statistics.gd.gov.cn" in offsite and all(set(s["offsite_hosts"]) == offsite for s in manifest["sites"])
    report, url = _portal_pages(replica)[0]
    soup = _soup(replica, url)
    counter = soup.find("script", src=re.compile(r"^http://statistics\.gd\.gov\.cn/.*callback="))
    assert counter is not None
    for host in offsite:
        assert not any(urlsplit(u).hostname == host for u in manifest["routes"])
    replica.requests(clear=True)
    assert proxy_get(replica.url, counter["src"])[0] == 502
    log = replica.requests(clear=True)
    assert [e["status"] for e in log if urlsplit(e["url"]).hostname == "statistics.gd.gov.cn"] == [502]
