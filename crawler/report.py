"""The end of every run: decide its outcome, write the run report, notify.

Why here and not in the runner: the outcome depends on history (a site that found
40 reports last night and 3 tonight is broken even though nothing raised), and the
same code must also close runs that never reached their end (killed, crashed,
timed out), so it lives apart from the crawl itself.

``finish_run`` reads ``runs``/``run_sites`` (filled by the runner), flags broken
sites against the previous runs, fills the run's totals, writes
``runs/<id>.md`` and ``.html`` into the data directory, stores the Markdown in
``runs.report_markdown`` (shown by Datasette), rebuilds the ledger, and sends the
notification. Exit code: 0 ok, 1 some site broken, 2 the run failed.
"""

from __future__ import annotations

import datetime as dt
import html
import logging
import os
import re
import sqlite3
import statistics
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlite_utils
from sqlite_utils.db import NotFoundError

from crawler import report_sources
from crawler.config import Config, env_float, env_int
from crawler.lock import is_locked, read_holder

log = logging.getLogger(__name__)

EXIT_CODES = {"ok": 0, "broken": 1, "failed": 2}
SITE_COUNTS = ("requests", "reports_found", "new", "changed", "removed", "unreachable",
               "failed_fetches", "extraction_failures")
RUN_TOTALS = ("requests", "new", "changed", "removed", "failed_fetches", "extraction_failures")
DETAIL_LIMIT = 50


def now_iso() -> str:
    """UTC now, the timestamp format of every table."""
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def open_db(cfg: Config, *, readonly: bool = False) -> sqlite_utils.Database:
    """The run database, created with the archive's schema when that module exists.

    Adapter: ``archive.db.open_db`` owns the schema; until it exists (or in unit tests
    that build their own tables) a plain sqlite-utils handle does. ``readonly`` is for
    readers next to a running run (status, the scheduler): they must never take a write
    lock, not even for creating the schema.
    """
    if readonly:
        conn = sqlite3.connect(f"{cfg.db_path.resolve().as_uri()}?mode=ro", uri=True)
        conn.execute("PRAGMA busy_timeout = 30000")
        return sqlite_utils.Database(conn)
    try:
        from archive.db import open_db as archive_open_db
    except ImportError:
        archive_open_db = None
    if archive_open_db is not None:
        db = archive_open_db(cfg.db_path)
    else:
        cfg.db_path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite_utils.Database(cfg.db_path)
    db.execute("PRAGMA busy_timeout = 30000")
    return db


# ---------------------------------------------------------------- broken-site detection


@dataclass
class SiteVerdict:
    """What the detector concluded about one site in one run."""

    status: str  # ok | broken | unreachable
    reasons: list[str]


def _int(value: Any) -> int | None:
    try:
        return None if value is None else int(value)
    except (TypeError, ValueError):
        return None


def judge_site(row: dict[str, Any], history: list[dict[str, Any]]) -> SiteVerdict:
    """Judge one ``run_sites`` row against the same site's earlier healthy runs.

    Broken when: the runner already said so; no request was made; every request
    failed (unreachable); pages stopped matching the spider (``layout_errors`` or a
    ``reason`` from the spider); no reports at all; or far fewer reports than the
    median of the previous healthy runs (``NIANBAO_BROKEN_RATIO``, default 0.5, once
    that median is at least ``NIANBAO_BROKEN_MIN_BASELINE``, default 4).
    """
    status = row.get("status") if row.get("status") in ("broken", "unreachable") else "ok"
    # A reason the runner copied from the spider's ``broken_reason`` stat means the pages
    # stopped matching the spider; on a re-judged row it is our own earlier verdict.
    reasons: list[str] = [r for r in str(row.get("reason") or "").split("; ") if r]
    if reasons and status == "ok":
        status = "broken"
    requests = _int(row.get("requests"))
    failed = _int(row.get("failed_fetches")) or 0
    found = _int(row.get("reports_found"))
    baseline_rows = [h for h in history if _int(h.get("reports_found")) is not None]
    baseline = statistics.median(int(h["reports_found"]) for h in baseline_rows) if baseline_rows else None

    if requests == 0:
        status = "unreachable" if status == "ok" else status
        reasons.append("no request was made to the site")
    elif requests is not None and failed >= requests:
        status = "unreachable"
        reasons.append(f"every request failed ({failed} of {requests})")
    layout_errors = _int(row.get("layout_errors")) or 0
    if layout_errors:
        status = "broken" if status == "ok" else status
        why = f": {row['broken_reason']}" if row.get("broken_reason") else ""
        reasons.append(f"{layout_errors} page(s) no longer match the spider{why}")
    if found is not None and (status == "ok" or baseline):  # history adds context to the crawler's verdict
        ratio = env_float("NIANBAO_BROKEN_RATIO", 0.5)
        min_base = env_int("NIANBAO_BROKEN_MIN_BASELINE", 4)
        if found == 0:
            status = "broken" if status == "ok" else status
            if baseline:
                reasons.append(f"no reports found, where the previous {len(baseline_rows)} run(s) found {baseline:g} "
                               "(median)")
            else:
                reasons.append("no reports found, and no earlier run found any either")
        elif baseline is not None and baseline >= min_base and found < ratio * baseline:
            status = "broken" if status == "ok" else status
            reasons.append(f"only {found} reports found, far fewer than the usual {baseline:g} "
                           f"(median of the previous {len(baseline_rows)} run(s))")
    return SiteVerdict(status, list(dict.fromkeys(reasons)))


def site_history(db: sqlite_utils.Database, run: dict[str, Any], site: str) -> list[dict[str, Any]]:
    """The site's rows from earlier finished runs in which it was healthy, newest first."""
    limit = env_int("NIANBAO_BROKEN_HISTORY", 5)
    return list(db.query(
        """select rs.* from run_sites rs join runs r on r.id = rs.run_id
           where rs.site = :site and rs.run_id != :id and rs.status = 'ok'
             and r.outcome in ('ok', 'broken') and r.started_at < :started
           order by r.started_at desc limit :limit""",
        {"site": site, "id": run["id"], "started": run.get("started_at") or "", "limit": limit}))


# ---------------------------------------------------------------- stale runs


def _pid_alive(pid: int | None) -> bool:
    if not pid:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def recover_stale_runs(cfg: Config, *, exclude: str | None = None, reason: str | None = None,
                       pids: set[int] | None = None) -> list[str]:
    """Close ``running`` rows whose process is gone; write their reports; return their ids.

    A row is stale when its pid is dead, or when another process holds the run lock
    (the lock dies with its process, so a live pid without the lock is a reused pid);
    a row without a pid is stale when nobody holds the lock. With ``pids``, the rows of
    those (known dead) processes are closed: the scheduler's own child.
    """
    if not cfg.db_path.exists():
        return []
    db = open_db(cfg, readonly=True)
    if "runs" not in db.table_names():
        return []
    holder = read_holder(cfg.lock_path) if is_locked(cfg.lock_path) else None
    locked = is_locked(cfg.lock_path)
    closed: list[str] = []
    for run in list(db.query("select id, pid from runs where outcome = 'running'")):
        pid = _int(run.get("pid"))
        if run["id"] == exclude:
            continue
        if pids is not None:
            stale = pid in pids or (pid is None and not locked)
        elif pid:
            stale = not _pid_alive(pid) or (holder is not None and holder != pid)
        else:
            stale = not locked
        if not stale:
            continue
        why = reason or (f"the run's process (pid {pid}) ended before the run finished "
                         "(killed, crashed or the machine went down)")
        fail_run(cfg, run["id"], why)
        closed.append(run["id"])
    for run_id, pid in _killed_while_publishing(cfg, exclude, holder):
        if pids is not None and pid not in pids and pid is not None:
            continue
        marker = publishing_marker(cfg, run_id)
        if db.execute("select 1 from runs where id = ?", [run_id]).fetchone():
            fail_run(cfg, run_id, f"the run's process (pid {pid}) ended while publishing: the snapshot "
                                  "Datasette serves may be the previous one")
            closed.append(run_id)
        marker.unlink(missing_ok=True)
    return closed


def fail_run(cfg: Config, run_id: str, reason: str) -> int:
    """Record ``run_id`` as failed with ``reason`` and write its report; returns 2."""
    db = open_db(cfg)
    row = db["runs"].get(run_id) if "runs" in db.table_names() else None
    if row is None:
        log.warning("cannot mark run %s failed: no such run", run_id)
        return EXIT_CODES["failed"]
    error = f"{row['error']}; {reason}" if row.get("error") and reason not in row["error"] else reason
    db["runs"].update(run_id, {"outcome": "failed", "error": error,
                               "ended_at": row.get("ended_at") or now_iso()})
    return finish_run(cfg, run_id, recover=False)


def record_failed_start(cfg: Config, *, started_at: str, pid: int, reason: str) -> int:
    """A scheduled run whose process died before it recorded itself: give it a ``runs``
    row (so ``nianbao status``, the report and the notification show it); returns 2."""
    stamp = re.sub(r"[^0-9TZ]", "", started_at)[:16] or "unknown"
    run_id = f"{stamp}-sched{pid}"
    open_db(cfg)["runs"].insert({"id": run_id, "started_at": started_at, "ended_at": now_iso(),
                                 "outcome": "failed", "mode": None, "trigger": "schedule", "pid": pid,
                                 "error": reason}, replace=True)
    return finish_run(cfg, run_id, recover=False)


# ---------------------------------------------------------------- details for the report


def _query(db: sqlite_utils.Database, sql: str, params: dict[str, Any]) -> list[dict[str, Any]]:
    """Run a detail query; a missing table or column (another part not built yet) gives []."""
    try:
        return list(db.query(sql, params))
    except sqlite3.OperationalError as exc:
        log.debug("run report detail skipped: %s", exc)
        return []


def run_details(db: sqlite_utils.Database, run: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """Lists behind the counts: new reports, changed/removed documents, failures with reasons."""
    p = {"run": run["id"], "start": run.get("started_at") or "", "end": run.get("ended_at") or now_iso(),
         "limit": DETAIL_LIMIT}
    return {
        "new reports": _query(db, """select site, agency, year, title from reports
            where first_seen >= :start and first_seen <= :end order by site, agency, year limit :limit""", p),
        "changed documents": _query(db, """select d.site, d.url from versions v
            join fetches f on f.id = v.first_fetch_id join documents d on d.id = v.document_id
            where f.run_id = :run and exists (select 1 from versions o where o.document_id = v.document_id
              and o.id != v.id and o.first_seen < v.first_seen) order by d.site, d.url limit :limit""", p),
        "removed documents": _query(db, """select site, url, removed_at from documents
            where removed_at >= :start and removed_at <= :end order by site, url limit :limit""", p),
        "missing documents (not seen this run; removed if still gone next time)": _query(db, """select site, url,
            'missed ' || missing_runs || ' run(s)' as missed from documents
            where status = 'missing' order by site, url limit :limit""", p),
        "failed fetches": _query(db, """select url, status, error from fetches
            where run_id = :run and outcome = 'failed' order by url limit :limit""", p),
        "pages fetched and not kept (not annual reports)": _query(db, """select url, error from fetches
            where run_id = :run and outcome = 'dropped' order by url limit :limit""", p),
        "extraction failures": _query(db, """select d.site, coalesce(d.url, e.document_id) as url, e.error
            from extractions e left join documents d on d.id = e.document_id
            where e.status = 'failed' and e.created_at >= :start and e.created_at <= :end
            order by d.site, url limit :limit""", p),
    }


# ---------------------------------------------------------------- rendering


_MD_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "|": "\\|", "[": "\\[", "]": "\\]",
                             "`": "\\`", "\n": " ", "\r": " "})


def _cell(value: Any) -> str:
    """One value taken from a site (title, URL, name, error) as inert Markdown text.

    Why all of these: the report's Markdown is also what a notification sends (apprise renders
    Markdown to HTML with raw HTML allowed) and what a Markdown viewer shows, so ``<script>``
    becomes entities, link syntax (``[x](javascript:…)``) and code spans lose their brackets and
    backticks, and a ``|`` cannot split a table row (issue 12, point 3).
    """
    text = "" if value is None else str(value)
    return text.translate(_MD_ESCAPES)


def _fenced(text: str) -> str:
    """Text for a fenced code block: a fence inside it cannot close the block early."""
    return text.replace("```", "'''").replace("~~~", "'''")


def duration(start: str | None, end: str | None) -> str:
    try:
        secs = (dt.datetime.fromisoformat(end) - dt.datetime.fromisoformat(start)).total_seconds()
    except (TypeError, ValueError):
        return ""
    minutes, seconds = divmod(int(secs), 60)
    hours, minutes = divmod(minutes, 60)
    days, hours = divmod(hours, 24)
    if days:
        return f"{days} d {hours} h"
    if hours:
        return f"{hours} h {minutes} min"
    return f"{minutes} min {seconds} s" if minutes else f"{seconds} s"


def render_markdown(run: dict[str, Any], sites: list[dict[str, Any]], details: dict[str, list[dict[str, Any]]],
                    missing_reports: int | None, sources: dict[str, Any] | None = None) -> str:
    """The run report as Markdown: summary, one row per site, the sources each site's crawl went
    through (``crawler.report_sources``), the lists with reasons."""
    outcome = run.get("outcome") or "?"
    problem = [s for s in sites if s.get("status") not in (None, "ok")]
    lines = [f"# nianbao run {run['id']}: {outcome.upper()}", ""]
    if outcome == "failed":
        first, _, rest = (run.get("error") or "no reason recorded").strip().partition("\n")
        lines += [f"**The run failed:** {_cell(first)}", ""]
        if rest.strip():
            lines += ["```", _fenced(rest.rstrip()), "```", ""]
    elif problem:
        lines += [f"**{len(problem)} site(s) need attention:** "
                  + ", ".join(f"{_cell(s['site'])} ({_cell(s['status'])})" for s in problem), ""]
    if _int(run.get("extraction_failures")):
        lines += [f"**{run['extraction_failures']} document(s) could not be extracted** (reasons below).", ""]
    summary = [
        ("started", run.get("started_at")), ("ended", run.get("ended_at")),
        ("duration", duration(run.get("started_at"), run.get("ended_at"))),
        ("mode / trigger", f"{run.get('mode') or '?'} / {run.get('trigger') or '?'}"),
        ("requests", run.get("requests")), ("bytes", run.get("bytes")),
        ("new / changed / removed", f"{run.get('new') or 0} / {run.get('changed') or 0} / {run.get('removed') or 0}"),
        ("failed fetches", run.get("failed_fetches")), ("extraction failures", run.get("extraction_failures")),
    ]
    if missing_reports is not None:
        summary.append(("reports missing (ledger)", missing_reports))
    lines += ["| | |", "| --- | --- |", *(f"| {k} | {_cell(v)} |" for k, v in summary), ""]
    lines += ["## Sites", ""]
    if sites:
        head = ["site", "status", *SITE_COUNTS, "reason"]
        lines += ["| " + " | ".join(h.replace("_", " ") for h in head) + " |", "|" + " --- |" * len(head)]
        for s in sites:
            lines.append("| " + " | ".join(_cell(s.get(h)) for h in head) + " |")
    else:
        lines.append("No site was crawled.")
    lines.append("")
    lines += report_sources.render_markdown(sources or {}, _cell)
    for title, rows in details.items():
        if not rows:
            continue
        more = f" (first {DETAIL_LIMIT})" if len(rows) >= DETAIL_LIMIT else ""
        lines += [f"## {title[0].upper()}{title[1:]}{more}", ""]
        for r in rows:
            lines.append("- " + " · ".join(_cell(v) for v in r.values() if v not in (None, "")))
        lines.append("")
    return "\n".join(lines)


# Markdown features that would pass site text through as markup: raw HTML, and links/images
# (a title like "[x](javascript:…)" would become a live link). The report uses none of them.
_UNSAFE_INLINE = ("html", "link", "image_link", "image_reference", "reference", "short_reference",
                  "short_image_ref", "autolink", "automail")


def render_html(markdown_text: str, title: str) -> str:
    """A self-contained HTML page of the report (no external assets: it is read offline).

    The Markdown holds text taken from the sites (titles, URLs, names, error messages), so raw
    HTML and link syntax are switched off: every such value reaches the page escaped.
    """
    import markdown

    md = markdown.Markdown(extensions=["tables", "fenced_code"])
    md.preprocessors.deregister("html_block")
    for name in _UNSAFE_INLINE:
        if name in md.inlinePatterns:
            md.inlinePatterns.deregister(name)
    body = md.convert(markdown_text)
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<title>{html.escape(title)}</title><style>body{{font-family:sans-serif;max-width:70em;margin:2em auto}}"
            "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.2em .5em;text-align:left}"
            "</style></head><body>\n" + body + "\n</body></html>\n")


def _report_stem(run_id: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]", "_", run_id)


# ---------------------------------------------------------------- the entry point


def finish_run(cfg: Config, run_id: str, *, recover: bool = True) -> int:
    """Decide the run's outcome, write its report, rebuild the ledger, notify; return 0/1/2.

    Also closes earlier runs left ``running`` by a killed process (``recover``), so the
    history the broken-site detection reads is never stuck.
    """
    from crawler import notify
    from crawler.ledger import rebuild_ledger

    if recover:
        try:
            recover_stale_runs(cfg, exclude=run_id)
        except Exception as exc:
            log.warning("could not close stale runs: %s", exc)
    db = open_db(cfg)
    runs = db["runs"]
    runs.add_missing_columns([{"report_markdown": ""}])
    try:
        run = runs.get(run_id)
    except NotFoundError:
        log.error("finish_run: no run %r in %s", run_id, cfg.db_path)
        return EXIT_CODES["failed"]
    ended_at = run.get("ended_at") or now_iso()
    sites = list(db.query("select * from run_sites where run_id = ? order by site", [run_id])) \
        if "run_sites" in db.table_names() else []

    if run.get("outcome") == "failed" or run.get("error"):
        outcome = "failed"
    elif not sites:
        outcome = "failed"
        run["error"] = "no site was crawled"
    else:
        outcome = "ok"
    for s in sites:
        verdict = judge_site(s, site_history(db, run, s["site"]))
        s["status"], s["reason"] = verdict.status, "; ".join(verdict.reasons) or None
        db["run_sites"].update((run_id, s["site"]), {"status": s["status"], "reason": s["reason"]})
        if verdict.status != "ok" and outcome == "ok":
            outcome = "broken"

    update: dict[str, Any] = {"outcome": outcome, "ended_at": ended_at, "error": run.get("error")}
    for col in RUN_TOTALS:
        if run.get(col) is None and sites:
            update[col] = sum(_int(s.get(col)) or 0 for s in sites)
    run.update(update)

    missing: int | None = None
    try:
        missing = rebuild_ledger(db, replica=_mode(db, run) == "replica")
    except Exception as exc:  # the ledger is a by-product; never lose the run over it
        log.warning("ledger not rebuilt: %s", exc)

    try:
        markdown_text = render_markdown(run, sites, run_details(db, run), missing,
                                        report_sources.run_sources(db, run_id))
    except Exception as exc:  # the outcome still gets recorded
        log.exception("run report not rendered")
        markdown_text = f"# nianbao run {run_id}: {outcome.upper()}\n\n(the report could not be rendered: {exc})\n"
    md_path = cfg.runs_dir / f"{_report_stem(run_id)}.md"
    try:  # a full disk must not lose the outcome: the row below is written regardless
        cfg.runs_dir.mkdir(parents=True, exist_ok=True)
        _write_atomic(md_path, markdown_text)
        _write_atomic(md_path.with_suffix(".html"), render_html(markdown_text, f"nianbao run {run_id}"))
        update["report_path"] = _relative(md_path, cfg.data_dir)
    except Exception as exc:
        log.warning("run report file not written: %s", exc)
    update["report_markdown"] = markdown_text
    runs.update(run_id, update)

    if notify.should_notify(outcome):
        title = f"nianbao run {run_id}: {outcome}"
        notify.send(title, _notification_body(markdown_text, md_path), outcome=outcome)
    log.info("run %s finished: %s (report %s)", run_id, outcome, md_path)
    return EXIT_CODES[outcome]


def _write_atomic(path: Path, text: str) -> None:
    """Write a report file whole or not at all (a full disk once left a 0-byte report)."""
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def publishing_marker(cfg: Config, run_id: str) -> Path:
    """The file the runner holds while it publishes: a run killed then is not ``ok``."""
    return cfg.runs_dir / f".{_report_stem(run_id)}.publishing"


def _killed_while_publishing(cfg: Config, exclude: str | None, holder: int | None = None
                             ) -> list[tuple[str, int | None]]:
    """Runs whose publishing marker outlived their process: (run id, pid)."""
    out: list[tuple[str, int | None]] = []
    if not cfg.runs_dir.is_dir():
        return out
    for marker in cfg.runs_dir.glob(".*.publishing"):
        run_id = marker.name[1:-len(".publishing")]
        try:
            pid = _int(marker.read_text(encoding="utf-8").strip())
        except OSError:
            pid = None
        if run_id != exclude and (not _pid_alive(pid) or (holder is not None and holder != pid)):
            out.append((run_id, pid))
    return out


def _mode(db: sqlite_utils.Database, run: dict[str, Any]) -> str | None:
    """The run's mode, or for a run that died before knowing it, the latest recorded one."""
    if run.get("mode"):
        return run["mode"]
    row = db.execute("select mode from runs where mode is not null order by started_at desc limit 1").fetchone()
    return row[0] if row else None


def _relative(path: Path, base: Path) -> str:
    try:
        return str(path.relative_to(base))
    except ValueError:
        return str(path)


def _notification_body(markdown_text: str, md_path: Path) -> str:
    """The report up to its detail lists (the message stays short), plus where the rest is."""
    head = markdown_text.split("\n## ", 2)
    short = "\n## ".join(head[:2])
    return f"{short}\n\nFull report: {md_path}"
