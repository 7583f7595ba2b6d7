"""Benchmark: what the operations layer costs at the end of a run, after years of nights.

    .venv/bin/python bench/bench_ops.py [--nights 730] [--sites 12] [--agencies 40] [--years 7]

Builds a temporary database with ``--nights`` finished runs of ``--sites`` sites each
and ``sites x agencies x years`` reports (one year in ten left out), then times
``finish_run`` (broken-site detection against history, ledger rebuild, Markdown/HTML
report), ``rebuild_ledger`` alone, ``nianbao status`` and a scheduler start-up (process
start to its "scheduler started" line). Prints measured figures only.
"""

from __future__ import annotations

import argparse
import io
import subprocess
import sys
import tempfile
import time
from contextlib import redirect_stdout
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from crawler.config import Config  # noqa: E402
from crawler.ledger import rebuild_ledger  # noqa: E402
from crawler.report import finish_run, open_db  # noqa: E402
from crawler.status import print_status  # noqa: E402


def build(cfg: Config, nights: int, sites: int, agencies: int, years: int) -> None:
    db = open_db(cfg)
    site_keys = [f"s{i}" for i in range(sites)]
    runs, run_sites = [], []
    for n in range(nights):
        day = time.strftime("%Y-%m-%dT02:00:00Z", time.gmtime(1_600_000_000 + n * 86400))
        rid = f"r{n:05d}"
        runs.append({"id": rid, "started_at": day, "ended_at": day, "outcome": "ok", "mode": "live",
                     "trigger": "schedule", "report_path": f"runs/{rid}.md"})
        run_sites += [{"run_id": rid, "site": s, "status": "ok", "requests": 120, "reports_found": 40 + n % 3}
                      for s in site_keys]
    db["runs"].insert_all(runs, batch_size=1000)
    db["run_sites"].insert_all(run_sites, batch_size=5000)
    reports = [{"id": f"{s}-{a}-{y}", "agency_id": f"{s}-{a}", "agency": f"机关{a}", "district": s, "site": s,
                "year": 2016 + y, "status": "active"}
               for s in site_keys for a in range(agencies) for y in range(years) if (a + y) % 10]
    db["reports"].insert_all(reports, batch_size=5000)
    db["runs"].insert({"id": "tonight", "started_at": "2030-01-01T02:00:00Z", "outcome": "running",
                       "mode": "live", "trigger": "schedule"})
    db["run_sites"].insert_all([{"run_id": "tonight", "site": s, "status": "ok", "requests": 120,
                                 "reports_found": 0 if s == "s0" else 41} for s in site_keys])


def timed(fn) -> tuple[float, object]:
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def scheduler_startup(data: Path) -> float:
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "crawler.cli", "schedule", "--data-dir", str(data)],
                            cwd=ROOT, stderr=subprocess.PIPE, text=True)
    try:
        for line in proc.stderr:
            if "scheduler started" in line:
                return time.perf_counter() - start
        raise RuntimeError("scheduler did not start")
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--nights", type=int, default=730)
    ap.add_argument("--sites", type=int, default=12)
    ap.add_argument("--agencies", type=int, default=40)
    ap.add_argument("--years", type=int, default=7)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        cfg = Config(Path(tmp)).ensure()
        build_s, _ = timed(lambda: build(cfg, args.nights, args.sites, args.agencies, args.years))
        db = open_db(cfg)
        n_reports = db["reports"].count
        finish_s, code = timed(lambda: finish_run(cfg, "tonight"))
        ledger_s, missing = timed(lambda: rebuild_ledger(db))
        with redirect_stdout(io.StringIO()):
            status_s, _ = timed(lambda: print_status(cfg, limit=10))
        startup_s = scheduler_startup(cfg.data_dir)
        print(f"history: {args.nights} runs x {args.sites} sites, {n_reports} reports (built in {build_s:.1f} s)")
        print(f"finish_run: {finish_s * 1000:.0f} ms, exit code {code} (site s0 found 0 reports: expected 1)")
        print(f"rebuild_ledger: {ledger_s * 1000:.0f} ms, {db['ledger'].count} ledger rows, {missing} missing")
        print(f"nianbao status (10 runs): {status_s * 1000:.0f} ms")
        print(f"scheduler start-up to 'scheduler started': {startup_s * 1000:.0f} ms")


if __name__ == "__main__":
    main()
