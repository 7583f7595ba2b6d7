"""Time per report of `extract.extract_file`, per format, pinned to one CPU core.

    .venv/bin/python bench/bench_extract.py [replica/data] [--repeat 3] [--skip-ocr]

Prints the median and 95th percentile seconds per report for each format (the replica's
documents that carry tables, plus tests/files/extract). Target: text-layer PDF < 1 s.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("OMP_THREAD_LIMIT", "1")  # tesseract: one core as well

from accuracy import OCR_FORMATS, documents  # noqa: E402

from extract import extract_file  # noqa: E402


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("root", nargs="?", default=str(ROOT / "replica" / "data"))
    ap.add_argument("--repeat", type=int, default=3, help="runs per non-OCR document (best is kept)")
    ap.add_argument("--skip-ocr", action="store_true")
    args = ap.parse_args(argv)
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
    docs = documents(Path(args.root)) + documents(ROOT / "tests" / "files" / "extract")
    times: dict[str, list[float]] = defaultdict(list)
    for path, _exp, fmt in docs:
        ocr = fmt in OCR_FORMATS
        if ocr and args.skip_ocr:
            continue
        runs = []
        for _ in range(1 if ocr else args.repeat):
            t0 = time.perf_counter()
            try:
                extract_file(path)
            except Exception as exc:  # a benchmark reports, it does not stop
                print(f"{path}: {type(exc).__name__}: {exc}", file=sys.stderr)
                break
            runs.append(time.perf_counter() - t0)
        if runs:
            times[fmt].append(min(runs))
    print(f"{'format':<12} {'reports':>7} {'median s':>9} {'p95 s':>8}   (one core, extract_file in-process)")
    for fmt in sorted(times):
        v = times[fmt]
        print(f"{fmt:<12} {len(v):>7} {statistics.median(v):>9.2f} {p95(v):>8.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
