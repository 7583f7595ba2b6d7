"""`nianbao extract --all`: (re-)extract every archived original with this extractor
version, recording failures with their reason; results of older versions stay beside."""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import sqlite_utils

from crawler.config import Config, env_float, env_int
from extract.errors import ExtractionError

if TYPE_CHECKING:
    from extract.worker import WorkerPool

log = logging.getLogger(__name__)


def blob_path(cfg: Config, sha256: str) -> Path:
    """Where the archive keeps a blob: archive.store's layout, `<ab>/<cd>/<sha256>`."""
    try:
        from archive.store import open_store

        return open_store(cfg.archive_dir).path(sha256)
    except ImportError:
        return cfg.archive_dir / sha256[:2] / sha256[2:4] / sha256


def _open_db(cfg: Config) -> sqlite_utils.Database:
    try:
        from archive.db import open_db

        return open_db(cfg.db_path)
    except ImportError:
        return sqlite_utils.Database(cfg.db_path)


def pending(db: sqlite_utils.Database, version: str, *, force: bool = False) -> list[dict]:
    """Archived blobs (every version of every document) without a good result of `version`
    (earlier failures are retried: a timeout may not recur)."""
    if "versions" not in db.table_names() or "documents" not in db.table_names():
        return []
    # the server's own file name (Content-Disposition) when the archive recorded one
    name = "coalesce(d.filename, d.name)" if "filename" in db["documents"].columns_dict else "d.name"
    sql = (f"select v.sha256, min(v.document_id) as document_id, d.report_id, {name} as name, d.mime "
           "from versions v join documents d on d.id = v.document_id ")
    if not force:
        sql += ("where v.sha256 not in (select sha256 from extractions "
                "where extractor_version = :version and status = 'ok') ")
    sql += "group by v.sha256 order by v.sha256"
    return list(db.query(sql, {"version": version}))


def extract_blob(db: sqlite_utils.Database, cfg: Config, row: dict, pool: WorkerPool | None = None) -> bool:
    """Extract one archived blob in a worker (one of ``pool``'s long-lived ones, else a fresh
    process) and store the result or the failure."""
    from extract.store import save_extraction, save_failure
    from extract.worker import extract_isolated

    path = blob_path(cfg, row["sha256"])
    try:
        if not path.exists():
            raise ExtractionError(f"archived original missing: {path}")
        result = extract_isolated(path, timeout=env_float("NIANBAO_EXTRACT_TIMEOUT", 180.0),
                                  memory_mb=env_int("NIANBAO_EXTRACT_MEMORY_MB", 1536),
                                  name=row.get("name"), mime=row.get("mime"), pool=pool)
    except ExtractionError as exc:
        save_failure(db, sha256=row["sha256"], document_id=row.get("document_id"),
                     report_id=row.get("report_id"), error=str(exc))
        return False
    save_extraction(db, result, sha256=row["sha256"], document_id=row.get("document_id"),
                    report_id=row.get("report_id"))
    return True


def reextract_all(cfg: Config) -> int:
    """Extract every archived blob lacking a result of this version; exit code 0 when all
    succeeded, 1 when some failed (each failure is recorded in `extractions`)."""
    from extract import EXTRACTOR_VERSION
    from extract.store import cross_report_checks, ensure_tables
    from extract.worker import pool_from_env

    db = _open_db(cfg)
    ensure_tables(db)
    todo = pending(db, EXTRACTOR_VERSION)
    ok = failed = 0
    # the night's long-lived workers (and their kept LibreOffice): a whole archive re-extracted
    # no longer starts an interpreter per document (issue 14, item 3)
    with pool_from_env(env_int("NIANBAO_EXTRACT_MEMORY_MB", 1536)) as pool:
        for n, row in enumerate(todo, 1):
            success = extract_blob(db, cfg, row, pool)
            ok, failed = ok + success, failed + (not success)
            print(f"[{n}/{len(todo)}] {row['sha256'][:12]} {'ok' if success else 'failed'}", file=sys.stderr)
    cross = cross_report_checks(db)
    print(f"extractor {EXTRACTOR_VERSION}: {ok} extracted, {failed} failed, "
          f"{cross} cross-report check failures", file=sys.stderr)
    return 1 if failed else 0
