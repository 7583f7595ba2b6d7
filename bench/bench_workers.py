"""Long-lived extraction workers against one fresh interpreter per document, and DOC through a
warm LibreOffice profile against a fresh one (issue 14, point 3).

    .venv/bin/python bench/bench_workers.py [replica/data] [--limit 40] [--with-ocr] [--docs 3]

The replica's documents that have an expected extraction (``bench/accuracy.py``'s list; scans and
image tables only with ``--with-ocr``), every ``len/limit``-th one, run one after the other (one
core's worth): first each in a fresh ``extract_isolated`` process, then all through one
``WorkerPool`` worker. CPU is the children's user+system time (``RUSAGE_CHILDREN``, counted once
every worker has ended), so the workers' soffice and tesseract are in it (a pool worker converts
DOCs with one LibreOffice kept running, ended politely with the worker so its time is counted;
``bench/bench_office.py`` compares that with a fresh soffice per DOC). The DOC part converts
the replica's DOC files ``--docs`` times each with one-shot soffice and the process's kept
profile, then with a profile built anew each time. Prints, last, ``bench:`` lines.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from accuracy import OCR_FORMATS, PRE_TEMPLATE, documents  # noqa: E402

from extract.errors import ExtractionError  # noqa: E402
from extract.worker import WorkerPool, extract_isolated  # noqa: E402


def children_cpu() -> float:
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    return ru.ru_utime + ru.ru_stime


def measure(run: Callable[[], int]) -> tuple[float, float, int]:
    """(wall s, children CPU s, failures) of ``run`` (which returns its failure count)."""
    cpu0, t0 = children_cpu(), time.perf_counter()
    failures = run()
    return time.perf_counter() - t0, children_cpu() - cpu0, failures


def pick(root: Path, limit: int, with_ocr: bool) -> list[Path]:
    docs = [p for p, _exp, fmt in documents(root)
            if fmt != PRE_TEMPLATE and (with_ocr or fmt not in OCR_FORMATS)]
    step = max(1, len(docs) // limit) if limit else 1
    return docs[::step][:limit or None]


def one_each(paths: list[Path]) -> int:
    failures = 0
    for p in paths:
        try:
            extract_isolated(p, timeout=300)
        except ExtractionError:
            failures += 1
    return failures


def pooled(paths: list[Path]) -> int:
    failures = 0
    with WorkerPool() as pool:
        for p in paths:
            try:
                pool.extract(p, timeout=300)
            except ExtractionError:
                failures += 1
    return failures


def doc_conversions(paths: list[Path], times: int, fresh: bool) -> int:
    import tempfile

    from extract.formats import office

    for _ in range(times):
        for p in paths:
            if fresh:
                office._remove_profiles()
            with tempfile.TemporaryDirectory() as tmp:
                office.convert(p, "docx", Path(tmp), "doc")
    office._remove_profiles()
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("root", nargs="?", default=str(ROOT / "replica" / "data"))
    ap.add_argument("--limit", type=int, default=40, help="documents to run (0: all)")
    ap.add_argument("--with-ocr", action="store_true")
    ap.add_argument("--docs", type=int, default=3, help="conversions of each DOC file per side")
    args = ap.parse_args(argv)
    paths = pick(Path(args.root), args.limit, args.with_ocr)
    n = len(paths)
    wall1, cpu1, f1 = measure(lambda: one_each(paths))
    wall2, cpu2, f2 = measure(lambda: pooled(paths))
    print(f"{n} documents   wall s   CPU s   docs/s   CPU s/doc   failures")
    print(f"one each      {wall1:8.1f} {cpu1:7.1f} {n / wall1:8.2f} {cpu1 / n:10.3f} {f1:9d}")
    print(f"pool          {wall2:8.1f} {cpu2:7.1f} {n / wall2:8.2f} {cpu2 / n:10.3f} {f2:9d}")
    docs = sorted(p for p in Path(args.root).rglob("*.doc") if p.is_file())[:3]
    if docs and args.docs:
        k = len(docs) * args.docs
        _w, warm, _ = measure(lambda: doc_conversions(docs, args.docs, fresh=False))
        _w, cold, _ = measure(lambda: doc_conversions(docs, args.docs, fresh=True))
        print(f"DOC → DOCX, {k} conversions: warm profile {warm / k:.2f} CPU s each, fresh profile {cold / k:.2f}")
        print(f"bench: doc_convert_cpu_ratio {warm / cold:.2f} (goal < 1.0)")
    print(f"bench: worker_pool_cpu_ratio {cpu2 / cpu1:.2f} (goal < 1.0)")
    print(f"bench: worker_pool_docs_per_s_speedup {wall1 / wall2:.2f} (goal > 1.0)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
