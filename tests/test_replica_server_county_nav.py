"""Every county report is reached by navigation from the home page, politely; night2 changes show.

The small crawler here starts at each county home page, obeys robots.txt, follows links
on the site's hosts and knows each system's paging: TRS ``createPageHTML`` counts, the
Hanweb datastore and ``dataproxy.jsp`` (POST of the page's ``ajaxParam``), the JPaaS unit
API (``data-url``), the Ucap search API (``channelId``); VSB and xxgk page by plain links.
It never guesses a column URL, so the manifest's ``report_column`` must be reachable.
"""

from __future__ import annotations

import http.client
import json
import re
from collections import deque
from urllib.parse import urlencode, urljoin, urlsplit
from urllib.robotparser import RobotFileParser

import pytest
from bs4 import BeautifulSoup

from replica.server import BROWSER_UA, proxy_get, start_in_thread


@pytest.fixture(scope="module")
def replica():
    with start_in_thread(port=0, state="night1", faults={}) as server:
        yield server


def _decode(headers: dict, body: bytes) -> str:
    """The charset from the header, else UTF-8, else GBK (Hanweb sends none and may claim UTF-8)."""
    m = re.search(r"charset=([\w-]+)", headers.get("content-type", ""))
    if m:
        return body.decode(m.group(1), "replace")
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        return body.decode("gbk", "replace")


def _post(replica, url: str, form: dict) -> bytes:
    parts = urlsplit(replica.url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    try:
        conn.request("POST", url, body=urlencode(form), headers={
            "User-Agent": BROWSER_UA, "Content-Type": "application/x-www-form-urlencoded"})
        return conn.getresponse().read()
    finally:
        conn.close()


def _api_links(replica, url: str, text: str) -> list[str]:
    """Row links a system's script would fetch for the column page ``url``."""
    host = f"http://{urlsplit(url).netloc}"
    out: list[str] = []
    if m := re.search(r"var countPage = (\d+)", text):  # TRS
        out += [urljoin(url, f"index_{i}.html") for i in range(1, int(m.group(1)))]
    if m := re.search(r"var ajaxParam = (\{.*?\});", text):  # Hanweb
        form = json.loads(m.group(1))
        total, per = (int(re.search(rf"{k}: (\d+)", text).group(1)) for k in ("totalRecord", "perPage"))
        for start in range(per + 1, total + 1, per):
            query = urlencode({"startrecord": start, "endrecord": start + per - 1, "perpage": per})
            xml = _post(replica, f"{host}/module/web/jpage/dataproxy.jsp?{query}", form).decode("gbk")
            out += re.findall(r'<a href="([^"]+)"', xml)
    if m := re.search(r'data-url="([^"]+)"', text):  # JPaaS
        api = m.group(1).replace("&amp;", "&")
        page = 1
        while rows := re.findall(r'href="([^"]+)"', json.loads(
                proxy_get(replica.url, host + api.replace("pageNo=1", f"pageNo={page}"))[2])["data"]["html"]):
            out += rows
            page += 1
    if m := re.search(r"var channelId = '([0-9a-f]+)'", text):  # Ucap
        page = 1
        while results := json.loads(proxy_get(
                replica.url, f"{host}/common/search/{m.group(1)}?page={page}&_pageSize=5&_isJson=true")[2])[
                "data"]["results"]:
            out += [r["url"] for r in results]
            page += 1
    return [urljoin(url, u) for u in out]


def crawl(replica, site: dict) -> set[str]:
    """Every URL reached from the site's home page (robots.txt obeyed, site hosts only)."""
    robots = {}
    for host in site["hosts"]:
        rp = RobotFileParser()
        rp.parse(proxy_get(replica.url, f"http://{host}/robots.txt")[2].decode().splitlines())
        robots[host] = rp
    seen: set[str] = set()
    queue = deque([site["home"]])
    while queue:
        url = queue.popleft().split("#")[0]
        host = urlsplit(url).hostname
        if url in seen or host not in robots or not robots[host].can_fetch("nianbao", url):
            continue
        seen.add(url)
        status, headers, body = proxy_get(replica.url, url)
        if status != 200 or not headers.get("content-type", "").startswith("text/html"):
            continue
        text = _decode(headers, body)
        links = [urljoin(url, a["href"]) for a in BeautifulSoup(text, "lxml").select("a[href]")]
        links += [urljoin(url, h) for h in re.findall(r'<a href="([^"]+)"', "".join(
            re.findall(r"<script type=\"text/xml\">(.*?)</script>", text, re.S)))]
        queue.extend(links + _api_links(replica, url, text))
    return seen


@pytest.mark.parametrize("state", ["night1", "night2"])
def test_every_county_report_is_reached_from_home_and_no_trap(replica, state):
    replica.set_state(state)
    replica.requests(clear=True)
    manifest = replica.manifest()
    for site in manifest["county_sites"]:
        seen = crawl(replica, site)
        assert site["report_column"] in seen, site["key"]
        for r in (r for r in manifest["county_reports"] if r["site"] == site["key"]):
            for d in r["documents"]:
                assert d["url"] in seen, (site["key"], r["key"], d["url"])
    log = replica.requests(clear=True)
    traps = [e for e in log for s in manifest["county_sites"]
             if urlsplit(e["url"]).hostname == s["robots_trap_host"] and urlsplit(e["url"]).path.startswith(s["robots_trap"])]
    assert not traps
    assert any("/module/web/jpage/dataproxy.jsp" in e["url"] and e["method"] == "POST" for e in log)
    replica.set_state("night1")


def test_trap_requests_are_logged(replica):
    site = replica.manifest()["county_sites"][0]
    replica.requests(clear=True)
    assert proxy_get(replica.url, site["trap_url"])[0] == 200
    assert [e["url"] for e in replica.requests(clear=True)] == [site["trap_url"]]


def test_report_column_is_not_at_a_guessable_url(replica):
    for site in replica.manifest()["county_sites"]:
        for guess in ("/zwgk/zfxxgknb/index.html", "/zfxxgk/zfxxgknb/index.html", "/xxgknb/index.html",
                      "/zwgk/xxgknb/index.html", "/zfxxgknb/index.html"):
            for host in site["hosts"]:
                assert proxy_get(replica.url, f"http://{host}{guess}")[0] == 404


def _by(items: list[dict], key: str) -> dict:
    return {i[key]: i for i in items}


def test_night2_changes_on_every_county_site(replica):
    replica.set_state("night2")
    m2 = replica.manifest()
    changes = m2["county_changes"]
    replica.set_state("night1")
    m1 = replica.manifest()
    assert {(c["site"], c["kind"]) for c in changes} == {
        (s["key"], k) for s in m1["county_sites"] for k in ("new", "amended", "removed")}
    for c in changes:
        replica.set_state("night1")
        before = proxy_get(replica.url, c["url"])
        replica.set_state("night2")
        after = proxy_get(replica.url, c["url"])
        if c["kind"] == "new":
            assert before[0] == 404 and after[0] == 200
            assert c["report"] not in _by(m1["county_reports"], "key") and c["report"] in _by(m2["county_reports"], "key")
        elif c["kind"] == "amended":
            assert before[0] == after[0] == 200 and before[2] != after[2]
            import hashlib
            assert hashlib.sha256(after[2]).hexdigest() == c["new_sha256"] != c["old_sha256"]
        else:
            assert before[0] == 200 and all(proxy_get(replica.url, u)[0] == 404 for u in c["urls"])
            assert c["report"] not in _by(m2["county_reports"], "key")
    replica.set_state("night1")


def test_every_site_has_old_and_templated_reports(replica):
    m = replica.manifest()
    for site in [*m["sites"], *m["county_sites"]]:
        reps = [r for r in m["reports"] + m["county_reports"] if r["site"] == site["key"]]
        old = [r for r in reps if r["template"] == "pre-2019"]
        assert old and any(r["template"] in ("2019", "2021") for r in reps), site["key"]
        assert all(2008 <= r["year"] <= 2018 and not any(d["has_tables"] or d["expected"] for d in r["documents"])
                   for r in old)
    county = [r for r in m["county_reports"] if r["template"] != "pre-2019"]
    assert all(any(d["has_tables"] for d in r["documents"]) for r in county)
    assert {r["publication"] for r in county} >= {"html", "pdf", "docx", "scan"}
    assert {d["why"] for d in m["county_decoys"]} >= {"disclosure guide", "work plan (政务公开工作要点)",
                                                      "annual report of another kind (法治政府建设)",
                                                      "interpretation, not a report"}
