"""Only a real browser gets the protected gkmlpt listing: its JavaScript computes the cookie."""

from __future__ import annotations

import shutil
import time

import pytest

from replica.server import proxy_get, start_in_thread

pytestmark = pytest.mark.browser

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--no-first-run", "--disable-sync"]


@pytest.fixture(scope="module")
def browser_and_replica():
    sync_api = pytest.importorskip("playwright.sync_api")
    if not shutil.which(CHROMIUM):
        pytest.skip("no chromium")
    with start_in_thread(port=0, state="night1") as replica, sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, proxy={"server": replica.url})
        yield browser, replica
        browser.close()


def _listing(browser, url: str) -> list[str]:
    page = browser.new_page()
    try:
        page.goto(url)
        page.wait_for_function("document.body.getAttribute('data-loaded') !== null", timeout=20_000)
        return [a.get_attribute("href") for a in page.query_selector_all("ul.gkmlpt-list li a")]
    finally:
        page.close()


def test_protected_listing_renders_in_a_browser_only(browser_and_replica):
    browser, replica = browser_and_replica
    site = next(s for s in replica.manifest()["sites"] if s["key"] == "hp")
    prefix = next(p for p in site["catalogues"] if p["protected"])
    api = f"{prefix['base']}api/all/{prefix['annual_report_categories'][0]}?page=1&sid={prefix['sid']}"
    assert proxy_get(replica.url, api)[0] == 403
    # that probe was an API request too: let hp's default rate limit (same client) pass first
    time.sleep(float(replica.data.manifest.get("rate_limit_seconds", 0.5)) + 0.1)
    hrefs = _listing(browser, prefix["base"] + "annualreport")
    expected = {u for r in replica.manifest()["reports"] for u in r["page_urls"] if u.startswith(prefix["base"])}
    assert expected and expected <= set(hrefs)


def test_paginated_listing_is_fetched_page_by_page(browser_and_replica):
    browser, replica = browser_and_replica
    site = next(s for s in replica.manifest()["sites"] if s["key"] == "panyu")
    g = site["gkmlpt"]
    hrefs = _listing(browser, f"{g['base']}annualreport#{g['annual_report_categories'][0]}")
    assert len(hrefs) > g["page_size"]


@pytest.mark.parametrize("mode", ["challenge521", "challenge412"])
def test_challenge_page_passes_a_real_browser(browser_and_replica, mode):
    """Both WAF challenges clear in Chromium: 521 in two stages, 412 only with a DOM."""
    browser, replica = browser_and_replica
    url = "http://www.by.gov.cn/gzjg/qwbgs/zfxxgkgzndbg/index.html"
    replica.set_faults({mode: ["www.by.gov.cn"]})
    context = browser.new_context()
    try:
        assert proxy_get(replica.url, url)[0] == int(mode[-3:])
        replica.requests(clear=True)
        page = context.new_page()
        page.goto(url)
        page.wait_for_selector("div.list_box div.list_li", timeout=20_000)
        assert "政府信息公开工作年度报告" in page.title()
        statuses = [e["status"] for e in replica.requests() if e["url"] == url]
        assert statuses[-1] == 200 and statuses.count(int(mode[-3:])) == (2 if mode == "challenge521" else 1)
    finally:
        context.close()
        replica.set_faults({})


def test_a_browser_calls_the_offsite_counter_and_gets_502(browser_and_replica):
    """The JSONP visit counter lives on statistics.gd.gov.cn: the replica never serves it."""
    browser, replica = browser_and_replica
    report = next(r for r in replica.manifest()["reports"] if "/gkmlpt/" not in r["page_urls"][0])
    replica.requests(clear=True)
    page = browser.new_page()
    try:
        page.goto(report["page_urls"][0])
        page.wait_for_load_state("load")
    finally:
        page.close()
    offsite = [e for e in replica.requests() if "statistics.gd.gov.cn" in e["url"]]
    assert offsite and {e["status"] for e in offsite} == {502}
