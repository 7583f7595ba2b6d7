"""Removal as an evidenced event, decided once per run after the crawl.

A document is only "removed" after N consecutive runs (NIANBAO_REMOVAL_RUNS, default 2)
in which its site was crawled successfully and the document was not listed or answered
404/410. One such run makes it "missing". A site that was down, blocked or broken in a
run is no evidence at all: its documents keep their state. Removed documents keep their
versions and blobs, so they stay downloadable from the archive.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

import sqlite_utils

from crawler.config import env_int


def evaluate_removals(db: sqlite_utils.Database, *, run_id: str, ok_sites: Iterable[str], now: str,
                      threshold: int | None = None) -> Counter[str]:
    """Advance missing/removed for unseen documents of ``ok_sites``; returns removals per site."""
    threshold = threshold if threshold is not None else env_int("NIANBAO_REMOVAL_RUNS", 2)
    threshold = max(1, threshold)
    removed: Counter[str] = Counter()
    sites = sorted(set(ok_sites))
    if not sites:
        return removed
    marks = ",".join("?" for _ in sites)
    with db.atomic():
        rows = list(db.query(
            f"select id, site, missing_runs from documents where site in ({marks}) and status != 'removed' "
            "and (last_run_id is null or last_run_id != ?)", [*sites, run_id]))
        for row in rows:
            missing = (row["missing_runs"] or 0) + 1
            if missing >= threshold:
                db["documents"].update(row["id"], {"missing_runs": missing, "status": "removed", "removed_at": now})
                removed[row["site"]] += 1
            else:
                db["documents"].update(row["id"], {"missing_runs": missing, "status": "missing"})
        refresh_report_status(db)
    return removed


def refresh_report_status(db: sqlite_utils.Database) -> None:
    """A logical report is removed when every one of its documents is removed."""
    db.execute(
        "update reports set status = case when exists (select 1 from documents d where d.report_id = reports.id "
        "and d.status != 'removed') then 'active' else 'removed' end "
        "where exists (select 1 from documents d where d.report_id = reports.id)")
