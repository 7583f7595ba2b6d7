"""Extraction in a child process: limits, clear failures, originals untouched."""

import hashlib
from pathlib import Path

import pytest

from extract.errors import ExtractionError
from extract.worker import extract_isolated

FILES = Path(__file__).parent / "files" / "extract"


def test_result_comes_back() -> None:
    r = extract_isolated(FILES / "report2021.gbk.html", timeout=60)
    assert r["template"] == "2021" and r["applications"]["total"]["total"] == 36


def test_doc_converts_with_libreoffice_under_the_memory_limit() -> None:
    """soffice maps more address space than the worker's limit; it lifts it for itself."""
    r = extract_isolated(FILES / "report2019.doc", timeout=120, memory_mb=1536)
    assert (r["format"], r["template"], r["strategy"]) == ("doc", "2019", "table")
    assert r["applications"]["unavailable_not_held"]["total"] == 44


def test_timeout_is_an_extraction_error() -> None:
    with pytest.raises(ExtractionError, match="timed out"):
        extract_isolated(FILES / "report2019.pdf", timeout=0.05)


def test_memory_limit_is_an_extraction_error() -> None:
    with pytest.raises(ExtractionError):
        extract_isolated(FILES / "report2019.pdf", memory_mb=30)


def test_broken_file_reason_and_original_untouched(tmp_path: Path) -> None:
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog >> trailer garbage")
    before = hashlib.sha256(bad.read_bytes()).hexdigest()
    with pytest.raises(ExtractionError, match="PDF"):
        extract_isolated(bad)
    assert hashlib.sha256(bad.read_bytes()).hexdigest() == before


# ---------------------------------------------------------------- long-lived workers (issue 14, point 3)

import os  # noqa: E402
import signal  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402

from extract.worker import WorkerPool  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
_HANG = (  # in a pool worker only: a document named slow-pool-doc.html hangs holding a child
    "import os, subprocess, sys, time\n"
    "if '--serve' in sys.argv:\n"
    "    import extract\n"
    "    real = extract.extract_file\n"
    "    def hang(path, **kw):\n"
    "        if str(path).endswith('slow-pool-doc.html'):\n"
    "            subprocess.Popen(['sleep', '41.7'])\n"
    "            open(os.environ['HANG_PID_FILE'], 'w').write(str(os.getpid()))\n"
    "            time.sleep(60)\n"
    "        return real(path, **kw)\n"
    "    extract.extract_file = hang\n")


@pytest.fixture
def hanging(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    site = tmp_path / "site"
    site.mkdir()
    (site / "sitecustomize.py").write_text(_HANG, encoding="utf-8")
    monkeypatch.setenv("PYTHONPATH", f"{site}{os.pathsep}{ROOT}")
    monkeypatch.setenv("HANG_PID_FILE", str(tmp_path / "worker.pid"))
    slow = tmp_path / "slow-pool-doc.html"
    slow.write_text("<html><body>x</body></html>", encoding="utf-8")
    return slow


def _alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split()[2] != "Z"
    except OSError:
        return False


def _sleepers() -> list[int]:
    out = []
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            try:
                if b"41.7" in (proc / "cmdline").read_bytes():
                    out.append(int(proc.name))
            except OSError:
                continue
    return out


def test_pool_reuses_its_worker_and_reports_failures_as_before(tmp_path: Path) -> None:
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog >> trailer garbage")
    with WorkerPool() as pool:
        r = extract_isolated(FILES / "report2021.gbk.html", timeout=60, pool=pool)
        assert r["template"] == "2021" and r["applications"]["total"]["total"] == 36
        with pytest.raises(ExtractionError, match="PDF"):
            pool.extract(bad, timeout=60)
        assert pool.extract(FILES / "report2021.gbk.html", timeout=60)["template"] == "2021"
        assert pool.started == 1  # one interpreter for the three documents


def test_pool_recycles_after_n_documents_and_on_memory() -> None:
    with WorkerPool(max_docs=1) as pool:
        for _ in range(2):
            pool.extract(FILES / "report2021.gbk.html", timeout=60)
        assert pool.started == 2
    with WorkerPool(max_rss_mb=1) as pool:  # every worker is above 1 MB resident: never kept
        for _ in range(2):
            pool.extract(FILES / "report2021.gbk.html", timeout=60)
        assert pool.started == 2
    with WorkerPool(memory_mb=30) as pool, pytest.raises(ExtractionError):
        pool.extract(FILES / "report2019.pdf", timeout=60)


def test_pool_timeout_kills_the_worker_and_its_children_and_replaces_it(hanging: Path) -> None:
    with WorkerPool() as pool:
        pool.extract(FILES / "report2021.gbk.html", timeout=60)
        with pytest.raises(ExtractionError, match="timed out after 3 s"):
            pool.extract(hanging, timeout=3)
        worker = int(Path(os.environ["HANG_PID_FILE"]).read_text())
        deadline = time.monotonic() + 10
        while _alive(worker) or _sleepers():
            assert time.monotonic() < deadline, "the timed-out worker or its child lived on"
            time.sleep(0.1)
        assert pool.extract(FILES / "report2021.gbk.html", timeout=60)["template"] == "2021"
        assert pool.started == 2


_PARENT = """
import sys
from extract.worker import WorkerPool
with WorkerPool() as pool:
    pool.extract(sys.argv[1], timeout=60)
"""


def test_pool_workers_die_with_their_run(hanging: Path) -> None:
    """The run killed by SIGKILL mid-document takes its long-lived worker and the worker's child along."""
    parent = subprocess.Popen([sys.executable, "-c", _PARENT, str(hanging)], cwd=ROOT)
    pid_file = Path(os.environ["HANG_PID_FILE"])
    try:
        deadline = time.monotonic() + 30
        while not (pid_file.exists() and pid_file.read_text() and _sleepers()):
            assert time.monotonic() < deadline, "the worker never started"
            time.sleep(0.1)
        worker = int(pid_file.read_text())
        os.kill(parent.pid, signal.SIGKILL)
        parent.wait()
        deadline = time.monotonic() + 10
        while _alive(worker) or _sleepers():
            assert time.monotonic() < deadline, "the worker or its child outlived the run"
            time.sleep(0.1)
    finally:
        for pid in _sleepers():
            os.kill(pid, signal.SIGKILL)
