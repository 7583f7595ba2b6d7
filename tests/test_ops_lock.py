"""The run lock: one run at a time, a clear refusal, never stuck after a crash."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from crawler.config import Config
from crawler.lock import RunLocked, is_locked, read_holder, run_lock

HOLD = """
import sys, time
from pathlib import Path
from crawler.config import Config
from crawler.lock import run_lock
with run_lock(Config(Path(sys.argv[1]))):
    print("locked", flush=True)
    time.sleep(60)
"""


@pytest.fixture()
def holder(tmp_path: Path):
    proc = subprocess.Popen([sys.executable, "-c", HOLD, str(tmp_path)], stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "locked"
    yield proc
    proc.kill()
    proc.wait()


def test_second_run_is_refused_with_the_holders_pid(tmp_path: Path, holder: subprocess.Popen) -> None:
    cfg = Config(tmp_path)
    assert is_locked(cfg.lock_path) and read_holder(cfg.lock_path) == holder.pid
    with pytest.raises(RunLocked, match=f"pid {holder.pid}"):
        with run_lock(cfg):
            pass


def test_lock_of_a_killed_process_is_free(tmp_path: Path, holder: subprocess.Popen) -> None:
    os.kill(holder.pid, signal.SIGKILL)
    holder.wait()
    cfg = Config(tmp_path)
    with run_lock(cfg, wait=5):
        assert read_holder(cfg.lock_path) == os.getpid()
    assert not is_locked(cfg.lock_path)


def test_wait_gives_up_after_the_timeout(tmp_path: Path, holder: subprocess.Popen) -> None:
    start = time.monotonic()
    with pytest.raises(RunLocked):
        with run_lock(Config(tmp_path), wait=0.5):
            pass
    assert 0.4 < time.monotonic() - start < 5


def test_lock_is_reentrant_in_one_process(tmp_path: Path) -> None:
    cfg = Config(tmp_path)
    with run_lock(cfg):
        with run_lock(cfg):
            assert is_locked(cfg.lock_path)
        assert is_locked(cfg.lock_path)
    assert not is_locked(cfg.lock_path)


def test_a_status_probe_does_not_make_a_run_fail(tmp_path: Path) -> None:
    import fcntl
    import threading

    cfg = Config(tmp_path)
    cfg.lock_path.touch()
    fd = os.open(cfg.lock_path, os.O_RDONLY)
    fcntl.flock(fd, fcntl.LOCK_SH)  # what is_locked() does for an instant
    threading.Timer(0.3, lambda: (fcntl.flock(fd, fcntl.LOCK_UN), os.close(fd))).start()
    with run_lock(cfg):  # no wait asked: still rides out the probe
        assert read_holder(cfg.lock_path) == os.getpid()
