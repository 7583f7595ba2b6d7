"""Agencies in the published snapshot: ``reports.agency_id`` as a foreign key, and the
indexes the agency page, the comparison dashboard and the default facets read.

Why here and not in ``archive/db.py``: the working database is written by the crawl and
must stay cheap to write; the key only matters where Datasette shows it. With the key
declared, Datasette shows each report's agency by name (``label_column: name`` on
``agencies`` in ``datasette/metadata.yml``) and links it. sqlite-utils declares a key by
rebuilding the table (``transform``), so this is done once per snapshot and skipped when
the key is already there (a snapshot built from the previous one).

Reports whose ``agency_id`` names no row of ``agencies`` are kept as they are (SQLite does
not enforce the key here); their number is logged and returned, never dropped.
"""

from __future__ import annotations

import logging

import sqlite_utils

log = logging.getLogger(__name__)

# (table, columns) indexes for the comparison dashboard (datasette/metadata.yml, plugin
# datasette-dashboards) and the default facets: each chart query filters on any of
# year / district / template / agency and aggregates a handful of figures, so one covering
# index per leading filter lets SQLite answer from the index alone instead of the wide
# table (measured on 100,000 reports, see docs/datasette.md).
DASHBOARD_FIGURES = [
    "status", "agency_id", "agency", "new_received", "granted", "partially_granted", "total_processed",
    "reconsideration_total", "reconsideration_corrected", "litigation_direct_total",
    "litigation_direct_corrected", "litigation_after_reconsideration_total",
    "litigation_after_reconsideration_corrected",
]
# (index name, table, columns)
INDEXES: list[tuple[str, str, list[str]]] = [
    ("idx_dashboard_year", "statistics_wide", ["year", "district", "template", *DASHBOARD_FIGURES]),
    ("idx_dashboard_district", "statistics_wide", ["district", "year", "template", *DASHBOARD_FIGURES]),
    ("idx_dashboard_template", "statistics_wide", ["template", "year", "district", *DASHBOARD_FIGURES]),
    # top agencies: grouped by agency straight from the index, no table lookups, no temporary b-tree
    ("idx_dashboard_agency", "statistics_wide", ["agency_id", "year", "district", "template", *DASHBOARD_FIGURES]),
    ("idx_panel_dashboard", "panel", ["year", "district", "has_report", "agency"]),
    ("idx_reports_year", "reports", ["year"]),
    ("idx_reports_template", "reports", ["template"]),
    ("idx_reports_status", "reports", ["status"]),
    ("idx_documents_publish_date", "documents", ["report_id", "publish_date"]),
    ("idx_agencies_district", "agencies", ["district"]),
    ("idx_agencies_name", "agencies", ["name"]),
    # the default facets of datasette/metadata.yml on the archive's large tables
    ("idx_documents_format", "documents", ["format"]),
    ("idx_documents_status", "documents", ["status"]),
    ("idx_extractions_status", "extractions", ["status"]),
    ("idx_extractions_template", "extractions", ["template"]),
    ("idx_panel_carry_over_chain", "panel", ["carry_over_chain"]),
]


def build_agencies(db: sqlite_utils.Database) -> int:
    """Declare ``reports.agency_id -> agencies.id`` and create the indexes; return orphan reports."""
    tables = set(db.table_names())
    orphans = 0
    if {"reports", "agencies"} <= tables:
        # NOT IN builds one temporary index of the ids: fast whether or not agencies.id is a key
        orphans = db.execute("select count(*) from reports where agency_id is not null "
                             "and agency_id not in (select id from agencies where id is not null)").fetchone()[0]
        if orphans:
            log.warning("%d reports name an agency_id that is not in agencies; kept, shown by id", orphans)
        if not any(fk.column == "agency_id" and fk.other_table == "agencies" for fk in db["reports"].foreign_keys):
            db.add_foreign_keys([("reports", "agency_id", "agencies", "id")])
    for name, table, cols in INDEXES:
        if table in tables and set(cols) <= set(db[table].columns_dict):
            db[table].create_index(cols, index_name=name, if_not_exists=True)
    return orphans
