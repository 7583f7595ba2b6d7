"""``nianbao status``: what the operator asks first in the morning — did last night work?

Prints whether a run or a scheduler is active now, then the last runs (newest first)
with their outcome, counts and the sites that need attention, where each run's report
is, and per site the columns and catalogues that yielded nothing or disappeared.
"""

from __future__ import annotations

from pathlib import Path

import click
import sqlite_utils

from crawler.config import Config
from crawler.lock import is_locked, read_holder, scheduler_lock_path
from crawler.registry import REGISTRY_PATH, Site
from crawler.report_sources import attention

COLUMNS = ("id", "started", "took", "outcome", "trigger", "new", "chg", "rem", "failed", "x-fail", "problems")


def print_status(cfg: Config, *, limit: int = 10, registry: list[Site] | None = None) -> int:
    """Print the lock state, the last ``limit`` runs, and per site the configured columns and
    catalogues that yielded nothing in its last run and the catalogues gone; with ``registry``
    (the merged one ``--sites`` gives) also the operator's sites not crawled yet.
    Return 0 (1 if the database is unreadable)."""
    for path, what in ((cfg.lock_path, "run"), (scheduler_lock_path(cfg), "scheduler")):
        if is_locked(path):
            pid = read_holder(path)
            click.echo(f"A {what} is active now (pid {pid or '?'}).")
    if not cfg.db_path.exists():
        click.echo(f"No runs yet (no database at {cfg.db_path}).")
        return 0
    from crawler.report import duration, open_db, recover_stale_runs

    if not is_locked(cfg.lock_path):  # nobody runs: close what a killed run left open (issue 12)
        try:
            recover_stale_runs(cfg)
        except Exception as exc:  # noqa: BLE001 - a read-only disk must not hide the status
            click.echo(f"(could not close killed runs: {exc})", err=True)
    try:
        db = open_db(cfg, readonly=True)
        if "runs" not in db.table_names():
            click.echo("No runs yet.")
            return 0
        runs = list(db.query("select * from runs order by started_at desc limit ?", [limit]))
        problems = _problem_sites(db, [r["id"] for r in runs])
        missing = _missing_reports(db)
        sources = attention(db)
        crawled = {r["key"] for r in db.query("select key from sites")} if "sites" in db.table_names() else set()
    except Exception as exc:
        click.echo(f"Cannot read {cfg.db_path}: {exc}", err=True)
        return 1
    if not runs:
        click.echo("No runs yet.")
        return 0
    rows = [COLUMNS]
    for r in runs:
        if r.get("outcome") == "running" and not _alive(r.get("pid")):
            r["outcome"] = "killed"  # its process is gone (closed as failed by the next run)
            r["error"] = r.get("error") or "the run's process ended before the run finished"
        rows.append((
            str(r["id"]), (r.get("started_at") or "")[:19].replace("T", " "),
            duration(r.get("started_at"), r.get("ended_at")) if r.get("ended_at") else "",
            r.get("outcome") or "?", r.get("trigger") or "", *(_n(r.get(c)) for c in
            ("new", "changed", "removed", "failed_fetches", "extraction_failures")),
            problems.get(r["id"], "") or (r.get("error") or "").strip().split("\n")[0][:80],
        ))
    widths = [max(len(row[i]) for row in rows) for i in range(len(COLUMNS))]
    for row in rows:
        click.echo("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())
    last = runs[0]
    if last.get("report_path"):
        click.echo(f"\nLast report: {cfg.data_dir / last['report_path']}")
    if missing is not None:
        click.echo(f"Expected reports missing (ledger): {missing}")
    _print_sources(sources)
    _print_uncrawled(registry or [], crawled)
    return 0


def _print_sources(per_site: dict[str, dict[str, list[dict]]]) -> None:
    """Columns and catalogues to look at, per site (``crawler.report_sources.attention``)."""
    if not per_site:
        return
    click.echo("\nSources to look at (columns and catalogues):")
    for site, groups in per_site.items():
        click.echo(f"  {site}:")
        for r in groups.get("yielded nothing", []):
            click.echo(f"    configured, yielded nothing ({r.get('why')}): {r.get('kind')} {r['url']}")
        for r in groups.get("gone", []):
            click.echo(f"    gone since {(r.get('gone_since') or '?')[:10]} (last seen {(r.get('last_seen') or '?')[:10]}):"
                       f" {r.get('kind')} {r['url']}")


def _print_uncrawled(registry: list[Site], crawled: set[str]) -> None:
    """Sites of the operator's own registry file that no run has crawled yet."""
    mine = [s for s in registry if s.source and Path(s.source).resolve() != REGISTRY_PATH.resolve()
            and s.key not in crawled]
    for s in mine:
        click.echo(f"Not crawled yet: {s.key} ({s.base_url}, from {s.source}): nianbao run --sites {s.source} --site {s.key}")


def _alive(pid: object) -> bool:
    from crawler.report import _pid_alive

    try:
        return _pid_alive(int(pid)) if pid else False
    except (TypeError, ValueError):
        return False


def _n(value: object) -> str:
    return "" if value is None else str(value)


def _problem_sites(db: sqlite_utils.Database, run_ids: list[str]) -> dict[str, str]:
    """For each run, its non-ok sites as ``by:broken, hp:unreachable``."""
    if not run_ids or "run_sites" not in db.table_names():
        return {}
    marks = ",".join("?" for _ in run_ids)
    out: dict[str, list[str]] = {}
    for row in db.query(f"select run_id, site, status from run_sites where run_id in ({marks}) "
                        "and status is not null and status != 'ok' order by site", run_ids):
        out.setdefault(row["run_id"], []).append(f"{row['site']}:{row['status']}")
    return {k: ", ".join(v) for k, v in out.items()}


def _missing_reports(db: sqlite_utils.Database) -> int | None:
    if "ledger" not in db.table_names():
        return None
    return db.execute("select count(*) from ledger where status = 'missing'").fetchone()[0]
