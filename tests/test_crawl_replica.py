"""The crawl against the replica: exactly the replica's reports, no decoy, honest verdicts under faults.

Each scenario is one crawl of the five replica sites through the replica's proxy
(politeness off), run once per module in a child process and shared by the assertions.
night1 is crawled with the faults a crawl must get through (JS cookie challenge, resets of
non-browser clients, gkmlpt rate limiting), so its exact-set test covers them too.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from crawler.config import Config
from crawler.crawl import CrawlSummary, crawl

pytestmark = pytest.mark.e2e

HOSTS = {"gz": "www.gz.gov.cn", "panyu": "www.panyu.gov.cn", "by": "www.by.gov.cn",
         "gzns": "www.gzns.gov.cn", "hp": "www.hp.gov.cn"}
FAST = {"DOWNLOAD_DELAY": 0, "AUTOTHROTTLE_ENABLED": False, "CONCURRENT_REQUESTS_PER_DOMAIN": 4,
        "NIANBAO_RETRY_BACKOFF": 0.05, "NIANBAO_GKMLPT_BACKOFF": 0.3, "RETRY_TIMES": 1,
        "DOWNLOAD_TIMEOUT": 15, "NIANBAO_BROWSER_WAIT_MS": 10000, "LOG_LEVEL": "WARNING"}
# Faults a crawl must get through (100% of the reports, every site ok): the two-stage Jiasule 521,
# a Ruishu-style 412 that only a real browser passes (on a city department's own host), resets of
# non-browser clients and gkmlpt rate limiting.
SURVIVABLE = {"challenge521": [HOSTS["hp"], HOSTS["by"], "fgw.gz.gov.cn"], "challenge412": ["rsj.gz.gov.cn"],
              "reset_non_browser": [HOSTS["panyu"], HOSTS["gz"]],
              "gkmlpt_rate_limit": [HOSTS["gzns"], HOSTS["hp"], HOSTS["panyu"]]}
# ... and faults that make a site unreachable or broken, which must be recorded as such
# (crawled with the browser off: hpfgj's refused API is then a recorded failure too).
FATAL = {"http500": [HOSTS["by"]], "truncate": [HOSTS["panyu"]], "broken_layout": [HOSTS["gzns"], HOSTS["hp"]]}
FATAL_STATUS = {"by": "unreachable", "gz": "ok", "panyu": "unreachable", "gzns": "broken", "hp": "broken"}
# A server slower than the download timeout: retried, then recorded as failed (one site, short timeout).
SLOW = ({"slow": {"hosts": [HOSTS["by"]], "seconds": 6}}, {"DOWNLOAD_TIMEOUT": 2, "ROBOTSTXT_OBEY": False})
PLACEHOLDER_AGENCIES = {"本网", "本站", "网站", "原创"}


@pytest.fixture(scope="module")
def replica():
    from replica.server import start_in_thread

    server = start_in_thread(port=0, state="night1")
    yield server
    server.stop()


@pytest.fixture(scope="module")
def runs(replica, tmp_path_factory):
    """Crawl results per scenario, computed on first use."""
    cache: dict[str, tuple[CrawlSummary, list[dict], dict, list[dict]]] = {}
    scenarios = {"night1": ("night1", SURVIVABLE, None, {}), "night2": ("night2", {}, None, {}),
                 "fatal": ("night1", FATAL, None, {"NIANBAO_BROWSER": False}),
                 "slow": ("night1", SLOW[0], ["by"], SLOW[1]),
                 "min2019": ("night1", {}, ["panyu", "hp"], {"NIANBAO_MIN_YEAR": 2019})}

    def get(name: str) -> tuple[CrawlSummary, list[dict], dict, list[dict]]:
        if name not in cache:
            state, faults, sites, settings = scenarios[name]
            replica.set_state(state)
            replica.set_faults(faults)
            replica.requests(clear=True)
            items: list[dict] = []
            summary = crawl(Config(tmp_path_factory.mktemp(name)), sites=sites, replica_url=replica.url,
                            item_sink=items.append, settings_overrides={**FAST, **settings}, isolate=True,
                            stall_seconds=120)  # a stuck child fails here, inside the test's 300 s
            cache[name] = (summary, items, replica.manifest(), replica.requests(clear=True))
            replica.set_faults({})
        return cache[name]

    return get


def expected_pages(manifest: dict, sites: set[str] | None = None) -> set[str]:
    return {u for r in manifest["reports"] for u in r["page_urls"] if sites is None or r["site"] in sites}


@pytest.mark.parametrize("scenario", ["night1", "night2"])
def test_finds_exactly_the_replica_reports(runs, scenario: str) -> None:
    summary, items, manifest, _ = runs(scenario)
    assert {i["url"] for i in items} == expected_pages(manifest)
    assert {k: r.status for k, r in summary.sites.items()} == dict.fromkeys(HOSTS, "ok"), summary.broken


@pytest.mark.parametrize("scenario", ["night1", "night2", "fatal"])
def test_takes_no_decoy(runs, scenario: str) -> None:
    _, items, manifest, _ = runs(scenario)
    decoys = {d["url"] for d in manifest["decoys"]}
    assert decoys and not decoys & {i["url"] for i in items}


def _old_reports(manifest: dict) -> set[str]:
    """The replica's reports from before the national templates (2008–2018, ``template: "pre-2019"``);
    an older manifest still lists its 2018 pages as decoys."""
    return ({u for r in manifest["reports"] if r.get("template") == "pre-2019" or r["year"] < 2019 for u in r["page_urls"]}
            | {u for d in manifest["decoys"] if d["why"].startswith("2018 report") for u in d["urls"]})


@pytest.mark.parametrize("scenario", ["night1", "night2"])
def test_takes_the_reports_from_2008_on(runs, scenario: str) -> None:
    """The Regulations took effect in 2008: the old reports are reports, each with its own year."""
    _, items, manifest, _ = runs(scenario)
    old = _old_reports(manifest)
    assert any("/gkmlpt/" in u for u in old) and any("/gkmlpt/" not in u for u in old)
    got = {i["url"]: i["year"] for i in items}
    assert old <= set(got)
    assert all(2008 <= got[u] <= 2018 for u in old)


def test_min_year_setting_leaves_the_old_reports(runs) -> None:
    """NIANBAO_MIN_YEAR=2019: the same old pages are left, so the default really is what takes them."""
    _, items, manifest, _ = runs("min2019")
    got = {i["url"] for i in items}
    assert not _old_reports(manifest) & got
    assert {u for r in manifest["reports"] if r["site"] in {"panyu", "hp"} and r["year"] >= 2019
            for u in r["page_urls"]} <= got


@pytest.mark.parametrize("scenario", ["night1", "night2"])
def test_each_page_has_its_reports_agency_year_site(runs, scenario: str) -> None:
    _, items, manifest, _ = runs(scenario)
    by_url = {u: r for r in manifest["reports"] for u in r["page_urls"]}
    got = {i["url"]: (i["site"], i["district"], i["agency"], i["year"]) for i in items}
    want = {u: (r["site"], r["district"], r["agency"], r["year"]) for u, r in by_url.items()}
    assert got == want


def test_same_report_through_both_systems_is_one_logical_report(runs) -> None:
    _, items, manifest, _ = runs("night1")
    two_systems = [r for r in manifest["reports"] if len(r["page_urls"]) > 1]
    assert two_systems, "the replica has reports reachable under two URLs"
    for r in two_systems:
        keys = {(i["agency"], i["year"]) for i in items if i["url"] in r["page_urls"]}
        assert keys == {(r["agency"], r["year"])}


def test_items_carry_page_bytes_and_attachments(runs) -> None:
    _, items, manifest, _ = runs("night1")
    for item in items:
        assert item["page"]["status"] == 200 and item["page"]["body"]
        assert item["source_system"] in {"portal", "gkmlpt"}
    listed = {a["url"] for i in items for a in i["attachments"]}
    files = {d["url"] for r in manifest["reports"] for d in r["documents"] if d["format"] != "html"}
    assert files <= listed


def test_fatal_faults_are_recorded_not_silent(runs) -> None:
    summary, items, manifest, _ = runs("fatal")
    assert {k: r.status for k, r in summary.sites.items()} == FATAL_STATUS
    for key, result in summary.sites.items():
        assert bool(result.reason) == (result.status != "ok"), key
    assert "layout mismatch" in summary.sites["gzns"].reason
    got = {i["url"] for i in items}
    assert got <= expected_pages(manifest)


def test_slow_server_is_retried_then_recorded_unreachable(runs) -> None:
    summary, items, _, _ = runs("slow")
    result = summary.sites["by"]
    assert result.status == "unreachable" and not items
    assert result.failures >= 1 and "DownloadTimeoutError" in result.reason
    assert summary.stats.get("nianbao/by/scrapy/retry/max_reached", 0) >= 1


@pytest.mark.browser
def test_hpfgj_refused_api_read_with_the_browsers_cookies(runs) -> None:
    """hpfgj's API refuses plain clients (403) until a cookie its page's JavaScript computes is
    set: Chromium runs the page once, and the API is read with its cookies (JSON, paged by total)."""
    summary, items, manifest, _ = runs("night1")
    hpfgj = {u for u in expected_pages(manifest, {"hp"}) if "/hpfgj/" in u}
    assert hpfgj and hpfgj <= {i["url"] for i in items}
    assert all("/hpfgj/gkmlpt/api/" in i["listing_url"] for i in items if i["url"] in hpfgj)
    assert summary.stats.get("nianbao/hp/browser_cookie_handbacks", 0) >= 1


@pytest.mark.browser
def test_nothing_fetched_twice_in_one_crawl(runs) -> None:
    """Issue 14, point 5: every URL is answered in full once a crawl; the API answer hpfgj's shell
    fetched in Chromium is read, not asked for again. Allowed twice: a page Chromium must load
    itself to run its script, after Scrapy read it (hpfgj's index; the 412-protected host's page)."""
    summary, _, _, log = runs("night1")
    counts: dict[str, int] = {}
    for entry in log:
        if entry["status"] == 200:
            counts[entry["url"]] = counts.get(entry["url"], 0) + 1
    rendered = {"http://www.hp.gov.cn/hpfgj/gkmlpt/index"}
    twice = {u: n for u, n in counts.items() if n > 1 and not (u in rendered and n == 2) and "rsj.gz.gov.cn" not in u}
    assert not twice
    assert summary.stats.get("nianbao/hp/browser_api_answers_read", 0) >= 1
    assert sum(n for u, n in counts.items() if "/hpfgj/gkmlpt/api/" in u) == 1


@pytest.mark.browser
def test_412_passed_in_the_browser_then_plain_requests_carry_its_cookies(runs) -> None:
    summary, items, manifest, log = runs("night1")
    rsj = {u for u in expected_pages(manifest, {"gz"}) if "rsj.gz.gov.cn" in u}
    assert rsj and rsj <= {i["url"] for i in items}
    assert summary.stats.get("nianbao/challenges_passed_in_browser", 0) >= 1
    # Chromium was needed once (or twice, racing requests); the rest were plain requests with its cookies
    served = [e for e in log if "rsj.gz.gov.cn" in e["url"] and e["status"] == 200]
    handed = summary.stats.get("nianbao/challenges_browser", 0)
    assert 1 <= handed <= 3 and len(served) > 3 * handed
    assert any("/gkmlpt/api/" in e["url"] for e in served) and any("/attachment/" in e["url"] or "/content/" in e["url"]
                                                                   for e in served)


@pytest.mark.parametrize("scenario", ["night1", "night2"])
def test_every_catalogue_found_and_recorded_departments_included(runs, scenario: str) -> None:
    """Department catalogues are not in the registry: the crawl finds them (disclosure pages,
    TREE jump_urls), records each as a source, and finds reports through each."""
    summary, items, manifest, _ = runs(scenario)
    recorded = {(site, s["url"]): s for site in HOSTS for s in summary.stats.get(f"nianbao/{site}/sources", [])}
    for site in manifest["sites"]:
        for cat in site["catalogues"]:
            source = recorded.get((site["key"], cat["base"]))
            assert source is not None, f"{site['key']}: catalogue {cat['base']} ({cat['name']}) not found"
            assert source["kind"] == "catalogue" and source["ok"] and source["sid"] == cat["sid"]
            assert source["configured"] == cat["own"]
            if not cat["own"]:
                assert source["name"] == cat["name"] and source["found_via"] != "registry"
    listed = {(r["site"], c) for r in manifest["reports"] for c in r["listed_in"]}
    for site, base in listed:
        assert recorded[(site, base)]["reports"] >= 1, base
    found_via = {i["source"] for i in items}
    assert {base for _, base in listed} & found_via


@pytest.mark.parametrize("scenario", ["night1", "night2"])
def test_no_agency_is_the_placeholder_or_the_site_where_the_page_names_another(runs, scenario: str) -> None:
    _, items, manifest, _ = runs(scenario)
    agencies = {i["agency"] for i in items}
    assert not agencies & PLACEHOLDER_AGENCIES
    department_pages = {u for r in manifest["reports"] if "政府" not in r["agency"] for u in r["page_urls"]}
    site_names = {s["name"] for s in manifest["sites"]}
    assert department_pages and not {i["agency"] for i in items if i["url"] in department_pages} & site_names


def test_publish_date_is_create_time_not_the_written_date(runs) -> None:
    _, items, manifest, _ = runs("night1")
    by_url = {u: r for r in manifest["reports"] for u in r["page_urls"]}
    gk = [i for i in items if i["source_system"] == "gkmlpt" and i["url"] in by_url]
    assert gk
    for item in gk:
        report = by_url[item["url"]]
        assert item["publish_date"] == report["published"][:10] != report["written"], item["url"]


def test_the_multi_megabyte_article_page_is_read(runs) -> None:
    _, items, manifest, _ = runs("night1")
    big = [u for r in manifest["reports"] if r.get("big_page") for u in r["page_urls"]]
    assert big and set(big) <= {i["url"] for i in items}


def test_attachments_are_the_reports_files_never_site_chrome(runs) -> None:
    _, items, manifest, _ = runs("night1")
    files = {d["url"] for r in manifest["reports"] for d in r["documents"] if d["role"] != "page"}
    taken = {a["url"] for i in items for a in i["attachments"]}
    assert taken <= files, sorted(taken - files)[:5]


@pytest.mark.parametrize("scenario", ["night1", "night2", "fatal"])
def test_no_request_leaves_the_hosts_the_site_owns(runs, scenario: str) -> None:
    """Not the JSONP visit counter on statistics.gd.gov.cn, not the browser's own traffic:
    every request the crawl made (spiders, archive, Chromium) went to a host a site owns."""
    from crawler.registry import get_sites

    _, items, manifest, log = runs(scenario)
    sites = get_sites(replica_only=True)
    assert log
    offsite = sorted({e["url"] for e in log if not any(s.owns(e["url"]) for s in sites)})
    assert not offsite, offsite[:10]
    assert not {urlsplit(e["url"]).hostname for e in log} & set(manifest["offsite_hosts"])
    assert all(any(s.owns(a["url"]) for s in sites) for i in items for a in i["attachments"])
