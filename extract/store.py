"""Write extraction results to SQLite (tables of docs/CONTRACTS.md "Database").

The tables are created here if missing (same columns as archive/db.py), so extraction
can be stored and tested without the archive package.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime

import sqlite_utils

from extract import checks
from extract.oldformat import PRE_TEMPLATE

TABLES: dict[str, dict] = {
    "extractions": {
        "columns": {"id": str, "sha256": str, "document_id": str, "report_id": str, "extractor_version": str,
                    "status": str, "error": str, "format": str, "template": str, "agency": str, "year": int,
                    "strategy": str, "json": str, "created_at": str},
        "pk": "id",
    },
    "cells": {"columns": {"extraction_id": str, "report_id": str, "tbl": str, "item": str, "row": str,
                          "col": str, "value": float, "raw": str}},
    "checks_failing": {"columns": {"extraction_id": str, "report_id": str, "check_key": str, "col": str,
                                   "amount": float, "verdict": str}},
    "sections": {"columns": {"extraction_id": str, "report_id": str, "section": str, "text": str}},
    "report_best": {"columns": {"report_id": str, "extraction_id": str}, "pk": "report_id"},
}
CROSS_CHECKS = ("carry_over_chain", "in_force_chain")


def ensure_tables(db: sqlite_utils.Database) -> None:
    """Create the extraction tables, indexes and the trigram FTS if they do not exist."""
    names = set(db.table_names())
    for name, spec in TABLES.items():
        if name not in names:
            db[name].create(spec["columns"], pk=spec.get("pk"), if_not_exists=True)
    db["extractions"].create_index(["sha256", "extractor_version"], unique=True, if_not_exists=True)
    db["cells"].create_index(["extraction_id"], if_not_exists=True)
    db["checks_failing"].create_index(["extraction_id"], if_not_exists=True)
    db["sections"].create_index(["extraction_id"], if_not_exists=True)
    if "sections_fts" not in db.table_names():
        db["sections"].enable_fts(["section", "text"], tokenize="trigram", create_triggers=True)


def extraction_id(sha256: str, version: str) -> str:
    return hashlib.sha1(f"{sha256}|{version}".encode()).hexdigest()[:16]


def _now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def _clear(db: sqlite_utils.Database, eid: str) -> None:
    for table in ("cells", "checks_failing", "sections"):
        db[table].delete_where("extraction_id = ?", [eid])


def save_extraction(db: sqlite_utils.Database, result: dict, *, sha256: str, document_id: str | None,
                    report_id: str | None) -> str:
    """Store one result (replacing an earlier one of the same blob and version); returns
    the extraction id. The report's best extraction is re-chosen afterwards."""
    from extract import EXTRACTOR_VERSION

    ensure_tables(db)
    version = result.get("extractor_version") or EXTRACTOR_VERSION
    eid = extraction_id(sha256, version)
    with db.conn:
        _clear(db, eid)
        db["extractions"].upsert({
            "id": eid, "sha256": sha256, "document_id": document_id, "report_id": report_id,
            "extractor_version": version, "status": "ok", "error": None, "format": result.get("format"),
            "template": result.get("template"), "agency": result.get("agency"), "year": result.get("year"),
            "strategy": result.get("strategy"), "json": json.dumps(result, ensure_ascii=False),
            "created_at": _now(),
        }, pk="id")
        raw = result.get("raw") or {}
        rows = []
        for (tbl, path, col), value in checks.cell_values(result).items():
            item, _, row = path.rpartition(".")
            node = raw.get(tbl) or {}
            for part in ([item] if item else []) + [row]:
                node = (node or {}).get(part) or {}
            rows.append({"extraction_id": eid, "report_id": report_id, "tbl": tbl, "item": item or None,
                         "row": row, "col": col, "value": value, "raw": node.get(col) if node else None})
        db["cells"].insert_all(rows)
        db["checks_failing"].insert_all(
            {"extraction_id": eid, "report_id": report_id, "check_key": d["check"], "col": d["column"],
             "amount": d["amount"], "verdict": d.get("verdict", "unknown")}
            for d in result.get("check_details") or [])
        db["sections"].insert_all(
            {"extraction_id": eid, "report_id": report_id, "section": k, "text": v}
            for k, v in (result.get("sections") or {}).items())
    if report_id:
        choose_best(db, report_id)
    return eid


def save_failure(db: sqlite_utils.Database, *, sha256: str, document_id: str | None, report_id: str | None,
                 error: str, fmt: str | None = None) -> str:
    """Record that a document could not be extracted, and why."""
    from extract import EXTRACTOR_VERSION

    ensure_tables(db)
    eid = extraction_id(sha256, EXTRACTOR_VERSION)
    with db.conn:
        _clear(db, eid)
        db["extractions"].upsert({
            "id": eid, "sha256": sha256, "document_id": document_id, "report_id": report_id,
            "extractor_version": EXTRACTOR_VERSION, "status": "failed", "error": error[:2000], "format": fmt,
            "template": None, "agency": None, "year": None, "strategy": None, "json": None, "created_at": _now(),
        }, pk="id")
    return eid


def choose_best(db: sqlite_utils.Database, report_id: str) -> str | None:
    """The extraction that supplies a report's numbers: one with tables, from the newest
    extractor version, holding the most of the template's tables (an image of one table
    passes every check of the tables it lacks), fewest failing checks, not OCR when a text
    source exists, newest."""
    from extract import EXTRACTOR_VERSION

    rows = list(db.query(
        "select e.id, e.extractor_version, e.strategy, e.created_at, e.template, length(e.json) as size, "
        "(select count(*) from sections s where s.extraction_id = e.id) as nsections, "
        "(select count(*) from checks_failing c where c.extraction_id = e.id) as failing, "
        "(select count(distinct c.tbl) from cells c where c.extraction_id = e.id and c.value is not null) as ntables "
        "from extractions e where e.report_id = ? and e.status = 'ok' and e.template is not null",
        [report_id]))
    if not rows:
        return None
    # a pre-2019 report has no tables to judge by: the reading with most of the old outline's
    # sections, then the longest, wins (the attachment over the stub page that links it)
    best = min(rows, key=lambda r: (r["extractor_version"] != EXTRACTOR_VERSION, -r["ntables"], r["failing"],
                                    (r["strategy"] or "").startswith("ocr"),
                                    (-r["nsections"], -(r["size"] or 0)) if r["template"] == PRE_TEMPLATE else (0, 0),
                                    _neg(r["created_at"])))
    db["report_best"].upsert({"report_id": report_id, "extraction_id": best["id"]}, pk="report_id")
    return best["id"]


def _neg(ts: str | None) -> str:
    return "".join(chr(0x10FFFF - ord(c)) for c in (ts or ""))


def cross_report_checks(db: sqlite_utils.Database) -> int:
    """Evaluate the cross-report checks (carry_over_chain, in_force_chain) between each
    agency's consecutive years, using each report's best extraction; returns failures."""
    ensure_tables(db)
    best = list(db.query(
        "select b.report_id, e.id as eid, e.json from report_best b join extractions e on e.id = b.extraction_id"))
    by_agency: dict[tuple, dict[int, tuple[str, str, dict]]] = {}
    for r in best:
        result = json.loads(r["json"])
        if result.get("year") is None or result.get("template") == PRE_TEMPLATE:
            continue  # no tables before the national templates: nothing to chain
        key = (result.get("district"), result.get("agency"))
        by_agency.setdefault(key, {})[result["year"]] = (r["report_id"], r["eid"], result)
    failures = 0
    with db.conn:
        db["checks_failing"].delete_where(
            "check_key in ({})".format(",".join("?" * len(CROSS_CHECKS))), list(CROSS_CHECKS))
        for years in by_agency.values():
            for year, (report_id, eid, result) in years.items():
                if year - 1 not in years:
                    continue
                found = checks.cross_report(years[year - 1][2], result)
                failures += len(found)
                db["checks_failing"].insert_all(
                    {"extraction_id": eid, "report_id": report_id, "check_key": d["check"], "col": d["column"],
                     "amount": d["amount"], "verdict": "unknown"} for d in found)
    return failures
