"""Latency of the published Datasette site on a large database.

Generates (once) a database of N synthetic reports with bench/make_big_db.py, publishes
it (timed), starts ``nianbao serve`` on it, and times sequential requests to the report
page, two table pages and the full-text search (median and 95th percentile), and
each canned query (median of 10).

Example: .venv/bin/python bench/bench_publish.py --reports 100000 --data-dir /tmp/nianbao-big
"""

from __future__ import annotations

import argparse
import os
import random
import socket
import sqlite3
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from crawler.config import Config  # noqa: E402
from publish.snapshot import publish, published_db_path  # noqa: E402


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def timed_get(url: str) -> float:
    start = time.perf_counter()
    with urllib.request.urlopen(url, timeout=60) as r:
        r.read()
        if r.status != 200:
            raise RuntimeError(f"{url}: HTTP {r.status}")
    return (time.perf_counter() - start) * 1000


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20, method="inclusive")[-1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=100_000)
    parser.add_argument("--data-dir", type=Path, default=Path("/tmp/nianbao-big"))
    parser.add_argument("--requests", type=int, default=200, help="requests per page kind")
    parser.add_argument("--republish", action="store_true", help="publish even if a snapshot exists")
    args = parser.parse_args()
    cfg = Config(args.data_dir)
    if not cfg.db_path.exists():
        sys.path.insert(0, str(ROOT / "bench"))
        from make_big_db import generate

        start = time.perf_counter()
        generate(args.data_dir, reports=args.reports)
        print(f"generated {args.reports} reports in {time.perf_counter() - start:.0f} s")
    if args.republish or not published_db_path(cfg).exists():
        start = time.perf_counter()
        publish(cfg)
        print(f"publish (snapshot, views, panel, FTS, inspect): {time.perf_counter() - start:.1f} s")
    snap = published_db_path(cfg)
    conn = sqlite3.connect(f"file:{snap}?mode=ro", uri=True)
    n_reports = conn.execute("select count(*) from reports").fetchone()[0]
    ids = [r[0] for r in conn.execute("select report_id from statistics_wide order by random() limit ?",
                                      (args.requests,))]
    filters = conn.execute("select distinct district, year from statistics_wide").fetchall()
    texts = [r[0] for r in conn.execute("select text from sections order by random() limit ?", (args.requests,))]
    conn.close()
    rnd = random.Random(7)
    terms = []
    for text in texts:
        size = rnd.choice([3, 4, 6])
        start = rnd.randrange(0, max(1, len(text) - size))
        terms.append(text[start:start + size])
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    proc = subprocess.Popen([sys.executable, "-m", "crawler.serve", str(args.data_dir), str(port)], cwd=ROOT,
                            env=os.environ.copy(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                timed_get(base + "/-/versions.json")
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit("nianbao serve did not start") from None
                time.sleep(0.5)
        kinds = {
            "report page /report/<id>": [f"{base}/report/{i}" for i in ids],
            "table page /nianbao/statistics_wide?district=&year=": [
                f"{base}/nianbao/statistics_wide?" + urllib.parse.urlencode({"district": d, "year": y})
                for d, y in (rnd.choice(filters) for _ in ids)],
            "table page /nianbao/reports?_next=<random id>": [
                f"{base}/nianbao/reports?_next={rnd.getrandbits(32):08x}" for _ in ids],
            "search /search?q=<3-6 chars of report text>": [
                f"{base}/search?" + urllib.parse.urlencode({"q": t}) for t in terms],
        }
        for urls in kinds.values():  # warm the page cache and Datasette's connections
            for url in urls[:5]:
                timed_get(url)
        print(f"database: {n_reports} reports, snapshot {snap.stat().st_size / 1e9:.2f} GB; "
              f"{len(ids)} sequential requests per kind; load average {os.getloadavg()[0]:.1f} "
              f"on {os.cpu_count()} CPUs")
        for name, urls in kinds.items():
            times = [timed_get(u) for u in urls]
            print(f"{name:55s} median {statistics.median(times):7.1f} ms   p95 {p95(times):7.1f} ms   "
                  f"max {max(times):7.1f} ms")
        for name in ("grant_rate_by_district_year", "tables_not_adding_up", "agencies_missing_year",
                     "last_run_changes", "panel_totals"):
            times = [timed_get(f"{base}/nianbao/{name}") for _ in range(10)]
            print(f"{'canned query ' + name:55s} median {statistics.median(times):7.1f} ms   "
                  f"max {max(times):7.1f} ms (10 requests)")
    finally:
        proc.terminate()
        proc.wait(timeout=30)


if __name__ == "__main__":
    main()
