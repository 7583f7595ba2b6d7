"""Renderers that run external programs: LibreOffice, poppler and headless Chromium.

PDF and DOC come from the Word file through LibreOffice (so their text layer has the real
quirks), scans are the PDF's pages as images only, and table pictures are Chromium
screenshots. Each is slow to start, so callers batch and run them side by side; metadata
these programs stamp with the current time is pinned so output stays reproducible.
"""

from __future__ import annotations

import hashlib
import io
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from replica.render_html import table_html
from replica.render_office import CJK_FONT
from replica.table_model import Table


def _soffice() -> str:
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if not exe:
        raise RuntimeError("LibreOffice (soffice) is needed to render PDF/DOC replica documents")
    return exe


def convert_many(docx_files: dict[str, bytes], target: str, timeout: float = 600.0) -> dict[str, bytes]:
    """Convert several DOCX files with ONE soffice call (it is slow to start)."""
    if not docx_files:
        return {}
    with tempfile.TemporaryDirectory(prefix="nianbao-lo-") as tmp:
        tmpd = Path(tmp)
        src = tmpd / "src"
        out = tmpd / "out"
        src.mkdir()
        out.mkdir()
        paths = []
        for name, data in docx_files.items():
            p = src / f"{name}.docx"
            p.write_bytes(data)
            paths.append(str(p))
        cmd = [_soffice(), f"-env:UserInstallation=file://{tmpd / 'profile'}", "--headless", "--norestore",
               "--convert-to", target, "--outdir", str(out), *paths]
        proc = subprocess.run(cmd, capture_output=True, timeout=timeout, check=False)
        result = {}
        for name in docx_files:
            f = out / f"{name}.{target}"
            if not f.exists():
                raise RuntimeError(f"soffice did not convert {name} to {target}: {proc.stderr.decode()[-500:]}")
            data = f.read_bytes()
            result[name] = _fix_pdf_metadata(data, name) if target == "pdf" else data
        return result


_PDF_DATE = re.compile(rb"/(CreationDate|ModDate)\s*\((D:[^)]*)\)")
_PDF_ID = re.compile(rb"/ID\s*\[\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*\]")
_PDF_CHECKSUM = re.compile(rb"/DocChecksum\s*/([0-9A-Fa-f]+)")


def _fix_pdf_metadata(data: bytes, name: str) -> bytes:
    """Fix dates and /ID in place (same lengths, so xref offsets stay valid)."""

    def date(m: re.Match) -> bytes:
        fixed = b"D:20240101000000"
        value = m.group(2)
        fixed = (fixed + value[len(fixed):])[:len(value)] if len(value) >= len(fixed) else value
        return b"/" + m.group(1) + b"(" + fixed + b")"

    def ident(m: re.Match) -> bytes:
        h = hashlib.md5(name.encode()).hexdigest().upper().encode()
        a = (h * 4)[:len(m.group(1))]
        b = (h * 4)[:len(m.group(2))]
        return m.group(0).replace(m.group(1), a).replace(m.group(2), b)

    def checksum(m: re.Match) -> bytes:
        h = hashlib.md5(b"checksum:" + name.encode()).hexdigest().upper().encode()
        return m.group(0).replace(m.group(1), (h * 4)[:len(m.group(1))])

    return _PDF_CHECKSUM.sub(checksum, _PDF_ID.sub(ident, _PDF_DATE.sub(date, data)))


def scan_pdf(pdf: bytes, dpi: int | None = None) -> bytes:
    """An image-only PDF of ``pdf``'s pages: what a scanned report looks like.

    Per document (seeded by its bytes, so reproducible): a dpi from 120-200, each page
    skewed by up to 1.5°, the red seal over the table of one or more pages, JPEG noise
    (``replica.scan_degrade``); pages stay in colour, as a scanner saves them.
    """
    from PIL import Image

    from replica.scan_degrade import SCAN_DPIS, degrade, seeded

    rng = seeded(pdf, "scan")
    dpi = dpi or rng.choice(SCAN_DPIS)
    with tempfile.TemporaryDirectory(prefix="nianbao-scan-") as tmp:
        src = Path(tmp) / "in.pdf"
        src.write_bytes(pdf)
        subprocess.run(["pdftoppm", "-r", str(dpi), "-png", str(src), str(Path(tmp) / "p")],
                       check=True, capture_output=True, timeout=300)
        files = sorted(Path(tmp).glob("p-*.png"))
        sealed = {i for i in range(len(files)) if rng.random() < 0.6} or {0}
        pages = [degrade(Image.open(f).convert("RGB"), rng, dpi, seal_it=i in sealed) for i, f in enumerate(files)]
    if not pages:
        raise RuntimeError("pdftoppm produced no pages")
    buf = io.BytesIO()
    pages[0].save(buf, "PDF", save_all=True, append_images=pages[1:], resolution=float(dpi),
                  title="", producer="", creator="")
    return _fix_pdf_metadata(buf.getvalue(), "scan")


def _chromium() -> str:
    exe = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    if not exe:
        raise RuntimeError("headless Chromium is needed to render table images")
    return exe


def table_png(table: Table) -> bytes:
    """A PNG picture of one table, the way agencies paste screenshots (or scans) into articles."""
    from PIL import Image, ImageChops

    page = ("<!doctype html><html><head><meta charset='utf-8'><style>"
            f"body{{margin:20px;background:#fff;font-family:'{CJK_FONT}','Noto Sans CJK SC',serif;font-size:15px}}"
            "table{border-collapse:collapse;width:900px}td{border:1px solid #000;padding:3px}"
            "p{margin:0}</style></head><body>" + table_html(table) + "</body></html>")
    with tempfile.TemporaryDirectory(prefix="nianbao-png-") as tmp:
        src = Path(tmp) / "t.html"
        src.write_text(page, encoding="utf-8")
        out = Path(tmp) / "t.png"
        cmd = [_chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
               f"--user-data-dir={Path(tmp) / 'profile'}", "--force-device-scale-factor=1",
               "--window-size=1000,2400", f"--screenshot={out}", src.as_uri()]
        subprocess.run(cmd, capture_output=True, timeout=120, check=False)
        if not out.exists():
            raise RuntimeError("chromium did not write the table screenshot")
        img = Image.open(out).convert("RGB")
    bbox = ImageChops.difference(img, Image.new("RGB", img.size, "white")).getbbox()
    if bbox:
        img = img.crop((max(0, bbox[0] - 10), max(0, bbox[1] - 10),
                        min(img.width, bbox[2] + 10), min(img.height, bbox[3] + 10)))
    # a pasted picture of a table is often a scan or photo: seal, skew, JPEG noise (seeded)
    from PIL import ImageOps

    from replica.scan_degrade import degrade, seeded

    img = ImageOps.expand(img, 20, "white")  # room to tilt without cutting the table's corners
    img = degrade(img, seeded(page.encode(), "png"), 96.0)
    buf = io.BytesIO()
    img.save(buf, "PNG", optimize=True)
    return buf.getvalue()
