"""crawler/serve.py: swapping Datasette for a new snapshot refuses no connection and fails no request."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from helpers import ROOT, free_port, load_maker, load_script

from crawler.config import Config
from crawler.serve import terminate
from publish.snapshot import publish


def _children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(p) for p in path.read_text().split()] if path.exists() else []


def _count(url: str) -> int:
    with urllib.request.urlopen(url + "/nianbao/reports.json?_shape=array&_size=max&_col=id", timeout=30) as r:
        return len(json.load(r))


def _listed_reports(url: str) -> int:
    with urllib.request.urlopen(url + "/nianbao.json", timeout=30) as r:
        return next(t["count"] for t in json.load(r)["tables"] if t["name"] == "reports")


# the benchmark's own load generator (bench/bench_publish.py), so test and figure count alike
Hammer = load_script("bench/bench_publish.py", "bench_publish_under_test").Hammer


@pytest.mark.e2e
def test_swap_to_a_new_snapshot_refuses_no_connection(tmp_path):
    load_maker().generate(tmp_path, reports=8, write_files=0)
    cfg = Config(tmp_path)
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    proc = subprocess.Popen([sys.executable, "-m", "crawler.serve", str(tmp_path), str(port)], cwd=ROOT,
                            env={**os.environ, "NIANBAO_SERVE_POLL_SECONDS": "0.2",
                                 "NIANBAO_SERVE_DRAIN_SECONDS": "120"},
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                assert _count(url) == 8
                break
            except OSError:
                assert proc.poll() is None and time.monotonic() < deadline, "serve did not start"
                time.sleep(0.3)
        (first,) = _children(proc.pid)
        assert _listed_reports(url) == 8  # the database page, cached by datasette/plugins/page_cache.py
        conn = sqlite3.connect(cfg.db_path)
        conn.execute("insert into reports (id, agency, year, status) values ('feedfacecafe0001', '新机关', 2023, 'active')")
        conn.commit()
        conn.close()
        with Hammer(url + "/nianbao/reports.json?_size=1") as hammer:
            time.sleep(0.5)
            publish(cfg)
            deadline = time.monotonic() + 90
            while _count(url) != 9:
                assert time.monotonic() < deadline, "serve did not swap to the new snapshot"
                time.sleep(0.2)
            gone_by = time.monotonic() + 30  # well before the 120 s drain bound: it exits when idle
            while first in _children(proc.pid):  # the old one answers what it accepted and goes
                assert time.monotonic() < gone_by, "the old Datasette did not exit once idle"
                time.sleep(0.2)
            time.sleep(0.5)
        assert hammer.errors == [] and hammer.ok > 10
        assert _listed_reports(url) == 9  # the new snapshot's page, not the old one's from a cache
        assert _children(proc.pid) and first not in _children(proc.pid)
    finally:
        terminate(proc)
