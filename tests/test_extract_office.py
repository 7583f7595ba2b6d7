"""LibreOffice kept running between DOCs (issue 14, point 3): same output as the one-shot
``soffice --convert-to``, the per-document timeout and memory limit kept, a crashed or hung
soffice restarted at the next document, the one-shot fallback without UNO, and no soffice
left behind by a worker that ends, is recycled, times out or loses its run."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import psutil
import pytest

from extract import extract_file
from extract.compare import compare
from extract.errors import ExtractionError
from extract.formats import office
from extract.kept_office import uno_python
from extract.worker import WorkerPool

ROOT = Path(__file__).resolve().parent.parent
FILES = ROOT / "tests" / "files" / "extract"
DOC = FILES / "report2019.doc"
REPLICA_DOCS = sorted((ROOT / "replica" / "data" / "files").rglob("*.doc"))


def _has_uno() -> bool:
    soffice = shutil.which("soffice")
    python = uno_python(soffice) if soffice else None
    return bool(python) and subprocess.run([python, "-I", "-c", "import uno"], capture_output=True).returncode == 0


pytestmark = pytest.mark.skipif(not shutil.which("soffice") or not _has_uno(),
                                reason="needs LibreOffice and its python3-uno bindings")


@pytest.fixture(scope="module")
def kept_block() -> Iterator[None]:
    """One kept_running block for the module's in-process tests (each start costs seconds):
    the tests that kill the office check that the next document starts another."""
    _reset()
    with office.kept_running():
        yield
    _reset()


@pytest.fixture
def kept(kept_block: None) -> Iterator[None]:
    office.converted_by.clear()
    yield
    _reset()


def _reset() -> None:
    office._unavailable = None
    office._start_failures = 0
    office.converted_by.clear()


def _convert(path: Path = DOC) -> Path:
    with tempfile.TemporaryDirectory() as tmp:
        out = office.convert(path, "docx", Path(tmp), "doc")
        assert out.stat().st_size > 1000
        return out


def _this_office():
    return office._kept[(os.getpid(), threading.get_ident())]


def _soffice_bin(kept_office) -> psutil.Process:
    return next(p for p in kept_office._tree() if p.name() == "soffice.bin")


def _gone(pids: list[int], within: float = 10.0) -> bool:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        alive = [p for p in pids if psutil.pid_exists(p) and psutil.Process(p).status() != psutil.STATUS_ZOMBIE]
        if not alive:
            return True
        time.sleep(0.1)
    return False


def test_kept_office_reads_doc_and_wps_exactly_as_the_one_shot(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                kept: None) -> None:
    wps = tmp_path / "report2019.wps"  # Kingsoft WPS files are OLE Word files: sniffed as wps by name
    shutil.copyfile(DOC, wps)
    with office.kept_running():  # nested: the outer block owns the office
        got = {p: extract_file(p) for p in (DOC, wps)}
        assert office.last_converter() == "uno"
    monkeypatch.setenv("NIANBAO_SOFFICE_KEEP", "0")
    once = {p: extract_file(p) for p in (DOC, wps)}
    assert office.last_converter() == "convert-to"
    assert {r.pop("converter") for r in got.values()} == {"uno"}  # recorded with the result
    assert {r.pop("converter") for r in once.values()} == {"convert-to"}
    assert got == once
    assert got[wps]["format"] == "wps" and got[DOC]["applications"]["unavailable_not_held"]["total"] == 44
    assert office.converted_by == {"uno": 2, "convert-to": 2}
    assert office._kept, "the office outlived the inner block: one per worker, not per block"


def test_kept_office_reads_the_replica_docs_as_expected(kept: None) -> None:
    for path in REPLICA_DOCS:
        expected = json.loads(path.with_suffix(".expected.json").read_text(encoding="utf-8"))
        cmp = compare(expected, extract_file(path))
        assert cmp.accuracy == 1.0 and not cmp.meta_wrong and cmp.checks_wrong is None, (path, cmp.wrong[:3])
    assert office.converted_by["uno"] == len(REPLICA_DOCS) and not office.converted_by["convert-to"]


def test_a_file_the_kept_office_refuses_gets_the_one_shot_verdict(tmp_path: Path, kept: None) -> None:
    bad = tmp_path / "broken.doc"
    bad.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)  # an OLE header and nothing
    with pytest.raises(ExtractionError, match="LibreOffice could not convert the file"):
        _convert(bad)
    assert office.converted_by["uno-refused"] == 1  # the one-shot had the last word
    _convert()  # the kept office is still fine
    assert office.converted_by["uno"] == 1


def test_soffice_over_its_memory_limit_is_killed(kept: None) -> None:
    _convert()
    first = _this_office()
    first.max_rss_mb = 20  # soffice holds ~180 MB: over the limit while it converts
    _soffice_bin(first).suspend()
    with pytest.raises(ExtractionError, match="memory limit"):
        _convert()
    assert not first.alive()


def test_soffice_dead_between_documents_is_restarted_without_a_failure(kept: None) -> None:
    _convert()
    first = _this_office()
    _soffice_bin(first).kill()
    _convert()
    assert _this_office() is not first and office.converted_by["uno"] == 2


def test_hung_soffice_is_killed_by_the_timeout_and_restarted_next(monkeypatch: pytest.MonkeyPatch,
                                                                 kept: None) -> None:
    _convert()
    first = _this_office()
    pids = [p.pid for p in first._tree()]
    profile = first.profile
    sockets = [c.laddr for c in _soffice_bin(first).net_connections(kind="unix") if c.laddr]
    assert sockets
    _soffice_bin(first).suspend()  # a DOC that hangs soffice
    monkeypatch.setenv("NIANBAO_SOFFICE_TIMEOUT", "2")
    with pytest.raises(ExtractionError, match="LibreOffice conversion timed out"):
        _convert()
    assert _gone(pids), "the hung soffice (or its helper) lived on"
    assert not profile.exists(), "a timed-out office's profile must be thrown away"
    assert not any(os.path.exists(p) for p in sockets), "the killed soffice's pipe sockets were left in /tmp"
    monkeypatch.setenv("NIANBAO_SOFFICE_TIMEOUT", "120")
    _convert()
    assert _this_office() is not first and office.converted_by["uno"] == 2


def test_soffice_crashing_mid_document_fails_it_and_the_next_one_restarts(kept: None) -> None:
    _convert()
    first = _this_office()
    soffice = _soffice_bin(first)
    soffice.suspend()
    threading.Timer(1.0, soffice.kill).start()  # dies while converting
    with pytest.raises(ExtractionError, match="LibreOffice"):
        _convert()
    assert _gone([p.pid for p in first._tree()] + [soffice.pid])
    _convert()
    assert _this_office() is not first


def test_worn_office_is_stopped_between_documents_and_keeps_its_warm_profile(kept: None) -> None:
    _convert()
    first = _this_office()
    first.max_docs = first.docs + 1  # NIANBAO_SOFFICE_RECYCLE_DOCS, read when an office starts
    pids = [p.pid for p in first._tree()]
    _convert()
    assert not office._kept and _gone(pids), "recycled after its last conversion"
    assert first.profile.exists(), "a healthy office's profile is kept warm for the next one"


def test_without_uno_the_one_shot_converts(monkeypatch: pytest.MonkeyPatch, kept: None) -> None:
    monkeypatch.setenv("NIANBAO_UNO_PYTHON", sys.executable)  # the venv's Python has no uno
    office.shutdown_kept()
    _convert()
    assert office.last_converter() == "convert-to" and "uno" in (office._unavailable or "").lower()
    assert office.converted_by == {"convert-to": 1}


def _worker_soffice(pool: WorkerPool) -> list[int]:
    worker = next(iter(pool._idle))
    return [p.pid for p in psutil.Process(worker.proc.pid).children(recursive=True)]


def test_pool_worker_ends_its_soffice_when_recycled_or_closed() -> None:
    """A recycled worker is stopped as a closing pool stops its idle workers (end of input)."""
    with WorkerPool() as pool:
        worker = pool._spawn()
        worker.send({"path": str(DOC)})
        assert json.loads(worker.receive(120) or b"{}").get("ok")
        pids = [p.pid for p in psutil.Process(worker.proc.pid).children(recursive=True)]
        assert {psutil.Process(p).name() for p in pids} >= {"soffice.bin"}
        worker.stop()
        assert _gone(pids), "a recycled (or closed) worker's soffice lived on"


def test_pool_timeout_on_a_hung_soffice_kills_it_with_the_worker() -> None:
    with WorkerPool() as pool:
        pool.extract(DOC, timeout=120)
        pids = _worker_soffice(pool)
        next(psutil.Process(p) for p in pids if psutil.Process(p).name() == "soffice.bin").suspend()
        with pytest.raises(ExtractionError, match="timed out after 3 s"):
            pool.extract(DOC, timeout=3)
        assert _gone(pids)


_PARENT = """
import sys, time, psutil
from extract.worker import WorkerPool
pool = WorkerPool()
pool.extract(sys.argv[1], timeout=120)
worker = next(iter(pool._idle))
print(" ".join(str(p.pid) for p in psutil.Process(worker.proc.pid).children(recursive=True)), flush=True)
time.sleep(60)
"""


def test_soffice_dies_with_the_run() -> None:
    """The run killed by SIGKILL between documents takes its worker's soffice along."""
    parent = subprocess.Popen([sys.executable, "-c", _PARENT, str(DOC)], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        assert parent.stdout is not None
        pids = [int(p) for p in parent.stdout.readline().split()]
        assert len(pids) >= 3  # helper, oosplash, soffice.bin
    finally:
        os.kill(parent.pid, signal.SIGKILL)
        parent.wait()
    assert _gone(pids), "soffice outlived the run"
