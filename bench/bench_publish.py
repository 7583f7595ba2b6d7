"""Publishing and serving at national scale (issue 13): publish times, page latency, the swap.

On a copy of a large database (``--base``, made by bench/make_big_db.py; generated when
missing) in ``--data-dir``, this prints:
  * publish times: the first (full) build, seeding the second copy, a night with no change
    (a run that re-sees every document: new fetch rows, ``last_seen`` bumped) and a night
    with ``--changes`` amended reports; each night is published twice, once per copy;
  * p95 / median latency over ``--requests`` sequential requests each of: the home page, a
    report page, an agency page (skipped with a message while /agency/<id> answers 404),
    a filtered statistics page, ``reports?_facet=agency``, and searches of 1, 2 and 4+
    characters, present and absent;
  * a CSV stream of ``statistics_long`` (rows and seconds; ``--csv-filter`` narrows it);
  * connection errors and failed requests while ``nianbao serve`` swaps to a new snapshot.

Example: .venv/bin/python bench/bench_publish.py --base /tmp/nianbao-big-base --data-dir /tmp/nianbao-speed
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import socket
import sqlite3
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from archive.db import open_db  # noqa: E402
from crawler.config import Config  # noqa: E402
from publish.snapshot import publish, published_db_path  # noqa: E402

ABSENT = {1: "鑫", 2: "鑫鑫", 4: "量子纠缠试点"}  # characters the generator never writes


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url: str, timeout: float = 60) -> tuple[int, float, bytes]:
    start = time.perf_counter()
    try:
        with urllib.request.urlopen(url, timeout=timeout) as r:
            body, status = r.read(), r.status
    except urllib.error.HTTPError as exc:
        body, status = exc.read(), exc.code
    return status, (time.perf_counter() - start) * 1000, body


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20, method="inclusive")[-1] if len(values) > 1 else values[0]


def timed(label: str, fn) -> float:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    fn()
    took = time.perf_counter() - start
    print(f"{label:62s} {took:8.1f} s", flush=True)
    return took


def run_id(days: int = 0) -> str:
    """A run id (and start time) later than any before: this minute, ``days`` ahead."""
    return time.strftime("%Y%m%dT%H%M00Z", time.gmtime(time.time() + days * 86400))


def unchanged_night(db_path: Path, run_id: str) -> None:
    """A run that finds nothing new: every document fetched (not modified) and re-seen."""
    db = open_db(db_path)
    now = f"{run_id[:4]}-{run_id[4:6]}-{run_id[6:8]}T{run_id[9:11]}:{run_id[11:13]}:00Z"
    with db.conn:
        db.execute("insert into runs (id, started_at, ended_at, outcome, mode, trigger) values (?, ?, ?, 'ok', "
                   "'bench', 'schedule')", [run_id, now, now])
        db.execute("insert into fetches (id, run_id, url, final_url, status, fetched_at, outcome, document_id) "
                   "select ? || '-' || d.id, ?, d.url, d.url, 304, ?, 'not_modified', d.id from documents d",
                   [run_id, run_id, now])
        db.execute("update documents set last_seen = ?, last_run_id = ? where status = 'active'", [now, run_id])
        db.execute("update reports set last_seen = ? where status = 'active'", [now])
        db.execute("update versions set last_seen = ? where sha256 in (select current_sha256 from documents)", [now])
    db.conn.close()


def amend(db_path: Path, n: int, seed: int) -> None:
    """``n`` reports re-extracted with different figures and text (a new best extraction each)."""
    db = open_db(db_path)
    conn = db.conn
    rnd = random.Random(seed)
    ids = [r[0] for r in conn.execute("select report_id, extraction_id from report_best")]
    with conn:
        for report_id in rnd.sample(ids, n):
            old = conn.execute("select extraction_id from report_best where report_id = ?", [report_id]).fetchone()[0]
            new = f"bench{seed}{report_id}"[:32]
            conn.execute("insert into extractions (id, sha256, document_id, report_id, extractor_version, status, "
                         "error, format, template, agency, year, strategy, json, created_at) select ?, sha256, "
                         "document_id, report_id, ?, status, error, format, template, agency, year, strategy, json, "
                         "created_at from extractions where id = ?", [new, f"bench-{seed}", old])
            conn.execute("insert into cells (extraction_id, report_id, tbl, item, row, col, value, raw) "
                         "select ?, report_id, tbl, item, row, col, value + 1, raw from cells where extraction_id = ?",
                         [new, old])
            conn.execute("insert into sections (extraction_id, report_id, section, text) select ?, report_id, "
                         "section, text || '本次修订补充说明。' from sections where extraction_id = ?", [new, old])
            conn.execute("update report_best set extraction_id = ? where report_id = ?", [new, report_id])
    conn.close()


def wait_serving(base: str, proc: subprocess.Popen, within: float = 180) -> None:
    """Until ``nianbao serve`` at ``base`` answers; SystemExit when it dies or takes too long."""
    deadline = time.monotonic() + within
    while True:
        try:
            get(base + "/-/versions.json", timeout=5)
            return
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                raise SystemExit("nianbao serve did not start") from None
            time.sleep(0.5)


class Hammer:
    """Threads requesting a page on fresh connections, counting answers and failures."""

    def __init__(self, url: str, threads: int = 4) -> None:
        self.url, self.stop, self.ok, self.errors = url, threading.Event(), 0, []
        self.lock = threading.Lock()
        self.threads = [threading.Thread(target=self._run, daemon=True) for _ in range(threads)]

    def _run(self) -> None:
        while not self.stop.is_set():
            try:
                status, _, _ = get(self.url, timeout=60)
            except OSError as exc:
                with self.lock:
                    self.errors.append(repr(exc))
                continue
            with self.lock:
                if status == 200:
                    self.ok += 1
                else:
                    self.errors.append(f"HTTP {status}")

    def __enter__(self) -> Hammer:
        for t in self.threads:
            t.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.stop.set()
        for t in self.threads:
            t.join(timeout=120)


def prepare(args: argparse.Namespace) -> Config:
    cfg = Config(args.data_dir)
    if not cfg.db_path.exists():
        if args.base and (args.base / "nianbao.db").exists():
            start = time.perf_counter()
            shutil.copytree(args.base, args.data_dir, dirs_exist_ok=True)
            print(f"copied {args.base} in {time.perf_counter() - start:.0f} s", flush=True)
        else:
            sys.path.insert(0, str(ROOT / "bench"))
            from make_big_db import generate

            start = time.perf_counter()
            generate(args.data_dir, reports=args.reports)
            print(f"generated {args.reports} reports in {time.perf_counter() - start:.0f} s", flush=True)
    open_db(cfg.db_path).conn.close()  # the schema of this checkout (change-log triggers)
    return cfg


def bench_publish(cfg: Config, changes: int) -> None:
    print("== publish", flush=True)
    # the first two publishes build (or, after a code or schema change, rebuild) both copies
    timed("publish: first copy (full build if new or changed code)", lambda: publish(cfg))
    timed("publish: second copy (seeded from the first, or full)", lambda: publish(cfg))
    unchanged_night(cfg.db_path, run_id())
    timed("unchanged night, first copy (re-seen: fetches, last_seen)", lambda: publish(cfg))
    timed("unchanged night, second copy", lambda: publish(cfg))
    unchanged_night(cfg.db_path, run_id(1))
    amend(cfg.db_path, changes, seed=int(time.time()))
    timed(f"night with {changes} amended reports, first copy", lambda: publish(cfg))
    timed(f"night with {changes} amended reports, second copy", lambda: publish(cfg))


def samples(cfg: Config, n: int) -> dict[str, list[str]]:
    conn = sqlite3.connect(f"file:{published_db_path(cfg)}?mode=ro", uri=True)
    try:
        rnd = random.Random(7)
        ids = [r[0] for r in conn.execute("select report_id, agency_id from statistics_wide order by random() limit ?",
                                          (n,))]
        agencies = [r[0] for r in conn.execute("select id from agencies order by random() limit ?", (n,))]
        filters = conn.execute("select distinct district, year from statistics_wide").fetchall()
        texts = [r[0] for r in conn.execute("select text from sections order by random() limit ?", (n,))]
    finally:
        conn.close()
    terms: dict[int, list[str]] = {1: [], 2: [], 4: []}
    for text in texts:
        for size in terms:
            start = rnd.randrange(0, max(1, len(text) - size))
            terms[size].append(text[start:start + size])
    kinds = {
        "home /": ["/"] * n,
        "report /report/<id>": [f"/report/{i}" for i in ids],
        "agency /agency/<id>": [f"/agency/{a}" for a in agencies],
        "statistics_wide?district=&year=": [
            "/nianbao/statistics_wide?" + urllib.parse.urlencode({"district": d, "year": y})
            for d, y in (rnd.choice(filters) for _ in range(n))],
        "reports?_facet=agency": ["/nianbao/reports?_facet=agency"] * n,
    }
    for size, words in terms.items():
        kinds[f"search {size} char(s), present"] = ["/search?" + urllib.parse.urlencode({"q": w}) for w in words]
        kinds[f"search {size} char(s), absent"] = ["/search?" + urllib.parse.urlencode({"q": ABSENT[size]})] * n
    return kinds


def bench_pages(base: str, kinds: dict[str, list[str]]) -> None:
    print(f"== pages: sequential requests, load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs",
          flush=True)
    for name, paths in kinds.items():
        status, _, _ = get(base + paths[0])
        if status == 404 and name.startswith("agency"):
            print(f"{name:40s} skipped: {paths[0]} answers 404 (no agency page yet)", flush=True)
            continue
        for path in paths[:3]:  # warm the page cache and Datasette's connections
            get(base + path)
        times, failed = [], 0
        for path in paths:
            status, ms, _ = get(base + path)
            times.append(ms)
            failed += status != 200
        flag = "" if p95(times) < 150 else "  > 150 ms goal"
        print(f"{name:40s} p95 {p95(times):7.1f} ms  median {statistics.median(times):7.1f} ms  "
              f"max {max(times):7.1f} ms  non-200 {failed}{flag}", flush=True)


def bench_csv(base: str, csv_filter: str) -> None:
    url = f"{base}/nianbao/statistics_long.csv?_stream=on&_size=max" + (f"&{csv_filter}" if csv_filter else "")
    start = time.perf_counter()
    rows = 0
    with urllib.request.urlopen(url, timeout=3600) as r:
        for _line in r:
            rows += 1
    print(f"CSV stream statistics_long {csv_filter or '(all)'}: {rows - 1} rows in "
          f"{time.perf_counter() - start:.1f} s", flush=True)


def bench_swap(cfg: Config, base: str, proc: subprocess.Popen[bytes]) -> None:
    children = Path(f"/proc/{proc.pid}/task/{proc.pid}/children")
    before = children.read_text().split()
    unchanged_night(cfg.db_path, run_id(2))
    with Hammer(base + "/nianbao/reports.json?_size=1") as hammer:
        took = timed("publish while serving (unchanged night)", lambda: publish(cfg))
        published = time.monotonic()
        deadline = published + 300
        while set(children.read_text().split()) & set(before) or not children.read_text().split():
            if time.monotonic() > deadline:
                print("the swap did not finish within 300 s")
                break
            time.sleep(0.2)
        swapped = time.monotonic() - published
        time.sleep(1)
    print(f"swap: {hammer.ok} answers, {len(hammer.errors)} connection errors or failed requests "
          f"(publish {took:.1f} s; old Datasette gone {swapped:.1f} s after it)"
          + (f": {sorted(set(hammer.errors))[:3]}" if hammer.errors else ""), flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", type=Path, default=Path("/tmp/nianbao-big-base"), help="database to copy")
    parser.add_argument("--data-dir", type=Path, default=Path("/tmp/nianbao-speed"))
    parser.add_argument("--reports", type=int, default=100_000, help="generate this many when --base is missing")
    parser.add_argument("--requests", type=int, default=100, help="requests per page kind")
    parser.add_argument("--changes", type=int, default=100, help="amended reports in the changed night")
    parser.add_argument("--csv-filter", default="district=越秀区&year=2021",
                        help="query string narrowing the CSV stream ('' streams every row)")
    parser.add_argument("--skip-publish", action="store_true")
    parser.add_argument("--pages-only", action="store_true",
                        help="measure pages only: no CSV stream, no swap (which publishes: it would end a "
                             "stream another `nianbao serve` of the same data directory is sending)")
    args = parser.parse_args()
    cfg = prepare(args)
    if not args.skip_publish and not args.pages_only:
        bench_publish(cfg, args.changes)
    elif not published_db_path(cfg).exists():
        publish(cfg)
    snap = published_db_path(cfg).resolve()
    conn = sqlite3.connect(f"file:{snap}?mode=ro", uri=True)
    n_reports = conn.execute("select count(*) from reports").fetchone()[0]
    conn.close()
    print(f"database: {n_reports} reports, served copy {snap.stat().st_size / 1e9:.2f} GB", flush=True)
    kinds = samples(cfg, args.requests)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    proc = subprocess.Popen([sys.executable, "-m", "crawler.serve", str(args.data_dir), str(port)], cwd=ROOT,
                            env={**os.environ, "NIANBAO_SERVE_POLL_SECONDS": "1"},
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_serving(base, proc, within=300)
        bench_pages(base, kinds)
        if not args.pages_only:
            bench_csv(base, urllib.parse.quote(args.csv_filter, safe="=&"))
            bench_swap(cfg, base, proc)
    finally:
        proc.terminate()
        proc.wait(timeout=60)


if __name__ == "__main__":
    main()
