"""Latency of the agency page, the comparison dashboard and the default table pages on a large database.

Uses a data directory made by bench/make_big_db.py (publishes it when it has no snapshot),
starts ``nianbao serve`` on it and times sequential requests: the dashboard page with random
filters, every dashboard chart query as the browser sends it (``/nianbao.json?sql=``), the
agency page of random agencies, and the default pages (sort and facets of
datasette/metadata.yml) of the main tables. Prints median, p95 and max.

Example: .venv/bin/python bench/bench_agency.py --data-dir /tmp/nianbao-big
"""

from __future__ import annotations

import argparse
import os
import random
import sqlite3
import statistics
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.bench_publish import free_port, p95, wait_serving  # noqa: E402
from bench.bench_search import timed_get  # noqa: E402
from crawler.config import Config  # noqa: E402
from publish.snapshot import publish, published_db_path  # noqa: E402


def main() -> None:
    from datasette_dashboards import replace_opts_in_query

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, default=Path("/tmp/nianbao-big"))
    parser.add_argument("--requests", type=int, default=100, help="requests per page kind")
    args = parser.parse_args()
    cfg = Config(args.data_dir)
    if not published_db_path(cfg).exists():
        start = time.perf_counter()
        publish(cfg)
        print(f"publish: {time.perf_counter() - start:.1f} s")
    meta = yaml.safe_load((ROOT / "datasette" / "metadata.yml").read_text(encoding="utf-8"))
    dash = meta["plugins"]["datasette-dashboards"]["compare"]
    conn = sqlite3.connect(f"file:{published_db_path(cfg)}?mode=ro", uri=True)
    n_reports = conn.execute("select count(*) from reports").fetchone()[0]
    agencies = [r[0] for r in conn.execute("select id from agencies order by random() limit ?", [args.requests])]
    years = [str(r[0]) for r in conn.execute("select distinct year from statistics_wide where year is not null")]
    districts = [r[0] for r in conn.execute("select distinct district from statistics_wide where district is not null")]
    conn.close()
    rnd = random.Random(13)

    def filters() -> dict[str, str]:
        choice = rnd.randrange(5)
        opts = {}
        if choice in (1, 3):
            opts["year"] = rnd.choice(years)
        if choice in (2, 3):
            opts["district"] = rnd.choice(districts)
        if choice == 4:
            opts["agency"] = rnd.choice(["教育", "公安", "民政局", "发展"])
        return opts

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    proc = subprocess.Popen([sys.executable, "-m", "crawler.serve", str(args.data_dir), str(port)], cwd=ROOT,
                            env=os.environ.copy(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_serving(base, proc)
        chart_urls = []
        for _ in range(args.requests):
            opts = filters()
            for chart in dash["charts"].values():
                if "query" in chart:
                    sql = replace_opts_in_query(chart["query"], opts)
                    chart_urls.append(f"{base}/nianbao.json?" + urllib.parse.urlencode(
                        {"sql": sql, **opts, "_shape": "objects"}))
        kinds = {
            "dashboard page /-/dashboards/compare?<filters>": [
                f"{base}/-/dashboards/compare?" + urllib.parse.urlencode(filters()) for _ in range(args.requests)],
            "dashboard chart queries (as the browser sends them)": chart_urls,
            "agency page /agency/<id>": [f"{base}/agency/{a}" for a in agencies],
        }
        for table in ("reports", "statistics_wide", "panel", "agencies", "documents", "extractions",
                      "failing_checks", "last_run_changes"):
            kinds[f"table page /nianbao/{table} (default sort, facets)"] = [f"{base}/nianbao/{table}"] * 20
        for urls in kinds.values():  # warm the page cache and Datasette's connections
            for url in urls[:3]:
                timed_get(url)
        print(f"database: {n_reports} reports; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
        for name, urls in kinds.items():
            times = [timed_get(u) for u in urls]
            print(f"{name:58s} n={len(times):4d} median {statistics.median(times):7.1f} ms   "
                  f"p95 {p95(times):7.1f} ms   max {max(times):7.1f} ms")
    finally:
        proc.terminate()
        proc.wait(timeout=30)


if __name__ == "__main__":
    main()
