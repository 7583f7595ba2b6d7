"""Each fault mode behaves as described, per host, and switches off again."""

from __future__ import annotations

import hashlib
import http.client
import json
import re
import socket
import time
from urllib.parse import urlsplit

import pytest

from replica.faults import FaultConfigError, Faults, is_browser
from replica.server import proxy_get, start_in_thread

HOST = "www.panyu.gov.cn"
OTHER = "www.by.gov.cn"
PAGE = f"http://{HOST}/zwgk/zfxxgkndbg/index.html"


@pytest.fixture()
def replica():
    with start_in_thread(port=0, state="night1", faults={}) as server:
        yield server


def _raw(server, url: str, user_agent: str) -> bytes:
    """Send one proxied request on a raw socket and read until the server closes."""
    parts = urlsplit(server.url)
    with socket.create_connection((parts.hostname, parts.port), timeout=5) as s:
        s.sendall(f"GET {url} HTTP/1.1\r\nHost: {urlsplit(url).netloc}\r\nUser-Agent: {user_agent}\r\n"
                  "Connection: close\r\n\r\n".encode())
        data = b""
        while chunk := s.recv(65536):
            data += chunk
    return data


def test_default_faults_rate_limit_hp_only():
    with start_in_thread(port=0) as server:
        assert server.faults.to_dict() == server.data.manifest["default_faults"]


def test_unknown_fault_mode_is_rejected():
    with pytest.raises(FaultConfigError):
        Faults.from_dict({"explode": [HOST]})
    with pytest.raises(FaultConfigError):
        Faults.from_dict({"http500": HOST})


def test_http500_only_on_listed_host(replica):
    replica.set_faults({"http500": [HOST]})
    assert proxy_get(replica.url, PAGE)[0] == 500
    assert proxy_get(replica.url, f"http://{OTHER}/robots.txt")[0] == 200
    replica.set_faults({})
    assert proxy_get(replica.url, PAGE)[0] == 200


def test_slow_sleeps_past_a_client_timeout(replica):
    replica.set_faults({"slow": {"hosts": [HOST], "seconds": 1.5}})
    with pytest.raises((TimeoutError, socket.timeout)):
        proxy_get(replica.url, PAGE, timeout=0.5)
    started = time.monotonic()
    assert proxy_get(replica.url, PAGE, timeout=5)[0] == 200
    assert time.monotonic() - started >= 1.4


def test_truncate_sends_less_than_content_length(replica):
    replica.set_faults({"truncate": [HOST]})
    raw = _raw(replica, PAGE, "Mozilla/5.0")
    head, _, body = raw.partition(b"\r\n\r\n")
    length = int(re.search(rb"Content-Length: (\d+)", head).group(1))
    assert 0 < len(body) < length
    with pytest.raises(http.client.IncompleteRead):
        proxy_get(replica.url, PAGE)


def test_reset_non_browser(replica):
    replica.set_faults({"reset_non_browser": [HOST]})
    with pytest.raises(ConnectionError):
        _raw(replica, PAGE, "Scrapy/2.13 (+https://scrapy.org)")
    assert _raw(replica, PAGE, "Mozilla/5.0 (X11; Linux x86_64) Chrome/124.0").startswith(b"HTTP/1.1 200")
    assert not is_browser("python-requests/2.32") and not is_browser("curl/8.5") and not is_browser(None)
    assert is_browser("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 HeadlessChrome/124.0")


def _solve_stage2(text: str) -> tuple[str, str]:
    """What the stage-2 page's JavaScript does, in Python: brute-force two chars of ``chars``."""
    params = json.loads(re.search(r"go\((\{.*?\})\)</script>", text).group(1))
    assert set(params) >= {"bts", "chars", "ct", "ha", "tn", "is", "vt", "wt"}
    assert params["tn"] == "__jsl_clearance_s" and params["ha"] in ("sha256", "md5", "sha1")
    for c1 in params["chars"]:
        for c2 in params["chars"]:
            value = params["bts"][0] + c1 + c2 + params["bts"][1]
            if hashlib.new(params["ha"], value.encode()).hexdigest() == params["ct"]:
                return params["tn"], value
    raise AssertionError("no solution")


def test_challenge521_has_two_stages(replica):
    replica.set_faults({"challenge521": [HOST]})
    status, headers, body = proxy_get(replica.url, PAGE)
    text = body.decode()
    assert status == 521 and "document.cookie" in text and "location.href" in text
    pieces = re.search(r"document\.cookie=(.*?);location", text).group(1)
    cookie = "".join(re.findall(r"\('([^']*)'\)", pieces)).split(";")[0]
    name, value = cookie.split("=", 1)
    assert name == "__jsluid_s"
    assert proxy_get(replica.url, PAGE, {"Cookie": f"{name}=wrong"})[0] == 521
    status, _, body2 = proxy_get(replica.url, PAGE, {"Cookie": cookie})
    text2 = body2.decode()
    assert status == 521 and "go({" in text2
    ha = json.loads(re.search(r"go\((\{.*?\})\)</script>", text2).group(1))["ha"]
    assert f"function {ha}(" in text2  # the hash function ships with the page, as on the real one
    tn, clearance = _solve_stage2(text2)
    assert proxy_get(replica.url, PAGE, {"Cookie": f"{cookie}; {tn}={clearance}x"})[0] == 521
    assert proxy_get(replica.url, PAGE, {"Cookie": f"{tn}={clearance}"})[0] == 521  # stage 1 again
    assert proxy_get(replica.url, PAGE, {"Cookie": f"{cookie}; {tn}={clearance}"})[0] == 200


def test_challenge521_hash_varies_by_host():
    from replica.challenges import jsl_params

    assert {jsl_params(h)["ha"] for h in ("www.panyu.gov.cn", "www.by.gov.cn", "www.gzns.gov.cn", "www.hp.gov.cn",
                                          "www.gz.gov.cn", "fgw.gz.gov.cn", "rsj.gz.gov.cn")} == {
        "sha256", "md5", "sha1"}


def test_challenge412_needs_a_browser(replica):
    """The Ruishu-style page: its script needs the DOM, so a bare JS engine cannot compute the cookie."""
    from replica import challenges

    replica.set_faults({"challenge412": [HOST]})
    status, headers, body = proxy_get(replica.url, PAGE)
    text = body.decode()
    assert status == 412 and headers["set-cookie"].startswith(challenges.RS_SERVER_COOKIE + "=")
    for needs_dom in ("document.createElement", "document.getElementById", "offsetWidth", "setTimeout"):
        assert needs_dom in text
    server_cookie = headers["set-cookie"].split(";")[0]
    assert proxy_get(replica.url, PAGE, {"Cookie": server_cookie})[0] == 412
    assert proxy_get(replica.url, PAGE, {"Cookie": f"{server_cookie}; {challenges.RS_CLIENT_COOKIE}=0"})[0] == 412
    good = f"{server_cookie}; {challenges.RS_CLIENT_COOKIE}={challenges.rs_client_value(HOST)}"
    assert proxy_get(replica.url, PAGE, {"Cookie": good})[0] == 200
    assert proxy_get(replica.url, f"http://{OTHER}/robots.txt")[0] == 200


def test_challenge412_script_fails_without_a_dom(tmp_path, replica):
    """Run the page's script in Node (a JS engine without a DOM): it never sets the cookie."""
    import shutil
    import subprocess

    node = shutil.which("node")
    if node is None:
        pytest.skip("no node")
    replica.set_faults({"challenge412": [HOST]})
    text = proxy_get(replica.url, PAGE)[2].decode()
    script = re.search(r'<script type="text/javascript" r="m">(.*)</script>', text, re.S).group(1)
    (tmp_path / "rs.js").write_text("var cookies = [];\n" + script, encoding="utf-8")
    done = subprocess.run([node, str(tmp_path / "rs.js")], capture_output=True, text=True, timeout=30)
    assert "document is not defined" in done.stderr


def test_gkmlpt_rate_limit(replica):
    site = next(s for s in replica.manifest()["sites"] if s["key"] == "panyu")
    g = site["gkmlpt"]
    api = f"{g['base']}api/all/{g['annual_report_categories'][0]}?page=1&sid={g['sid']}"
    replica.set_faults({"gkmlpt_rate_limit": [HOST]})
    assert proxy_get(replica.url, api)[0] == 200
    assert proxy_get(replica.url, api)[0] == 404
    assert proxy_get(replica.url, PAGE)[0] == 200  # only the API is limited
    time.sleep(0.6)
    assert proxy_get(replica.url, api)[0] == 200


def test_broken_layout_hides_the_listing(replica):
    good = proxy_get(replica.url, PAGE)[2].decode()
    assert re.search(r'<div class="list_li"><a href="[^"]+/content/m?post_\d+\.html"', good)
    replica.set_faults({"broken_layout": [HOST]})
    bad = proxy_get(replica.url, PAGE)[2].decode()
    assert not re.search(r'<a href="[^"]+/content/m?post_\d+\.html"', bad)
    site = next(s for s in replica.manifest()["sites"] if s["key"] == "panyu")
    g = site["gkmlpt"]
    api = f"{g['base']}api/all/{g['annual_report_categories'][0]}?page=1&sid={g['sid']}"
    assert "articles" not in json.loads(proxy_get(replica.url, api)[2])
    assert proxy_get(replica.url, f"http://{OTHER}/gzjg/qwbgs/zfxxgkgzndbg/index.html")[2].decode().count("<a href") > 5
