"""The published site in a real browser (Debian's chromium): search, report page, download, query, chart.

Screenshots of the home page, the search results, a report page and a chart go to tests/artifacts/.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from helpers import PLANTED, ROOT, free_port, load_maker

from crawler.serve import terminate

ARTIFACTS = ROOT / "tests" / "artifacts"
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--no-first-run", "--disable-sync"]

pytestmark = [pytest.mark.browser, pytest.mark.e2e,
              pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="needs Debian's chromium")]




@pytest.fixture(scope="module")
def server(tmp_path_factory):
    data = tmp_path_factory.mktemp("browser")
    facts = load_maker().generate(data, reports=40, plant={"13": PLANTED}, write_files=40)
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "crawler.serve", str(data), str(port)], cwd=ROOT,
                            env={**os.environ, "NIANBAO_SERVE_POLL_SECONDS": "0.5"},
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(url + "/-/versions.json", timeout=2).read()
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("nianbao serve did not start: " + proc.stdout.read().decode()[-2000:]) from None
                time.sleep(0.3)
        yield url, facts, data
    finally:
        terminate(proc)


@pytest.fixture(scope="module")
def page():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        context = browser.new_context(accept_downloads=True, viewport={"width": 1280, "height": 900},
                                      locale="zh-CN")
        yield context.new_page()
        context.close()
        browser.close()


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
