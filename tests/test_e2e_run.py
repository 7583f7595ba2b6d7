"""End to end: `nianbao run` crawls the replica over HTTP, night1 then night2 (then night2 again).

Checked against the replica's own manifest (replica/data/manifest.json): every report
and document it serves is archived under its sha256 and in the database; the amended
PDF has two retrievable versions; the new report appears; the moved report is one
logical report with two URLs; the removed page is missing after one run and removed
after the next; unchanged documents get no new version; an unchanged night creates no
version, re-extracts nothing and revalidates static pages with 304s; each report's
template is its best extraction's. A run killed with SIGKILL leaves a database and
archive that `nianbao verify` passes, and the next run completes.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from archive.db import open_db
from archive.store import LocalStore

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[1]
# the replica's data (generated, committed); NIANBAO_REPLICA_DATA points elsewhere (e.g. a fresh generate)
DATA = Path(os.getenv("NIANBAO_REPLICA_DATA") or ROOT / "replica" / "data")
MANIFEST = DATA / "manifest.json"
RUN_TIMEOUT = 600


def env(**extra: str) -> dict[str, str]:
    e = dict(os.environ)
    e.update(extra)
    e.update({"NIANBAO_DOWNLOAD_DELAY": "0", "NIANBAO_AUTOTHROTTLE": "0", "NIANBAO_LOG_LEVEL": "WARNING",
              "NIANBAO_NOTIFY_URL": "", "PYTHONPATH": str(ROOT)})
    return e


def nianbao(*args: str, timeout: float = RUN_TIMEOUT, **extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "crawler.cli", *args], cwd=ROOT, env=env(**extra),
                          capture_output=True, text=True, timeout=timeout)


def run(data: Path, url: str, *args: str, **extra: str) -> subprocess.CompletedProcess[str]:
    proc = nianbao("run", "--data-dir", str(data), "--replica-url", url, "--quiet", *args, **extra)
    assert proc.returncode in (0, 1), proc.stderr[-4000:]
    return proc


@pytest.fixture(scope="module")
def replica(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    import replica.server as server_mod

    assert MANIFEST.exists(), f"{MANIFEST} is missing: it is committed (nianbao replica generate)"
    # a private copy: the server reads files lazily, so a regeneration during the test
    # would otherwise serve files that differ from the manifest it loaded
    data = tmp_path_factory.mktemp("replica") / "data"
    shutil.copytree(DATA, data)
    server = server_mod.start_in_thread(port=0, state="night1", data_dir=data)
    try:
        yield server
    finally:
        server.stop()


def served_manifest(replica: Any) -> dict[str, Any]:
    """The replica's own list of what it serves now (GET /_replica/manifest)."""
    with urllib.request.urlopen(replica.url + "/_replica/manifest", timeout=30) as resp:
        return json.loads(resp.read())


@pytest.fixture(scope="module")
def manifest(nights: dict[str, Any]) -> dict[str, Any]:
    return {"states": {"night1": nights["manifest1"], "night2": nights["manifest2"]}}


def snapshot(db: Any) -> dict[str, Any]:
    return {
        "versions": {r["url"]: r["n"] for r in db.query(
            "select d.url, count(v.id) as n from documents d left join versions v on v.document_id = d.id "
            "group by d.url")},
        "version_count": db["versions"].count,
        "extractions": db["extractions"].count,
        "docs": {r["url"]: dict(r) for r in db.query("select * from documents")},
        "runs": [dict(r) for r in db.query("select * from runs order by started_at, rowid")],
    }


@pytest.fixture(scope="module")
def nights(replica: Any, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    data = tmp_path_factory.mktemp("e2e") / "data"
    out: dict[str, Any] = {"data": data}
    replica.set_state("night1")
    out["manifest1"] = served_manifest(replica)
    run(data, replica.url)
    out["verify1"] = nianbao("verify", "--data-dir", str(data))
    db = open_db(data / "nianbao.db")
    out["night1"] = snapshot(db)
    replica.set_state("night2")
    out["manifest2"] = served_manifest(replica)
    run(data, replica.url)
    out["night2"] = snapshot(db)
    run(data, replica.url)
    out["night3"] = snapshot(db)
    out["verify3"] = nianbao("verify", "--data-dir", str(data))
    db.close()
    replica.set_state("night1")
    return out


def documents_of(report: dict[str, Any]) -> list[dict[str, Any]]:
    return report["documents"]


def test_night1_matches_the_replica_manifest(nights: dict[str, Any], manifest: dict[str, Any]) -> None:
    data: Path = nights["data"]
    db = open_db(data / "nianbao.db")
    store = LocalStore(data / "archive")
    state = manifest["states"]["night1"]
    report_ids: dict[str, set[str]] = {}
    for report in state["reports"]:
        ids = set()
        for doc in documents_of(report):
            row = next(db.query("select * from documents where url = ?", [doc["url"]]), None)
            assert row is not None, f"{report['key']}: {doc['url']} not archived"
            ids.add(row["report_id"])
            first = next(db.query("select sha256 from versions where document_id = ? order by first_seen, rowid",
                                  [row["id"]]), None)
            assert first is not None, f"{doc['url']} has no version"
            assert hashlib.sha256(store.get(first["sha256"])).hexdigest() == first["sha256"]
            route = state["routes"].get(doc["url"], {})
            if doc["role"] != "page" or not route.get("dynamic"):
                assert first["sha256"] == doc["sha256"], f"{doc['url']}: archived bytes differ from the served file"
        assert len(ids) == 1, f"{report['key']}: its documents landed on {len(ids)} logical reports"
        report_ids[report["key"]] = ids
    distinct = {next(iter(v)) for v in report_ids.values()}
    assert len(distinct) == len(report_ids), "two different reports were merged into one"
    decoys = [d["url"] for d in state["decoys"]]
    got = db.execute(f"select count(*) from documents where url in ({','.join('?' * len(decoys))})",
                     decoys).fetchone()[0] if decoys else 0
    assert got == 0, "a decoy (not an annual report) was archived"
    assert nights["verify1"].returncode == 0, nights["verify1"].stdout + nights["verify1"].stderr
    first_run = nights["night1"]["runs"][0]
    assert (data / "warc" / f"{first_run['id']}.warc.gz").stat().st_size > 0
    assert first_run["outcome"] in ("ok", "broken") and first_run["requests"] > 0


def test_every_archived_original_was_extracted_once(nights: dict[str, Any]) -> None:
    from extract import EXTRACTOR_VERSION

    db = open_db(nights["data"] / "nianbao.db")
    missing = db.execute("select count(distinct v.sha256) from versions v where not exists (select 1 from "
                         "extractions e where e.sha256 = v.sha256 and e.extractor_version = ?)",
                         [EXTRACTOR_VERSION]).fetchone()[0]
    assert missing == 0
    assert db.execute("select count(*) from extractions where status = 'ok'").fetchone()[0] > 0
    dup = db.execute("select count(*) from (select sha256 from extractions where extractor_version = ? "
                     "group by sha256 having count(*) > 1)", [EXTRACTOR_VERSION]).fetchone()[0]
    assert dup == 0


def test_report_template_comes_from_its_best_extraction(nights: dict[str, Any], manifest: dict[str, Any]) -> None:
    db = open_db(nights["data"] / "nianbao.db")
    wrong, checked = [], 0
    for report in manifest["states"]["night2"]["reports"]:
        if not any(d["has_tables"] for d in report["documents"]):
            continue  # nothing to read the template from
        row = next(db.query(
            "select r.template, (select e.template from report_best b join extractions e on e.id = b.extraction_id "
            "where b.report_id = r.id) as best from documents d join reports r on r.id = d.report_id where d.url = ?",
            [report["documents"][0]["url"]]))
        checked += 1
        if not (row["template"] == row["best"] == report["template"]):
            wrong.append((report["key"], report["template"], row["template"], row["best"]))
    assert checked > 0 and wrong == []


def _change(manifest: dict[str, Any], kind: str) -> dict[str, Any]:
    return next(c for c in manifest["states"]["night2"]["changes"] if c["kind"] == kind)


def test_amended_pdf_has_two_retrievable_versions(nights: dict[str, Any], manifest: dict[str, Any]) -> None:
    change = _change(manifest, "amended")
    db = open_db(nights["data"] / "nianbao.db")
    store = LocalStore(nights["data"] / "archive")
    shas = [r["sha256"] for r in db.query(
        "select v.sha256 from versions v join documents d on d.id = v.document_id where d.url = ? "
        "order by v.first_seen, v.rowid", [change["url"]])]
    assert shas == [change["old_sha256"], change["new_sha256"]]
    for sha in shas:
        assert hashlib.sha256(store.get(sha)).hexdigest() == sha


def test_new_report_appears(nights: dict[str, Any], manifest: dict[str, Any]) -> None:
    change = _change(manifest, "new")
    assert change["url"] not in nights["night1"]["docs"]
    doc = nights["night2"]["docs"][change["url"]]
    db = open_db(nights["data"] / "nianbao.db")
    report = db["reports"].get(doc["report_id"])
    assert report["status"] == "active"
    assert nights["night2"]["versions"][change["url"]] == 1


def test_moved_report_is_one_logical_report_with_two_urls(nights: dict[str, Any], manifest: dict[str, Any]) -> None:
    change = _change(manifest, "moved")
    docs = nights["night2"]["docs"]
    old, new = docs[change["url"]], docs[change["new_url"]]
    assert old["report_id"] == new["report_id"]
    assert old["id"] != new["id"]


def test_removed_page_missing_once_then_removed(nights: dict[str, Any], manifest: dict[str, Any]) -> None:
    change = _change(manifest, "removed")
    url = change["url"]
    assert nights["night1"]["docs"][url]["status"] == "active"
    assert (nights["night2"]["docs"][url]["status"], nights["night2"]["docs"][url]["missing_runs"]) == ("missing", 1)
    assert nights["night3"]["docs"][url]["status"] == "removed"
    assert nights["night3"]["docs"][url]["removed_at"]
    # removed, but still downloadable from the archive
    store = LocalStore(nights["data"] / "archive")
    sha = nights["night3"]["docs"][url]["current_sha256"]
    assert sha and store.exists(sha)


def test_unchanged_documents_get_no_new_version(nights: dict[str, Any], manifest: dict[str, Any]) -> None:
    changed_reports = {c["report"] for c in manifest["states"]["night2"]["changes"]}
    unchanged = [d["url"] for r in manifest["states"]["night1"]["reports"] if r["key"] not in changed_reports
                 for d in r["documents"]]
    assert unchanged
    grew = [u for u in unchanged if nights["night2"]["versions"].get(u) != nights["night1"]["versions"].get(u)]
    assert grew == []


def test_unchanged_night_creates_nothing(nights: dict[str, Any]) -> None:
    assert nights["night3"]["version_count"] == nights["night2"]["version_count"]
    assert nights["night3"]["extractions"] == nights["night2"]["extractions"]
    assert nights["verify3"].returncode == 0, nights["verify3"].stdout + nights["verify3"].stderr
    runs = nights["night3"]["runs"]
    assert runs[-1]["bytes"] < runs[0]["bytes"]


def test_unchanged_night_revalidates_static_pages(nights: dict[str, Any], manifest: dict[str, Any]) -> None:
    """Static article pages cost a 304 (the HTTP cache sent validators); dynamic ones come back
    whole and are recognised as unchanged after normalisation."""
    routes = manifest["states"]["night2"]["routes"]
    db = open_db(nights["data"] / "nianbao.db")
    last = nights["night3"]["runs"][-1]["id"]
    got: dict[bool, set[str]] = {True: set(), False: set()}
    for row in db.query("select f.url, f.outcome from fetches f join documents d on d.id = f.document_id "
                        "where f.run_id = ? and d.kind = 'page'", [last]):
        got[bool(routes[row["url"]].get("dynamic"))].add(row["outcome"])
    assert got[False] == {"not_modified"}
    assert got[True] == {"unchanged"}


def test_sigkill_mid_run_leaves_a_verifiable_archive(replica: Any, tmp_path: Path) -> None:
    data = tmp_path / "data"
    replica.set_state("night1")
    # one site and no extraction keep it short; what is checked is the archive's consistency
    proc = subprocess.Popen([sys.executable, "-m", "crawler.cli", "run", "--data-dir", str(data),
                             "--replica-url", replica.url, "--quiet", "--site", "by"], cwd=ROOT,
                            env=env(NIANBAO_EXTRACT="0"),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        deadline = time.monotonic() + 120
        fetched = 0
        while time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.1)
            try:
                con = sqlite3.connect(f"file:{data / 'nianbao.db'}?mode=ro", uri=True, timeout=1)
                fetched = con.execute("select count(*) from versions").fetchone()[0]
                con.close()
            except sqlite3.Error:
                continue
            if fetched >= 5:
                break
        assert proc.poll() is None, "the run ended before it could be killed"
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=30)
    con = sqlite3.connect(data / "nianbao.db")
    assert con.execute("select outcome from runs").fetchall() == [("running",)]  # killed mid-run
    con.close()
    verify = nianbao("verify", "--data-dir", str(data))
    assert verify.returncode == 0, verify.stdout + verify.stderr
    run(data, replica.url, "--site", "by", NIANBAO_EXTRACT="0")
    db = open_db(data / "nianbao.db")
    runs = list(db.query("select outcome from runs order by started_at, rowid"))
    assert [r["outcome"] for r in runs][0] == "failed"
    assert runs[-1]["outcome"] in ("ok", "broken")
    verify = nianbao("verify", "--data-dir", str(data))
    assert verify.returncode == 0, verify.stdout + verify.stderr
