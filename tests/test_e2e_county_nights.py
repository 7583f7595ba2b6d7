"""Two nights of the county sites: discover → the operator's registry file → `nianbao run`, night1
then night2 (twice), over HTTP through the replica, into one data directory.

For every county system (TRS, Hanweb, JPaaS, Ucap, VSB, an xxgk sub-site) the replica's night2
adds a report, amends a document (same URL, new bytes) and removes a report (404): the new
report is archived, the amended document has two retrievable versions, and the removed page is
missing after one run and removed after the next (NIANBAO_REMOVAL_RUNS=2). Extraction is
switched off (NIANBAO_EXTRACT=0): these nights are about the archive; the extraction of
the same documents is covered by the replica accuracy tests.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from archive.db import open_db

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[1]


def nianbao(*args: str, sites_file: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NIANBAO_DOWNLOAD_DELAY": "0", "NIANBAO_AUTOTHROTTLE": "0", "NIANBAO_LOG_LEVEL": "WARNING",
           "NIANBAO_NOTIFY_URL": "", "NIANBAO_EXTRACT": "0", "PYTHONPATH": str(ROOT), "NIANBAO_SITES": str(sites_file)}
    return subprocess.run([sys.executable, "-m", "crawler.cli", *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=600)


@pytest.fixture(scope="module")
def replica() -> Iterator[Any]:
    from replica.server import start_in_thread

    server = start_in_thread(port=0, state="night1", faults={})
    yield server
    server.stop()


@pytest.fixture(scope="module")
def nights(replica: Any, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    tmp = tmp_path_factory.mktemp("county-nights")
    sites_file, data = tmp / "sites.yaml", tmp / "data"
    counties = replica.manifest()["county_sites"]
    for site in counties:  # what an operator types, once per site
        proc = nianbao("discover", site["home"], "--replica-url", replica.url, "--sites", str(sites_file),
                       sites_file=sites_file)
        assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    from crawler.registry import load_registry

    keys = [s.key for s in load_registry(operator=sites_file) if s.source == str(sites_file)]
    assert len(keys) == len(counties)
    out: dict[str, Any] = {"keys": keys, "counties": counties}
    run_args = ["run", "--data-dir", str(data), "--replica-url", replica.url, "--quiet",
                *(a for k in keys for a in ("--site", k))]
    for night, state in (("night1", "night1"), ("night2", "night2"), ("night3", "night2")):
        replica.set_state(state)
        proc = nianbao(*run_args, sites_file=sites_file)
        assert proc.returncode == 0, proc.stderr[-4000:]
        db = open_db(data / "nianbao.db")
        out[night] = {r["url"]: dict(r) for r in db.query(
            "select d.url, d.status, d.missing_runs, count(v.id) as versions from documents d "
            "left join versions v on v.document_id = d.id group by d.id")}
        db.close()
    out["changes"] = replica.manifest()["county_changes"]
    out["reports"] = {night: {u for r in replica.data.manifest["states"][night]["county_reports"] for u in r["page_urls"]}
                      for night in ("night1", "night2")}
    replica.set_state("night1")
    return out


def _changes(nights: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    found = [c for c in nights["changes"] if c["kind"] == kind]
    assert {c["site"] for c in found} == {s["key"] for s in nights["counties"]}, kind
    return found


def test_every_county_report_archived_each_night(nights: dict[str, Any]) -> None:
    assert nights["reports"]["night1"] <= set(nights["night1"])
    assert nights["reports"]["night2"] <= set(nights["night2"])


def test_new_report_appears_on_night2(nights: dict[str, Any]) -> None:
    for change in _changes(nights, "new"):
        assert change["url"] not in nights["night1"] and nights["night2"][change["url"]]["status"] == "active"


def test_amended_document_has_two_versions(nights: dict[str, Any]) -> None:
    for change in _changes(nights, "amended"):
        assert nights["night1"][change["url"]]["versions"] == 1
        assert nights["night2"][change["url"]]["versions"] == 2, change


def test_removed_report_missing_once_then_removed(nights: dict[str, Any]) -> None:
    for change in _changes(nights, "removed"):
        url = change["url"]
        assert nights["night1"][url]["status"] == "active"
        assert (nights["night2"][url]["status"], nights["night2"][url]["missing_runs"]) == ("missing", 1), change
        assert nights["night3"][url]["status"] == "removed"
