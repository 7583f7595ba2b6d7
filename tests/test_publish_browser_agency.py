"""The comparison dashboard, the agency page and a folded table page in a real browser (Debian's chromium).

Screenshots go to tests/artifacts/: publish_dashboard.png, publish_dashboard_filtered.png,
publish_agency.png, publish_reports_table.png.
"""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest
from helpers import CHROMIUM, ROOT, browser_context, load_maker, serving

ARTIFACTS = ROOT / "tests" / "artifacts"

pytestmark = [pytest.mark.browser, pytest.mark.e2e,
              pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="needs Debian's chromium")]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    data = tmp_path_factory.mktemp("browser_agency")
    facts = load_maker().generate(data, reports=120, write_files=4)
    with serving(data) as url:
        yield url, facts, data


@pytest.fixture(scope="module")
def page():
    with browser_context(viewport={"width": 1400, "height": 1000}) as context:
        pg = context.new_page()
        errors: list[str] = []
        pg.on("pageerror", lambda e: errors.append(str(e)))
        pg.errors = errors
        yield pg


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
