"""The replica's sites are built as the registry says, and every report can be found by navigation.

A small crawler here starts at each site's home page, follows same-site links (``*.gz.gov.cn``
for the city), notices links to ``…/gkmlpt/index`` and reads each catalogue's TREE (its
``jump_url``s lead to more catalogues): the department catalogues are found only that way,
never from the registry, and the manifest must tell the truth about how.
"""

from __future__ import annotations

import json
import re
from collections import deque
from fnmatch import fnmatch
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import chompjs
import pytest
import yaml
from bs4 import BeautifulSoup

from replica.server import proxy_get, start_in_thread

REGISTRY = Path(__file__).resolve().parent.parent / "crawler" / "sites.yaml"
ARTICLE = re.compile(r"/content/(?:\d+/\d+/)?m?post_\d+\.html$")
CATALOGUE = re.compile(r"^(http://[^/]+/(?:[a-z0-9]+/)?gkmlpt/)(?:index)?$")


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


def _on_site(entry: dict, url: str) -> bool:
    host = urlsplit(url).hostname or ""
    return host == entry["host"] or any(fnmatch(host, p) for p in entry.get("host_patterns", []))


def _crawl_portal(replica, entry: dict) -> tuple[set[str], dict[str, set[str]]]:
    """Pages reached from the home page, and catalogue bases linked (base -> linking pages)."""
    seen, found, catalogues = set(), set(), {}
    queue = deque([f"http://{entry['host']}/"])
    while queue:
        url = queue.popleft()
        if url in seen:
            continue
        seen.add(url)
        if ARTICLE.search(url):  # an article: reaching it is what counts
            if proxy_get(replica.url, url)[0] == 200:
                found.add(url)
            continue
        soup = _html(replica, url)
        if soup is None:
            continue
        found.add(url)
        for a in soup.select("a[href]"):
            nxt = urljoin(url, a["href"]).split("#")[0]
            if not _on_site(entry, nxt):
                continue
            if m := CATALOGUE.match(nxt):
                catalogues.setdefault(m.group(1), set()).add(url)
            elif "/gkmlpt/" not in nxt and nxt.endswith((".html", "/")):
                queue.append(nxt)
    return found, catalogues


def _walk(tree: list[dict]) -> list[dict]:
    out, stack = [], list(tree)
    while stack:
        node = stack.pop()
        out.append(node)
        stack.extend(node["children"])
    return out


def _crawl_catalogue(replica, base: str) -> tuple[set[str], set[str]]:
    """Article URLs listed by one catalogue's API (paged by ``total``), and its TREE's jump_urls."""
    shell = proxy_get(replica.url, base + "index")[2].decode()
    cfg = chompjs.parse_js_object(shell.split("window._CONFIG =", 1)[1])
    routes = replica.manifest()["routes"]
    found, jumps = set(), set()
    for node in _walk(cfg["TREE"]):
        if node["jump_url"]:
            jumps.add(node["jump_url"])
            continue
        page, seen = 1, 0
        while True:
            url = f"{base}api/all/{node['id']}?page={page}"
            cookie = (routes.get(url) or {}).get("cookie")
            status, _, body = proxy_get(replica.url, f"{url}&sid={cfg['SID']}",
                                        {"Cookie": f"{cookie['name']}={cookie['value']}"} if cookie else None)
            if status == 404:
                break
            data = json.loads(body)
            found |= {a["url"] for a in data["articles"]}
            seen += len(data["articles"])
            if not data["articles"] or seen >= data["total"]:
                break
            page += 1
    return found, jumps


def _discover(replica, entry: dict) -> tuple[set[str], dict[str, dict]]:
    """Everything reachable from one site's home page, and the catalogues found with how."""
    reached, linked = _crawl_portal(replica, entry)
    catalogues = {b: {"pages": pages, "jumps": set()} for b, pages in linked.items()}
    queue = deque(catalogues)
    while queue:
        base = queue.popleft()
        found, jumps = _crawl_catalogue(replica, base)
        reached |= found
        for jump in jumps:
            m = CATALOGUE.match(jump)
            assert m and _on_site(entry, jump), jump
            if m.group(1) not in catalogues:
                catalogues[m.group(1)] = {"pages": set(), "jumps": set()}
                queue.append(m.group(1))
            catalogues[m.group(1)]["jumps"].add(base + "index")
    return reached, catalogues


def test_sites_match_the_registry(replica):
    sites = {s["key"]: s for s in replica.manifest()["sites"]}
    for entry in _registry():
        site = sites[entry["key"]]
        assert site["host"] == entry["host"] and site["district"] == entry["district"]
        assert site["report_columns"] == [f"http://{entry['host']}{c}" for c in entry["portal"]["columns"]]
        own = [c["base"] for c in site["catalogues"] if c["own"]]
        assert own == [p["base"] for p in site["gkmlpt_prefixes"]] == [f"http://{entry['host']}{g['prefix']}"
                                                                      for g in entry["gkmlpt"]]
        for g in entry["gkmlpt"]:
            if "sid" in g:
                assert next(c["sid"] for c in site["catalogues"] if c["own"]) == g["sid"]
        for column in site["report_columns"]:
            assert proxy_get(replica.url, column)[0] == 200


@pytest.mark.parametrize("state", ["night1", "night2"])
def test_every_report_and_decoy_is_reachable_by_navigation(replica, state):
    replica.set_state(state)
    manifest = replica.manifest()
    reached: set[str] = set()
    for entry in _registry():
        site_reached, catalogues = _discover(replica, entry)
        reached |= site_reached
        site = next(s for s in manifest["sites"] if s["key"] == entry["key"])
        assert set(catalogues) == {c["base"] for c in site["catalogues"]}, entry["key"]
        for c in site["catalogues"]:
            how = catalogues[c["base"]]
            via = {(True, False): "page", (False, True): "jump_url", (True, True): "both"}[
                (bool(how["pages"]), bool(how["jumps"]))]
            assert via == c["via"], c["base"]
            assert sorted(how["pages"] | how["jumps"]) == sorted(c["linked_from"]), c["base"]
    for report in manifest["reports"]:
        assert set(report["page_urls"]) <= reached, report["key"]
    for decoy in manifest["decoys"]:
        assert set(decoy["urls"]) <= reached, decoy["title"]
    replica.set_state("night1")


def test_department_catalogues(replica):
    manifest = replica.manifest()
    reports = manifest["reports"]
    city_sids = {}
    for site in manifest["sites"]:
        depts = [c for c in site["catalogues"] if not c["own"]]
        assert len(depts) >= 3, site["key"]
        assert sum(c["own"] for c in site["catalogues"]) == 1
        for c in depts:
            mine = [r for r in reports if r["catalogue"] == c["base"]]
            assert mine, c["base"]
            assert {r["agency"] for r in mine} == {c["name"]}
            for r in mine:
                root = c["base"][: -len("gkmlpt/")]
                assert all(d["url"].startswith(root) for d in r["documents"] if d["role"] != "page"), r["key"]
            if site["key"] == "gz":
                assert c["prefix"] == "/gkmlpt/" and c["host"].endswith(".gz.gov.cn") and c["host"] != site["host"]
                city_sids[c["host"]] = c["sid"]
            else:
                assert c["host"] == site["host"] and re.fullmatch(r"/[a-z]+/gkmlpt/", c["prefix"])
        assert any(r["system"] == "both" and r["catalogue"] in {c["base"] for c in depts}
                   for r in reports if r["site"] == site["key"]) or not site["report_columns"]
    assert {"fgw.gz.gov.cn": "200014", "rsj.gz.gov.cn": "200025", "jyj.gz.gov.cn": "200016"}.items() <= \
        city_sids.items()
    hp = next(s for s in manifest["sites"] if s["key"] == "hp")
    assert next(c for c in hp["catalogues"] if c["prefix"] == "/hpfgj/gkmlpt/")["protected"]
    assert {c["via"] for s in manifest["sites"] for c in s["catalogues"]} == {"page", "jump_url", "both"}
    gz_own = next(c for c in next(s for s in manifest["sites"] if s["key"] == "gz")["catalogues"] if c["own"])
    assert gz_own["sid"] == "200001"
    assert {r["agency"] for r in reports if r["catalogue"] == gz_own["base"]} == {"广州市人民政府办公厅"}


def test_department_catalogues_are_linked_only_from_disclosure_pages(replica):
    manifest = replica.manifest()
    gz_hosts = {h for s in manifest["sites"] for h in s["hosts"]}  # county sites (some GBK) link no catalogue
    html = {u: r for u, r in manifest["routes"].items()
            if r.get("mime", "").startswith("text/html") and urlsplit(u).hostname in gz_hosts}
    for site in manifest["sites"]:
        own = next(c for c in site["catalogues"] if c["own"])
        shells = {own["base"] + p for p in ("index", "", "annualreport")}
        for c in (c for c in site["catalogues"] if not c["own"]):
            allowed = set(c["linked_from"]) | (shells if c["via"] != "page" else set())
            for url in html:
                if url.startswith(c["base"]) or urlsplit(url).hostname == c["host"] != site["host"]:
                    continue  # the catalogue itself, or its city department's own host
                text = (replica.data.dir / html[url]["file"]).read_text(encoding="utf-8")
                same_host = urlsplit(url).hostname == c["host"]
                if c["base"] + "index" in text or (same_host and f'"{c["prefix"]}index"' in text):
                    assert url in allowed, (c["base"], url)
        page = _html(replica, site["dept_page"])
        names = {a.get_text(): a["href"] for a in page.select("div.list_li a")}
        for c in site["catalogues"]:
            if not c["own"]:
                assert (names.get(c["name"]) == c["base"] + "index") == (c["via"] != "jump_url"), c["base"]


def test_manifest_agencies_are_real_and_page_urls_unique(replica):
    reports = replica.manifest()["reports"]
    for r in reports:
        assert r["agency"] and r["agency"] != "本网" and r["agency"] in r["title"]
        assert len(set(r["page_urls"])) == len(r["page_urls"])
    urls = [u for r in reports for u in r["page_urls"]]
    assert len(urls) == len(set(urls))


def test_reports_in_both_systems(replica):
    both = [r for r in replica.manifest()["reports"] if r["system"] == "both"]
    assert both and all(len(r["page_urls"]) == 2 for r in both)
    assert len({r["site"] for r in both}) >= 3


def test_home_leads_to_the_report_column_in_two_clicks(replica):
    for site in replica.manifest()["sites"]:
        home = _html(replica, site["home"])
        zwgk = urljoin(site["home"], home.find("a", string="政务公开")["href"])
        page = _html(replica, zwgk)
        link = page.find("a", string=re.compile("政府信息公开(工作)?(年报|年度报告)"))
        target = urljoin(zwgk, link["href"])
        assert target.split("#")[0] in site["report_columns"] or "/gkmlpt/annualreport" in target, site["key"]
        dept = page.find("a", string="部门信息公开")
        assert urljoin(zwgk, dept["href"]) == site["dept_page"]


def test_report_pages_carry_the_metadata_spiders_read(replica):
    for report in replica.manifest()["reports"]:
        files = [d["url"] for d in report["documents"] if d["role"] == "attachment"]
        for url in report["page_urls"]:
            text = proxy_get(replica.url, url)[2].decode("utf-8")
            soup = BeautifulSoup(text, "lxml")
            if "/gkmlpt/" in url:
                meta = soup.select_one("div.classify").get_text()
                assert report["agency"] in meta and "索引号" in meta and report["written"] in meta
                detail = chompjs.parse_js_object(text.split("window._CONFIG =", 1)[1])["DETAIL"]
                assert [a["url"] for a in detail["attachment"]] == files
                assert soup.select_one("h1.title, h1.content-title").get_text() == report["title"]
            else:
                assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d", soup.find("meta", {"name": "PubDate"})["content"])
                assert soup.find("h1").get_text() == report["title"]
                for f in files:
                    assert f'<a href="{f}">' in text, (url, f)
