"""discover → registry file → crawl, over HTTP, for every county site of the replica (one per system).

For each ``county_sites`` entry of the replica's manifest: ``nianbao discover`` from the home page
recognises the system and writes an entry to an operator file; a crawl with that file finds every
``county_reports`` page, takes no ``county_decoys`` page and never asks for a URL under the site's
``robots_trap``. The generic spider alone (``NIANBAO_GENERIC_FOR=all``) is run on the same entries
and what it found is printed per system (``-s``) and checked for TRS and for the XML/JSON systems.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest

from crawler.config import Config
from crawler.crawl import crawl
from crawler.discover import discover, registry_entry
from crawler.registry import load_registry
from crawler.sitesfile import append_entry

pytestmark = pytest.mark.e2e

# Systems the generic spider alone must read completely: link pagers (vsb, xxgk), a static pager known
# only by its page count (trs) and lists a page builds from JSON in Chromium (jpaas, ucap). Hanweb's
# dataproxy-only pages are measured and reported, not required: that paging is what its module knows.
GENERIC_COMPLETE = ("trs", "jpaas", "ucap", "vsb", "xxgk")
FAST = {"DOWNLOAD_DELAY": 0, "AUTOTHROTTLE_ENABLED": False, "CONCURRENT_REQUESTS_PER_DOMAIN": 4,
        "NIANBAO_RETRY_BACKOFF": 0.05, "RETRY_TIMES": 1, "DOWNLOAD_TIMEOUT": 15,
        "NIANBAO_BROWSER_WAIT_MS": 10000, "LOG_LEVEL": "WARNING"}


@pytest.fixture(scope="module")
def replica():
    from replica.server import start_in_thread

    server = start_in_thread(port=0, state="night1")
    yield server
    server.stop()


def county_sites(replica) -> list[dict]:
    sites = replica.manifest().get("county_sites") or replica.data.manifest.get("county_sites")
    assert sites, "the replica's manifest has no county_sites (regenerate the replica)"
    return sites


def _urls(rows: list[dict]) -> set[str]:
    out: set[str] = set()
    for r in rows:
        out.update(r.get("page_urls") or r.get("urls") or ([r["url"]] if r.get("url") else []))
    return out


def _state(replica, key: str) -> list[dict]:
    m = replica.manifest()
    return m.get(key) or replica.data.manifest["states"][replica.state].get(key) or []


@pytest.fixture(scope="module")
def discovered(replica, tmp_path_factory):
    """One discovery of every county home page; the entries appended to one operator file."""
    sites = county_sites(replica)
    sites_file = tmp_path_factory.mktemp("county") / "sites.yaml"
    results = discover([s["home"] for s in sites], replica_url=replica.url,
                       settings_overrides={**FAST}, isolate=True)
    taken = {s.key for s in load_registry(use_env=False)}
    keys = {}
    for site, result in zip(sites, results, strict=True):
        if not result.found:
            keys[site["key"]] = None
            continue
        entry = registry_entry(result, taken)
        entry["key"] = site["key"]
        taken.add(site["key"])
        append_entry(sites_file, entry)
        keys[site["key"]] = entry
    return sites_file, keys, results


def _crawl(replica, tmp: Path, sites_file: Path, keys: list[str], monkeypatch, generic: bool = False):
    monkeypatch.setenv("NIANBAO_SITES", str(sites_file))
    if generic:
        monkeypatch.setenv("NIANBAO_GENERIC_FOR", "all")
    replica.requests(clear=True)
    items: list[dict] = []
    summary = crawl(Config(tmp), sites=keys, replica_url=replica.url, item_sink=items.append,
                    settings_overrides=FAST, isolate=True)
    return summary, items, replica.requests(clear=True)


def test_discover_recognises_every_county_system(replica, discovered) -> None:
    _, keys, _ = discovered
    want = {s["key"]: s["system"] for s in county_sites(replica)}
    got = {k: (e or {}).get("system") for k, e in keys.items()}
    assert got == want


def test_discover_then_run_finds_every_report_no_decoy_no_robots_trap(replica, discovered, tmp_path, monkeypatch) -> None:
    sites_file, keys, _ = discovered
    sites = county_sites(replica)
    summary, items, log = _crawl(replica, tmp_path, sites_file, [s["key"] for s in sites], monkeypatch)
    got = {i["url"] for i in items}
    for site in sites:
        reports = _urls([r for r in _state(replica, "county_reports") if r.get("site") == site["key"]])
        decoys = _urls([d for d in _state(replica, "county_decoys") if d.get("site", site["key"]) == site["key"]])
        assert reports and reports <= got, (site["key"], sorted(reports - got)[:5])
        assert not decoys & got, (site["key"], sorted(decoys & got))
        hosts = set(site.get("hosts") or [site["host"]])
        trapped = [e["url"] for e in log if urlsplit(e["url"]).hostname in hosts
                   and urlsplit(e["url"]).path.startswith(site["robots_trap"])]
        assert not trapped, (site["key"], trapped[:3])
        assert summary.sites[site["key"]].status == "ok", summary.sites[site["key"]]


def test_generic_spider_alone(replica, discovered, tmp_path, monkeypatch) -> None:
    """Every family module switched off: what the fallback finds per system (printed with ``-s``;
    the systems in GENERIC_COMPLETE must be complete, every system must give at least one report)."""
    sites_file, _, _ = discovered
    sites = county_sites(replica)
    summary, items, log = _crawl(replica, tmp_path, sites_file, [s["key"] for s in sites], monkeypatch, generic=True)
    got = {i["url"] for i in items}
    decoys = _urls(_state(replica, "county_decoys"))
    lines = []
    results: dict[str, tuple[int, int]] = {}
    for site in sites:
        reports = _urls([r for r in _state(replica, "county_reports") if r.get("site") == site["key"]])
        found = len(reports & got)
        lines.append(f"{site['system']:7} {site['key']:8} generic found {found}/{len(reports)}, "
                     f"requests {summary.sites[site['key']].requests}")
        results[site["system"]] = (found, len(reports))
    print("\n".join(lines))
    assert not decoys & got
    # what the fallback must manage without a module: link pagers and JSON/XML lists
    for system in GENERIC_COMPLETE:
        assert results[system][0] == results[system][1], (system, results[system])
    assert all(found >= 1 for found, _ in results.values()), results
