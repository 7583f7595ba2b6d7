"""Benchmark: what an unchanged second night costs compared with the first.

Starts the replica (night1), runs `nianbao run` twice into a temporary data directory
(the second night sees exactly the same sites), and prints, per night, the requests and
bytes Scrapy downloaded (runs.requests / runs.bytes, from downloader stats), how the
document fetches ended (new / unchanged / not_modified / failed) and the bytes of
document bodies, then, per site, how the second night's article-page fetches ended
(static pages should be `not_modified`: the HTTP cache sent If-None-Match /
If-Modified-Since; the replica's `by` renders its article pages per load, so they come
back whole and `unchanged` after normalisation), then the ratio second/first. Extraction is switched off
(NIANBAO_EXTRACT=0): it does not change what is downloaded.

Usage: .venv/bin/python bench/bench_archive.py   (NIANBAO_REPLICA_DATA=dir to use another replica build)
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from archive.db import open_db  # noqa: E402
from replica.server import start_in_thread  # noqa: E402


def night(data: Path, url: str) -> float:
    env = dict(os.environ, NIANBAO_EXTRACT="0", NIANBAO_DOWNLOAD_DELAY="0", NIANBAO_AUTOTHROTTLE="0",
               NIANBAO_NOTIFY_URL="", NIANBAO_LOG_LEVEL="ERROR", PYTHONPATH=str(ROOT))
    started = time.monotonic()
    proc = subprocess.run([sys.executable, "-m", "crawler.cli", "run", "--data-dir", str(data), "--replica-url", url,
                           "--quiet"], cwd=ROOT, env=env, capture_output=True, text=True)
    if proc.returncode not in (0, 1):
        sys.exit(f"nianbao run failed ({proc.returncode}):\n{proc.stderr[-3000:]}")
    return time.monotonic() - started


def main() -> None:
    data_dir = os.getenv("NIANBAO_REPLICA_DATA")
    server = start_in_thread(port=0, state="night1", data_dir=Path(data_dir) if data_dir else None)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            data = Path(tmp) / "data"
            walls = [night(data, server.url), night(data, server.url)]
            db = open_db(data / "nianbao.db")
            runs = list(db.query("select id, requests, bytes from runs order by started_at, rowid"))
            print(f"{'night':<22} {'wall s':>7} {'requests':>9} {'bytes':>11}  document fetches (body bytes)")
            for label, run, wall in zip(("night1", "night1 again"), runs, walls, strict=True):
                rows = list(db.query("select outcome, count(*) as n, coalesce(sum(size), 0) as b from fetches "
                                     "where run_id = ? group by outcome order by outcome", [run["id"]]))
                docs = ", ".join(f"{r['outcome']} {r['n']} ({r['b']})" for r in rows)
                print(f"{label:<22} {wall:7.1f} {run['requests']:>9} {run['bytes']:>11}  {docs}")
            first, second = runs
            pages = db.query("select d.site, f.outcome, count(*) as n, coalesce(sum(f.size), 0) as b from fetches f "
                             "join documents d on d.id = f.document_id where f.run_id = ? and d.kind = 'page' "
                             "group by d.site, f.outcome order by d.site, f.outcome", [second["id"]])
            print("night1 again, article pages: " + ", ".join(
                f"{r['site']} {r['outcome']} {r['n']} ({r['b']})" for r in pages))
            versions = db.execute("select count(*) from versions v join fetches f on f.id = v.first_fetch_id "
                                  "where f.run_id = ?", [second["id"]]).fetchone()[0]
            print(f"second night: {second['bytes'] / first['bytes']:.1%} of the first night's bytes, "
                  f"{second['requests'] / first['requests']:.1%} of its requests, {versions} new versions")
    finally:
        server.stop()


if __name__ == "__main__":
    main()
