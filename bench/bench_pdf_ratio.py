"""nianbao's extraction of a text-layer PDF against pdfplumber's own reading of the same file.

    .venv/bin/python bench/bench_pdf_ratio.py [DIR ...] [--repeat 3] [-v]

For every PDF under the given folders (default: the replica's ``replica/data`` and the real
reports of ``../shared/real``) whose every page has a text layer (scans are OCR's business, not
this ratio's), the CPU time of ``extract.extract_file`` is divided by the CPU time of
pdfplumber's own ``extract_text()`` + ``extract_tables()`` on every page of the same file, one
core: the median of ``--repeat`` paired runs, each pair back to back (the machine is shared; a
pair sees the same load, so its ratio is steadier than either time).
Issue 14's goal: median and p95 of that ratio at most 1.1. Prints, last, the two ``bench:`` lines.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

GOAL = 1.1
MIN_CHARS_PER_PAGE = 20  # as extract/formats/pdf.py: fewer characters and the page is a scan


def text_layer_pdfs(folders: list[Path]) -> list[Path]:
    """PDFs whose pages all carry text (sniffed by content, any name)."""
    import pdfplumber

    out = []
    for folder in folders:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            try:
                with path.open("rb") as fh:
                    if fh.read(5) != b"%PDF-":
                        continue
                with pdfplumber.open(str(path)) as pdf:
                    if pdf.pages and all(len("".join((pg.extract_text() or "").split())) >= MIN_CHARS_PER_PAGE
                                         for pg in pdf.pages):
                        out.append(path)
            except Exception:  # noqa: BLE001 - a broken file is not part of this ratio
                continue
    return out


def paired_ratio(ours: Callable[[], object], theirs: Callable[[], object], repeat: int) -> tuple[float, float, float]:
    """(ratio, ours s, theirs s): the median of ``repeat`` paired ratios, each pair run back to
    back in alternating order (ABBA) so both sides of a pair see the same machine; the CPU
    times printed are each side's best."""
    ratios, best = [], [float("inf"), float("inf")]
    for i in range(repeat):
        pair = [0.0, 0.0]
        for k in ((0, 1) if i % 2 == 0 else (1, 0)):
            t0 = time.process_time()
            (ours, theirs)[k]()
            pair[k] = time.process_time() - t0
            best[k] = min(best[k], pair[k])
        ratios.append(pair[0] / pair[1])
    return statistics.median(ratios), best[0], best[1]


def plumber(path: Path) -> None:
    import pdfplumber

    with pdfplumber.open(str(path)) as pdf:
        for page in pdf.pages:
            page.extract_text()
            page.extract_tables()


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(0.95 * len(ordered) + 0.5) - 1))]


def main(argv: list[str] | None = None) -> int:
    from extract import extract_file

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="*", type=Path)
    parser.add_argument("--repeat", type=int, default=5, help="paired runs per file")
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args(argv)
    folders = args.folders or [ROOT / "replica" / "data", ROOT.parent / "shared" / "real"]
    pdfs = text_layer_pdfs([f for f in folders if f.exists()])
    if not pdfs:
        print("no text-layer PDF found", file=sys.stderr)
        return 1
    plumber(pdfs[0])  # warm imports before timing either side
    extract_file(pdfs[0])
    ratios = []
    for path in pdfs:
        ratio, ours, theirs = paired_ratio(lambda p=path: extract_file(p), lambda p=path: plumber(p), args.repeat)
        ratios.append(ratio)
        if args.verbose:
            print(f"{ours:7.3f} s / {theirs:7.3f} s (best of each), paired median {ratio:5.2f}  {path}")
    median, high = statistics.median(ratios), p95(ratios)
    print(f"{len(pdfs)} text-layer PDFs, ratio min {min(ratios):.2f} max {max(ratios):.2f}")
    print(f"bench: pdf_ratio_median {median:.2f} (goal <= {GOAL})")
    print(f"bench: pdf_ratio_p95 {high:.2f} (goal <= {GOAL})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
