"""Pipeline writing the logical report (agency × year) and its agency, once per item.

Why separate from archiving: the report is what researchers count; it is known from the
item alone (site, district, agency, year), before any byte is downloaded, and every
URL and format of the same report (portal page, gkmlpt page, PDF, a moved URL) lands on
the same ``reports`` row through its id ``sha1(district|agency|year)``.
"""

from __future__ import annotations

from typing import Any

import sqlite_utils

from archive import ids
from pipelines import context


def item_report_id(item: Any) -> str:
    return ids.report_id(item.get("district"), item.get("agency"), item.get("year"))


def upsert_report(db: sqlite_utils.Database, item: Any, *, now: str) -> str:
    """Create or touch the report (and agency) row of an item; returns the report id."""
    rid = item_report_id(item)
    aid = ids.agency_id(item.get("district"), item.get("agency"))
    with db.atomic():
        db["agencies"].upsert({"id": aid, "name": item.get("agency"), "district": item.get("district"),
                               "site": item.get("site")}, pk="id")
        try:
            db["reports"].get(rid)
        except sqlite_utils.db.NotFoundError:
            db["reports"].insert({
                "id": rid, "agency_id": aid, "agency": item.get("agency"), "district": item.get("district"),
                "site": item.get("site"), "year": item.get("year"), "title": item.get("title"),
                "first_seen": now, "last_seen": now, "status": "active"})
        else:
            db["reports"].update(rid, {"last_seen": now, "status": "active"})
    return rid


class ReportPipeline(context.RunComponent):
    """Writes ``agencies`` and ``reports`` rows for each accepted report page."""

    def process_item(self, item: Any) -> Any:
        upsert_report(self.ctx.db, item, now=ids.now_iso())
        return item
