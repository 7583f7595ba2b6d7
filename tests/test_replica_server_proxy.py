"""The replica answers as a forward proxy and directly, serving exactly the manifest's bytes."""

from __future__ import annotations

import hashlib
import http.client
import json
import re
from urllib.parse import urlsplit

import pytest

from replica.server import proxy_get, start_in_thread

DYNAMIC = re.compile(rb'(<span id="(?:visit-count|page-time)">|name="csrf_token" value=")[^<"]*(</span>|")')


@pytest.fixture(scope="module")
def replica():
    with start_in_thread(port=0, state="night1", faults={}) as server:
        yield server


def _direct(server, method: str, path: str, body: dict | None = None, host: str | None = None):
    parts = urlsplit(server.url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    headers = {"Host": host} if host else {}
    data = json.dumps(body).encode() if body is not None else None
    conn.request(method, path, body=data, headers=headers)
    resp = conn.getresponse()
    out = resp.status, {k.lower(): v for k, v in resp.getheaders()}, resp.read()
    conn.close()
    return out


def _normalise(body: bytes) -> bytes:
    return DYNAMIC.sub(rb"\1\2", body)


def test_proxy_form_serves_a_site_page(replica):
    status, headers, body = proxy_get(replica.url, "http://www.panyu.gov.cn/zwgk/zfxxgkndbg/index.html")
    assert status == 200
    assert int(headers["content-length"]) == len(body)
    assert "政府信息公开年报" in body.decode("utf-8")


def test_direct_form_uses_host_header(replica):
    status, headers, body = _direct(replica, "GET", "/robots.txt", host="www.by.gov.cn")
    assert status == 200 and body.startswith(b"User-agent: *")
    assert headers["etag"].strip('"') == hashlib.sha256(body).hexdigest()


def test_directory_url_serves_its_index(replica):
    a = proxy_get(replica.url, "http://www.panyu.gov.cn/zwgk/zfxxgkndbg/")
    b = proxy_get(replica.url, "http://www.panyu.gov.cn/zwgk/zfxxgkndbg/index.html")
    assert a[0] == b[0] == 200
    assert _normalise(a[2]) == _normalise(b[2])


def test_unknown_host_is_502_and_never_forwarded(replica):
    status, _, _ = proxy_get(replica.url, "http://www.example.com/")
    assert status == 502


def test_connect_is_501(replica):
    parts = urlsplit(replica.url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    conn.request("CONNECT", "www.panyu.gov.cn:443")
    assert conn.getresponse().status == 501
    conn.close()


def test_missing_page_is_404(replica):
    assert proxy_get(replica.url, "http://www.panyu.gov.cn/no/such/page.html")[0] == 404


def test_gkmlpt_api_query_order_page_zero_and_sid(replica):
    site = next(s for s in replica.manifest()["sites"] if s["key"] == "panyu")
    g = site["gkmlpt"]
    cat = g["annual_report_categories"][0]
    base = f"{g['base']}api/all/{cat}"
    p1 = proxy_get(replica.url, f"{base}?page=1&sid={g['sid']}")
    p0 = proxy_get(replica.url, f"{base}?sid={g['sid']}&page=0")
    bare = proxy_get(replica.url, base)
    assert p1[0] == p0[0] == bare[0] == 200 and p1[2] == p0[2] == bare[2]
    data = json.loads(p1[2])
    assert data["classify"]["id"] == cat and len(data["articles"]) == g["page_size"]
    assert {"id", "title", "url", "date", "create_time", "publisher", "attachment"} <= set(data["articles"][0])


def test_every_route_serves_the_manifest_bytes(replica):
    for state in ("night1", "night2"):
        replica.set_state(state)
        routes = replica.manifest()["routes"]
        for url, route in routes.items():
            cookie = route.get("cookie")
            sent = {"Cookie": f"{cookie['name']}={cookie['value']}"} if cookie else {}
            status, headers, body = proxy_get(replica.url, url, sent)
            if "status" in route:
                assert status == route["status"] and headers["location"] == route["location"], url
                continue
            assert status == 200, url
            assert int(headers["content-length"]) == len(body), url
            assert headers["content-type"] == route["mime"], url
            if route.get("dynamic"):
                stored = (replica.data.dir / route["file"]).read_bytes()
                assert _normalise(body) == _normalise(stored), url
            else:
                assert hashlib.sha256(body).hexdigest() == route["sha256"], url
    replica.set_state("night1")


def test_protected_gkmlpt_api_needs_the_shell_cookie(replica):
    url, route = next((u, r) for u, r in replica.manifest()["routes"].items() if r.get("cookie"))
    assert "/hpfgj/gkmlpt/api/" in url
    assert proxy_get(replica.url, url)[0] == 403
    assert proxy_get(replica.url, url, {"Cookie": f"{route['cookie']['name']}=wrong"})[0] == 403
    shell = proxy_get(replica.url, url.split("api/all/")[0] + "index")[2].decode()
    assert "document.cookie" in shell and route["cookie"]["name"] in shell


def test_dynamic_chrome_changes_on_every_load(replica):
    url = "http://www.by.gov.cn/"
    a, b = proxy_get(replica.url, url)[2], proxy_get(replica.url, url)[2]
    assert a != b and _normalise(a) == _normalise(b)


def test_portal_articles_are_static_except_on_by(replica):
    """Like the real CMSs: article pages are static files with validators (the counter is a
    JSONP call), except on by, whose CMS renders them per load."""
    routes = replica.manifest()["routes"]
    portal = {u: r for u, r in routes.items()
              if r.get("kind") == "article" and "/gkmlpt/" not in u and re.search(r"/content/m?post_", u)}
    by = {u for u in portal if urlsplit(u).hostname == "www.by.gov.cn"}
    assert by and len(portal) > len(by)
    assert all(portal[u].get("dynamic") for u in by)
    static = [u for u in portal if u not in by]
    assert not any(portal[u].get("dynamic") for u in static)
    for url in static[:3]:
        status, headers, body = proxy_get(replica.url, url)
        assert status == 200 and headers["etag"] and headers["last-modified"], url
        assert b"statistics.gd.gov.cn/count/visit?callback=" in body
        assert b'id="page-time"' not in body and b"csrf_token" not in body
        assert proxy_get(replica.url, url, {"If-None-Match": headers["etag"]})[0] == 304
        assert proxy_get(replica.url, url, {"If-Modified-Since": headers["last-modified"]})[0] == 304
        assert proxy_get(replica.url, url)[2] == body
    url = sorted(by)[0]
    (s1, h1, b1), (s2, _, b2) = proxy_get(replica.url, url), proxy_get(replica.url, url)
    assert s1 == s2 == 200 and "etag" not in h1 and h1["cache-control"] == "no-cache"
    assert b1 != b2 and _normalise(b1) == _normalise(b2)
    assert proxy_get(replica.url, url, {"If-Modified-Since": "Sun, 01 Jan 2040 00:00:00 GMT"})[0] == 200


def test_conditional_requests_get_304(replica):
    url = next(u for u, r in replica.manifest()["routes"].items() if r.get("kind") == "attachment")
    status, headers, body = proxy_get(replica.url, url)
    assert status == 200 and headers["etag"] and headers["last-modified"]
    s2, h2, b2 = proxy_get(replica.url, url, {"If-None-Match": headers["etag"]})
    assert s2 == 304 and b2 == b"" and h2["etag"] == headers["etag"] and "content-length" in h2
    assert proxy_get(replica.url, url, {"If-Modified-Since": headers["last-modified"]})[0] == 304
    assert proxy_get(replica.url, url, {"If-None-Match": '"other"'})[0] == 200


def test_head_has_length_and_no_body(replica):
    status, headers, body = proxy_get(replica.url, "http://www.gzns.gov.cn/robots.txt", method="HEAD")
    assert status == 200 and body == b"" and int(headers["content-length"]) > 0


def test_control_endpoints(replica):
    status, _, body = _direct(replica, "GET", "/_replica/manifest")
    manifest = json.loads(body)
    assert status == 200 and manifest["state"] == "night1" and manifest["routes"] and manifest["reports"]
    assert _direct(replica, "POST", "/_replica/state", {"state": "night2"})[0] == 200
    assert json.loads(_direct(replica, "GET", "/_replica/manifest")[2])["state"] == "night2"
    assert _direct(replica, "POST", "/_replica/state", {"state": "night9"})[0] == 400
    assert _direct(replica, "POST", "/_replica/state", {"state": "night1"})[0] == 200
    assert _direct(replica, "POST", "/_replica/faults", {"http500": ["www.by.gov.cn"]})[0] == 200
    assert json.loads(_direct(replica, "GET", "/_replica/faults")[2]) == {"http500": ["www.by.gov.cn"]}
    assert _direct(replica, "POST", "/_replica/faults", {"no_such_mode": []})[0] == 400
    assert _direct(replica, "POST", "/_replica/faults", {})[0] == 200
    proxy_get(replica.url, "http://www.hp.gov.cn/robots.txt")
    log = json.loads(_direct(replica, "GET", "/_replica/log")[2])
    assert any(e["url"] == "http://www.hp.gov.cn/robots.txt" and e["proxied"] for e in log)
