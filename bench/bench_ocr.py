"""OCR cost and accuracy: scans and tables pasted as images (issue 14, items 1 and 2).

    .venv/bin/python bench/bench_ocr.py [--corpus DIR] [--scans N] [--images N] [--no-extra]

Corpus: replica reports rendered as scans and as HTML pages with their tables pasted as
images, with the replica's degradations (skew, red seal over the table, JPEG noise,
120-200 dpi: ``replica/scan_degrade.py``), built once into ``--corpus`` (default
/tmp/nianbao-ocr-corpus) with the expected answer from ``replica/expected.py``. Also
measured when present: ``tests/files/extract`` (scan PDF) and ``../shared/real/`` scans.

Speed: each scanned page is rendered once (as ``extract.ocr.ocr_pdf_page`` does) and timed
two ways, CPU seconds (this process and its children, so tesseract subprocesses count):
our ``ocr_image`` on it, and the floor, ONE ``tesseract PAGE stdout -l chi_sim`` call. The
ratio is the sum over all pages of ours over the sum of the floor (our engines are loaded
once per process, as in a long-lived worker; each floor call loads its model again).

Accuracy: every cell of the three tables (as ``bench/accuracy.py``), per set.
Prints, last, the ``bench:`` lines ``make bench`` collects.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extract import extract_file  # noqa: E402
from extract.compare import compare  # noqa: E402
from extract.errors import ExtractionError  # noqa: E402

OCR_DPI = int(os.environ.get("NIANBAO_OCR_DPI", "150"))


def _cpu() -> float:
    me = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def build_corpus(out: Path, n_scans: int, n_images: int, only: set[str] | None = None) -> dict:
    """Render replica reports as degraded scans and image-table pages, with their answers
    (``only``: rebuild just these sets, "scan" and/or "html_images", keeping the other)."""
    from replica.documents import expected, render_all
    from replica.reports import build_reports

    specs = sorted(build_reports(), key=lambda s: s.key)
    native = [s for s in specs if s.publication in ("scan", "html_images")]
    others = [s for s in specs if s.publication not in ("scan", "html_images") and "pre" not in s.template]
    step = max(1, len(others) // max(1, n_scans + n_images))
    pool = native + others[::step]
    scans = [dataclasses.replace(s, publication="scan") for s in pool[:n_scans]]
    images = [dataclasses.replace(s, publication="html_images") for s in pool[::-1][:n_images]]
    out.mkdir(parents=True, exist_ok=True)
    index: dict[str, list] = {"scan": [], "html_images": []}
    if only and (out / "corpus.json").exists():
        index.update({k: v for k, v in json.loads((out / "corpus.json").read_text()).items() if k not in only})
    for group, fmt in ((scans, "scan"), (images, "html_images")):
        if only and fmt not in only:
            continue
        index[fmt] = []
        rendered = render_all(group)
        for spec in group:
            stem = out / f"{fmt}-{spec.key}"
            (stem.with_suffix(".expected.json")).write_text(json.dumps(expected(spec, fmt), ensure_ascii=False))
            if fmt == "scan":
                pdf = next(d for d in rendered[spec.key] if d.role == "attachment")
                stem.with_suffix(".pdf").write_bytes(pdf.data)
                index[fmt].append({"file": stem.with_suffix(".pdf").name, "expected": stem.name + ".expected.json"})
                continue
            body = next(d for d in rendered[spec.key] if d.role == "body").data.decode()
            resources = {}
            for i, img in enumerate(d for d in rendered[spec.key] if d.role == "image"):
                name = f"{stem.name}-t{i + 1}.png"
                (out / name).write_bytes(img.data)
                url = f"http://bench.invalid/{name}"
                body = body.replace(f"{{image:{i}}}", url)
                resources[url] = name
            page = f"<!doctype html><html><head><meta charset='utf-8'><title>{spec.title}</title></head><body>{body}</body></html>"
            stem.with_suffix(".html").write_text(page, encoding="utf-8")  # a page, as the sites serve it
            index[fmt].append({"file": stem.with_suffix(".html").name, "expected": stem.name + ".expected.json",
                               "resources": resources})
    (out / "corpus.json").write_text(json.dumps(index, indent=1))
    return index


def scan_documents(corpus: Path, index: dict, extra: bool) -> list[tuple[Path, Path]]:
    docs = [(corpus / d["file"], corpus / d["expected"]) for d in index["scan"]]
    if extra:
        fixture = ROOT / "tests" / "files" / "extract" / "report2019.scan.pdf"
        if fixture.exists():
            docs.append((fixture, fixture.with_name(fixture.name + ".expected.json")))
        real = ROOT.parent / "shared" / "real"
        for pdf in sorted(real.glob("*.pdf")) if real.is_dir() else []:
            exp = pdf.with_suffix(".json")
            if exp.exists() and _is_scan(pdf):
                docs.append((pdf, exp))
    return docs


def _is_scan(pdf: Path) -> bool:
    out = subprocess.run(["pdftotext", "-l", "3", str(pdf), "-"], capture_output=True, timeout=60)
    return len("".join(out.stdout.decode("utf-8", "replace").split())) < 60


def page_speed(docs: list[tuple[Path, Path]]) -> tuple[float, float, float, float, int]:
    """(our CPU s, floor CPU s, our wall s, floor wall s, pages) over every page of the scans."""
    from PIL import Image

    from extract.ocr import ocr_image

    ours = floor = ours_wall = floor_wall = 0.0
    pages = 0
    with tempfile.TemporaryDirectory(prefix="nianbao-bench-ocr-") as tmp:
        for pdf, _exp in docs:
            prefix = Path(tmp) / pdf.stem
            subprocess.run(["pdftoppm", "-r", str(OCR_DPI), str(pdf), str(prefix)], check=True,
                           capture_output=True, timeout=1800)  # PPM, as extract.ocr.ocr_pdf_page renders
        for page in sorted(Path(tmp).glob("*.ppm")):
            c0, w0 = _cpu(), time.perf_counter()
            subprocess.run(["tesseract", str(page), "stdout", "-l", "chi_sim"], capture_output=True, check=True,
                           timeout=600, env={**os.environ, "OMP_THREAD_LIMIT": "1"})
            floor += _cpu() - c0
            floor_wall += time.perf_counter() - w0
            with Image.open(page) as img:
                c0, w0 = _cpu(), time.perf_counter()
                ocr_image(img)
                ours += _cpu() - c0
                ours_wall += time.perf_counter() - w0
            pages += 1
            print(f"  page {page.name}: ours {ours:.1f}s cpu so far, floor {floor:.1f}s", flush=True)
    return ours, floor, ours_wall, floor_wall, pages


def accuracy(docs: list[tuple[Path, Path, dict | None]], label: str) -> float:
    cells = right = 0
    for path, exp_path, resources in docs:
        expected = json.loads(exp_path.read_text(encoding="utf-8"))
        t0 = time.perf_counter()
        try:
            if resources is not None:
                got = extract_file(path, url=f"http://bench.invalid/{path.name}",
                                   resources={u: path.parent / f for u, f in resources.items()})
            else:
                got = extract_file(path)
        except ExtractionError as exc:
            got = {}
            print(f"  {label} {path.name}: ERROR {exc}")
        c = compare(expected, got)
        cells += c.cells
        right += c.correct
        print(f"  {label} {path.name}: {c.correct}/{c.cells} ({time.perf_counter() - t0:.1f}s, "
              f"strategy {got.get('strategy')}, engines {got.get('ocr_engines')})", flush=True)
        for cell, want, have in c.wrong[:8]:
            print(f"      {cell}: expected {want!r} got {have!r}")
    return right / cells if cells else 1.0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", default="/tmp/nianbao-ocr-corpus")
    ap.add_argument("--scans", type=int, default=5)
    ap.add_argument("--images", type=int, default=5)
    ap.add_argument("--no-extra", action="store_true", help="only the generated corpus")
    ap.add_argument("--skip-speed", action="store_true")
    ap.add_argument("--skip-scans", action="store_true", help="image tables only")
    ap.add_argument("--limit", type=int, default=0, help="only the first N documents of each set")
    ap.add_argument("--rebuild", action="append", choices=("scan", "html_images"),
                    help="render this set of the corpus again (repeatable)")
    args = ap.parse_args(argv)
    corpus = Path(args.corpus)
    index_file = corpus / "corpus.json"
    if index_file.exists() and not args.rebuild:
        index = json.loads(index_file.read_text())
    else:
        t0 = time.perf_counter()
        index = build_corpus(corpus, args.scans, args.images, set(args.rebuild or ()) or None)
        print(f"corpus built in {time.perf_counter() - t0:.0f}s: {corpus}")
    if args.limit:
        index = {k: v[: args.limit] for k, v in index.items()}
    scans = scan_documents(corpus, index, not args.no_extra)
    lines = []
    if not args.skip_speed and not args.skip_scans:
        ours, floor, ours_wall, floor_wall, pages = page_speed(scans)
        print(f"scan pages {pages}: ours {ours:.1f} s CPU ({ours_wall:.1f} s wall), one tesseract call per page "
              f"{floor:.1f} s CPU ({floor_wall:.1f} s wall)")
        lines.append(f"bench: scan_seconds_per_page_over_floor {ours / floor:.2f} (goal <= 2)")
    scan_acc = None if args.skip_scans else accuracy([(p, e, None) for p, e in scans], "scan")
    images = [(corpus / d["file"], corpus / d["expected"], d["resources"]) for d in index["html_images"]]
    image_acc = accuracy(images, "image-table")
    if scan_acc is not None:
        lines.append(f"bench: scan_cell_accuracy {scan_acc:.3f} (goal >= 0.99)")
    lines.append(f"bench: image_table_cell_accuracy {image_acc:.3f} (goal >= 0.99)")
    for line in lines:
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
