"""The SQLite schema of nianbao (docs/CONTRACTS.md "Database") and the one way to open it.

Why one module: every component (pipelines, extraction, Datasette, run report) reads the
same tables; creating them idempotently here means any component can open a fresh or an
older data directory and find every table and column it expects. Additive columns are
added to existing tables, so an older database is upgraded in place.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import sqlite_utils

# table -> (columns in order with their types, primary key, foreign keys)
TABLES: dict[str, dict[str, Any]] = {
    "runs": {
        "columns": {
            "id": str, "started_at": str, "ended_at": str, "outcome": str, "mode": str, "trigger": str,
            "pid": int, "requests": int, "bytes": int, "new": int, "changed": int, "removed": int,
            "failed_fetches": int, "extraction_failures": int, "report_path": str, "error": str,
        },
        "pk": "id",
    },
    "run_sites": {
        "columns": {
            "run_id": str, "site": str, "status": str, "requests": int, "reports_found": int, "new": int,
            "changed": int, "removed": int, "unreachable": int, "failed_fetches": int,
            "extraction_failures": int, "reason": str,
        },
        "pk": ("run_id", "site"),
        "foreign_keys": [("run_id", "runs", "id")],
    },
    "sites": {
        "columns": {"key": str, "host": str, "district": str, "name": str, "systems": str, "home": str},
        "pk": "key",
    },
    "agencies": {
        "columns": {"id": str, "name": str, "district": str, "site": str},
        "pk": "id",
    },
    "reports": {
        "columns": {
            "id": str, "agency_id": str, "agency": str, "district": str, "site": str, "year": int,
            "title": str, "template": str, "first_seen": str, "last_seen": str, "status": str,
        },
        "pk": "id",
    },
    "documents": {
        "columns": {
            "id": str, "url": str, "report_id": str, "site": str, "kind": str, "name": str, "mime": str,
            "format": str, "source_system": str, "listing_url": str, "first_seen": str, "last_seen": str,
            "status": str, "missing_runs": int, "removed_at": str, "current_sha256": str, "etag": str,
            "last_modified": str,
            # additive: the page an attachment hangs from, the last run that saw it listed,
            # the title/publish date the site gave it.
            "parent_id": str, "last_run_id": str, "title": str, "publish_date": str,
            # additive: the file name the server gave in Content-Disposition (RFC 6266/5987)
            "filename": str,
        },
        "pk": "id",
        "foreign_keys": [("report_id", "reports", "id")],
    },
    "blobs": {
        "columns": {"sha256": str, "size": int, "mime": str, "original_name": str, "stored_at": str},
        "pk": "sha256",
    },
    "versions": {
        "columns": {
            "id": str, "document_id": str, "sha256": str, "size": int, "first_seen": str, "last_seen": str,
            "first_fetch_id": str, "last_fetch_id": str,
            # additive: hash of the normalised HTML (what decides "a real change" for pages)
            "norm_sha256": str,
        },
        "pk": "id",
        "foreign_keys": [("document_id", "documents", "id"), ("sha256", "blobs", "sha256")],
    },
    "fetches": {
        "columns": {
            "id": str, "run_id": str, "url": str, "final_url": str, "redirects": str, "status": int,
            "headers": str, "fetched_at": str, "size": int, "sha256": str, "outcome": str, "error": str,
            # additive: which document the fetch was for
            "document_id": str,
        },
        "pk": "id",
        "foreign_keys": [("run_id", "runs", "id")],
    },
    "extractions": {
        "columns": {
            "id": str, "sha256": str, "document_id": str, "report_id": str, "extractor_version": str,
            "status": str, "error": str, "format": str, "template": str, "agency": str, "year": int,
            "strategy": str, "json": str, "created_at": str,
            # additive: attempts at this extractor version (a failed one is retried up to NIANBAO_EXTRACT_RETRIES)
            "attempts": int,
        },
        "pk": "id",
    },
    "cells": {
        "columns": {
            "extraction_id": str, "report_id": str, "tbl": str, "item": str, "row": str, "col": str,
            "value": float, "raw": str,
        },
    },
    "checks_failing": {
        "columns": {
            "extraction_id": str, "report_id": str, "check_key": str, "col": str, "amount": float,
            "verdict": str,
        },
    },
    "sections": {
        "columns": {"extraction_id": str, "report_id": str, "section": str, "text": str},
    },
    "report_best": {
        "columns": {"report_id": str, "extraction_id": str},
        "pk": "report_id",
    },
    # Where each site's reports come from: its portal columns and gkmlpt catalogues, department
    # catalogues found at crawl time included (archive/sources.py, from the spiders' sources stat).
    "sources": {
        "columns": {
            "id": str, "site": str, "kind": str, "url": str, "host": str, "prefix": str, "sid": str,
            "name": str, "configured": int, "found_via": str, "first_seen": str, "last_seen": str,
            "last_confirmed": str, "reports_last_run": int, "status": str, "gone_since": str, "note": str,
            "ok": int, "missing_runs": int, "first_run_id": str, "last_run_id": str, "gone_run_id": str,
        },
        "pk": "id",
    },
    "source_runs": {
        "columns": {"run_id": str, "source_id": str, "reports": int, "ok": int},
        "pk": ("run_id", "source_id"),
        "foreign_keys": [("run_id", "runs", "id"), ("source_id", "sources", "id")],
    },
}

INDEXES: list[tuple[str, list[str], bool]] = [
    ("documents", ["url"], True),
    ("documents", ["report_id"], False),
    ("documents", ["site", "status"], False),
    ("versions", ["document_id", "sha256"], True),
    ("versions", ["sha256"], False),
    ("fetches", ["run_id"], False),
    ("fetches", ["url"], False),
    ("extractions", ["sha256", "extractor_version"], True),
    ("extractions", ["report_id"], False),
    ("cells", ["extraction_id"], False),
    ("cells", ["report_id", "tbl"], False),
    ("checks_failing", ["extraction_id"], False),
    ("sections", ["extraction_id"], False),
    ("reports", ["district", "year"], False),
    ("run_sites", ["site"], False),
    ("sources", ["site", "status"], False),
    ("source_runs", ["source_id"], False),
]


def open_db(path: Path | str) -> sqlite_utils.Database:
    """Open (creating or upgrading) the nianbao database; safe to call any number of times.

    WAL lets Datasette read while a run writes; foreign keys are enforced so a broken
    write fails loudly instead of leaving an orphan row.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    db = sqlite_utils.Database(path)
    db.conn.execute("PRAGMA busy_timeout = 30000")
    db.enable_wal()
    db.conn.execute("PRAGMA synchronous = NORMAL")
    ensure_schema(db)
    db.conn.execute("PRAGMA foreign_keys = ON")
    return db


def ensure_schema(db: sqlite_utils.Database) -> None:
    """Create missing tables, columns, indexes and the full-text index."""
    existing = set(db.table_names())
    for name, spec in TABLES.items():
        table = db[name]
        if name not in existing:
            table.create(spec["columns"], pk=spec.get("pk"), foreign_keys=spec.get("foreign_keys"),
                         if_not_exists=True)
            continue
        have = set(table.columns_dict)
        for col, typ in spec["columns"].items():
            if col not in have:
                table.add_column(col, typ)
    for table_name, cols, unique in INDEXES:
        db[table_name].create_index(cols, unique=unique, if_not_exists=True)
    if "sections_fts" not in db.table_names():
        db["sections"].enable_fts(["section", "text"], tokenize="trigram", create_triggers=True)
    ensure_change_log(db)


# Every write to a table of TABLES is logged here (by triggers) so that publishing can copy
# only the rows a night changed (publish/incremental.py) instead of the whole archive.
CHANGE_LOG = "_changes"


def change_triggers(table: str) -> dict[str, str]:
    """Trigger name -> SQL logging the rowids a write to ``table`` touched.

    Rowids, not primary keys: every table here is a rowid table and the published mirror keeps
    the same rowids. REPLACE deletes the old row without firing a delete trigger (recursive
    triggers are off), so the mirror applies the new row with ``insert or replace`` on the key.
    """
    log = f"insert into {CHANGE_LOG} (tbl, rid) values ('{table}', "
    return {
        f"_changes_{table}_ins": f"after insert on [{table}] begin {log}new.rowid); end",
        f"_changes_{table}_del": f"after delete on [{table}] begin {log}old.rowid); end",
        f"_changes_{table}_upd": f"after update on [{table}] begin {log}new.rowid); "
                                 f"insert into {CHANGE_LOG} (tbl, rid) select '{table}', old.rowid "
                                 f"where old.rowid != new.rowid; end",
    }


def ensure_change_log(db: sqlite_utils.Database) -> None:
    """Create the change log and its triggers (idempotent; AUTOINCREMENT never reuses a seq)."""
    db.execute(f"create table if not exists {CHANGE_LOG} "
               "(seq integer primary key autoincrement, tbl text not null, rid integer not null)")
    for table in TABLES:
        for name, body in change_triggers(table).items():
            db.execute(f"create trigger if not exists {name} {body}")
