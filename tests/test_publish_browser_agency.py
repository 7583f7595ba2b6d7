"""The comparison dashboard, the agency page and a folded table page in a real browser (Debian's chromium).

Screenshots go to tests/artifacts/: publish_dashboard.png, publish_dashboard_filtered.png,
publish_agency.png, publish_reports_table.png.
"""

from __future__ import annotations

import os
import re
import sqlite3
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from helpers import ROOT, free_port, load_maker

from crawler.serve import terminate

ARTIFACTS = ROOT / "tests" / "artifacts"
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--no-first-run", "--disable-sync"]

pytestmark = [pytest.mark.browser, pytest.mark.e2e,
              pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="needs Debian's chromium")]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    data = tmp_path_factory.mktemp("browser_agency")
    facts = load_maker().generate(data, reports=120, write_files=4)
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
        context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="zh-CN")
        pg = context.new_page()
        errors: list[str] = []
        pg.on("pageerror", lambda e: errors.append(str(e)))
        pg.errors = errors
        yield pg
        context.close()
        browser.close()


def metric(page, slug: str) -> str:
    return page.locator(f"#chart-{slug} p").inner_text().strip()


def test_dashboard_compares_districts_years_and_agencies(server, page):
    url, _, data = server
    ARTIFACTS.mkdir(exist_ok=True)
    conn = sqlite3.connect(data / "publish" / "nianbao.db")
    expected = dict(conn.execute("select coalesce(year, 0), count(*) from statistics_wide "
                                 "where status is null or status != 'removed' group by year").fetchall())
    conn.close()
    page.goto(url + "/")
    page.locator("a[href='/-/dashboards/compare']").first.click()
    page.wait_for_selector("#chart-reports p")
    for slug in ("requests-by-district", "grant-rate-by-district", "top-agencies", "coverage"):
        page.wait_for_selector(f"#chart-{slug} svg, #chart-{slug} canvas", timeout=20_000)
    page.wait_for_timeout(500)
    assert int(metric(page, "reports").replace(",", "")) == sum(expected.values()) > 100
    assert re.fullmatch(r"\d+(\.\d)?%", metric(page, "grant-rate"))
    page.screenshot(path=str(ARTIFACTS / "publish_dashboard.png"), full_page=True)

    # filter one year: fewer reports, the same charts
    page.select_option("select#year", "2022")
    page.click(".dashboard-filters input[type=submit]")
    page.wait_for_selector("#chart-reports p")
    page.wait_for_selector("#chart-top-agencies svg, #chart-top-agencies canvas")
    assert "year=2022" in page.url
    assert page.locator("select#year").input_value() == "2022"  # the filter shows what is applied
    assert int(metric(page, "reports").replace(",", "")) == expected[2022]
    page.wait_for_timeout(500)
    page.screenshot(path=str(ARTIFACTS / "publish_dashboard_filtered.png"), full_page=True)
    assert not page.errors, page.errors


def test_agency_page_from_a_table_with_its_chart(server, page):
    url, _, _ = server
    page.goto(url + "/nianbao/reports")
    # the column help is folded away, and opens
    help_box = page.locator("details.column-help")
    assert help_box.count() == 1 and help_box.get_attribute("open") is None
    assert not page.locator("details.column-help dl").is_visible()
    page.screenshot(path=str(ARTIFACTS / "publish_reports_table.png"), full_page=False)
    page.locator("details.column-help summary").click()
    assert page.locator("details.column-help dl").is_visible()

    # an agency name in the table opens the agency page
    link = page.locator("td.col-agency_id a").first
    name = link.inner_text().strip()
    link.click()
    page.wait_for_selector("table.agency-years")
    assert "/agency/" in page.url and page.locator("h1").inner_text().strip() == name
    assert page.locator("table.agency-years tbody tr").count() == 4
    page.wait_for_selector("#agency-chart svg, #agency-chart canvas", timeout=20_000)
    page.wait_for_timeout(500)
    page.screenshot(path=str(ARTIFACTS / "publish_agency.png"), full_page=True)
    assert not page.errors, page.errors
