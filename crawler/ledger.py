"""The expected-publication ledger: which annual reports each known agency still owes.

Why: a report that was never published, or vanished before we first crawled it, is
invisible in ``reports``; researchers need the gaps listed as data. The
Regulations on Open Government Information (art. 49) make each year's report due
by 31 January of the following year (a government's own report, and every report
before 2019, by 31 March: ``crawler.deadlines``), so for every agency we expect one
report per year up to the last year already due.

From which year (the rule; docs/operations.md "Ledger"): reports exist from 2008 on (the
Regulations took effect then), but today's sites do not carry every agency's early years,
and many departments were created or merged in the 2018–2019 institutional reform. So an
agency is expected from the earlier of
  * the first year nianbao holds any report of it, and
  * its site's first year: the site's configured first year when the operator gives one
    (``site_first_years``), else the first year of any report on the site but never earlier
    than NIANBAO_LEDGER_FIRST_YEAR (default 2019, the first year of the national templates).
A district that published its own 2008 report therefore owes 2008 onwards, while its
departments whose first report nianbao holds is from 2021 owe 2019 onwards, not 2008.
"""

from __future__ import annotations

import datetime as dt
import os
from collections import defaultdict
from collections.abc import Mapping
from typing import Any

import sqlite_utils

from crawler.deadlines import deadline

LEDGER_TABLE = "ledger"
DEFAULT_FIRST_YEAR = 2019  # leading gaps inferred from a site reach back no further (see above)
LEDGER_COLUMNS: dict[str, type] = {
    "agency_id": str, "agency": str, "district": str, "site": str, "year": int, "due_date": str,
    "status": str, "report_id": str, "report_status": str, "as_of": str,
}


def due_date(year: int, agency: str | None = None) -> dt.date:
    """The last day on which ``agency``'s report for ``year`` may be published."""
    return deadline(year, agency)[0]


def last_due_year(as_of: dt.date) -> int:
    """The latest report year whose due date has passed on ``as_of``."""
    year = as_of.year - 1
    return year if due_date(year) < as_of else year - 1


def ledger_as_of(db: sqlite_utils.Database, *, replica: bool = False) -> dt.date:
    """The date the ledger is computed for.

    ``NIANBAO_LEDGER_AS_OF`` (ISO date) wins. A replica run lives in the replica's
    own frozen world, whose newest report year is its "last year": we then judge
    as on the day after that year's deadline, so the replica's gaps are listed
    without every later year showing up missing for every agency.
    """
    env = os.getenv("NIANBAO_LEDGER_AS_OF")
    if env:
        return dt.date.fromisoformat(env)
    if replica and "reports" in db.table_names():
        row = db.execute("select max(year) from reports").fetchone()
        if row and row[0]:
            return due_date(int(row[0]), "人民政府") + dt.timedelta(days=1)  # the latest deadline of that year
    return dt.datetime.now(dt.UTC).date()


def first_year_floor() -> int:
    """NIANBAO_LEDGER_FIRST_YEAR: how far back a site's first year may carry an agency's duty."""
    try:
        return int(os.getenv("NIANBAO_LEDGER_FIRST_YEAR") or DEFAULT_FIRST_YEAR)
    except ValueError:
        return DEFAULT_FIRST_YEAR


def ledger_rows(reports: list[dict[str, Any]], as_of: dt.date,
                agencies: list[dict[str, Any]] | None = None, *,
                site_first_years: Mapping[str, int] | None = None,
                floor: int | None = None) -> list[dict[str, Any]]:
    """One row per agency and expected year: ``published``, ``missing`` or ``not_yet_due``.

    ``reports`` are rows of the ``reports`` table (agency_id, agency, district, site,
    year, id, status). Years run from the agency's first year (the module docstring's
    rule: its own first report, or its site's first year if earlier — a configured one
    from ``site_first_years``, else the site's first report but not before ``floor``,
    default NIANBAO_LEDGER_FIRST_YEAR) to the year before ``as_of`` (which may still be
    ``not_yet_due``), or to the agency's newest report if later. ``agencies`` (rows of
    the ``agencies`` table: id, name, district, site) adds known agencies without any
    report: every year from their site's first year is expected of them too.
    """
    floor = first_year_floor() if floor is None else floor
    configured = dict(site_first_years or {})
    by_agency: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for rep in reports:
        if rep.get("agency_id") and isinstance(rep.get("year"), int):
            by_agency[rep["agency_id"]].append(rep)
    site_first: dict[Any, int] = {}
    for reps in by_agency.values():
        for rep in reps:
            key = rep.get("site")
            site_first[key] = min(site_first.get(key, rep["year"]), rep["year"])
    for key in list(site_first):
        site_first[key] = configured.get(key) or max(site_first[key], floor)
    for key, year in configured.items():
        site_first.setdefault(key, year)
    idents: dict[str, dict[str, Any]] = {a: reps[0] for a, reps in by_agency.items()}
    for ag in agencies or []:
        if ag.get("id") and ag["id"] not in idents and ag.get("site") in site_first:
            idents[ag["id"]] = {"agency": ag.get("name"), "district": ag.get("district"), "site": ag.get("site")}
    due_until = last_due_year(as_of)
    rows: list[dict[str, Any]] = []
    for agency_id, ident in sorted(idents.items()):
        by_year: dict[int, dict[str, Any]] = {}
        for rep in sorted(by_agency.get(agency_id, []), key=lambda r: (r.get("status") != "active", r.get("id") or "")):
            by_year.setdefault(rep["year"], rep)  # prefer an active report when several
        # An agency is expected from its site's first year (configured, or floored) when
        # that is earlier than its own first report: a gap at the start is a gap too.
        first = min([*by_year, site_first[ident.get("site")]]) if ident.get("site") in site_first else min(by_year)
        last = max([*by_year, as_of.year - 1])
        for year in range(first, last + 1):
            rep = by_year.get(year)
            if rep:
                status = "published"
            else:
                status = "missing" if year <= due_until and as_of > due_date(year, ident.get("agency")) \
                    else "not_yet_due"
            rows.append({
                "agency_id": agency_id,
                "agency": ident.get("agency"),
                "district": ident.get("district"),
                "site": ident.get("site"),
                "year": year,
                "due_date": due_date(year, ident.get("agency")).isoformat(),
                "status": status,
                "report_id": rep.get("id") if rep else None,
                "report_status": rep.get("status") if rep else None,
                "as_of": as_of.isoformat(),
            })
    return rows


def rebuild_ledger(db: sqlite_utils.Database, *, as_of: dt.date | None = None, replica: bool = False,
                   site_first_years: Mapping[str, int] | None = None) -> int:
    """Recompute the ``ledger`` table from ``reports``; return the number of missing reports.
    ``site_first_years``: site key → the first report year its operator says to expect."""
    if "reports" not in db.table_names():
        return 0
    as_of = as_of or ledger_as_of(db, replica=replica)
    reports = list(db.query("select id, agency_id, agency, district, site, year, status from reports"))
    for rep in reports:
        try:
            rep["year"] = int(rep["year"]) if rep["year"] is not None else None
        except (TypeError, ValueError):
            rep["year"] = None
    agencies = list(db.query("select id, name, district, site from agencies")) if "agencies" in db.table_names() else []
    rows = ledger_rows(reports, as_of, agencies, site_first_years=site_first_years)
    table = db[LEDGER_TABLE]
    table.create(LEDGER_COLUMNS, pk=("agency_id", "year"), if_not_exists=True)
    table.create_index(["status"], if_not_exists=True)
    with db.conn:
        db.execute(f"delete from {LEDGER_TABLE}")
    if rows:
        table.insert_all(rows, replace=True)
    return sum(1 for r in rows if r["status"] == "missing")
