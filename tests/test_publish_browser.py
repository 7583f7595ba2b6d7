"""The published site in a real browser (Debian's chromium): search, report page, download, query, chart.

Screenshots of the home page, the search results, a report page and a chart go to tests/artifacts/.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from helpers import CHROMIUM, PLANTED, ROOT, browser_context, load_maker, serving

ARTIFACTS = ROOT / "tests" / "artifacts"

pytestmark = [pytest.mark.browser, pytest.mark.e2e,
              pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="needs Debian's chromium")]




@pytest.fixture(scope="module")
def server(tmp_path_factory):
    data = tmp_path_factory.mktemp("browser")
    facts = load_maker().generate(data, reports=40, plant={"13": PLANTED}, write_files=40)
    with serving(data) as url:
        yield url, facts, data


@pytest.fixture(scope="module")
def page():
    with browser_context(accept_downloads=True, viewport={"width": 1280, "height": 900}) as context:
        yield context.new_page()


def test_search_report_download_query_chart(server, page, tmp_path):
    url, facts, _ = server
    ARTIFACTS.mkdir(exist_ok=True)
    page.goto(url + "/")
    page.screenshot(path=str(ARTIFACTS / "publish_home.png"), full_page=True)

    # search a phrase that occurs only inside a word of one report
    page.fill("input#q", "字孪生")
    page.click("form.nianbao-search input[type=submit]")
    page.wait_for_selector("ol.search-results, p.search-none")
    hits = page.locator("a.search-hit")
    assert hits.count() == 1
    expected = facts["reports"][13]
    assert expected["agency"] in hits.first.inner_text()
    assert page.locator("ol.search-results mark").first.inner_text() == "字孪生"
    page.screenshot(path=str(ARTIFACTS / "publish_search.png"), full_page=True)
    hits.first.click()

    # the report page with its three tables
    page.wait_for_selector("table.stats.applications")
    assert page.url.endswith("/report/" + expected["id"])
    assert page.locator("table.stats").count() >= 3
    assert page.locator("table.stats.review td").count() == 15
    page.screenshot(path=str(ARTIFACTS / "publish_report.png"), full_page=True)

    # download the newest original and check its sha256
    row = page.locator("table.versions tbody tr").first
    sha = row.locator("code.sha256").inner_text().strip()
    with page.expect_download() as info:
        row.locator("a.download").click()
    saved = tmp_path / "original"
    info.value.save_as(saved)
    assert hashlib.sha256(saved.read_bytes()).hexdigest() == sha == expected["shas"][-1]

    # a canned query and a chart of the panel (datasette-vega)
    page.goto(url + "/nianbao/tables_not_adding_up")
    page.wait_for_selector("table.rows-and-columns")
    assert page.locator("table.rows-and-columns tbody tr").count() == sum(r["broken"] for r in facts["reports"])
    page.goto(url + "/")
    page.locator("a.chart-link").first.click()
    page.wait_for_selector(".vega-embed svg, .vega-embed canvas, canvas.marks", timeout=20_000)
    page.wait_for_timeout(500)
    page.screenshot(path=str(ARTIFACTS / "publish_chart.png"), full_page=True)
