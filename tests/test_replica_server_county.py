"""The county sites answer the way each publishing system does (REAL_SITES.md, last sections)."""

from __future__ import annotations

import hashlib
import http.client
import json
import re
from urllib.parse import unquote, urlencode, urlsplit

import pytest
from bs4 import BeautifulSoup

from replica.server import BROWSER_UA, proxy_get, start_in_thread


@pytest.fixture(scope="module")
def replica():
    with start_in_thread(port=0, state="night1", faults={}) as server:
        yield server


@pytest.fixture(scope="module")
def sites(replica) -> dict[str, dict]:
    return {s["system"]: s for s in replica.manifest()["county_sites"]}


def _column(replica, site: dict) -> list[dict]:
    """The site's column entries (reports and decoys), as the manifest lists them."""
    m = replica.manifest()
    return [r for r in m["county_reports"] + m["county_decoys"] if r["site"] == site["key"]]


def _post(replica, url: str, form: dict) -> tuple[int, dict, bytes]:
    parts = urlsplit(replica.url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    try:
        conn.request("POST", url, body=urlencode(form), headers={
            "User-Agent": BROWSER_UA, "Content-Type": "application/x-www-form-urlencoded"})
        resp = conn.getresponse()
        return resp.status, {k.lower(): v for k, v in resp.getheaders()}, resp.read()
    finally:
        conn.close()


def _links(text: str) -> set[str]:
    return set(re.findall(r'href="([^"]+\.html)"', text))


def test_six_systems_each_on_its_own_host(sites):
    assert set(sites) == {"trs", "hanweb", "jpaas", "ucap", "vsb", "xxgk"}
    assert len({s["host"] for s in sites.values()}) == 6
    assert sites["xxgk"]["hosts"] == sorted({sites["xxgk"]["host"], urlsplit(sites["xxgk"]["report_column"]).hostname})
    assert len(sites["xxgk"]["hosts"]) == 2


def test_trs_pages_with_create_page_html(replica, sites):
    site = sites["trs"]
    status, headers, body = proxy_get(replica.url, site["report_column"])
    text = body.decode("utf-8")
    assert status == 200 and 'name="ChnlId"' in text and "createPageHTML(countPage, currentPage" in text
    n = int(re.search(r"var countPage = (\d+)", text).group(1))
    assert n >= 3
    rows = set()
    for i in range(n):
        url = site["report_column"] if i == 0 else site["report_column"].replace("index.html", f"index_{i}.html")
        page = proxy_get(replica.url, url)[2].decode()
        rows |= set(re.findall(r'href="\./(\d{6}/t\d{8}_\d+\.html)"', page))
    assert len(rows) == len(_column(replica, site))
    report = next(r for r in replica.manifest()["county_reports"] if r["site"] == site["key"] and r["publication"] == "pdf")
    page = proxy_get(replica.url, report["page_urls"][0])[2].decode()
    assert 'class="TRS_Editor"' in page and 'name="DocId"' in page
    pdf = next(d for d in report["documents"] if d["role"] == "attachment")
    assert re.search(r"/P0\d+\.pdf$", pdf["url"]) and f'href="./{pdf["url"].rsplit("/", 1)[1]}"' in page


def test_hanweb_gbk_without_charset_and_datastore(replica, sites):
    site = sites["hanweb"]
    status, headers, body = proxy_get(replica.url, site["report_column"])
    assert status == 200 and headers["content-type"] == "text/html"
    with pytest.raises(UnicodeDecodeError):
        body.decode("utf-8")
    text = body.decode("gbk")
    assert "charset" not in text.split("</head>")[0].lower()
    store = re.search(r'<script type="text/xml"><datastore>(.*?)</datastore></script>', text, re.S).group(1)
    assert "<nextgroup>" in store and "dataproxy.jsp" in store
    first = re.findall(r"<record><!\[CDATA\[\s*(<li>.*?</li>)\s*\]\]></record>", store, re.S)
    assert len(first) == site["page_size"] and all("/art/" in r for r in first)
    ajax = json.loads(re.search(r"var ajaxParam = (\{.*?\});", text).group(1))
    assert {k: str(v) for k, v in ajax.items()} == site["params"]
    assert int(re.search(r"totalRecord: (\d+)", text).group(1)) == len(_column(replica, site)) > 2 * site["page_size"]


def _records(xml: bytes) -> list[str]:
    return re.findall(r"<record><!\[CDATA\[\s*(<li>.*?</li>)", xml.decode("gbk"), re.S)


def test_hanweb_dataproxy_get_and_post(replica, sites):
    site = sites["hanweb"]
    p, size = site["params"], site["page_size"]
    base = f"http://{site['host']}/module/web/jpage/dataproxy.jsp"
    window = {"startrecord": size + 1, "endrecord": 2 * size, "perpage": size}
    got = proxy_get(replica.url, base + "?" + urlencode({**window, "columnid": p["columnid"], "unitid": p["unitid"],
                                                        "webid": p["webid"]}))
    assert got[0] == 200 and got[1]["content-type"] == "text/xml"
    second = _records(got[2])
    assert len(second) == size
    status, _, body = _post(replica, base + "?" + urlencode(window), p)  # the jpage way: ajaxParam as a form
    assert status == 200 and _records(body) == second
    first = proxy_get(replica.url, site["report_column"])[2].decode("gbk")
    assert not set(second) & set(re.findall(r"(<li>.*?</li>)", first))
    everything = _records(_post(replica, base + "?startrecord=1&endrecord=100&perpage=5", p)[2])
    assert len(everything) == len(_column(replica, site))
    assert _records(_post(replica, base + "?startrecord=1&endrecord=100", {**p, "columnid": "1"})[2]) == []
    assert "<totalrecord>" in got[2].decode("gbk")


def test_hanweb_downloads_name_the_file_three_ways(replica, sites):
    site = sites["hanweb"]
    docs = [d for r in replica.manifest()["county_reports"] if r["site"] == site["key"]
            for d in r["documents"] if d["role"] == "attachment"]
    assert docs and all("/module/download/downfile.jsp?classid=0&filename=" in d["url"] for d in docs)
    forms = set()
    for d in docs:
        status, headers, body = proxy_get(replica.url, d["url"])
        assert status == 200 and headers["content-type"] == "application/octet-stream"
        assert hashlib.sha256(body).hexdigest() == d["sha256"]
        cd = headers["content-disposition"]
        if "filename*=UTF-8''" in cd:
            forms.add("rfc5987")
            assert unquote(cd.split("''", 1)[1]) == d["name"]
        elif '"' in cd:
            forms.add("gbk")
            assert cd.split('"')[1].encode("latin-1").decode("gbk") == d["name"]
        else:
            forms.add("plain")
            assert cd.split("filename=", 1)[1] == d["url"].rsplit("filename=", 1)[1]
    assert forms == {"rfc5987", "gbk", "plain"}


def test_hanweb_articles_have_zoom_and_some_a_wrong_charset(replica, sites):
    reps = [r for r in replica.manifest()["county_reports"] if r["site"] == sites["hanweb"]["key"]]
    wrong = 0
    for r in reps:
        url = r["page_urls"][0]
        assert re.search(r"/art/\d{4}/\d{1,2}/\d{1,2}/art_\d+_\d+\.html$", url)
        status, headers, body = proxy_get(replica.url, url)
        assert headers["content-type"] == "text/html"
        soup = BeautifulSoup(body.decode("gbk"), "lxml")
        assert soup.select_one("#zoom") is not None and r["agency"] in soup.get_text()
        wrong += "charset=utf-8" in body.decode("gbk")
    assert 0 < wrong < len(reps)


def test_jpaas_unit_api_pages_by_page_no(replica, sites):
    site = sites["jpaas"]
    text = proxy_get(replica.url, site["report_column"])[2].decode()
    assert "<li>" not in text  # the column page has no rows: its script calls the unit API
    api = re.search(r'data-url="([^"]+)"', text).group(1).replace("&amp;", "&")
    assert api.startswith("/api-gateway/jpaas-publish-server/front/page/build/unit?") and "pageNo=1" in api
    seen, page = [], 1
    while True:
        url = f"http://{site['host']}" + api.replace("pageNo=1", f"pageNo={page}")
        data = json.loads(proxy_get(replica.url, url)[2])
        assert data["success"]
        rows = re.findall(r'<li><a title="[^"]*" target="_blank" href="([^"]+)"', data["data"]["html"])
        if not rows:
            break
        seen += rows
        page += 1
    total = int(re.search(r'count="(\d+)"', data["data"]["html"]).group(1))
    assert len(seen) == len(set(seen)) == total == len(_column(replica, site)) and page > 3
    alt = (f"http://{site['host']}/api-gateway/jpaas-publish-server/front/page/build/unit?"
           + urlencode({"webId": site["params"]["webId"], "pageId": site["params"]["pageId"],
                        "paramJson": json.dumps({"pageNo": 2, "pageSize": 5})}))
    assert re.findall(r'href="([^"]+)"', json.loads(proxy_get(replica.url, alt)[2])["data"]["html"]) == seen[5:10]
    wrong = alt.replace(site["params"]["pageId"], "1")
    assert json.loads(proxy_get(replica.url, wrong)[2])["success"] is False


def test_ucap_json_lists_and_ucap_content(replica, sites):
    site = sites["ucap"]
    text = proxy_get(replica.url, site["report_column"])[2].decode()
    channel = re.search(r"var channelId = '([0-9a-f]+)'", text).group(1)
    assert channel == site["params"]["channel"]
    base = f"http://{site['host']}/common/search/{channel}"
    one = json.loads(proxy_get(replica.url, f"{base}?page=1&_pageSize=5&_isAgg=true&_isJson=true&_template=index")[2])
    two = json.loads(proxy_get(replica.url, f"{base}?page=2&_pageSize=5&_isJson=true")[2])
    assert one["data"]["total"] == len(_column(replica, site)) and one["data"]["page"] == 1
    assert len(one["data"]["results"]) == 5 and {r["url"] for r in one["data"]["results"]}.isdisjoint(
        {r["url"] for r in two["data"]["results"]})
    meta = {m["key"] for m in one["data"]["results"][0]["domainMetaList"][0]["resultList"]}
    assert {"source", "pubdate", "writedate"} <= meta
    html = proxy_get(replica.url, f"{base}?page=1&_pageSize=5")
    assert html[1]["content-type"].startswith("text/html") and b"<li>" in html[2]
    report = next(r for r in replica.manifest()["county_reports"] if r["site"] == site["key"])
    page = BeautifulSoup(proxy_get(replica.url, report["page_urls"][0])[2], "lxml")
    assert page.select_one("#UCAP-CONTENT") is not None


def test_vsb_cur_page(replica, sites):
    site = sites["vsb"]
    col = site["report_column"]
    assert col.endswith(f"/info/iList.jsp?cat_id={site['params']['cat_id']}")
    bare, one = proxy_get(replica.url, col), proxy_get(replica.url, col + "&cur_page=1")
    assert bare[2] == one[2]
    two = proxy_get(replica.url, col + "&cur_page=2")[2].decode()
    assert 'class="Next"' in bare[2].decode() and "cur_page=3" in two
    rows = re.findall(r'href="(/info/\d+/\d+\.htm)"', two)
    assert rows and not set(rows) & set(re.findall(r'href="(/info/\d+/\d+\.htm)"', bare[2].decode()))
    report = next(r for r in replica.manifest()["county_reports"] if r["site"] == site["key"])
    assert "vsb_content" in proxy_get(replica.url, report["page_urls"][0])[2].decode()


def test_xxgk_subsite_aspx_paging(replica, sites):
    site = sites["xxgk"]
    sub = urlsplit(site["report_column"]).hostname
    assert sub.startswith(("zfxxgk.", "xxgk.")) and sub != site["host"]
    col = site["report_column"]
    assert re.search(r"/List\.aspx\?cid=\d+$", col)
    pages = [proxy_get(replica.url, col + f"&page={i}")[2].decode() for i in (1, 2, 3)]
    assert "page=2" in pages[0] and "__VIEWSTATE" in pages[0]
    rows = [set(re.findall(r'href="(Detail\.aspx\?cid=\d+&amp;id=\d+|Detail\.aspx\?cid=\d+&id=\d+)"', p)) for p in pages]
    assert all(rows) and not rows[0] & rows[1]


def test_robots_disallow_the_trap_which_lists_every_report(replica, sites):
    reports = replica.manifest()["county_reports"]
    for site in sites.values():
        host = site["robots_trap_host"]
        robots = proxy_get(replica.url, f"http://{host}/robots.txt")[2].decode()
        assert f"Disallow: {site['robots_trap']}" in robots
        assert urlsplit(site["trap_url"]).path.startswith(site["robots_trap"])
        home = proxy_get(replica.url, site["home"])[2]
        assert site["trap_url"].split("?")[0].split(host, 1)[1].encode() in home
        trap = proxy_get(replica.url, site["trap_url"])
        assert trap[0] == 200
        text = trap[2].decode("gbk" if site["system"] == "hanweb" else "utf-8")
        for r in (r for r in reports if r["site"] == site["key"]):
            path = urlsplit(r["page_urls"][0])
            assert path.path + (f"?{path.query}" if path.query else "") in text.replace("&amp;", "&"), r["key"]
