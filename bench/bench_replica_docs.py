"""Measure how long the replica's report documents take to build and render, per format.

Run: .venv/bin/python bench/bench_replica_docs.py
Prints wall-clock seconds per stage and the size of what was produced.
"""

from __future__ import annotations

import time
from collections import Counter

from replica import documents as d
from replica.reports import build_reports


def main() -> None:
    t0 = time.perf_counter()
    specs = build_reports()
    t_build = time.perf_counter() - t0
    pubs = Counter(s.publication for s in specs)
    print(f"build_reports: {len(specs)} reports in {t_build:.3f}s; formats {dict(pubs)}")

    t0 = time.perf_counter()
    for s in specs:
        d.expected(s, s.publication)
    print(f"expected() for all: {time.perf_counter() - t0:.3f}s")

    t0 = time.perf_counter()
    rendered = d.render_all(specs)
    total = time.perf_counter() - t0
    sizes: Counter[str] = Counter()
    counts: Counter[str] = Counter()
    for docs in rendered.values():
        for doc in docs:
            sizes[doc.format] += len(doc.data)
            counts[doc.format] += 1
    print(f"render_all (whole set, one soffice call per target format): {total:.1f}s")
    for fmt in sorted(counts):
        print(f"  {fmt:5s} files={counts[fmt]:3d} bytes={sizes[fmt]:,}")

    t0 = time.perf_counter()
    again = d.render_all(specs)
    same = sum(1 for k, docs in rendered.items()
               for a, b in zip(docs, again[k], strict=True) if a.data == b.data)
    n = sum(len(v) for v in rendered.values())
    print(f"second render_all: {time.perf_counter() - t0:.1f}s; byte-identical files {same}/{n}")


if __name__ == "__main__":
    main()
