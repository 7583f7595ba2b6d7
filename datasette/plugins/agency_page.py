"""The agency page, /agency/<agency_id>, and links to it from every table.

Why a route and not a dashboard with an agency filter: the page lists each year's
report with links, its versions and its status, and marks missing years; a
datasette-dashboards "table" chart writes cell values with ``innerHTML`` (an agency
name taken from a site would be markup), and a dashboard cannot link rows. So the
page is an autoescaped template (``agency.html``); its chart is drawn by vega-lite,
using the copy datasette-dashboards ships, from data embedded with ``tojson``.

Timeliness: the deadline is ``crawler.deadlines`` (art. 49: 31 January of the following
year, a government's own report and every pre-2019 report 31 March). The publication date is the one the site gave
(``documents.publish_date``, hostile text: parsed, never trusted); without one, the
first fetch bounds it from above (a report first fetched before the deadline was on time).
All SQL is parameterised.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote

from datasette import hookimpl
from datasette.utils.asgi import Response
from markupsafe import Markup, escape

from crawler.deadlines import MAX_DATE_TEXT, deadline, parse_date
from publish.snapshot import DB_NAME

AGENCY_ID = re.compile(r"^[0-9A-Za-z_-]{1,64}$")
MAX_REPORTS = 300  # reports listed on one agency page (a real agency has one a year); the rest are counted
# chart groups: requests and their outcomes; reconsiderations and lawsuits (a smaller scale)
FIGURES = {"new_received": "requests", "granted": "requests", "partially_granted": "requests",
           "total_processed": "requests", "reconsideration_total": "review", "litigation_total": "review"}
FIGURE_LABELS = {
    "new_received": "本年新收申请 new requests",
    "granted": "予以公开 granted",
    "partially_granted": "部分公开 partly granted",
    "total_processed": "办理结果总计 total outcomes",
    "reconsideration_total": "行政复议 reconsiderations",
    "litigation_total": "行政诉讼 lawsuits",
}


def timeliness(year: Any, publish_date: Any, first_seen: Any, agency: str | None = None) -> dict[str, Any]:
    """How a report's publication relates to its deadline.

    ``state`` is ``on_time``, ``late`` (``days`` after the deadline, from the site's date),
    ``on_time_by_fetch`` (no usable site date, but first fetched by the deadline),
    ``unknown`` (no usable site date and first fetched after it: it may have been on time).
    """
    if not isinstance(year, int) or not 1990 <= year <= 2100:
        return {"state": "unknown", "deadline": None, "date": None, "days": None, "source": None}
    due, _rule = deadline(year, agency)
    published = parse_date(publish_date)
    if published is not None:
        days = (published - due).days
        return {"state": "late" if days > 0 else "on_time", "deadline": due.isoformat(),
                "date": published.isoformat(), "days": days, "source": "site"}
    fetched = parse_date(first_seen)
    if fetched is not None and fetched <= due:
        return {"state": "on_time_by_fetch", "deadline": due.isoformat(), "date": fetched.isoformat(),
                "days": (fetched - due).days, "source": "first_fetch"}
    return {"state": "unknown", "deadline": due.isoformat(), "date": fetched.isoformat() if fetched else None,
            "days": (fetched - due).days if fetched else None, "source": "first_fetch" if fetched else None}


def agency_path(datasette: Any, agency_id: str) -> str:
    return datasette.urls.path("/agency/" + quote(agency_id, safe=""))


def _database(datasette: Any) -> Any:
    try:
        return datasette.get_database(DB_NAME)
    except KeyError:
        return datasette.get_database()


async def _has_table(db: Any, name: str) -> bool:
    return bool((await db.execute("select 1 from sqlite_master where name = ? and type = 'table'", [name])).rows)


async def agency(datasette, request) -> Response:
    agency_id = request.url_vars["agency_id"]
    if not AGENCY_ID.match(agency_id):
        return Response.html("bad agency id", status=400)
    db = _database(datasette)
    row = (await db.execute("select id, name, district, site from agencies where id = ?", [agency_id])).first()
    reports = [dict(r) for r in (await db.execute(
        """select r.id, r.year, r.title, r.template, r.status, r.first_seen, r.last_seen, r.agency, r.district,
                  r.site,
                  (select count(*) from documents d where d.report_id = r.id) as documents,
                  (select count(*) from documents d join versions v on v.document_id = d.id
                   where d.report_id = r.id) as versions,
                  (select min(d.publish_date) from documents d
                   where d.report_id = r.id and d.publish_date is not null and d.publish_date != '') as publish_date
           from reports r where r.agency_id = ? order by r.year, r.first_seen limit ?""",
        [agency_id, MAX_REPORTS + 1])).rows]
    more = len(reports) > MAX_REPORTS
    reports = reports[:MAX_REPORTS]
    if row is None and not reports:
        return Response.html(await datasette.render_template(
            "agency.html", {"agency": None, "agency_id": agency_id, "database": db.name}, request=request),
            status=404)
    info = dict(row) if row else {"id": agency_id, "name": reports[0]["agency"], "district": reports[0]["district"],
                                  "site": reports[0]["site"]}
    panel: dict[int, dict[str, Any]] = {}
    if await _has_table(db, "panel"):
        for p in (await db.execute("select * from panel where agency_id = ? order by year", [agency_id])).rows:
            p = dict(p)
            p["litigation_total"] = _sum(p.get("litigation_direct_total"),
                                         p.get("litigation_after_reconsideration_total"))
            panel[p["year"]] = p
    wide: dict[str, dict[str, Any]] = {}
    if await _has_table(db, "statistics_wide"):
        wide = {w["report_id"]: dict(w) for w in (await db.execute(
            """select report_id, new_received, granted, total_processed, grant_rate, checks_failing
               from statistics_wide where agency_id = ?""", [agency_id])).rows}
    for r in reports:
        r["timeliness"] = timeliness(r["year"], r["publish_date"], r["first_seen"], r.get("agency") or info.get("name"))
        r["figures"] = wide.get(r["id"])
        if isinstance(r["publish_date"], str) and len(r["publish_date"]) > MAX_DATE_TEXT:
            r["publish_date"] = r["publish_date"][:MAX_DATE_TEXT] + "…"
    years = sorted({y for y in panel} | {r["year"] for r in reports if isinstance(r["year"], int)})
    rows = [{"year": y, "panel": panel.get(y), "reports": [r for r in reports if r["year"] == y]} for y in years]
    undated = [r for r in reports if not isinstance(r["year"], int)]
    chart = [{"year": str(y), "group": group, "measure": FIGURE_LABELS[f], "value": p.get(f)}
             for y, p in sorted(panel.items()) for f, group in FIGURES.items() if p.get("has_report")]
    rates = [{"year": str(y), "grant_rate": p.get("grant_rate")} for y, p in sorted(panel.items())
             if p.get("has_report") and p.get("grant_rate") is not None]
    summary = {
        "years": len(rows),
        "with_report": sum(1 for x in rows if x["reports"] and any(r["status"] != "removed" for r in x["reports"])),
        "late": sum(1 for r in reports if r["timeliness"]["state"] == "late"),
        "versions": sum(r["versions"] or 0 for r in reports),
    }
    if more:
        summary["not_listed"] = (await db.execute("select count(*) from reports where agency_id = ?",
                                                  [agency_id])).first()[0] - MAX_REPORTS
    context = {"agency": info, "agency_id": agency_id, "rows": rows, "undated": undated, "summary": summary,
               "chart": chart, "rates": rates, "database": db.name,
               "dashboard_qs": "agency=" + quote(info["name"] or "", safe="")}
    return Response.html(await datasette.render_template("agency.html", context, request=request))


def _sum(*values: Any) -> Any:
    present = [v for v in values if isinstance(v, int | float)]
    return sum(present) if present else None


def _row_value(row: Any, key: str) -> Any:
    """A column of the rendered row (a sqlite3.Row or Datasette's CustomRow), or None."""
    try:
        value = row[key]
    except (KeyError, IndexError, TypeError):
        return None
    return value.get("value") if isinstance(value, dict) else value


@hookimpl
def render_cell(row, value, column, table, datasette):
    """Agency ids and names link to the agency page (the name shown where the key is expanded)."""
    if column == "agency_id":
        if isinstance(value, dict):  # a foreign key Datasette expanded to {"value": id, "label": name}
            key, label = value.get("value"), value.get("label")
        else:
            key, label = value, value
        if isinstance(key, str) and AGENCY_ID.match(key):
            return Markup(f'<a href="{escape(agency_path(datasette, key))}">{escape(label or key)}</a>')
        return None
    if column == "agency" or (table == "agencies" and column == "name"):
        key = _row_value(row, "id" if table == "agencies" else "agency_id")
        if isinstance(value, str) and isinstance(key, str) and AGENCY_ID.match(key):
            return Markup(f'<a href="{escape(agency_path(datasette, key))}">{escape(value)}</a>')
    return None


@hookimpl
def register_routes():
    return [(r"^/agency/(?P<agency_id>[^/]+)$", agency)]
