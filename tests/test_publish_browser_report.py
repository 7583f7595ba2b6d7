"""The report page's citation and change features in a real browser (Debian's chromium), issue 13 item 5.

Screenshots go to tests/artifacts/: an amended report whose tables fail a check (banner, one red cell,
the cite block open on BibTeX), an older version's permalink, and the run report page.
"""

from __future__ import annotations

import json
import sqlite3
import urllib.request
from pathlib import Path

import pytest
from helpers import CHROMIUM, ROOT, browser_context, load_maker, serving

ARTIFACTS = ROOT / "tests" / "artifacts"
AMENDED_AND_BROKEN = 17  # bench/make_big_db.py: every 5th (i % 5 == 2) amended, i % 7 == 3 broken
RUN_MD = """# nianbao run 20261121T020000Z: OK

**1 site(s) need attention:** panyu (broken)

| | |
| --- | --- |
| new / changed / removed | 40 / 8 / 1 |

## Sites

| site | status | reports found | reason |
| --- | --- | --- | --- |
| yuexiu | ok | 12 | |
| panyu | broken | 0 | layout mismatch: <div class="list"> not found |
"""

pytestmark = [pytest.mark.browser, pytest.mark.e2e,
              pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="needs Debian's chromium")]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    data = tmp_path_factory.mktemp("browser_report")
    facts = load_maker().generate(data, reports=40, write_files=40)
    conn = sqlite3.connect(data / "nianbao.db")
    conn.execute("alter table runs add column report_markdown text")
    conn.execute("update runs set report_markdown = ? where id = '20261121T020000Z'", [RUN_MD])
    conn.commit()
    conn.close()
    with serving(data) as url:
        yield url, facts


@pytest.fixture(scope="module")
def page():
    with browser_context(viewport={"width": 1280, "height": 900}) as context:
        yield context.new_page()


def test_report_cite_version_and_run_pages(server, page):
    url, facts = server
    ARTIFACTS.mkdir(exist_ok=True)
    rep = facts["reports"][AMENDED_AND_BROKEN]
    assert rep["broken"]
    page.goto(f"{url}/report/{rep['id']}")
    page.wait_for_selector("table.stats.applications")
    assert page.locator(".banner.amended").is_visible()
    fail = page.locator("td.fail")
    assert fail.count() == 1
    assert "按勾稽关系应为" in fail.first.get_attribute("title")
    assert "按勾稽关系应为" in page.locator("li.failing-check").first.inner_text()
    assert page.locator("a.year-prev").is_visible() and page.locator("a.year-next").is_visible()
    page.locator("div.cite summary", has_text="BibTeX").click()
    assert page.locator("pre.cite-bibtex").inner_text().startswith("@misc{")
    assert rep["shas"][-1] in page.locator("pre.cite-text").inner_text()
    page.screenshot(path=str(ARTIFACTS / "publish_report_cite.png"), full_page=True)

    # the older version's permalink, reached from the versions table
    page.locator(f"a.permalink[href$='/version/{rep['shas'][0]}']").click()
    page.wait_for_selector(".banner.version.old")
    assert page.url.endswith(f"/report/{rep['id']}/version/{rep['shas'][0]}")
    assert page.locator("details.report-text").get_attribute("open") is not None
    page.screenshot(path=str(ARTIFACTS / "publish_report_version.png"), full_page=True)

    # the Atom feed answers as Atom, and the run report renders from the home page link
    with urllib.request.urlopen(url + "/feed.atom", timeout=10) as r:
        assert r.headers["content-type"].startswith("application/atom+xml")
        assert json.dumps(rep["id"]).strip('"') in r.read().decode()
    page.goto(url + "/")
    page.locator("a.run-latest").click()
    page.wait_for_selector("div.run-report table")
    assert page.locator("div.run-report h1").inner_text().startswith("nianbao run")
    assert "<div" in page.locator("div.run-report").inner_text()  # site text shown as text, not markup
    page.screenshot(path=str(ARTIFACTS / "publish_run.png"), full_page=True)
