"""After the crawl: extract every archived original not yet extracted by this extractor.

Why after and not inside the crawl: extraction is CPU-heavy and can hang or exhaust
memory on a hostile file; it runs in isolated worker processes
(``extract.worker.extract_isolated``, NIANBAO_EXTRACT_WORKERS in parallel, default 2)
while the results are written by this one thread. A blob already extracted with the
current ``extract.EXTRACTOR_VERSION`` is skipped, so an unchanged night re-extracts
nothing; a failure is recorded as an extraction with status failed and retried on the
following runs (a worker killed by a busy machine, a timeout, a converter that hung)
until ``extractions.attempts`` reaches NIANBAO_EXTRACT_RETRIES (default 3).
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from collections import Counter
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from pathlib import Path
from typing import Any

import sqlite_utils

from archive.formats import FORMAT_EXTENSIONS, guess_format
from archive.store import LocalStore
from crawler.config import env_bool, env_float, env_int
from extract import EXTRACTOR_VERSION
from extract.errors import ExtractionError
from extract.store import cross_report_checks, save_extraction, save_failure
from extract.worker import extract_isolated, pool_from_env

log = logging.getLogger(__name__)


def pending(db: sqlite_utils.Database, version: str, *, max_attempts: int = 1) -> list[dict[str, Any]]:
    """One row per blob (of an archived version) lacking an extraction at ``version``, or
    whose extraction at ``version`` failed after fewer than ``max_attempts`` attempts
    (``attempts``: those made so far; a failure recorded without a count is one)."""
    return list(db.query(
        """select v.sha256, min(d.id) as document_id, min(d.report_id) as report_id, min(d.site) as site,
                  min(d.format) as format, min(coalesce(d.filename, d.name, d.url)) as name, min(d.mime) as mime,
                  min(d.url) as url,
                  max(case when e.id is null then 0 else coalesce(e.attempts, 1) end) as attempts
           from versions v join documents d on d.id = v.document_id
           left join extractions e on e.sha256 = v.sha256 and e.extractor_version = ?
           where e.id is null or (e.status = 'failed' and coalesce(e.attempts, 1) < ?)
           group by v.sha256 order by v.sha256""", [version, max_attempts]))


def record_failure(db: sqlite_utils.Database, row: dict[str, Any], error: str) -> str:
    """A failed extraction row (with its reason), retried on later runs up to the attempt limit."""
    return save_failure(db, sha256=row["sha256"], document_id=row["document_id"], report_id=row["report_id"],
                        error=error, fmt=row.get("format"))


def count_attempt(db: sqlite_utils.Database, extraction_id: str, row: dict[str, Any]) -> None:
    """Record one more attempt on the extraction row (``save_*`` leave the column alone)."""
    db["extractions"].update(extraction_id, {"attempts": int(row.get("attempts") or 0) + 1})


def fill_report_templates(db: sqlite_utils.Database) -> int:
    """Copy each report's template (2019 / 2021 form) from its best extraction (``report_best``)
    into ``reports.template``; returns how many reports changed."""
    if "report_best" not in db.table_names():
        return 0
    with db.conn:
        cur = db.execute(
            """update reports set template = (
                 select e.template from report_best b join extractions e on e.id = b.extraction_id
                 where b.report_id = reports.id)
               where exists (select 1 from report_best b join extractions e on e.id = b.extraction_id
                             where b.report_id = reports.id and e.template is not null
                               and e.template is not reports.template)""")
    return cur.rowcount


def extract_pending(db: sqlite_utils.Database, store: LocalStore, *, run_id: str,
                    progress: Any = None) -> Counter[str]:
    """Extract every pending blob; returns extraction failures per site.

    ``progress`` is the run's ``crawler.progress.Progress`` (``.document(ok)`` per blob) or None.
    """
    failures: Counter[str] = Counter()
    if not env_bool("NIANBAO_EXTRACT", True):  # crawl-only nights; the next run extracts what is pending
        log.warning("extraction switched off (NIANBAO_EXTRACT=0)")
        return failures
    rows = pending(db, EXTRACTOR_VERSION, max_attempts=max(1, env_int("NIANBAO_EXTRACT_RETRIES", 3)))
    if not rows:
        fill_report_templates(db)  # also catches up a database from before this step existed
        return failures
    workers = max(1, env_int("NIANBAO_EXTRACT_WORKERS", 2))
    timeout = env_float("NIANBAO_EXTRACT_TIMEOUT", 120.0)

    links = Path(tempfile.mkdtemp(prefix="nianbao-extract-"))
    pool = pool_from_env()  # long-lived workers, one per thread below (extract/worker.py)

    def work(row: dict[str, Any]) -> dict[str, Any]:
        name = extraction_name(row.get("name"), row.get("format"))
        path = named_path(store.path(row["sha256"]), name, links)
        return extract_isolated(path, timeout=timeout, name=name, mime=row.get("mime"), url=row.get("url"),
                                resources=row.get("resources") or None, pool=pool)

    for row in rows:  # here, not in the worker threads: the database belongs to this thread
        if row.get("format") == "html":
            row["resources"] = page_images(db, store, row["document_id"])
    after = images_after_pages(db, rows)

    # each image OCR'd once: the page's extraction and the image's own one share what the
    # first OCR'd (extract.ocr.ocr_file), and the image waits for its page (``after``)
    cache = links / "ocr"
    cache.mkdir()
    before = os.environ.get("NIANBAO_OCR_CACHE")
    os.environ["NIANBAO_OCR_CACHE"] = str(cache)  # workers inherit it when they start
    try:
        return _extract_rows(db, rows, work, workers, failures, progress, after=after)
    finally:
        pool.close()
        if before is None:
            os.environ.pop("NIANBAO_OCR_CACHE", None)
        else:
            os.environ["NIANBAO_OCR_CACHE"] = before
        shutil.rmtree(links, ignore_errors=True)


def images_after_pages(db: sqlite_utils.Database, rows: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """Pending image rows whose HTML page is pending too, by the page row's sha256.

    Why: a table pasted as an image is read by its page's extraction (when the page's text
    lacks the tables) and as a document of its own. Extracting the image after its page
    lets the second read the first's OCR instead of OCR'ing the same pixels twice; an image
    whose page is not in this batch (or a standalone image report) is extracted at once.
    """
    page_rows = {r["document_id"]: r["sha256"] for r in rows if r.get("format") == "html"}
    images = [r for r in rows if r.get("format") == "image"]
    if not page_rows or not images:
        return {}
    parents = {d["id"]: d["parent_id"] for d in db.query(
        f"select id, parent_id from documents where id in ({', '.join('?' * len(images))})",
        [r["document_id"] for r in images])}
    after: dict[str, list[dict[str, Any]]] = {}
    for row in images:
        page_sha = page_rows.get(parents.get(row["document_id"]) or "")
        if page_sha and page_sha != row["sha256"]:
            after.setdefault(page_sha, []).append(row)
    return after


def extraction_name(name: str | None, fmt: str | None) -> str | None:
    """The document's name for the extractor, ending in its (sniffed) format's extension.

    Why: the server's name (Content-Disposition) is preferred, but a link text, a
    ``downfile.jsp?…`` URL or a ``.doc`` that is really DOCX would make the readers guess
    wrong; the format the archive sniffed from the bytes decides the extension.
    """
    name = (name or "").split("?", 1)[0].rstrip("/").rsplit("/", 1)[-1] or None
    ext = FORMAT_EXTENSIONS.get(fmt or "")
    if ext and (name is None or guess_format("", name=name) != fmt):
        return f"{name or 'document'}.{ext}"
    return name


def page_images(db: sqlite_utils.Database, store: LocalStore, document_id: str) -> dict[str, str]:
    """Image URL → archived file for the images of an HTML page.

    Why: some agencies paste the statistical tables into the page as pictures; the
    extractor reads them by OCR only if it can find the archived image of each ``<img>``.
    """
    rows = db.query("select url, current_sha256 from documents where parent_id = ? and format = 'image' "
                    "and current_sha256 is not null", [document_id])
    return {r["url"]: str(store.path(r["current_sha256"])) for r in rows}


def named_path(blob: Path, name: str | None, links: Path) -> Path:
    """The blob under a name with the document's extension (a symlink in ``links``).

    Why: blobs are stored under their bare sha256, and some readers decide the format from
    the file name's extension (openpyxl refuses a path without ``.xlsx``; LibreOffice guesses).
    """
    suffix = Path(name or "").suffix.lower()
    if not suffix or not suffix[1:].isalnum() or len(suffix) > 6:
        return blob
    link = links / f"{blob.name}{suffix}"
    if not link.exists():
        try:
            link.symlink_to(blob.resolve())  # absolute: a relative --data-dir must still resolve
        except OSError:  # a filesystem without symlinks: the bare path is still worth a try
            return blob
    return link


def _extract_rows(db: sqlite_utils.Database, rows: list[dict[str, Any]], work: Any, workers: int,
                  failures: Counter[str], progress: Any,
                  after: dict[str, list[dict[str, Any]]] | None = None) -> Counter[str]:
    """Run ``work`` on the rows in a thread pool; this thread writes every result.

    ``after``: rows to start only once the row with that sha256 is done (images after their
    page, see ``images_after_pages``); a row is never dropped, whatever its page's outcome.
    """
    after = after or {}
    held = {id(r) for group in after.values() for r in group}
    with ThreadPoolExecutor(max_workers=workers) as pool:
        futures: dict[Future, dict[str, Any]] = {pool.submit(work, row): row for row in rows if id(row) not in held}
        while futures:
            done, _ = wait(futures, return_when=FIRST_COMPLETED)
            for future in done:
                row = futures.pop(future)
                for waiting in after.pop(row["sha256"], []):
                    futures[pool.submit(work, waiting)] = waiting
                _save(db, row, future, failures, progress)
            if not futures and after:  # a page row that never ran (cannot happen): start its images
                for group in after.values():
                    for waiting in group:
                        futures[pool.submit(work, waiting)] = waiting
                after = {}
    fill_report_templates(db)
    cross_report_checks(db)  # consecutive years of an agency: carry-over and in-force chains
    return failures


def _save(db: sqlite_utils.Database, row: dict[str, Any], future: Future, failures: Counter[str],
          progress: Any) -> None:
    """Store one finished extraction (or its failure) and count the attempt."""
    ok = True
    try:  # save_extraction runs its own transaction
        eid = save_extraction(db, future.result(), sha256=row["sha256"], document_id=row["document_id"],
                              report_id=row["report_id"])
    except Exception as exc:  # noqa: BLE001 - recorded, never a crash
        reason = str(exc) if isinstance(exc, ExtractionError) else f"{type(exc).__name__}: {exc}"
        log.warning("extraction failed for %s (attempt %d): %s", row["sha256"],
                    int(row.get("attempts") or 0) + 1, reason)
        eid = record_failure(db, row, reason)
        failures[row["site"]] += 1
        ok = False
    count_attempt(db, eid, row)
    if progress is not None:
        progress.document(ok)
