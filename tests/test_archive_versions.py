"""Fetch recording: versions only for real, valid, new content; every fetch has provenance."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
import sqlite_utils

from archive import ids
from archive.db import open_db
from archive.store import LocalStore
from archive.versions import DocRef, Fetched, conditional_headers, record_fetch

PDF1 = b"%PDF-1.4\n first edition\n%%EOF"
PDF2 = b"%PDF-1.4\n amended edition\n%%EOF"
URL = "http://www.example.gov.cn/attachment/0/1/1/2.pdf"
MAX = 1000


@pytest.fixture()
def env(tmp_path: Path) -> tuple[sqlite_utils.Database, LocalStore]:
    db = open_db(tmp_path / "n.db")
    db["runs"].insert({"id": "r1", "outcome": "running"})
    db["runs"].insert({"id": "r2", "outcome": "running"})
    rid = ids.report_id("番禺区", "某局", 2022)
    db["reports"].insert({"id": rid, "agency": "某局", "district": "番禺区", "year": 2022, "status": "active"})
    return db, LocalStore(tmp_path / "archive")


def doc(url: str = URL, fmt: str = "pdf") -> DocRef:
    return DocRef(url=url, report_id=ids.report_id("番禺区", "某局", 2022), site="panyu", kind="attachment",
                  format=fmt)


def ok(body: bytes, **kw: object) -> Fetched:
    headers = {"Content-Type": ["application/pdf"], "ETag": [f'"{len(body)}"'],
               "Last-Modified": ["Mon, 01 Jan 2024 00:00:00 GMT"]}
    return Fetched(url=URL, status=200, body=body, headers=headers, **kw)


def test_new_unchanged_not_modified_and_amended(env: tuple[sqlite_utils.Database, LocalStore]) -> None:
    db, store = env
    first = record_fetch(db, store, doc(), ok(PDF1, redirects=["http://old/x.pdf"]), run_id="r1", max_bytes=MAX)
    assert (first.outcome, first.first_version, first.changed) == ("new", True, False)
    assert conditional_headers(db, URL) == {"If-None-Match": f'"{len(PDF1)}"',
                                             "If-Modified-Since": "Mon, 01 Jan 2024 00:00:00 GMT"}
    again = record_fetch(db, store, doc(), ok(PDF1), run_id="r2", max_bytes=MAX)
    assert again.outcome == "unchanged"
    assert len(list(store.iter_hashes())) == 1
    nm = record_fetch(db, store, doc(), Fetched(url=URL, status=304), run_id="r2", max_bytes=MAX)
    assert nm.outcome == "not_modified"
    assert db["versions"].count == 1
    amended = record_fetch(db, store, doc(), ok(PDF2), run_id="r2", max_bytes=MAX)
    assert (amended.outcome, amended.changed) == ("new", True)
    versions = list(db.query("select sha256 from versions order by first_seen, rowid"))
    assert [store.get(v["sha256"]) for v in versions] == [PDF1, PDF2]
    assert db["documents"].get(ids.document_id(URL))["current_sha256"] == amended.sha256
    fetch = db["fetches"].get(first.fetch_id)
    assert json.loads(fetch["redirects"]) == ["http://old/x.pdf"]
    assert fetch["status"] == 200 and fetch["size"] == len(PDF1) and fetch["run_id"] == "r1"
    assert json.loads(fetch["headers"])["ETag"] == [f'"{len(PDF1)}"']


@pytest.mark.parametrize("fetched, reason", [
    (Fetched(url=URL, status=200, body="<!DOCTYPE html><html>404 页面不存在</html>".encode(),
             headers={"Content-Type": ["text/html"]}), "HTML page"),
    (Fetched(url=URL, status=200, body=PDF1[:10], headers={"Content-Length": [str(len(PDF1))]}), "truncated"),
    (Fetched(url=URL, status=200, body=b""), "empty"),
    (Fetched(url=URL, status=200, body=b"%PDF-" + b"x" * MAX), "size limit"),
    (Fetched(url=URL, status=500, body=b"oops"), "HTTP 500"),
    (Fetched(url=URL, error="ResponseDataLossError: lost"), "DataLoss"),
])
def test_bad_answers_are_failed_fetches_not_versions(env: tuple[sqlite_utils.Database, LocalStore],
                                                     fetched: Fetched, reason: str) -> None:
    db, store = env
    result = record_fetch(db, store, doc(), fetched, run_id="r1", max_bytes=MAX)
    assert result.outcome == "failed" and reason in (result.error or "")
    assert db["versions"].count == 0 and db["blobs"].count == 0
    assert list(store.iter_hashes()) == []
    assert conditional_headers(db, URL) == {}  # the next run asks again, unconditionally
    assert db["fetches"].get(result.fetch_id)["outcome"] == "failed"


def test_failed_fetch_keeps_the_previous_version(env: tuple[sqlite_utils.Database, LocalStore]) -> None:
    db, store = env
    good = record_fetch(db, store, doc(), ok(PDF1), run_id="r1", max_bytes=MAX)
    record_fetch(db, store, doc(), Fetched(url=URL, status=200, body=b"<html>error</html>"), run_id="r2",
                 max_bytes=MAX)
    assert db["documents"].get(good.document_id)["current_sha256"] == good.sha256
    assert db["versions"].count == 1


def test_html_page_volatile_change_is_not_a_version(env: tuple[sqlite_utils.Database, LocalStore]) -> None:
    db, store = env
    page_url = "http://www.example.gov.cn/zwgk/content/post_1.html"
    d = doc(page_url, "html")
    body = "<html><p>访问量：{}</p><p>年报正文 {}</p></html>"
    r1 = record_fetch(db, store, d, Fetched(url=page_url, status=200, body=body.format(1, "A").encode()),
                      run_id="r1", max_bytes=MAX)
    r2 = record_fetch(db, store, d, Fetched(url=page_url, status=200, body=body.format(2, "A").encode()),
                      run_id="r2", max_bytes=MAX)
    r3 = record_fetch(db, store, d, Fetched(url=page_url, status=200, body=body.format(3, "B").encode()),
                      run_id="r2", max_bytes=MAX)
    assert [r1.outcome, r2.outcome, r3.outcome] == ["new", "unchanged", "new"]
    assert db["versions"].count == 2
    assert len(list(store.iter_hashes())) == 2  # the volatile reload's bytes were not stored


def test_page_revalidated_from_the_http_cache_but_unknown_to_the_database_is_stored(
        env: tuple[sqlite_utils.Database, LocalStore]) -> None:
    """The crawler's cache and the database can disagree (a new data directory, a run killed
    between the two): a 304 then carries the confirmed cached copy, which becomes the version
    instead of a failed fetch that would repeat every night."""
    db, store = env
    page = "<html><body><h1>某局2022年政府信息公开工作年度报告</h1></body></html>".encode()
    url = "http://www.example.gov.cn/zwgk/content/post_1.html"
    first = record_fetch(db, store, doc(url, "html"), Fetched(url=url, status=304, revalidated_body=page),
                         run_id="r1", max_bytes=MAX)
    assert (first.outcome, first.sha256) == ("new", hashlib.sha256(page).hexdigest())
    assert store.get(first.sha256) == page
    again = record_fetch(db, store, doc(url, "html"), Fetched(url=url, status=304, revalidated_body=page),
                         run_id="r2", max_bytes=MAX)
    assert again.outcome == "not_modified"
    assert db["versions"].count == 1


def test_a_fetch_of_held_bytes_rewrites_a_missing_or_truncated_blob(env: tuple[sqlite_utils.Database, LocalStore]) -> None:
    """The archive heals: the same bytes fetched again are written again when their blob is gone
    or cut short on disk (no new version either way)."""
    db, store = env
    first = record_fetch(db, store, doc(), ok(PDF1), run_id="r1", max_bytes=MAX)
    store.path(first.sha256).unlink()
    assert record_fetch(db, store, doc(), ok(PDF1), run_id="r2", max_bytes=MAX).outcome == "unchanged"
    assert store.get(first.sha256) == PDF1
    store.path(first.sha256).write_bytes(PDF1[:5])
    record_fetch(db, store, doc(), ok(PDF1), run_id="r2", max_bytes=MAX)
    assert store.verify(first.sha256) and db["versions"].count == 1
