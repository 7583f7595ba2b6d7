"""Issue 12, point 1: one anonymous query cannot take the public site down.

The real server (``python -m crawler.serve``) over a small synthetic snapshot: a query that
builds a gigabyte value is refused by SQLite's limits, a result too big for the memory limit
fails inside the child, and a Datasette that dies anyway is back within seconds.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from helpers import ROOT, free_port, load_maker, load_script

from crawler.serve import terminate


def test_limits_refuse_a_gigabyte_value():
    limits = load_script("datasette/plugins/limits.py", "nianbao_limits")
    conn = sqlite3.connect(":memory:")
    limits.apply_limits(conn)
    with pytest.raises(sqlite3.DataError, match="too big"):
        conn.execute("select zeroblob(1000000000)").fetchone()
    with pytest.raises(sqlite3.DataError):
        conn.execute("select length(hex(zeroblob(5000000)))").fetchone()
    assert conn.execute("select length(zeroblob(1000))").fetchone() == (1000,)


def _children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(p) for p in path.read_text().split()] if path.exists() else []


def _get(url: str, timeout: float = 20) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def _wait_up(url: str, proc: subprocess.Popen, seconds: float = 60) -> float:
    start = time.monotonic()
    while True:
        try:
            urllib.request.urlopen(url + "/-/versions.json", timeout=2).read()
            return time.monotonic() - start
        except OSError:
            assert proc.poll() is None, "nianbao serve exited"
            assert time.monotonic() - start < seconds, "Datasette did not come up"
            time.sleep(0.2)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    data = tmp_path_factory.mktemp("serve-hostile")
    load_maker().generate(data, reports=4, write_files=0)
    port = free_port()
    log = (data / "serve.log").open("wb")
    proc = subprocess.Popen([sys.executable, "-m", "crawler.serve", str(data), str(port)], cwd=ROOT,
                            env={**os.environ, "NIANBAO_SERVE_POLL_SECONDS": "0.5", "NIANBAO_SERVE_MEMORY_MB": "1024",
                                 "NIANBAO_SERVE_RESTART_SECONDS": "0.5"},
                            # a file, not a pipe nobody reads: Datasette's tracebacks of the refused
                            # queries fill a pipe's 64 KB and would block the server writing them
                            stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_up(url, proc)
        yield url, proc
    finally:
        terminate(proc)
        log.close()


@pytest.mark.e2e
def test_zeroblob_query_is_refused_and_the_site_stays_up(server):
    url, proc = server
    q = urllib.parse.quote("select zeroblob(1000000000)")
    start = time.monotonic()
    status, body = _get(f"{url}/nianbao.json?sql={q}")
    assert time.monotonic() - start < 10
    assert status == 400 and b"too big" in body
    big = urllib.parse.quote("with recursive c(x) as (select 1 union all select x + 1 from c limit 400) "
                             "select x, zeroblob(8000000) from c")
    status, _ = _get(f"{url}/nianbao.json?sql={big}")  # 3.2 GB of rows: over the 1 GB memory limit
    assert status in (400, 500)
    assert _get(f"{url}/nianbao/reports.json?_shape=array")[0] == 200
    assert proc.poll() is None


@pytest.mark.e2e
def test_a_dead_datasette_is_restarted_within_seconds(server):
    url, proc = server
    (child,) = _children(proc.pid)
    os.kill(child, signal.SIGKILL)
    took = _wait_up(url, proc, seconds=30)
    assert took < 15
    assert _children(proc.pid) and _children(proc.pid)[0] != child
    status, body = _get(f"{url}/nianbao/reports.json?_shape=array")
    assert status == 200 and len(json.loads(body)) == 4
