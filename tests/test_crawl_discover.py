"""Discovery finds the annual-report column of every replica site from its home page."""

from __future__ import annotations

import os
import subprocess
import sys
from urllib.parse import urlsplit

import pytest
import yaml

from crawler.discover import Discovery, discover, format_discovery
from crawler.registry import get_sites, parse_entry

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def found():
    from replica.server import start_in_thread

    server = start_in_thread(port=0, state="night1")
    try:
        sites = get_sites(replica_only=True)
        results = discover([s.home_url for s in sites], replica_url=server.url, max_depth=3,
                           settings_overrides={"DOWNLOAD_DELAY": 0, "AUTOTHROTTLE_ENABLED": False,
                                               "LOG_LEVEL": "WARNING", "DOWNLOAD_TIMEOUT": 15}, isolate=True)
        manifest = server.manifest()
    finally:
        server.stop()
    return {s.key: (s, r) for s, r in zip(sites, results, strict=True)}, manifest


def test_every_replica_site_has_its_report_column_found(found) -> None:
    results, _ = found
    for key, (site, result) in results.items():
        entry = result.entry()
        assert entry["host"] == site.host, key
        assert set(entry["portal"]["columns"]) == set(site.portal_columns), key
        assert {g["prefix"] for g in entry["gkmlpt"]} == {g.prefix for g in site.gkmlpt}, key


def test_discovered_reports_are_real_reports_of_the_replica(found) -> None:
    results, manifest = found
    pages = {u for r in manifest["reports"] for u in r["page_urls"]}
    for key, (_, result) in results.items():
        listed = {r["url"] for c in result.columns for r in c["reports"]}
        assert listed and listed <= pages, key


def test_printed_entry_is_a_valid_registry_entry(found) -> None:
    results, _ = found
    site, result = results["panyu"]
    text = format_discovery(result)
    entry_text = text.split("crawler/sites.yaml):\n", 1)[1]
    (entry,) = yaml.safe_load(entry_text)
    parsed = parse_entry(entry)
    assert (parsed.host, parsed.district, parsed.name) == (site.host, site.district, site.name)


def test_nothing_found_is_said_plainly() -> None:
    d = Discovery(url="http://www.example.gov.cn/", name="首页_某某县人民政府")
    assert not d.found
    assert "No annual-report column" in format_discovery(d)
    assert d.entry()["district"] == "某某县"
    assert urlsplit(d.url).hostname == d.entry()["host"]


def test_cli_prints_a_registry_entry_for_a_replica_site() -> None:
    """`nianbao discover URL --replica-url` as an operator runs it (a subprocess)."""
    from replica.server import start_in_thread

    server = start_in_thread(port=0, state="night1")
    try:
        proc = subprocess.run([sys.executable, "-m", "crawler.cli", "discover", "http://www.hp.gov.cn/",
                               "--replica-url", server.url, "--max-depth", "3"],
                              capture_output=True, text=True, timeout=120, check=False,
                              env={**os.environ, "NIANBAO_DOWNLOAD_DELAY": "0", "NIANBAO_AUTOTHROTTLE": "0"})
    finally:
        server.stop()
    assert proc.returncode == 0, proc.stderr[-2000:]
    entry = yaml.safe_load(proc.stdout.split("crawler/sites.yaml):\n", 1)[1])[0]
    assert entry["host"] == "www.hp.gov.cn" and entry["district"] == "黄埔区"
    assert {g["prefix"] for g in entry["gkmlpt"]} == {"/gkmlpt/", "/hpfgj/gkmlpt/"}
