"""The replica's sites are built as the registry says, and every report can be found by following them."""

from __future__ import annotations

import json
import re
from collections import deque
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
import yaml
from bs4 import BeautifulSoup

from replica.server import proxy_get, start_in_thread

REGISTRY = Path(__file__).resolve().parent.parent / "crawler" / "sites.yaml"


@pytest.fixture(scope="module")
def replica():
    with start_in_thread(port=0, state="night1", faults={}) as server:
        yield server


def _registry() -> list[dict]:
    return [s for s in yaml.safe_load(REGISTRY.read_text(encoding="utf-8"))["sites"] if s.get("replica")]


def _html(replica, url: str) -> BeautifulSoup | None:
    status, headers, body = proxy_get(replica.url, url)
    if status != 200 or not headers["content-type"].startswith("text/html"):
        return None
    return BeautifulSoup(body, "lxml")


def _crawl_portal(replica, site: dict) -> set[str]:
    """Follow every same-host link from the home page (pages only, not files)."""
    host, seen, found = site["host"], set(), set()
    queue = deque([site["home"]])
    while queue:
        url = queue.popleft()
        if url in seen:
            continue
        seen.add(url)
        if "/content/post_" in url:  # an article: reaching it is what counts
            if proxy_get(replica.url, url)[0] == 200:
                found.add(url)
            continue
        soup = _html(replica, url)
        if soup is None:
            continue
        found.add(url)
        for a in soup.select("a[href]"):
            nxt = urljoin(url, a["href"]).split("#")[0]
            if urlsplit(nxt).netloc == host and nxt.endswith((".html", "/")) and "/gkmlpt/" not in nxt:
                queue.append(nxt)
    return found


def _crawl_gkmlpt(replica, prefix: dict) -> set[str]:
    """Read the shell's category tree and page through the API of every category."""
    shell = proxy_get(replica.url, prefix["base"] + "index")[2].decode()
    tree = json.loads(re.search(r"TREE: (\[.*\])\n", shell).group(1))
    sid = re.search(r"SID: '(\d+)'", shell).group(1)
    assert sid == prefix["sid"]
    cats, stack = [], list(tree)
    while stack:
        c = stack.pop()
        cats.append(c["id"])
        stack.extend(c["children"])
    routes = replica.manifest()["routes"]
    found = set()
    for cat in cats:
        for page in range(1, 50):
            url = f"{prefix['base']}api/all/{cat}?page={page}&sid={sid}"
            cookie = (routes.get(url) or {}).get("cookie")
            status, _, body = proxy_get(replica.url, url, {"Cookie": f"{cookie['name']}={cookie['value']}"}
                                        if cookie else None)
            if status == 404 or not json.loads(body)["articles"]:
                break
            found |= {a["url"] for a in json.loads(body)["articles"]}
    return found


def test_sites_match_the_registry(replica):
    sites = {s["key"]: s for s in replica.manifest()["sites"]}
    for entry in _registry():
        site = sites[entry["key"]]
        assert site["host"] == entry["host"] and site["district"] == entry["district"]
        assert site["report_columns"] == [f"http://{entry['host']}{c}" for c in entry["portal"]["columns"]]
        assert [p["base"] for p in site["gkmlpt_prefixes"]] == [f"http://{entry['host']}{g['prefix']}"
                                                               for g in entry["gkmlpt"]]
        for column in site["report_columns"]:
            assert proxy_get(replica.url, column)[0] == 200


@pytest.mark.parametrize("state", ["night1", "night2"])
def test_every_report_and_decoy_is_reachable(replica, state):
    replica.set_state(state)
    manifest = replica.manifest()
    reached: set[str] = set()
    for site in manifest["sites"]:
        reached |= _crawl_portal(replica, site)
        for prefix in site["gkmlpt_prefixes"]:
            reached |= _crawl_gkmlpt(replica, prefix)
    for report in manifest["reports"]:
        assert set(report["page_urls"]) <= reached, report["key"]
    for decoy in manifest["decoys"]:
        assert set(decoy["urls"]) <= reached, decoy["title"]
    replica.set_state("night1")


def test_one_report_reachable_through_both_systems(replica):
    both = [r for r in replica.manifest()["reports"] if r["system"] == "both"]
    assert both and all(len(r["page_urls"]) == 2 for r in both)
    assert {r["site"] for r in both} == {"panyu"}


def test_home_leads_to_the_report_column_in_two_clicks(replica):
    for site in replica.manifest()["sites"]:
        home = _html(replica, site["home"])
        zwgk = urljoin(site["home"], home.find("a", string="政务公开")["href"])
        page = _html(replica, zwgk)
        link = page.find("a", string=re.compile("政府信息公开(工作)?(年报|年度报告)"))
        target = urljoin(zwgk, link["href"])
        assert target.split("#")[0] in site["report_columns"] or "/gkmlpt/annualreport" in target, site["key"]


def test_report_pages_carry_the_metadata_spiders_read(replica):
    for report in replica.manifest()["reports"]:
        for url in report["page_urls"]:
            text = proxy_get(replica.url, url)[2].decode("utf-8")
            head = BeautifulSoup(text[:text.index('<div class="article-content"')], "lxml")
            if "/gkmlpt/" in url:
                meta = head.select_one("table.gkmlpt-meta").get_text()
                assert report["agency"] in meta and "索引号" in meta
                assert "window._CONFIG = {SID:" in text and "DETAIL: JSON.parse(" in text
            else:
                assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d", head.find("meta", {"name": "PubDate"})["content"])
            assert head.find("h1").get_text() == report["title"]
            for doc in report["documents"]:
                if doc["role"] == "attachment":
                    assert f'<a href="{doc["url"]}">' in text, (url, doc["url"])
