"""The run report rendered as HTML, /run/<id> and /run/latest (issue 13, item 5)."""

from __future__ import annotations

import asyncio
import sqlite3

import pytest
from helpers import ROOT, load_maker, published_datasette

from crawler.config import Config
from publish.snapshot import publish

DS_DIR = ROOT / "datasette"
HOSTILE_MD = """# nianbao run 20261121T020000Z: OK

| | |
| --- | --- |
| new / changed / removed | 3 / 1 / 0 |

## Sites

| site | status | reason |
| --- | --- | --- |
| panyu | broken | layout mismatch: <script>alert(1)</script> |

<iframe src="http://evil.example/"></iframe>

- [click](javascript:alert(1)) · ![x](http://evil.example/x.png) · <http://evil.example/>
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory):

    data = tmp_path_factory.mktemp("runpage")
    load_maker().generate(data, reports=4, write_files=0)
    cfg = Config(data)
    conn = sqlite3.connect(cfg.db_path)
    conn.execute("alter table runs add column report_markdown text")  # as crawler.report.finish_run adds it
    conn.execute("update runs set report_markdown = ? where id = '20261121T020000Z'", [HOSTILE_MD])
    conn.commit()
    conn.close()
    publish(cfg)
    return published_datasette(cfg)


def get(ds, path: str):
    return asyncio.run(ds.client.get(path))


def test_latest_run_is_rendered_with_its_tables(site):
    r = get(site, "/run/latest")
    assert r.status_code == 200
    body = r.text
    assert "<h1>nianbao run 20261121T020000Z: OK</h1>" in body
    assert "<table>" in body and "<td>3 / 1 / 0</td>" in body
    assert 'rel="prev" class="run-prev" href="/run/20261120T020000Z"' in body
    assert "/nianbao/last_run_changes?run_id=20261121T020000Z" in body


def test_site_text_in_the_markdown_stays_text(site):
    body = get(site, "/run/20261121T020000Z").text
    report = body[body.index('<div class="run-report">'):]
    for live in ("<script>alert", "<iframe", 'href="javascript:', "<img", 'href="http://evil.example'):
        assert live not in report, live
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in report and "&lt;iframe" in report


def test_run_without_report_and_unknown_runs(site):
    older = get(site, "/run/20261120T020000Z")
    assert older.status_code == 200 and "没有记录报告" in older.text
    assert 'rel="next" class="run-next" href="/run/20261121T020000Z"' in older.text
    assert get(site, "/run/nope").status_code == 404
    assert get(site, "/run/bad%20id").status_code == 400


def test_home_page_links_the_run_report_and_the_feed(site):
    home = get(site, "/").text
    assert 'href="/run/latest"' in home and 'href="/feed.atom"' in home
