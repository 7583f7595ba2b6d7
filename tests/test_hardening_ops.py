"""Issue 12, points 6, 7, 9 and 10: the run, the archive and the CLI under hostile conditions.

A full disk while the run report is written, a run killed while publishing or mid-run, a blob
corrupted on disk, an extraction worker whose run is killed, hostile files given to
``nianbao extract``. Inputs are built here, small and deterministic.
"""

from __future__ import annotations

import io
import os
import signal
import sqlite3
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from helpers import ROOT

from archive.store import LocalStore, sha256_bytes
from archive.verify import check_archive
from archive.warc import RunWarc
from crawler import report as report_mod
from crawler import runner
from crawler.cli import cli
from crawler.config import Config
from crawler.crawl import CrawlSummary, SiteResult
from crawler.report import open_db


def _fake_crawl(*_args, **_kwargs) -> CrawlSummary:
    return CrawlSummary(sites={"panyu": SiteResult("panyu", reports_found=5, requests=9, bytes=100)})


@pytest.fixture()
def quick_run(monkeypatch):
    """``run_once`` with the crawl replaced (the rest is real: runs row, report, ledger, publish)."""
    monkeypatch.setattr(runner, "_crawl", _fake_crawl)
    monkeypatch.setenv("NIANBAO_EXTRACT", "0")
    return lambda cfg: runner.run_once(cfg, sites=["panyu"])


# ---------------------------------------------------------------- point 7: a full disk


def test_full_disk_while_finishing_exits_2_with_the_reason_and_the_next_run_recovers(tmp_path, monkeypatch,
                                                                                      quick_run, capsys):
    cfg = Config(tmp_path).ensure()
    real_open = report_mod.open_db

    def full(cfg_, *, readonly=False):  # SQLite's own "database or disk is full" (SQLITE_FULL)
        db = real_open(cfg_, readonly=readonly)
        if not readonly:
            pages = db.execute("pragma page_count").fetchone()[0]
            db.execute(f"pragma max_page_count = {pages}")
        return db

    real_details = report_mod.run_details
    monkeypatch.setattr(report_mod, "open_db", full)
    monkeypatch.setattr(report_mod, "run_details", lambda db, run: {  # a night with many failures: a long report
        "failed fetches": [{"url": f"http://www.by.gov.cn/{i}.html", "error": "x" * 2000} for i in range(50)]})
    assert quick_run(cfg) == 2
    err = capsys.readouterr().err
    row = sqlite3.connect(cfg.db_path).execute("select outcome, error from runs").fetchone()
    recorded = row[0] == "failed" and "disk is full" in (row[1] or "")
    assert recorded or ("disk is full" in err and "not recorded" in err), (row, err)
    assert all(p.stat().st_size > 0 for p in cfg.runs_dir.glob("*.md"))  # never a 0-byte report

    monkeypatch.setattr(report_mod, "open_db", real_open)
    monkeypatch.setattr(report_mod, "run_details", real_details)
    assert quick_run(cfg) == 0
    outcomes = [r[0] for r in sqlite3.connect(cfg.db_path).execute("select outcome from runs order by started_at")]
    assert outcomes == ["failed", "ok"]


def test_database_that_cannot_be_opened_is_exit_2_on_stderr(tmp_path, quick_run, capsys):
    cfg = Config(tmp_path).ensure()
    cfg.db_path.mkdir()  # not a file: every write fails
    assert quick_run(cfg) == 2
    assert "could not be recorded" in capsys.readouterr().err


# ---------------------------------------------------------------- point 10: killed runs, status


def _insert_run(cfg: Config, run_id: str, *, outcome: str, pid: int) -> None:
    db = open_db(cfg)
    db["runs"].insert({"id": run_id, "started_at": "2026-01-01T02:00:00+00:00", "outcome": outcome,
                       "mode": "live", "trigger": "schedule", "pid": pid})
    db["run_sites"].insert({"run_id": run_id, "site": "by", "requests": 4, "reports_found": 9, "status": "ok"})


def _dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_status_shows_a_killed_run_as_ended(tmp_path):
    cfg = Config(tmp_path).ensure()
    _insert_run(cfg, "r-killed", outcome="running", pid=_dead_pid())
    result = CliRunner().invoke(cli, ["status", "--data-dir", str(tmp_path)])
    assert result.exit_code == 0, result.output
    line = next(x for x in result.output.splitlines() if x.startswith("r-killed"))
    assert "running" not in line and "failed" in line
    assert sqlite3.connect(cfg.db_path).execute("select outcome from runs").fetchone()[0] == "failed"


def test_run_killed_while_publishing_is_not_ok(tmp_path):
    cfg = Config(tmp_path).ensure()
    pid = _dead_pid()
    _insert_run(cfg, "r-pub", outcome="running", pid=pid)
    assert report_mod.finish_run(cfg, "r-pub", recover=False) == 0  # the report said ok, then publishing began
    marker = report_mod.publishing_marker(cfg, "r-pub")
    marker.write_text(str(pid), encoding="utf-8")  # …and the process died before it ended
    assert report_mod.recover_stale_runs(cfg) == ["r-pub"]
    outcome, error = sqlite3.connect(cfg.db_path).execute("select outcome, error from runs").fetchone()
    assert outcome == "failed" and "while publishing" in error and not marker.exists()


def test_a_run_removes_its_marker_after_publishing(tmp_path, quick_run):
    cfg = Config(tmp_path).ensure()
    assert quick_run(cfg) == 0
    assert not list(cfg.runs_dir.glob(".*.publishing"))


# ---------------------------------------------------------------- point 10: the archive heals


def test_put_rewrites_a_corrupt_or_truncated_blob(tmp_path):
    store = LocalStore(tmp_path)
    data = b"%PDF-1.4 original bytes" * 100
    sha = store.put(data)
    store.path(sha).write_bytes(b"rot")
    assert not store.verify(sha)
    assert store.put(data) == sha and store.verify(sha)
    store.path(sha).unlink()
    assert store.put(data) == sha and store.get(sha) == data


def test_verify_heals_from_the_warc_and_names_what_it_cannot(tmp_path):
    cfg = Config(tmp_path).ensure()
    store = LocalStore(cfg.archive_dir)
    kept, lost = b"<html>kept in the WARC</html>", b"<html>only on disk</html>"
    good, gone = store.put(kept), store.put(lost)
    warc = RunWarc(cfg.warc_dir, "r1")
    warc.write_exchange(url="http://www.by.gov.cn/a.html", status=200, headers={"Content-Type": "text/html"},
                        body=kept, fetched_at="2026-01-01T02:00:00Z")
    warc.close()
    store.path(good).write_bytes(b"corrupted")
    store.path(gone).write_bytes(b"corrupted too")
    report = check_archive(cfg)
    assert report.healed == [good] and report.unhealed == [gone] and not report.ok
    assert store.get(good) == kept
    result = CliRunner().invoke(cli, ["verify", "--data-dir", str(tmp_path)])
    assert result.exit_code == 1 and "1 not healed" in result.output
    assert f"CORRUPT, NOT HEALED {gone}" in result.stderr if hasattr(result, "stderr") else True


# ---------------------------------------------------------------- point 6: nothing outlives a run


_PARENT = """
import sys, time
from extract.worker import extract_isolated
try:
    extract_isolated(sys.argv[1], timeout=60)
except Exception as exc:
    print(exc)
"""


def _pids_running(marker: str) -> list[int]:
    out = []
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            try:
                if marker in (proc / "cmdline").read_bytes().decode(errors="replace"):
                    out.append(int(proc.name))
            except OSError:
                continue
    return out


def test_worker_dies_with_its_run(tmp_path, monkeypatch):
    """A run killed by SIGKILL mid-extraction takes its worker (and the worker's children) along."""
    slow = tmp_path / "slow-hardening-doc.html"
    slow.write_text("<html><body>x</body></html>", encoding="utf-8")
    sitecustom = tmp_path / "hang"
    sitecustom.mkdir()
    # in the worker only, extraction hangs holding a child of its own (a stand-in for soffice/tesseract)
    (sitecustom / "sitecustomize.py").write_text(
        "import subprocess, sys, time\n"
        "if sys.argv and sys.argv[-1].endswith('slow-hardening-doc.html') and '-c' not in sys.argv:\n"
        "    import extract\n"
        "    def hang(*_a, **_k):\n"
        "        subprocess.Popen(['sleep', '41.5'])\n"
        "        time.sleep(60)\n"
        "    extract.extract_file = hang\n", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": f"{sitecustom}{os.pathsep}{ROOT}"}
    parent = subprocess.Popen([sys.executable, "-c", _PARENT, str(slow)], cwd=ROOT, env=env)
    try:
        deadline = time.monotonic() + 20
        while not _pids_running("41.5"):
            assert time.monotonic() < deadline, "the worker never started"
            time.sleep(0.1)
        os.kill(parent.pid, signal.SIGKILL)
        parent.wait()
        deadline = time.monotonic() + 10
        while _pids_running("41.5") or _pids_running("slow-hardening-doc.html"):
            assert time.monotonic() < deadline, "the worker or its child outlived the run"
            time.sleep(0.1)
    finally:
        for pid in _pids_running("41.5") + _pids_running("slow-hardening-doc.html"):
            os.kill(pid, signal.SIGKILL)


def test_a_run_empties_its_temporary_folder(tmp_path, quick_run):
    cfg = Config(tmp_path).ensure()
    leftover = cfg.data_dir / "tmp" / "nianbao-extract-old"
    leftover.mkdir(parents=True)
    (leftover / "x.pdf").write_bytes(b"x")
    seen: list[str] = []
    real = runner._crawl
    runner._crawl = lambda *a, **k: (seen.append(os.environ.get("TMPDIR", "")), real(*a, **k))[1]
    try:
        assert quick_run(cfg) == 0
    finally:
        runner._crawl = real
    assert seen == [str((cfg.data_dir / "tmp").resolve())]
    assert not leftover.exists() and os.environ.get("TMPDIR") != seen[0]


# ---------------------------------------------------------------- point 9: nianbao extract PATH


def _zip_bomb(path: Path) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", b"<w:document><w:body>" + b" " * (300 * 1024 * 1024) + b"</w:body></w:document>")
    return path


def _nested_pdf(path: Path, depth: int = 3000) -> Path:
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>"]
    objs += [b"<< /Type /Pages /Kids [%d 0 R] /Count 1 >>" % (3 + i) for i in range(depth)]
    objs.append(b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 10 10] >>" % (depth + 1))
    out = io.BytesIO(b"%PDF-1.4\n")
    out.seek(0, 2)
    offsets = []
    for i, obj in enumerate(objs, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % i + obj + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1))
    out.write(b"".join(b"%010d 00000 n \n" % o for o in offsets))
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref))
    path.write_bytes(out.getvalue())
    return path


@pytest.mark.parametrize("make", ["random", "bomb", "nested"])
def test_extract_cli_fails_in_one_line_within_limits(tmp_path, make):
    import random

    if make == "random":
        path = tmp_path / "random.pdf"
        path.write_bytes(random.Random(12).randbytes(100_000))
    elif make == "bomb":
        path = _zip_bomb(tmp_path / "bomb.docx")
    else:
        path = _nested_pdf(tmp_path / "nested.pdf")
    start = time.monotonic()
    proc = subprocess.run([sys.executable, "-m", "crawler.cli", "extract", str(path)], cwd=ROOT, capture_output=True,
                          text=True, timeout=120, env={**os.environ, "NIANBAO_EXTRACT_MEMORY_MB": "768"})
    assert time.monotonic() - start < 60
    assert proc.returncode == 1 and proc.stdout == ""
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ") and "Traceback" not in proc.stderr, proc.stderr
    assert sha256_bytes(path.read_bytes())  # the file is untouched and still there
