"""After the crawl: extract every archived original not yet extracted by this extractor.

Why after and not inside the crawl: extraction is CPU-heavy and can hang or exhaust
memory on a hostile file; it runs in isolated worker processes
(``extract.worker.extract_isolated``, NIANBAO_EXTRACT_WORKERS in parallel, default 2)
while the results are written by this one thread. A blob already extracted with the
current ``extract.EXTRACTOR_VERSION`` is skipped (whatever its status), so an unchanged
night re-extracts nothing; a failure is recorded as an extraction with status failed.
"""

from __future__ import annotations

import json
import logging
from collections import Counter
from concurrent.futures import ThreadPoolExecutor, as_completed
from typing import Any

import sqlite_utils

from archive import ids
from archive.store import LocalStore
from crawler.config import env_bool, env_float, env_int

log = logging.getLogger(__name__)


def pending(db: sqlite_utils.Database, version: str) -> list[dict[str, Any]]:
    """One row per blob (of an archived version) lacking an extraction at ``version``."""
    return list(db.query(
        """select v.sha256, min(d.id) as document_id, min(d.report_id) as report_id, min(d.site) as site,
                  min(d.format) as format, min(coalesce(d.name, d.url)) as name, min(d.mime) as mime
           from versions v join documents d on d.id = v.document_id
           where not exists (select 1 from extractions e where e.sha256 = v.sha256 and e.extractor_version = ?)
           group by v.sha256 order by v.sha256""", [version]))


def record_failure(db: sqlite_utils.Database, row: dict[str, Any], version: str, error: str) -> None:
    """A failed extraction row (through extract.store.save_failure when it exists)."""
    try:
        from extract.store import save_failure
    except ImportError:
        save_failure = None
    if save_failure is not None:
        save_failure(db, sha256=row["sha256"], document_id=row["document_id"], report_id=row["report_id"],
                     error=error, fmt=row.get("format"))
        return
    db["extractions"].insert({
        "id": ids.new_id(), "sha256": row["sha256"], "document_id": row["document_id"],
        "report_id": row["report_id"], "extractor_version": version, "status": "failed", "error": error[:2000],
        "format": row.get("format"), "json": json.dumps({"error": error}, ensure_ascii=False),
        "created_at": ids.now_iso()}, replace=True)


def extract_pending(db: sqlite_utils.Database, store: LocalStore, *, run_id: str,
                    progress: Any = None) -> Counter[str]:
    """Extract every pending blob; returns extraction failures per site.

    ``progress`` is the run's ``crawler.progress.Progress`` (``.document(ok)`` per blob) or None.
    """
    failures: Counter[str] = Counter()
    if not env_bool("NIANBAO_EXTRACT", True):  # crawl-only nights; the next run extracts what is pending
        log.warning("extraction switched off (NIANBAO_EXTRACT=0)")
        return failures
    try:
        from extract import EXTRACTOR_VERSION
        from extract.errors import ExtractionError
        from extract.store import save_extraction
        from extract.worker import extract_isolated
    except ImportError as exc:
        log.warning("extraction skipped, the extract part is missing: %s", exc)
        return failures
    rows = pending(db, EXTRACTOR_VERSION)
    if not rows:
        return failures
    workers = max(1, env_int("NIANBAO_EXTRACT_WORKERS", 2))
    timeout = env_float("NIANBAO_EXTRACT_TIMEOUT", 120.0)

    def work(row: dict[str, Any]) -> dict[str, Any]:
        name = row["name"].rsplit("/", 1)[-1] if row.get("name") else None
        if name and row.get("format") == "html" and "." not in name:
            name += ".html"
        return extract_isolated(store.path(row["sha256"]), timeout=timeout, name=name, mime=row.get("mime"))

    with ThreadPoolExecutor(max_workers=workers) as pool:
        futures = {pool.submit(work, row): row for row in rows}
        for future in as_completed(futures):
            row = futures[future]
            ok = True
            try:  # save_extraction runs its own transaction
                save_extraction(db, future.result(), sha256=row["sha256"], document_id=row["document_id"],
                                report_id=row["report_id"])
            except Exception as exc:  # noqa: BLE001 - recorded, never a crash
                reason = str(exc) if isinstance(exc, ExtractionError) else f"{type(exc).__name__}: {exc}"
                log.warning("extraction failed for %s: %s", row["sha256"], reason)
                record_failure(db, row, EXTRACTOR_VERSION, reason)
                failures[row["site"]] += 1
                ok = False
            if progress is not None:
                progress.document(ok)
    return failures
