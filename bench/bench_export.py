"""Data out at scale (issue 13, item 6): publish cost of the ``statistics_long`` table, full and
filtered CSV streams through Datasette (rows, seconds, the server's peak memory), an ``.xlsx``
download and a data release, on a large database.

Works on a copy: give a data directory holding ``nianbao.db`` (e.g. ``cp -r /tmp/nianbao-big-base
/tmp/me``); it publishes there (unless ``--no-publish`` and a snapshot exists), serves the snapshot
with the project's Datasette command line (memory limit as ``nianbao serve``), and prints figures.

Example: .venv/bin/python bench/bench_export.py --data-dir /tmp/export-big [--release]
"""

from __future__ import annotations

import argparse
import socket
import sqlite3
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import publish.snapshot as snapshot  # noqa: E402
from crawler.config import Config  # noqa: E402
from crawler.serve import datasette_command, datasette_env, start_datasette  # noqa: E402


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def peak_rss_mb(pid: int) -> float:
    """VmHWM: the process's peak resident memory so far."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def timed_publish(cfg: Config) -> None:
    spent: dict[str, float] = {}
    original = snapshot.build_statistics_long

    def timed(db):
        start = time.perf_counter()
        rows = original(db)
        spent["statistics_long"] = time.perf_counter() - start
        spent["rows"] = rows
        return rows

    snapshot.build_statistics_long = timed
    start = time.perf_counter()
    try:
        snapshot.publish(cfg)
    finally:
        snapshot.build_statistics_long = original
    print(f"publish: {time.perf_counter() - start:.1f} s in all; statistics_long {spent.get('statistics_long', 0):.1f} s "
          f"for {int(spent.get('rows', 0)):,} rows")


def table_sizes(db: Path) -> None:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        rows = conn.execute("select count(*) from statistics_long").fetchone()[0]
        try:
            sizes = conn.execute("select name, sum(pgsize) from dbstat where name = 'statistics_long' "
                                 "or name like 'idx_statistics_long%' group by name order by 2 desc").fetchall()
        except sqlite3.OperationalError:
            sizes = []
        print(f"statistics_long: {rows:,} rows; database file {db.stat().st_size / 2**30:.2f} GiB")
        for name, size in sizes:
            print(f"  {name}: {size / 2**20:,.0f} MiB")
    finally:
        conn.close()


def stream(base: str, path: str, pid: int) -> tuple[int, float, int, float]:
    """Rows (CSV lines less the header), seconds, bytes, and the server's RSS high-water mark after."""
    start = time.perf_counter()
    lines, size = 0, 0
    with urllib.request.urlopen(base + path, timeout=3600) as r:
        for line in r:
            lines += 1
            size += len(line)
    return lines - 1, time.perf_counter() - start, size, peak_rss_mb(pid)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--no-publish", action="store_true", help="Use the existing snapshot.")
    parser.add_argument("--release", action="store_true", help="Also time `nianbao release` on the snapshot.")
    args = parser.parse_args()
    cfg = Config(args.data_dir)
    db = snapshot.published_db_path(cfg)
    if not (args.no_publish and db.exists()):
        timed_publish(cfg)
    table_sizes(db)
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    total = conn.execute("select count(*) from statistics_long").fetchone()[0]
    district, n_district = conn.execute(
        "select district, count(*) from statistics_long where district = (select district from reports "
        "group by district order by count(*) desc limit 1)").fetchone()
    year = conn.execute("select max(year) from statistics_long").fetchone()[0]
    n_filtered = conn.execute("select count(*) from statistics_long where \"table\" = 'applications' and "
                              "row = 'granted' and year = ?", [year]).fetchone()[0]
    conn.close()

    port = free_port()
    proc = start_datasette(datasette_command(cfg, host="127.0.0.1", port=port), datasette_env(cfg))
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(600):
            try:
                urllib.request.urlopen(base + "/-/versions.json", timeout=5).read()
                break
            except OSError:
                time.sleep(0.5)
        print(f"datasette started: RSS {rss_mb(proc.pid):.0f} MB")
        q = urllib.parse.quote
        cases = [
            ("filtered: one district", f"/nianbao/statistics_long.csv?district={q(district)}&_stream=on&_size=max",
             n_district),
            ("filtered: granted, latest year",
             f"/nianbao/statistics_long.csv?table=applications&row=granted&year={year}&_stream=on&_size=max",
             n_filtered),
            ("full table, _bom=1", "/nianbao/statistics_long.csv?_stream=on&_size=max&_bom=1", total),
        ]
        for label, path, expected in cases:
            rows, seconds, size, peak = stream(base, path, proc.pid)
            state = "complete" if rows == expected else f"INCOMPLETE (expected {expected:,})"
            print(f"stream {label}: {rows:,} rows {state}, {seconds:.1f} s, {size / 2**20:,.0f} MiB, "
                  f"{rows / max(seconds, 1e-9):,.0f} rows/s; datasette peak RSS {peak:.0f} MB")
        start = time.perf_counter()
        with urllib.request.urlopen(base + f"/nianbao/statistics_long.xlsx?district={q(district)}", timeout=3600) as r:
            body = r.read()
        print(f"xlsx one district (bounded at NIANBAO_XLSX_MAX_ROWS, default 100,000): {len(body) / 2**20:.1f} MiB "
              f"in {time.perf_counter() - start:.1f} s; datasette peak RSS {peak_rss_mb(proc.pid):.0f} MB")
    finally:
        proc.terminate()
        proc.wait(timeout=30)

    if args.release:
        import resource

        from publish.release import make_release

        start = time.perf_counter()
        path = make_release(cfg, force=True)
        files = sorted(path.iterdir()) if path else []
        print(f"release {path.name if path else '-'}: {time.perf_counter() - start:.1f} s, "
              f"{sum(p.stat().st_size for p in files) / 2**20:,.0f} MiB; "
              f"peak RSS of this process {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
        for p in files:
            print(f"  {p.name}: {p.stat().st_size / 2**20:,.1f} MiB")


if __name__ == "__main__":
    main()
