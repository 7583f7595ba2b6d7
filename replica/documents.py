"""Render a replica report the way agencies publish it, and say what must be extracted.

This is the public entry point the generator and tests use: ``render``/``render_all`` give
every file of a report (article body, attachment, images) and ``expected`` the answer key.
The work lives in modules with one job each: ``table_model`` (the three tables every
format prints), ``render_html`` (article bodies), ``render_office`` (DOCX, XLSX),
``render_external`` (PDF/DOC via LibreOffice, scans, PNG via Chromium) and ``expected``.
"""

from __future__ import annotations

from dataclasses import dataclass

from replica.expected import evaluate_checks, expected
from replica.render_external import convert_many, scan_pdf, table_png
from replica.render_html import body_html, stub_html, table_html
from replica.render_office import render_docx, render_xlsx
from replica.reports import ReportSpec
from replica.table_model import Cell, Table, format_number, printed_tables, tables

__all__ = [
    "ATTACHMENT_EXT", "Cell", "RenderedDocument", "Table", "body_html", "convert_many", "evaluate_checks",
    "expected", "format_number", "printed_tables", "render", "render_all", "render_docx", "render_xlsx",
    "scan_pdf", "stub_html", "table_html", "table_png", "tables",
]


@dataclass
class RenderedDocument:
    """One file of a published report: the article body, an attachment or an image."""

    filename: str
    format: str
    role: str
    data: bytes


ATTACHMENT_EXT = {"pdf": "pdf", "docx": "docx", "doc": "doc", "scan": "pdf", "xlsx": "xlsx"}


def render(spec: ReportSpec) -> list[RenderedDocument]:
    """All files of one report (see ``render_all`` to render many with few LibreOffice calls)."""
    return render_all([spec])[spec.key]


def render_all(specs: list[ReportSpec]) -> dict[str, list[RenderedDocument]]:
    """Render many reports with one soffice call per target format.

    The slow external steps (soffice to PDF, soffice to DOC, Chromium screenshots) run side
    by side in threads: each is a separate process with its own profile directory.
    """
    from concurrent.futures import ThreadPoolExecutor

    pub = {s.key: s.publication for s in specs}
    docx_cache = {s.key: render_docx(s) for s in specs if s.publication in ("docx", "pdf", "doc", "scan")}
    with ThreadPoolExecutor(max_workers=3) as pool:
        pdf_job = pool.submit(convert_many, {k: v for k, v in docx_cache.items() if pub[k] in ("pdf", "scan")}, "pdf")
        doc_job = pool.submit(convert_many, {k: v for k, v in docx_cache.items() if pub[k] == "doc"}, "doc")
        png_jobs = {s.key: [pool.submit(table_png, t) for t in tables(s).values()]
                    for s in specs if s.publication == "html_images"}
        pdfs, docs = pdf_job.result(), doc_job.result()
        scan_jobs = {k: pool.submit(scan_pdf, pdfs[k]) for k in pdfs if pub[k] == "scan"}
        pngs = {k: [j.result() for j in jobs] for k, jobs in png_jobs.items()}
        scans = {k: j.result() for k, j in scan_jobs.items()}
    out: dict[str, list[RenderedDocument]] = {}
    for s in specs:
        if s.publication == "html":
            out[s.key] = [RenderedDocument(f"{s.key}.html", "html", "body", body_html(s).encode())]
        elif s.publication == "html_images":
            out[s.key] = [RenderedDocument(f"{s.key}.html", "html", "body", body_html(s, images=True).encode()),
                          *(RenderedDocument(f"{s.key}-table{i + 1}.png", "png", "image", png)
                            for i, png in enumerate(pngs[s.key]))]
        else:
            ext = ATTACHMENT_EXT[s.publication]
            data = {"pdf": pdfs.get, "scan": scans.get, "docx": docx_cache.get, "doc": docs.get,
                    "xlsx": lambda _k, s=s: render_xlsx(s)}[s.publication](s.key)
            out[s.key] = [RenderedDocument(f"{s.key}.html", "html", "body", stub_html(s, ext).encode()),
                          RenderedDocument(f"{s.key}.{ext}", s.publication, "attachment", data)]
    return out
