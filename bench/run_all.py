"""Run every ``bench/bench_*.py`` in one go and print, last, every goal line they printed.

Why: issue 14 asks for one command (``make bench``) that measures all the speed and accuracy
goals side by side, on the same machine in the same run, so the figures can be compared.
Benches run one after another (two cores: side by side in time would measure contention),
each in its own process with its quick arguments (``QUICK_ARGS``) and a time limit
(``TIME_LIMITS``, default ``DEFAULT_LIMIT`` seconds, all scaled by ``$NIANBAO_BENCH_TIME_SCALE``).
A bench that fails or runs out of time prints why, and the run goes on. Its output is
shown as it comes; lines starting ``bench: `` (``bench: NAME VALUE (goal OP TARGET)``) are
collected and printed again at the end, with one ``bench: <file> FAILED …`` line per
bench that failed. Exit status: 1 when any bench failed, else 0.

Run: .venv/bin/python bench/run_all.py [NAME ...]   (names like ``crawl`` or ``bench_crawl.py``; default: all)
"""

from __future__ import annotations

import os
import selectors
import subprocess
import sys
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent

# Arguments that keep a bench short enough for `make bench` (~20 minutes on 2 cores in all).
QUICK_ARGS: dict[str, list[str]] = {
    "bench_crawl.py": ["--quick"],
    "bench_extract.py": ["--repeat", "1"],
    "bench_replica_server.py": ["--requests", "500"],
    "bench_workers.py": ["--limit", "10"],
    "bench_ops.py": ["--nights", "60"],
    "bench_agency.py": ["--requests", "20"],
    "bench_search.py": ["--requests", "10"],
}
# Seconds each bench may take before it is stopped (the goal benches get more).
TIME_LIMITS: dict[str, float] = {
    "bench_night.py": 900, "bench_crawl.py": 900, "bench_ocr.py": 600, "bench_pdf_ratio.py": 900,
    "bench_office.py": 300,
}
DEFAULT_LIMIT = 240.0
# Benches of issue 13's 100,000-report database (bench/make_big_db.py, ~20 min to build, 18 GB
# published): not part of the goal run, run them by name on a machine that has that database.
BY_NAME_ONLY = {"bench_agency.py": "--data-dir /tmp/nianbao-big", "bench_export.py": "--data-dir DIR",
                "bench_publish.py": "--base /tmp/nianbao-big-base", "bench_search.py": "--base /tmp/nianbao-big-base"}
GOAL_PREFIX = "bench: "


def benches(names: list[str]) -> list[Path]:
    """The bench files to run: all ``bench_*.py``, or those ``names`` name."""
    found = sorted(BENCH_DIR.glob("bench_*.py"))
    if not names:
        for path in found:
            if path.name in BY_NAME_ONLY:
                print(f"== {path.name}: not in the goal run (needs the 100k database of bench/make_big_db.py); "
                      f"run it by name: .venv/bin/python bench/{path.name} {BY_NAME_ONLY[path.name]}")
        return [p for p in found if p.name not in BY_NAME_ONLY]
    wanted = {n if n.endswith(".py") else f"{n if n.startswith('bench_') else 'bench_' + n}.py" for n in names}
    return [p for p in found if p.name in wanted]


def run_one(path: Path, limit: float) -> tuple[list[str], str | None]:
    """Run one bench, echoing its output; (its goal lines, why it failed or None)."""
    cmd = [sys.executable, str(path), *QUICK_ARGS.get(path.name, [])]
    print(f"== {path.name} {' '.join(cmd[2:])}".rstrip(), flush=True)
    started = time.monotonic()
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            env={**os.environ, "PYTHONUNBUFFERED": "1"}, start_new_session=True)
    assert proc.stdout is not None
    goals: list[str] = []
    sel = selectors.DefaultSelector()
    sel.register(proc.stdout, selectors.EVENT_READ)
    buffered = b""
    timed_out = False
    while True:
        left = limit - (time.monotonic() - started)
        if left <= 0:
            timed_out = True
            break
        if not sel.select(timeout=min(left, 5.0)):
            if proc.poll() is not None:
                break
            continue
        chunk = os.read(proc.stdout.fileno(), 65536)
        if not chunk:
            break
        buffered += chunk
        *lines, buffered = buffered.split(b"\n")
        for raw in lines:
            line = raw.decode("utf-8", "replace")
            print(line, flush=True)
            if line.startswith(GOAL_PREFIX):
                goals.append(line.strip())
    sel.close()
    if timed_out:
        os.killpg(proc.pid, 9)  # the bench and whatever it started (crawls, replicas, workers)
        proc.wait()
        return goals, f"stopped after {limit:.0f} s"
    if buffered.strip():
        line = buffered.decode("utf-8", "replace")
        print(line, flush=True)
        if line.startswith(GOAL_PREFIX):
            goals.append(line.strip())
    code = proc.wait()
    took = time.monotonic() - started
    print(f"== {path.name}: exit {code} in {took:.0f} s", flush=True)
    return goals, (f"exit {code}" if code else None)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    scale = float(os.getenv("NIANBAO_BENCH_TIME_SCALE", "1") or 1)
    collected: list[str] = []
    failed = False
    started = time.monotonic()
    for path in benches(args):
        try:
            goals, failure = run_one(path, TIME_LIMITS.get(path.name, DEFAULT_LIMIT) * scale)
        except OSError as exc:
            goals, failure = [], f"could not start: {exc}"
        collected.extend(goals)
        if failure:
            failed = True
            collected.append(f"{GOAL_PREFIX}{path.stem} FAILED ({failure})")
    print(f"\n== all benches in {time.monotonic() - started:.0f} s; goal lines:")
    for line in collected:
        print(line)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
