"""crawler.serve: Datasette launched read-only over the snapshot, restarted when a new one is published."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import time
import urllib.request

import pytest
from helpers import ROOT, free_port, load_maker

from crawler.config import Config
from crawler.serve import datasette_command, serve
from publish.snapshot import publish, published_db_path


def test_command_serves_only_the_snapshot_immutable(tmp_path):
    cfg = Config(tmp_path)
    cmd = datasette_command(cfg, host="127.0.0.1", port=8001)
    snap = str(published_db_path(cfg))
    assert cmd[cmd.index(snap) - 1] == "-i"
    assert cmd.count(snap) == 1 and str(cfg.db_path) not in cmd
    assert "--inspect-file" in cmd and "--plugins-dir" in cmd and "--metadata" in cmd


def test_serve_without_database_says_so(tmp_path):
    with pytest.raises(SystemExit, match="nianbao run"):
        serve(Config(tmp_path), host="127.0.0.1", port=free_port())


def _count(url: str) -> int:
    with urllib.request.urlopen(url + "/nianbao/reports.json?_shape=array&_size=max&_col=id", timeout=5) as r:
        return len(json.load(r))


@pytest.mark.e2e
def test_serve_picks_up_a_new_snapshot(tmp_path):
    load_maker().generate(tmp_path, reports=8, write_files=0)
    cfg = Config(tmp_path)
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    proc = subprocess.Popen([sys.executable, "-m", "crawler.serve", str(tmp_path), str(port)], cwd=ROOT,
                            env={**os.environ, "NIANBAO_SERVE_POLL_SECONDS": "0.2"},
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        count = None
        while count is None:
            try:
                count = _count(url)
            except OSError:
                assert proc.poll() is None and time.monotonic() < deadline, "serve did not start"
                time.sleep(0.3)
        assert count == 8
        conn = sqlite3.connect(cfg.db_path)
        conn.execute("insert into reports (id, agency, year, status) values ('feedfacecafe0001', '新机关', 2023, 'active')")
        conn.commit()
        conn.close()
        assert _count(url) == 8  # the served snapshot does not change under Datasette
        publish(cfg)
        deadline = time.monotonic() + 60
        while True:
            try:
                if _count(url) == 9:
                    break
            except OSError:
                pass
            assert time.monotonic() < deadline, "serve did not restart on the new snapshot"
            time.sleep(0.3)
    finally:
        proc.terminate()
        proc.wait(timeout=20)
