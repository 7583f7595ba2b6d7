"""Cell accuracy of nianbao's extraction, per format, over documents with expected JSON.

    .venv/bin/python bench/accuracy.py [replica/data] [--skip-ocr] [--format pdf] [-v]

Every document that has an expected extraction (the replica's manifest, or any
`*.expected.json` beside a document) is extracted with `extract.extract_file` and
compared cell by cell. Prints accuracy per format and every failing cell; exits 1 when a
format misses its target (100% for text formats, 97% for OCR formats).

Reports from before the national templates (``template`` "pre-2019" in the manifest or the
expected JSON) have no tables: they are never counted as table cells. They are listed on
their own line — how many were recognised as pre-2019 (a miss fails the run: it would be
forced into a template) and how many of the figures they state in prose were read right
(when the expected JSON gives ``old_figures``).
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


PRE_TEMPLATE = "pre-2019"


def documents(root: Path) -> list[tuple[Path, Path, str]]:
    """(document, expected json, format) for every document with an expected extraction;
    the format of a pre-2019 report is PRE_TEMPLATE (it is judged apart)."""
    found: dict[Path, tuple[Path, Path, str]] = {}
    manifest = root / "manifest.json"
    if manifest.exists():
        data = json.loads(manifest.read_text(encoding="utf-8"))
        for state in data.get("states", {}).values():
            for report in state.get("reports", []) + state.get("county_reports", []):
                for doc in report.get("documents", []):
                    if doc.get("expected"):
                        exp = root / doc["expected"]
                        expected = json.loads(exp.read_text(encoding="utf-8"))
                        fmt = expected.get("format") or doc["format"]
                        if PRE_TEMPLATE in (report.get("template"), expected.get("template")):
                            fmt = PRE_TEMPLATE
                        found[root / doc["file"]] = (root / doc["file"], exp, fmt)
    for exp in root.rglob("*.expected.json"):
        stem = exp.name[: -len(".expected.json")]
        doc = exp.parent / stem  # `report.pdf.expected.json` describes `report.pdf`
        if doc.is_file() and doc not in found:
            expected = json.loads(exp.read_text(encoding="utf-8"))
            fmt = expected.get("format") or doc.suffix.lstrip(".")
            found[doc] = (doc, exp, PRE_TEMPLATE if expected.get("template") == PRE_TEMPLATE else fmt)
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
    old = defaultdict(int)  # pre-2019 reports: docs, recognised, figures expected, figures right
    for path, exp_path, fmt in documents(Path(args.root)):
        if fmt == PRE_TEMPLATE:
            old_report(path, exp_path, old, problems)
            continue
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
    if old["docs"]:
        ok &= old["recognised"] == old["docs"]
        print(f"pre-2019: {old['docs']} reports (no tables), {old['recognised']} recognised as pre-2019"
              f"{'' if old['recognised'] == old['docs'] else '  MISSED'}; figures stated in prose read right: "
              f"{old['figures_right']}/{old['figures']}")
    return 0 if ok else 1


def old_report(path: Path, exp_path: Path, old: dict, problems: list[str]) -> None:
    """A report before the national templates: recognised as such, and its prose figures."""
    expected = json.loads(exp_path.read_text(encoding="utf-8"))
    old["docs"] += 1
    try:
        got = extract_file(path)
    except ExtractionError as exc:
        problems.append(f"{PRE_TEMPLATE} {path}: ERROR {exc}")
        return
    if got.get("template") == PRE_TEMPLATE:
        old["recognised"] += 1
    else:
        problems.append(f"{PRE_TEMPLATE} {path}: read as template {got.get('template')!r}")
    want = {k: v for k, v in (expected.get("old_figures") or {}).items() if k != "evidence" and v is not None}
    have = got.get("old_figures") or {}
    for key, value in want.items():
        old["figures"] += 1
        if have.get(key) == value:
            old["figures_right"] += 1
        else:
            problems.append(f"{PRE_TEMPLATE} {path}: old_figures.{key} expected {value!r} got {have.get(key)!r}")


if __name__ == "__main__":
    sys.exit(main())
