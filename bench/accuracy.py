"""Cell accuracy of nianbao's extraction, per format, over documents with expected JSON.

    .venv/bin/python bench/accuracy.py [replica/data] [--skip-ocr] [--format pdf] [-v]

Every document that has an expected extraction (the replica's manifest, or any
`*.expected.json` beside a document) is extracted with `extract.extract_file` and
compared cell by cell. Prints accuracy per format and every failing cell; exits 1 when a
format misses its target (100% for text formats, 97% for OCR formats).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extract import extract_file  # noqa: E402
from extract.compare import compare  # noqa: E402
from extract.errors import ExtractionError  # noqa: E402

OCR_FORMATS = {"scan", "png", "image", "html_images"}
TARGET = {"scan": 0.97, "png": 0.97, "image": 0.97, "html_images": 0.97}


def documents(root: Path) -> list[tuple[Path, Path, str]]:
    """(document, expected json, format) for every document with an expected extraction."""
    found: dict[Path, tuple[Path, Path, str]] = {}
    manifest = root / "manifest.json"
    if manifest.exists():
        data = json.loads(manifest.read_text(encoding="utf-8"))
        for state in data.get("states", {}).values():
            for report in state.get("reports", []):
                for doc in report.get("documents", []):
                    if doc.get("expected"):
                        exp = root / doc["expected"]
                        fmt = json.loads(exp.read_text(encoding="utf-8")).get("format") or doc["format"]
                        found[root / doc["file"]] = (root / doc["file"], exp, fmt)
    for exp in root.rglob("*.expected.json"):
        stem = exp.name[: -len(".expected.json")]
        doc = exp.parent / stem  # `report.pdf.expected.json` describes `report.pdf`
        if doc.is_file() and doc not in found:
            fmt = json.loads(exp.read_text(encoding="utf-8")).get("format") or doc.suffix.lstrip(".")
            found[doc] = (doc, exp, fmt)
    return sorted(found.values())


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("root", nargs="?", default=str(ROOT / "replica" / "data"))
    ap.add_argument("--skip-ocr", action="store_true", help="leave out scans and image tables (slow)")
    ap.add_argument("--format", action="append", help="only these formats (repeatable)")
    ap.add_argument("-v", "--verbose", action="store_true", help="print every failing cell")
    args = ap.parse_args(argv)
    cells = defaultdict(int)
    correct = defaultdict(int)
    docs = defaultdict(int)
    problems: list[str] = []
    for path, exp_path, fmt in documents(Path(args.root)):
        if args.skip_ocr and fmt in OCR_FORMATS:
            continue
        if args.format and fmt not in args.format:
            continue
        expected = json.loads(exp_path.read_text(encoding="utf-8"))
        docs[fmt] += 1
        t0 = time.perf_counter()
        try:
            got = extract_file(path)
        except ExtractionError as exc:
            got = {}
            problems.append(f"{fmt} {path}: ERROR {exc}")
        c = compare(expected, got)
        cells[fmt] += c.cells
        correct[fmt] += c.correct
        elapsed = time.perf_counter() - t0
        if c.wrong or c.meta_wrong or c.checks_wrong:
            problems.append(f"{fmt} {path.relative_to(args.root) if path.is_relative_to(args.root) else path}"
                            f" ({elapsed:.1f}s, strategy {got.get('strategy')}): {len(c.wrong)} cells wrong"
                            + (f"; meta {c.meta_wrong}" if c.meta_wrong else "")
                            + (f"; checks expected {c.checks_wrong[0]} got {c.checks_wrong[1]}" if c.checks_wrong else ""))
            for cell, want, have in (c.wrong if args.verbose else c.wrong[:5]):
                problems.append(f"    {cell}: expected {want!r} got {have!r}")
    for line in problems:
        print(line)
    ok = True
    print(f"{'format':<12} {'docs':>5} {'cells':>7} {'accuracy':>9}  target")
    for fmt in sorted(cells):
        acc = correct[fmt] / cells[fmt] if cells[fmt] else 1.0
        target = TARGET.get(fmt, 1.0)
        ok &= acc >= target
        print(f"{fmt:<12} {docs[fmt]:>5} {cells[fmt]:>7} {acc:>9.2%}  {target:.0%}{'' if acc >= target else '  MISSED'}")
    total_c, total_ok = sum(cells.values()), sum(correct.values())
    print(f"{'all':<12} {sum(docs.values()):>5} {total_c:>7} {(total_ok / total_c if total_c else 1):>9.2%}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
