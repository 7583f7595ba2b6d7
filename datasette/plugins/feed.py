"""An Atom feed of new, changed and removed reports, /feed.atom, from ``last_run_changes``.

Why: a researcher following an agency or a district wants to hear when a report appears,
is amended or disappears without visiting the site every night; a feed reader does that.
Each entry is one report's change in one run, newest runs first, linked to the version
permalink (new, changed) or the report page (removed).

Why not datasette-atom: it needs a SQL query per feed URL and is not a dependency; this
route is small, every query uses an index (``runs`` is one row a night; ``last_run_changes``
is read through its (run_id, change) index), and the XML comes from an autoescaped template
(``datasette/templates/feed.atom.xml``). Site text can hold characters XML 1.0 forbids
(control characters); they are replaced by U+FFFD, never dropped silently.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from datasette import hookimpl
from datasette.utils.asgi import Response

MAX_ENTRIES = 200  # entries in the feed
MAX_RUNS = 30  # runs looked at (newest first) to fill it
CHANGES = ("new", "changed", "removed")
CHANGE_WORDS = {"new": ("新增", "New"), "changed": ("修改", "Changed"), "removed": ("删除", "Removed")}
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
TAG_PART = re.compile(r"[^0-9A-Za-z._-]+")
SHA256 = re.compile(r"^[0-9a-f]{64}$")


def xml_text(value: Any) -> str:
    """Text safe for XML 1.0 (characters it forbids become U+FFFD); '' for null."""
    return NOT_XML.sub("\ufffd", str(value)) if value is not None else ""


def rfc3339(value: Any) -> str | None:
    """An ISO timestamp as Atom's date (RFC 3339, UTC); None when it is not one."""
    if not isinstance(value, str):
        return None
    try:
        when = dt.datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)  # the database's timestamps are UTC (docs/CONTRACTS.md)
    return when.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def entry(row: dict[str, Any], run: dict[str, Any], absolute) -> dict[str, Any]:
    """One Atom entry for one report's change in one run (``absolute`` makes a path a full URL)."""
    change = row["change"]
    zh, en = CHANGE_WORDS[change]
    sha = row.get("sha256") if isinstance(row.get("sha256"), str) and SHA256.match(row["sha256"]) else None
    report_id = row.get("report_id")
    if report_id and sha and change != "removed":
        link = absolute(f"/report/{report_id}/version/{sha}")
    elif report_id:
        link = absolute(f"/report/{report_id}")
    elif isinstance(row.get("url"), str) and row["url"].lower().startswith(("http://", "https://")):
        link = xml_text(row["url"])
    else:
        link = absolute("/")  # a URL of another scheme is never handed to a feed reader
    what = f"{row.get('agency') or '?'} {row.get('year') or '?'}年度报告"
    summary = " · ".join(str(p) for p in (row.get("district"), row.get("agency"), row.get("year"),
                                          row.get("kind"), row.get("url"),
                                          f"sha256 {sha}" if sha else None, f"run {run['id']}") if p)
    tag = "/".join(TAG_PART.sub("_", str(p)) for p in (run["id"], change, report_id or row.get("url"), (sha or "")[:16]))
    return {"id": f"tag:nianbao,2026:{tag}", "title": xml_text(f"{zh} {en}: {what}"), "link": link,
            "updated": rfc3339(row.get("at")) or rfc3339(run.get("ended_at")) or rfc3339(run.get("started_at"))
            or "1970-01-01T00:00:00Z",
            "summary": xml_text(summary), "change": change}


async def changes(db, limit: int = MAX_ENTRIES) -> list[dict[str, Any]]:
    """Entries of the newest runs: one per report, change and run (a report's page and attachments are one)."""
    tables = set(await db.table_names())
    if not {"runs", "last_run_changes"} <= tables:
        return []
    runs = [dict(r) for r in (await db.execute(
        "select id, started_at, ended_at from runs order by started_at desc limit ?", [MAX_RUNS])).rows]
    out: list[tuple[dict[str, Any], dict[str, Any]]] = []
    seen: set[tuple[Any, ...]] = set()
    for run in runs:
        if len(out) >= limit:
            break
        rows = (await db.execute(
            """select change, report_id, agency, district, year, url, kind, sha256, at from last_run_changes
               where run_id = ? and change in ('new', 'changed', 'removed') limit ?""",
            [run["id"], 4 * (limit - len(out))])).rows
        for r in rows:
            key = (run["id"], r["change"], r["report_id"] or r["url"])
            if key in seen:
                continue
            seen.add(key)
            out.append((dict(r), run))
            if len(out) >= limit:
                break
    return out


def _database(datasette):
    try:
        return datasette.get_database("nianbao")
    except KeyError:
        return datasette.get_database()


async def feed(datasette, request) -> Response:
    db = _database(datasette)

    root = str(datasette.absolute_url(request, datasette.urls.path("/")))  # once: it parses the request

    def absolute(path: str) -> str:
        return root + path.lstrip("/")

    found = await changes(db)
    entries = [entry(r, run, absolute) for r, run in found]
    entries.sort(key=lambda e: e["updated"], reverse=True)
    updated = entries[0]["updated"] if entries else None
    if updated is None:
        latest = (await db.execute("select max(started_at) as at from runs")).first() \
            if "runs" in set(await db.table_names()) else None
        updated = rfc3339(latest["at"] if latest else None) or "1970-01-01T00:00:00Z"
    context = {"feed_id": absolute("/feed.atom"), "home": absolute("/"), "updated": updated, "entries": entries,
               "title": xml_text((datasette.metadata("title") or "nianbao") + " — 新增、修改、删除的报告 / "
                                 "new, changed and removed reports")}
    body = await datasette.render_template("feed.atom.xml", context, request=request)
    return Response(body, content_type="application/atom+xml; charset=utf-8")


@hookimpl
def register_routes():
    return [(r"^/feed\.atom$", feed)]
