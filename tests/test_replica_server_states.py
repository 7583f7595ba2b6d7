"""Switching night1 → night2 shows the four changes the manifest announces, over HTTP."""

from __future__ import annotations

import hashlib
from urllib.parse import urlsplit

import pytest

from replica.server import proxy_get, start_in_thread


@pytest.fixture(scope="module")
def replica():
    with start_in_thread(port=0, state="night1", faults={}) as server:
        yield server


@pytest.fixture(scope="module")
def changes(replica):
    replica.set_state("night2")
    found = {c["kind"]: c for c in replica.manifest()["changes"]}
    replica.set_state("night1")
    return found


def _get(replica, state: str, url: str):
    replica.set_state(state)
    return proxy_get(replica.url, url)


def _listing_links(replica, state: str, report_url: str) -> str:
    """The text of the listing pages of the column a portal report sits in."""
    column = report_url.rsplit("content/", 1)[0]
    replica.set_state(state)
    text = ""
    for url in replica.manifest()["routes"]:
        if url.startswith(column) and "/content/" not in url[len(column) - 1:]:
            text += proxy_get(replica.url, url)[2].decode("utf-8")
    return text


def test_night2_announces_all_four_kinds(changes):
    assert set(changes) == {"new", "amended", "removed", "moved"}
    assert len({c["report"] for c in changes.values()}) == 4


def test_new_report_appears(replica, changes):
    c = changes["new"]
    assert _get(replica, "night1", c["url"])[0] == 404
    assert _get(replica, "night2", c["url"])[0] == 200
    path = urlsplit(c["url"]).path
    assert path not in _listing_links(replica, "night1", c["url"])
    assert path in _listing_links(replica, "night2", c["url"])


def test_amended_pdf_same_url_new_bytes(replica, changes):
    c = changes["amended"]
    s1, _, b1 = _get(replica, "night1", c["url"])
    s2, _, b2 = _get(replica, "night2", c["url"])
    assert s1 == s2 == 200 and b1 != b2
    assert hashlib.sha256(b1).hexdigest() == c["old_sha256"]
    assert hashlib.sha256(b2).hexdigest() == c["new_sha256"]
    assert b2.startswith(b"%PDF")
    # a client that only remembers Last-Modified must not get 304 for the amended file
    replica.set_state("night1")
    last_modified = proxy_get(replica.url, c["url"])[1]["last-modified"]
    replica.set_state("night2")
    assert proxy_get(replica.url, c["url"], {"If-Modified-Since": last_modified})[0] == 200


def test_removed_page_answers_404(replica, changes):
    c = changes["removed"]
    assert _get(replica, "night1", c["url"])[0] == 200
    for url in c["urls"]:
        assert _get(replica, "night2", url)[0] == 404, url
    assert urlsplit(c["url"]).path not in _listing_links(replica, "night2", c["url"])


def test_moved_report_redirects(replica, changes):
    c = changes["moved"]
    assert c["new_url"] != c["url"]
    assert _get(replica, "night1", c["url"])[0] == 200
    status, headers, _ = _get(replica, "night2", c["url"])
    assert status == c["status"] == 301 and headers["location"] == c["new_url"]
    assert _get(replica, "night2", c["new_url"])[0] == 200
    assert _get(replica, "night1", c["new_url"])[0] == 404


def test_unchanged_documents_keep_their_bytes(replica, changes):
    replica.set_state("night1")
    n1 = replica.manifest()["routes"]
    replica.set_state("night2")
    n2 = replica.manifest()["routes"]
    county = replica.manifest()["county_changes"]  # still night2 here
    changed = {c["url"] for c in changes.values()} | {u for c in county for u in c.get("urls", [c["url"]])}
    same = [u for u, r in n1.items() if r.get("kind") == "attachment" and u not in changed]
    assert same and all(n2[u]["sha256"] == n1[u]["sha256"] for u in same)
