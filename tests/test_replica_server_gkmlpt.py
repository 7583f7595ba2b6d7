"""The replica's gkmlpt answers the way REAL_SITES.md says the real catalogue does.

API: ``{classify, total, offset, articles}``, ``post_count`` above ``total``, 404 past
``total``, page 0 = page 1, with or without ``sid``, ``date`` (成文日期) before
``create_time`` (发布日期), lying attachment types, ``type: "url"`` entries. Index: a
JavaScript object literal with statements after it. Articles: DETAIL as a raw object
literal, an empty ``div.article-content``, ``div.classify`` label/span pairs, ContentSource
本网, a large SITE_INFO and one multi-MB page.
"""

from __future__ import annotations

import json
import re

import chompjs
import pytest
from bs4 import BeautifulSoup

from replica.catalogues import CATEGORY_NAMES
from replica.server import proxy_get, start_in_thread

ARTICLE_FIELDS = {"id", "title", "url", "post_url", "type", "classify_main", "classify_main_name",
                  "classify_genre_name", "classify_theme_name", "date", "create_time", "created_at",
                  "display_publish_time", "publisher", "identifier", "document_number", "keywords", "abstract",
                  "relation", "is_expired", "is_abolished", "attachment"}


@pytest.fixture(scope="module")
def replica():
    with start_in_thread(port=0, state="night1", faults={}) as server:
        yield server


@pytest.fixture(scope="module")
def catalogues(replica) -> list[dict]:
    return [c for s in replica.manifest()["sites"] for c in s["catalogues"]]


def _get(replica, url: str, catalogue: dict | None = None):
    """GET through the replica, with the shell's cookie for a protected catalogue's API."""
    headers = {}
    if catalogue and catalogue["protected"] and "/api/" in url:
        route = next(r for u, r in replica.manifest()["routes"].items()
                     if u.startswith(catalogue["base"] + "api/") and r.get("cookie"))
        headers["Cookie"] = f"{route['cookie']['name']}={route['cookie']['value']}"
    return proxy_get(replica.url, url, headers)


def _api(replica, c: dict, cat: int, page: int | None = 1, sid: bool = True):
    query = "&".join(x for x in (f"page={page}" if page is not None else "", f"sid={c['sid']}" if sid else "") if x)
    status, _, body = _get(replica, f"{c['base']}api/all/{cat}" + (f"?{query}" if query else ""), c)
    return status, (json.loads(body) if status == 200 else None)


def _config(html: str) -> tuple[dict, str]:
    """``window._CONFIG`` parsed as JavaScript, and what follows it in the same script."""
    script = next(s for s in re.findall(r"<script>(.*?)</script>", html, re.S) if "window._CONFIG =" in s)
    literal = script.split("window._CONFIG =", 1)[1]
    return chompjs.parse_js_object(literal), literal


def test_api_shape_total_offset_and_fields(replica, catalogues):
    for c in catalogues:
        status, data = _api(replica, c, c["annual_report_categories"][0])
        assert status == 200, c["base"]
        assert set(data) == {"classify", "total", "offset", "articles"}
        assert set(data["classify"]) == {"id", "name", "parent", "post_count", "theme_count", "jump_url"}
        assert data["classify"]["name"] == c["category_name"] and data["offset"] == 0
        assert data["classify"]["post_count"] > data["total"] >= len(data["articles"]) > 0, c["base"]
        for a in data["articles"]:
            assert set(a) == ARTICLE_FIELDS, c["base"]
            assert a["type"] in ("normal", "url") and a["date"] < a["create_time"] == a["display_publish_time"]
            for f in a["attachment"]:
                assert set(f) == {"id", "name", "type", "mime", "size", "url"} and isinstance(f["size"], str)


def test_post_count_is_several_times_total(replica, catalogues):
    c = next(c for c in catalogues if c["own"] and c["host"] == "www.panyu.gov.cn")
    data = _api(replica, c, c["annual_report_categories"][0])[1]
    assert data["classify"]["post_count"] >= 3 * data["total"]


def test_attachment_types_lie(replica, catalogues):
    """A .docx is announced as type doc / application/msword (sniff the bytes)."""
    reports = {r["key"]: r for r in replica.manifest()["reports"]}
    docx = next(r for r in reports.values() if r["publication"] == "docx" and r["catalogue"])
    c = next(c for c in catalogues if c["base"] == docx["catalogue"])
    rows = [a for cat in [c["annual_report_categories"][0]] for a in _api(replica, c, cat)[1]["articles"]]
    entry = next(a for a in rows if a["title"] == docx["title"])
    f = entry["attachment"][0]
    assert f["url"].endswith(".docx") and f["type"] == "doc" and f["mime"] == "application/msword"
    assert int(f["size"]) == len(proxy_get(replica.url, f["url"])[2])


def test_pages_past_total_are_404_everywhere(replica, catalogues):
    for c in catalogues:
        cat = c["annual_report_categories"][0]
        total = _api(replica, c, cat)[1]["total"]
        last = max(1, -(-total // c["page_size"]))
        assert _api(replica, c, cat, last)[0] == 200, c["base"]
        assert _api(replica, c, cat, last + 1)[0] == 404, c["base"]


def test_small_page_installation_pages(replica, catalogues):
    small = [c for c in catalogues if c["page_size"] < 100]
    assert small and all(c["page_size"] == 100 for c in catalogues if c not in small)
    c = small[0]
    cat = c["annual_report_categories"][0]
    p1, p2 = _api(replica, c, cat, 1)[1], _api(replica, c, cat, 2)[1]
    assert len(p1["articles"]) == c["page_size"] and p2["offset"] == c["page_size"]
    assert not {a["id"] for a in p1["articles"]} & {a["id"] for a in p2["articles"]}


def test_page_zero_and_missing_sid_are_page_one(replica, catalogues):
    c = next(c for c in catalogues if not c["protected"])
    cat = c["annual_report_categories"][0]
    one = _api(replica, c, cat, 1)
    assert one == _api(replica, c, cat, 0) == _api(replica, c, cat, None) == _api(replica, c, cat, 1, sid=False)
    assert proxy_get(replica.url, f"{c['base']}api/all/{cat}?page=1&sid=1")[0] == 404  # another site's sid


def test_url_entries_point_at_pages_listed_elsewhere(replica, catalogues):
    reports = replica.manifest()["reports"]
    entries = []
    for c in catalogues:
        for cat in c["annual_report_categories"]:
            status, data = _api(replica, c, cat)
            entries += [(c, a) for a in data["articles"] if a["type"] == "url"]
    assert entries
    for c, a in entries:
        report = next(r for r in reports if a["url"] in r["page_urls"])
        assert not a["url"].startswith(c["base"]) and c["base"] in report["listed_in"]
        assert {"catalogue": c["base"], "id": a["id"], "url": a["url"]} in report["url_entries"]


def test_index_config_is_a_js_object_literal_with_statements_after(replica, catalogues):
    names = set()
    for c in catalogues:
        for route in ("index", "", "annualreport"):
            status, _, body = proxy_get(replica.url, c["base"] + route)
            assert status == 200, c["base"] + route
        html = proxy_get(replica.url, c["base"] + "index")[2].decode()
        cfg, literal = _config(html)
        with pytest.raises(json.JSONDecodeError):
            json.loads(literal.split(";\n", 1)[0])
        assert re.search(r"window\._CONFIG = \{\s*SID: '\d+',", html)
        assert cfg["SID"] == c["sid"] and cfg["ACTION"] == "index" and "SERVICE_AREA_ID" in cfg
        after = literal.split("};\n", 1)[1]
        assert "window._CONFIG.TREE.forEach" in after and "var " in after
        stack = list(cfg["TREE"])
        while stack:
            node = stack.pop()
            assert {"id", "name", "parent", "post_count", "jump_url", "children"} <= set(node)
            stack += node["children"]
            if node["id"] in c["annual_report_categories"][:1]:
                names.add(node["name"])
    assert names == set(CATEGORY_NAMES)


def test_shell_pages_by_total_not_post_count(replica, catalogues):
    html = proxy_get(replica.url, catalogues[0]["base"] + "index")[2].decode()
    assert "items.length >= d.total" in html and "post_count)" not in html


def test_article_page_shape(replica):
    pages = [u for r in replica.manifest()["reports"] for u in r["page_urls"] if "/gkmlpt/content/" in u]
    assert any("/mpost_" in u for u in pages) and any("/post_" in u for u in pages)
    h1_classes = set()
    for url in pages:
        html = proxy_get(replica.url, url)[2].decode()
        soup = BeautifulSoup(html, "lxml")
        assert soup.find("meta", {"name": "ContentSource"})["content"] == "本网"
        assert soup.select_one("div.article-content").get_text(strip=True) == ""
        labels = [td.select_one("label").get_text() for td in soup.select("div.classify td")]
        assert [x.rstrip("：") for x in labels] == ["索引号", "分类", "发布机构", "成文日期", "发布日期", "文号", "主题词"]
        assert all(td.select_one("label + span") is not None for td in soup.select("div.classify td"))
        h1 = soup.select_one("h1.title, h1.content-title")
        h1_classes.add(h1["class"][0])
        cfg, literal = _config(html)
        assert set(cfg) == {"isMobile", "ACTION", "CSRF", "APP_URL", "SITE_INFO", "SID", "ENV", "DETAIL"}
        assert cfg["ACTION"] == "content" and cfg["isMobile"] is False
        assert {"title", "publisher", "date", "create_time", "content", "attachment"} <= set(cfg["DETAIL"])
        assert cfg["DETAIL"]["title"] == h1.get_text() and cfg["DETAIL"]["content"]
        assert cfg["DETAIL"]["date"] < cfg["DETAIL"]["create_time"]
        assert "DETAIL: {\n    id:" in html and len(json.dumps(cfg["SITE_INFO"])) > 10_000
        assert "})(window._CONFIG.DETAIL);" in literal  # statements after the literal
    assert h1_classes == {"title", "content-title"}


def test_one_report_page_is_several_megabytes(replica):
    big = [r for r in replica.manifest()["reports"] if r["big_page"]]
    assert len(big) == 1
    body = proxy_get(replica.url, big[0]["page_urls"][0])[2]
    assert len(body) >= 3_000_000
    cfg, _ = _config(body.decode())
    assert cfg["DETAIL"]["title"] == big[0]["title"]
