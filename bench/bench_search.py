"""Latency of /search on a large database: 1, 2 and 4+ character words, common, rare and absent.

Copies the 100k-report database made by bench/make_big_db.py (once), plants a rare word
into a few reports of the copy (the synthetic prose has no rare words), publishes it,
serves it with ``nianbao serve`` and times sequential requests per case (median, p95,
max), with the total the page reports. Issue 13's goal: p95 under 150 ms for every case.

Example: .venv/bin/python bench/bench_search.py --base /tmp/nianbao-big-base --data-dir /tmp/nianbao-search
         .venv/bin/python bench/bench_search.py --index-only   # the search index alone, no full publish
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import re
import shutil
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

import sqlite_utils  # noqa: E402

from bench.bench_publish import wait_serving  # noqa: E402
from crawler.config import Config  # noqa: E402
from crawler.serve import datasette_command, datasette_env  # noqa: E402
from publish.search_index import build_search_index  # noqa: E402
from publish.snapshot import publish, published_db_path  # noqa: E402

RARE = {"鲲鹏": 12, "数字孪生城市": 9}  # planted word -> number of reports that get it
CASES = {
    "1 char, common (公)": {"q": "公"},
    "1 char, rare (鲲)": {"q": "鲲"},
    "1 char, absent (鳕)": {"q": "鳕"},
    "2 chars, common (公开)": {"q": "公开"},
    "2 chars, rare (鲲鹏)": {"q": "鲲鹏"},
    "2 chars, absent (鳕鱼)": {"q": "鳕鱼"},
    "4 chars, common (政务公开)": {"q": "政务公开"},
    "4+ chars, rare (数字孪生)": {"q": "数字孪生"},
    "4+ chars, absent (不存在的短语)": {"q": "不存在的短语"},
    "2 chars, common, order=year": {"q": "公开", "order": "year"},
    "2 chars, common, order=agency": {"q": "公开", "order": "agency"},
    "4 chars, common, year+district filter": {"q": "政务公开", "year": "2021", "district": "越秀区"},
    "4 chars, common, section=problems, page 5": {"q": "政务公开", "section": "problems", "page": "5"},
    "1+4 chars AND (公 政务公开)": {"q": "公 政务公开"},
    "2 chars OR 4 chars (鲲鹏 OR 数字孪生)": {"q": "鲲鹏 OR 数字孪生"},
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def timed_get(url: str) -> tuple[float, str]:
    start = time.perf_counter()
    with urllib.request.urlopen(url, timeout=60) as r:
        body = r.read().decode("utf-8")
        if r.status != 200:
            raise RuntimeError(f"{url}: HTTP {r.status}")
    return (time.perf_counter() - start) * 1000, body


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20, method="inclusive")[-1]


def prepare(base: Path, dest: Path) -> bool:
    """Copy the base database once to ``dest`` and plant the rare words into the copy."""
    if dest.exists():
        return False
    dest.parent.mkdir(parents=True, exist_ok=True)
    src = sqlite3.connect(f"file:{base / 'nianbao.db'}?mode=ro", uri=True)
    src.execute("PRAGMA busy_timeout = 60000")
    src.execute("VACUUM INTO ?", (str(dest),))  # consistent even with the base's WAL
    src.close()
    conn = sqlite3.connect(dest)
    step = 7919  # spread the planted reports over the rowid range
    n = conn.execute("select count(*) from report_best").fetchone()[0]
    for k, (word, count) in enumerate(RARE.items()):
        for i in range(count):
            rid = conn.execute("select report_id from report_best order by report_id limit 1 offset ?",
                               [(k * 1000 + i * step) % n]).fetchone()[0]
            conn.execute("update sections set text = ? || text where section = 'problems' and extraction_id = "
                         "(select extraction_id from report_best where report_id = ?)", [f"本年度开展{word}试点。", rid])
    conn.commit()
    conn.close()
    return True


def build_index_only(path: Path) -> None:
    """Only the search index, in place (minutes instead of a full publish at 100k reports)."""
    db = sqlite_utils.Database(path)
    db.conn.execute("PRAGMA journal_mode = DELETE")
    build_search_index(db)
    db.conn.execute("ANALYZE search_reports")
    db.conn.commit()
    db.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", type=Path, default=Path("/tmp/nianbao-big-base"))
    parser.add_argument("--data-dir", type=Path, default=Path("/tmp/nianbao-search"))
    parser.add_argument("--requests", type=int, default=40, help="requests per case")
    parser.add_argument("--republish", action="store_true", help="publish even if a snapshot exists")
    parser.add_argument("--index-only", action="store_true",
                        help="build only the search index on the copy and serve it (no full publish)")
    args = parser.parse_args()
    cfg = Config(args.data_dir)
    snap = published_db_path(cfg)
    if args.index_only:
        if prepare(args.base, snap) or args.republish:
            start = time.perf_counter()
            build_index_only(snap)
            print(f"search index only: {time.perf_counter() - start:.1f} s")
    else:
        prepare(args.base, cfg.db_path)
        if (args.base / "archive").exists() and not cfg.archive_dir.exists():
            shutil.copytree(args.base / "archive", cfg.archive_dir)
        if args.republish or not snap.exists():
            start = time.perf_counter()
            publish(cfg, full=True)
            print(f"publish (full build, search index included): {time.perf_counter() - start:.1f} s")
    conn = sqlite3.connect(f"file:{snap}?mode=ro", uri=True)
    n_reports = conn.execute("select count(*) from search_reports").fetchone()[0]
    sizes = dict(conn.execute("select name, sum(pgsize) from dbstat where name like 'search%' group by name")
                 .fetchall()) if _has_dbstat(conn) else {}
    conn.close()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    if args.index_only:  # no inspect file: Datasette counts the tables itself
        cmd = datasette_command(cfg, host="127.0.0.1", port=port)
        i = cmd.index("--inspect-file")
        del cmd[i:i + 2]
    else:
        cmd = [sys.executable, "-m", "crawler.serve", str(args.data_dir), str(port)]
    proc = subprocess.Popen(cmd, cwd=ROOT, env=datasette_env(cfg), stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    try:
        wait_serving(base, proc)
        print(f"database: {n_reports} reports in the search index, snapshot {snap.stat().st_size / 1e9:.2f} GB; "
              f"{args.requests} sequential requests per case; load average {os.getloadavg()[0]:.1f} "
              f"on {os.cpu_count()} CPUs")
        for name, size in sorted(sizes.items()):
            if not re.search(r"_(idx|config)$", name):
                print(f"  {name:28s} {size / 1e6:8.1f} MB")
        worst = 0.0
        for name, params in CASES.items():
            url = f"{base}/search?" + urllib.parse.urlencode(params)
            for _ in range(3):  # warm the page cache and Datasette's connections
                timed_get(url)
            times, body = [], ""
            for _ in range(args.requests):
                ms, body = timed_get(url)
                times.append(ms)
            m = re.search(r'class="search-(total|at-least)">(\d+)<', body)
            found = (("" if m.group(1) == "total" else ">=") + m.group(2)) if m else (
                "none" if "search-none" in body else "error")
            worst = max(worst, p95(times))
            print(f"{name:44s} total {found:>6s}   median {statistics.median(times):6.1f} ms   "
                  f"p95 {p95(times):6.1f} ms   max {max(times):6.1f} ms")
        print(f"worst p95 {worst:.1f} ms (goal: under 150 ms)")
        direct(snap, args.requests)
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def direct(snap: Path, requests: int) -> None:
    """The same cases through the plugin's own functions, in process: the SQL and Python cost
    without HTTP and Datasette (on a loaded machine the difference is mostly waiting for a CPU)."""
    spec = importlib.util.spec_from_file_location("search_plugin", ROOT / "datasette" / "plugins" / "search.py")
    plugin = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(plugin)
    conn = sqlite3.connect(f"file:{snap}?mode=ro", uri=True)
    years = plugin.years_present(conn, str(snap))
    print("in process (plugin Plan + run, no HTTP):")
    for name, params in CASES.items():
        filters = {"year": int(params["year"]) if "year" in params else None,
                   "district": params.get("district", ""), "agency": ""}
        times = []
        for _ in range(requests):
            start = time.perf_counter()
            plan = plugin.Plan(plugin.parse(params["q"]), filters, params.get("section"), conn)
            ys = [y for y in years if filters["year"] in (None, y)]
            out = plugin.run(conn, plan, ys, order=params.get("order", "relevance"),
                             offset=(int(params.get("page", 1)) - 1) * plugin.PAGE,
                             count_ms=plugin.COUNT_MS, page_ms=plugin.PAGE_MS)
            times.append((time.perf_counter() - start) * 1000)
        found = ("" if out["complete"] else ">=") + str(out["total"])
        print(f"{name:44s} total {found:>7s}   median {statistics.median(times):6.1f} ms   "
              f"p95 {p95(times):6.1f} ms   max {max(times):6.1f} ms")
    conn.close()


def _has_dbstat(conn: sqlite3.Connection) -> bool:
    try:
        conn.execute("select 1 from dbstat limit 1")
        return True
    except sqlite3.Error:
        return False


if __name__ == "__main__":
    main()
