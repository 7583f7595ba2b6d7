"""The run report's and ``nianbao status``'s view of the ``sources`` tables (``archive/sources.py``).

Why a module of its own: the run report and the status command ask the same questions —
which columns and catalogues did a site's crawl go through, which are new, which configured
ones yielded nothing, which disappeared — and must answer them the same way.
Everything here reads the database only; a database without the tables gives empty answers.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import sqlite_utils

log = logging.getLogger(__name__)

SOURCES_LIMIT = 200  # rows per site in the report's table (a district has a few dozen departments)


@dataclass
class SiteSources:
    """One site's sources as seen by one run."""

    site: str
    found: list[dict[str, Any]] = field(default_factory=list)       # seen this run, with ``reports``, ``new``
    yielded_nothing: list[dict[str, Any]] = field(default_factory=list)  # configured, 0 reports (or not seen)
    gone: list[dict[str, Any]] = field(default_factory=list)        # declared gone by this run
    missing: list[dict[str, Any]] = field(default_factory=list)     # not seen this run, not gone yet


def _rows(db: sqlite_utils.Database, sql: str, params: list[Any]) -> list[dict[str, Any]]:
    try:
        return list(db.query(sql, params))
    except sqlite3.OperationalError as exc:  # an older database without the tables
        log.debug("sources skipped: %s", exc)
        return []


def run_sources(db: sqlite_utils.Database, run_id: str, sites: list[str] | None = None) -> dict[str, SiteSources]:
    """Per site, what run ``run_id`` confirmed (only sites with any source row)."""
    out: dict[str, SiteSources] = {}

    def get(site: str) -> SiteSources:
        return out.setdefault(site, SiteSources(site))

    for r in _rows(db, """select s.*, sr.reports as reports, sr.ok as run_ok,
                             (s.first_run_id = ?) as new from source_runs sr join sources s on s.id = sr.source_id
                          where sr.run_id = ? order by s.site, s.kind desc, s.url""", [run_id, run_id]):
        get(r["site"]).found.append(r)
        if r["configured"] and not r["reports"]:
            get(r["site"]).yielded_nothing.append({**r, "why": "0 reports" if r["run_ok"] else "could not be read"})
    crawled = {r["site"] for r in _rows(db, "select site from run_sites where run_id = ?", [run_id])}
    for r in _rows(db, """select * from sources where last_run_id != ? and
                          (gone_run_id = ? or (status = 'active' and missing_runs > 0)) order by site, url""",
                   [run_id, run_id]):
        if r["site"] not in crawled:
            continue
        (get(r["site"]).gone if r["gone_run_id"] == run_id else get(r["site"]).missing).append(r)
        if r["configured"]:
            get(r["site"]).yielded_nothing.append({**r, "reports": 0, "why": "not reached this run"})
    if sites is not None:
        out = {k: v for k, v in out.items() if k in sites}
    return dict(sorted(out.items()))


def attention(db: sqlite_utils.Database) -> dict[str, dict[str, list[dict[str, Any]]]]:
    """For ``nianbao status``: per site, the configured sources that yielded nothing in the site's
    last run with sources, and every source that is gone."""
    out: dict[str, dict[str, list[dict[str, Any]]]] = {}
    last = {r["site"]: r["run_id"] for r in _rows(db, """select s.site as site, max(sr.run_id) as run_id
        from source_runs sr join sources s on s.id = sr.source_id group by s.site""", [])}
    for site, run_id in sorted(last.items()):
        nothing = run_sources(db, run_id, [site]).get(site)
        if nothing and nothing.yielded_nothing:
            out.setdefault(site, {})["yielded nothing"] = nothing.yielded_nothing
    for r in _rows(db, "select * from sources where status = 'gone' order by site, url", []):
        out.setdefault(r["site"], {}).setdefault("gone", []).append(r)
    return dict(sorted(out.items()))


def _label(r: dict[str, Any]) -> str:
    name = f" {r['name']}" if r.get("name") else ""
    return f"{r.get('kind') or 'source'} {r['url']}{name}"


def render_markdown(per_site: dict[str, SiteSources], cell: Callable[[Any], str]) -> list[str]:
    """The report's "Sources" section: one sub-section per site (``cell`` escapes table values)."""
    if not per_site:
        return []
    lines = ["## Sources: columns and catalogues", ""]
    for site, s in per_site.items():
        new = sum(1 for r in s.found if r.get("new"))
        cats = sum(1 for r in s.found if r.get("kind") == "catalogue")
        lines += [f"### {cell(site)}", "",
                  f"{len(s.found)} source(s) crawled ({cats} catalogue(s), {len(s.found) - cats} column(s)), "
                  f"{new} new this run, {sum(r['reports'] or 0 for r in s.found)} report(s) through them.", ""]
        if s.found:
            head = ("kind", "url", "name", "found via", "reports", "")
            lines += ["| " + " | ".join(head) + " |", "|" + " --- |" * len(head)]
            for r in s.found[:SOURCES_LIMIT]:
                mark = ", ".join(m for m, on in (("new", r.get("new")), ("configured", r.get("configured")),
                                                  ("not readable", not r.get("run_ok"))) if on)
                lines.append("| " + " | ".join(cell(v) for v in (r.get("kind"), r.get("url"), r.get("name"),
                                                                  r.get("found_via"), r.get("reports"), mark)) + " |")
            if len(s.found) > SOURCES_LIMIT:
                lines.append(f"\n(first {SOURCES_LIMIT} of {len(s.found)})")
            lines.append("")
        for title, rows, extra in (
            ("Configured but yielded nothing", s.yielded_nothing, lambda r: r.get("why")),
            ("Disappeared (gone)", s.gone, lambda r: f"last seen {r.get('last_seen')}"),
            ("Not seen this run (gone if still absent next time)", s.missing,
             lambda r: f"missed {r.get('missing_runs')} run(s), last seen {r.get('last_seen')}"),
        ):
            if rows:
                lines += [f"**{title}:**", ""]
                lines += [f"- {cell(_label(r))} · {cell(extra(r))}" for r in rows]
                lines.append("")
    return lines
