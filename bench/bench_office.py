"""DOC/WPS conversion: a fresh soffice per document against one LibreOffice kept running
(issue 14, point 3).

    .venv/bin/python bench/bench_office.py [replica/data] [--rounds 2]

The documents: every DOC/WPS/RTF/ODT file under the root (the replica's DOCs) and
``tests/files/extract/report2019.doc``, plus that DOC named ``.wps`` (Kingsoft WPS files are
OLE Word files), each converted to DOCX ``--rounds`` times, one after the other:

* fresh: ``soffice --convert-to`` per document with the warm profile the long-lived worker
  keeps (today's one-shot path, ``extract.formats.office`` outside ``kept_running()``);
* kept running: the same conversions inside ``kept_running()`` (one soffice through UNO).

CPU is the children's user+system time (``RUSAGE_CHILDREN``); the kept office is ended
politely before it is read, so soffice's time rolls up to this process, and its start-up and
shutdown are in the figure (spread over the run's conversions). Also printed: the kept
soffice's CPU per conversion once started (psutil, its process tree), whether both ways
give the same DOCX (``word/document.xml`` byte for byte), and the whole extraction of the
same files in one ``WorkerPool`` worker either way (what a night pays per DOC).

Goal: kept running at most half of fresh's CPU per DOC, measured in the same run — the
issue's "first night at half today's CPU" applied to the part of a night LibreOffice is.
Prints, last, ``bench: doc_cpu_seconds_kept_running X (goal <= Y)``.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extract.formats import office  # noqa: E402

SUFFIX_FMT = {".doc": "doc", ".wps": "wps", ".rtf": "rtf", ".odt": "odf"}


def children_cpu() -> float:
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    return ru.ru_utime + ru.ru_stime


def documents(root: Path, scratch: Path) -> list[Path]:
    found = sorted(p for p in root.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIX_FMT)
    sample = ROOT / "tests" / "files" / "extract" / "report2019.doc"
    wps = scratch / "report2019.wps"
    shutil.copyfile(sample, wps)
    return [*found, sample, wps]


def body(docx: Path) -> bytes:
    with zipfile.ZipFile(docx) as z:
        return z.read("word/document.xml")


def run(paths: list[Path], rounds: int, outdir: Path, kept: bool) -> tuple[float, float, list[float], dict]:
    """(wall s, children CPU s, kept soffice CPU per conversion, {path: document.xml})."""
    bodies: dict[Path, bytes] = {}
    steady: list[float] = []
    cpu0, t0 = children_cpu(), time.perf_counter()

    def once() -> None:
        for _ in range(rounds):
            for p in paths:
                with tempfile.TemporaryDirectory(dir=outdir) as tmp:
                    before = _tree_cpu() if kept else 0.0
                    out = office.convert(p, "docx", Path(tmp), SUFFIX_FMT[p.suffix.lower()])
                    if kept and before:
                        steady.append(_tree_cpu() - before)
                    bodies.setdefault(p, body(out))

    if kept:
        with office.kept_running():
            once()
    else:
        once()
    return time.perf_counter() - t0, children_cpu() - cpu0, steady, bodies


def _tree_cpu() -> float:
    """CPU so far of this thread's kept office (helper + soffice), 0 before it starts."""
    import threading

    import psutil

    kept = office._kept.get((os.getpid(), threading.get_ident()))
    if kept is None:
        return 0.0
    total = 0.0
    for p in kept._tree():  # type: ignore[attr-defined]
        try:
            t = p.cpu_times()
            total += t.user + t.system
        except psutil.Error:
            continue
    return total


def pooled(paths: list[Path], rounds: int, keep: bool) -> tuple[float, float]:
    """(wall s, children CPU s) of whole extractions of `paths` in one long-lived pool worker,
    with LibreOffice kept running or not (``NIANBAO_SOFFICE_KEEP``, read by the worker)."""
    from extract.worker import WorkerPool

    saved = os.environ.get("NIANBAO_SOFFICE_KEEP")
    os.environ["NIANBAO_SOFFICE_KEEP"] = "1" if keep else "0"
    cpu0, t0 = children_cpu(), time.perf_counter()
    try:
        with WorkerPool() as pool:
            for _ in range(rounds):
                for p in paths:
                    pool.extract(p, timeout=300)
    finally:
        if saved is None:
            os.environ.pop("NIANBAO_SOFFICE_KEEP", None)
        else:
            os.environ["NIANBAO_SOFFICE_KEEP"] = saved
    return time.perf_counter() - t0, children_cpu() - cpu0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("root", nargs="?", default=str(ROOT / "replica" / "data"))
    ap.add_argument("--rounds", type=int, default=2, help="conversions of each file per side")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="nianbao-bench-office-") as scratch:
        paths = documents(Path(args.root), Path(scratch))
        n = len(paths) * args.rounds
        fresh_wall, fresh_cpu, _, fresh_bodies = run(paths, args.rounds, Path(scratch), kept=False)
        kept_wall, kept_cpu, steady, kept_bodies = run(paths, args.rounds, Path(scratch), kept=True)
        pool_fresh = pooled(paths, args.rounds, keep=False)
        pool_kept = pooled(paths, args.rounds, keep=True)
    office._remove_profiles()
    same = sum(fresh_bodies[p] == kept_bodies.get(p) for p in paths)
    print(f"{len(paths)} files × {args.rounds} rounds = {n} conversions; by {dict(office.converted_by)}")
    print("               wall s/doc   CPU s/doc")
    print(f"fresh soffice  {fresh_wall / n:10.3f} {fresh_cpu / n:11.3f}")
    print(f"kept running   {kept_wall / n:10.3f} {kept_cpu / n:11.3f}   (start-up and shutdown included)")
    if steady:
        steady.sort()
        print(f"kept running, per conversion once started: median {steady[len(steady) // 2]:.3f} CPU s, "
              f"max {steady[-1]:.3f}")
    print(f"same word/document.xml both ways: {same}/{len(paths)}")
    print(f"whole extraction in a pool worker (worker start included), per doc: fresh soffice "
          f"{pool_fresh[0] / n:.3f} s wall {pool_fresh[1] / n:.3f} s CPU; kept running "
          f"{pool_kept[0] / n:.3f} s wall {pool_kept[1] / n:.3f} s CPU")
    if office.converted_by.get("uno", 0) < n or same < len(paths):
        print("bench: the kept office did not convert every file, or not identically", file=sys.stderr)
    print(f"bench: doc_cpu_seconds_kept_running {kept_cpu / n:.3f} (goal <= {fresh_cpu / n / 2:.3f})")
    return 0 if office.converted_by.get("uno", 0) >= n and same == len(paths) else 1


if __name__ == "__main__":
    sys.exit(main())
