"""Build the published, read-only copy of the database that Datasette serves.

Why a snapshot: Datasette serves the database immutable (``-i``) with counts from
``inspect-data.json``; an immutable file must never change under it, yet the nightly
run writes to ``nianbao.db``. So each run ends by bringing a build copy up to date — two
alternate (``<data>/publish/a``, ``b``: publish/slots.py), each following the working
database by its change log (publish/incremental.py), with what researchers need built there
(materialised statistics, the cross-year panel, helper views for the canned queries, the
search index) — writing the inspect file, and turning the link ``<data>/publish/nianbao.db``
to that copy. A running ``nianbao serve`` notices the new inspect file and swaps Datasette
without refusing a connection (crawler/serve.py).

Derived objects (all documented in ``datasette/metadata.yml``):
  statistics_long   table: one row per cell of each report's best extraction, labelled from the codebook
                    (indexed, keyset-streamable; built by publish/statistics.py)
  statistics_wide   table: one row per report, headline figures and grant rate
  panel             table: agency x year over every year since the agency's first report
  failing_checks    table: checks that fail on each report's best extraction, with the check's sentence
  codebook_keys     table: every cell key of both templates with Chinese and English labels and unit
  codebook_checks   table: every check with its formula and a sentence in Chinese and English
  missing_years     view: agency-years with no report (from ``ledger`` when it exists)
  originals         view: every archived version of every document, with its download path
  last_run_changes  table: what was new, changed, missing or removed in each run
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import sqlite_utils

from crawler.config import Config
from publish.agencies import build_agencies
from publish.codebook import build_codebook
from publish.incremental import (
    COUNTS_NAME,
    Changed,
    build_mark,
    prune_change_log,
    seed,
    table_counts,
    update_build,
    usable,
)
from publish.search_index import build_search_index, refresh_search_index
from publish.slots import free_slot, other, point, served_file
from publish.statistics import build_statistics_long, refresh_statistics_long

log = logging.getLogger(__name__)

SPEC_PATH = Path(__file__).resolve().parents[1] / "extract" / "spec" / "template.json"
DB_NAME = "nianbao"
# key of the inspect entry holding view row counts (read by datasette/plugins/view_counts.py)
VIEW_COUNTS_KEY = "views"

# review_litigation groups and columns, from the template (kept in the spec; read at run time)
REVIEW_GROUPS = ("reconsideration", "litigation_direct", "litigation_after_reconsideration")
REVIEW_COLUMNS = ("upheld", "corrected", "other", "pending", "total")


def publish_dir(cfg: Config) -> Path:
    return cfg.data_dir / "publish"


def published_db_path(cfg: Config) -> Path:
    """The file Datasette serves (its stem is the database name in URLs: /nianbao)."""
    return publish_dir(cfg) / f"{DB_NAME}.db"


def inspect_path(cfg: Config) -> Path:
    return publish_dir(cfg) / "inspect-data.json"


def load_spec() -> dict[str, Any]:
    return json.loads(SPEC_PATH.read_text(encoding="utf-8"))


def publish(cfg: Config, *, full: bool = False) -> Path:
    """Apply the night's changes to the copy nobody reads, turn the served link to it, write the inspect file.

    Two build copies alternate (publish/slots.py); each follows the working database by its
    change log (publish/incremental.py), so a night costs in proportion to what it changed;
    ``full`` rebuilds the copy from scratch. A copy that cannot follow (new schema, first
    publish) is seeded from the served one by a file copy, or built in full. The link
    (``published_db_path``) turns before the inspect file is replaced: ``nianbao serve`` swaps
    Datasette when the inspect file changes. Raises ``FileNotFoundError`` when there is no
    database yet; any other failure leaves the published snapshot as it was.
    """
    if not cfg.db_path.exists():
        raise FileNotFoundError(f"no database at {cfg.db_path}: run `nianbao run` first")
    out = publish_dir(cfg)
    out.mkdir(parents=True, exist_ok=True)
    link = published_db_path(cfg)
    started = time.perf_counter()
    with _publish_lock(out):
        target = free_slot(out, DB_NAME, link)
        current = served_file(link)
        if (not full and current is not None and current != target.resolve()
                and not usable(cfg.db_path, target) and usable(cfg.db_path, current)):
            seed(current, target)  # a file copy: cheaper than building this copy from scratch
        result = update_build(cfg.db_path, target, build, refresh, full=full)
        counted = time.perf_counter()
        inspect = _inspect(target, link, result.version, result.changed)
        counted = time.perf_counter() - counted
        tmp_inspect = out / "inspect-data.tmp.json"
        tmp_inspect.write_text(json.dumps(inspect, indent=2, ensure_ascii=False), encoding="utf-8")
        if link.exists() and not link.is_symlink():
            link.unlink()  # a snapshot file from before the two copies
        point(link, target)
        os.replace(tmp_inspect, inspect_path(cfg))
        marks = [build_mark(f) for f in (target, other(out, DB_NAME, target)) if f.exists()]
        prune_change_log(cfg.db_path, min(marks))
    changed = result.changed
    log.info("published %s in %.1f s: %s build %.1f s%s, inspect %.1f s", target, time.perf_counter() - started,
             result.mode, result.seconds,
             f" ({len(changed.report_ids)} reports changed)" if changed else f" ({result.reason})", counted)
    return link


@contextmanager
def _publish_lock(out: Path) -> Iterator[None]:
    """One publish at a time per data directory (the nightly run and ``nianbao publish`` may meet)."""
    with open(out / ".publish.lock", "a+b") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def build(db: sqlite_utils.Database) -> None:
    """Create every derived object in ``db`` (a snapshot; safe to call again).

    A stage added here must also be added to ``refresh`` (for the changed reports, or whole
    when that is cheap): tests/test_publish_incremental.py compares both builds row by row.
    """
    spec = load_spec()
    db.conn.execute("PRAGMA journal_mode = DELETE")
    db.conn.execute("PRAGMA temp_store = MEMORY")
    _indexes(db)
    _statistics_wide(db, spec)
    _panel(db)
    build_codebook(db, spec)
    build_agencies(db)
    _views(db)
    build_statistics_long(db)
    build_search_index(db)
    db.conn.execute("PRAGMA analysis_limit = 1000")  # approximate statistics: seconds, not minutes
    db.conn.execute("ANALYZE")
    db.conn.commit()


def refresh(db: sqlite_utils.Database, changed: Changed) -> None:
    """Bring the derived objects of a built snapshot up to date for ``changed`` reports only.

    Called by publish/incremental.py inside the transaction that copied the night's rows; the
    codebook and the indexes depend only on the spec and the schema, whose change rebuilds fully.
    The archive's ``sections_fts`` follows ``sections`` through its own triggers.
    """
    spec = load_spec()
    ids = changed.report_ids
    if ids:  # each stage below costs a scan or two even for no report: a night that changed none skips them
        _statistics_wide(db, spec, ids)
    if ids or changed.agency_ids:
        _panel(db, changed.agency_ids)
        build_agencies(db)  # the key and indexes exist already: a check, no rebuild
    if changed.runs_changed:
        _refresh_gone_documents(db)
    if ids or changed.unowned:
        _refresh_materialised(db, ids)
    refresh_statistics_long(db, ids)
    refresh_search_index(db, ids)


def _indexes(db: sqlite_utils.Database) -> None:
    """Indexes the report page and the views need (idempotent, snapshot only)."""
    for table, cols in [("cells", ["extraction_id"]), ("checks_failing", ["extraction_id"]),
                        ("checks_failing", ["report_id"]), ("documents", ["report_id"]),
                        ("versions", ["document_id"]), ("fetches", ["url"]), ("fetches", ["run_id"]),
                        ("extractions", ["report_id"]), ("sections", ["extraction_id"]),
                        ("reports", ["agency_id", "year"]), ("report_best", ["extraction_id"]),
                        # reports?_facet=agency groups every report: an index scan instead of a sort
                        ("reports", ["agency"]), ("sections", ["report_id"])]:
        if table in db.table_names():
            db[table].create_index(cols, if_not_exists=True, find_unique_name=True)


def wide_columns(spec: dict[str, Any]) -> list[tuple[str, str]]:
    """(column name, SQL expression over the pivot ``p``) of ``statistics_wide``, in order.

    Application figures are the template's 总计 (total) column; the refusal reasons are
    kept one by one and summed per group; reconsiderations and lawsuits keep their outcomes.
    """
    rows = [r["key"] for r in spec["tables"]["applications"]["rows"]]
    cols: list[tuple[str, str]] = []
    for key in ("new_received", "carried_over", "granted", "partially_granted"):
        cols.append((key, f"p.{key}"))
    for prefix, name in (("withheld_", "withheld"), ("unavailable_", "unavailable"),
                         ("not_processed_", "not_processed"), ("other_", "other_processed")):
        members = [r for r in rows if r.startswith(prefix)]
        if prefix == "other_":  # 2019 prints the total row; 2021 only its three parts
            parts = [r for r in members if r != "other_total"]
            cols.append((name, "coalesce(p.other_total, " + _sum_expr(parts) + ")"))
            cols.extend((r, f"p.{r}") for r in members)
            continue
        cols.append((name, _sum_expr(members)))
        cols.extend((r, f"p.{r}") for r in members)
    cols.append(("total_processed", "p.total"))
    cols.append(("carried_forward", "p.carried_forward"))
    for group in REVIEW_GROUPS:
        for col in REVIEW_COLUMNS:
            cols.append((f"{group}_{col}", f"p.{group}_{col}"))
    cols.append(("grant_rate", "round(p.granted / nullif(p.total, 0), 4)"))
    cols.append(("grant_or_partial_rate",
                 "round((coalesce(p.granted, 0) + coalesce(p.partially_granted, 0)) / nullif(p.total, 0), 4)"))
    return cols


def _sum_expr(keys: list[str]) -> str:
    """Sum of nullable figures that stays null only when every part is null."""
    if not keys:
        return "null"
    parts = " + ".join(f"coalesce(p.{k}, 0)" for k in keys)
    nulls = " and ".join(f"p.{k} is null" for k in keys)
    return f"(case when {nulls} then null else {parts} end)"


def _as_count(expr: str) -> str:
    """Counts are stored as REAL in ``cells``; publish whole numbers as integers (362, not 362.0)."""
    return f"(case when ({expr}) = cast(({expr}) as integer) then cast(({expr}) as integer) else ({expr}) end)"


def _statistics_wide(db: sqlite_utils.Database, spec: dict[str, Any], report_ids: set[str] | None = None) -> None:
    """One row per report; with ``report_ids``, only those reports' rows are replaced (incremental)."""
    app_rows = [r["key"] for r in spec["tables"]["applications"]["rows"]]
    pivot = [f"max(case when c.tbl = 'applications' and c.row = '{r}' and c.col = 'total' then c.value end) as {r}"
             for r in app_rows]
    pivot += [f"max(case when c.tbl = 'review_litigation' and c.row = '{g}' and c.col = '{c}' then c.value end)"
              f" as {g}_{c}" for g in REVIEW_GROUPS for c in REVIEW_COLUMNS]
    columns = wide_columns(spec)
    figures = ",\n  ".join(f"{expr} as {name}" for name, expr in columns)
    published = ",\n  ".join(f"f.{name}" if name.endswith("_rate") else f"{_as_count('f.' + name)} as {name}"
                              for name, _ in columns)
    scoped = report_ids is not None and "statistics_wide" in db.table_names()
    if scoped:
        _scope(db, report_ids or set())
        db.execute("delete from statistics_wide where report_id in (select id from temp.nb_scope)")
    else:
        db.execute("drop table if exists statistics_wide")
    db.execute(f"""
{"insert into statistics_wide" if scoped else "create table statistics_wide as"}
with p as (
  select b.report_id, b.extraction_id,
  {", ".join(pivot)}
  from report_best b
  left join cells c on c.extraction_id = b.extraction_id
    and ((c.tbl = 'applications' and c.col = 'total') or c.tbl = 'review_litigation')
  {"where b.report_id in (select id from temp.nb_scope)" if scoped else ""}
  group by b.report_id
), f as (
  select p.report_id, p.extraction_id,
  {figures}
  from p
)
select r.id as report_id, r.agency_id, r.agency, r.district, r.site, r.year,
  coalesce(e.template, r.template) as template, r.status,
  {published},
  (select count(*) from checks_failing x where x.extraction_id = f.extraction_id) as checks_failing,
  f.extraction_id
from f join reports r on r.id = f.report_id
left join extractions e on e.id = f.extraction_id
order by r.district, r.agency, r.year
""")
    db["statistics_wide"].create_index(["report_id"], unique=True, if_not_exists=True)
    db["statistics_wide"].create_index(["district", "year"], if_not_exists=True)
    db["statistics_wide"].create_index(["agency_id", "year"], if_not_exists=True)


PANEL_FIGURES = ("new_received", "carried_over", "granted", "partially_granted", "withheld", "unavailable",
                 "not_processed", "other_processed", "total_processed", "carried_forward",
                 "reconsideration_total", "reconsideration_corrected", "litigation_direct_total",
                 "litigation_direct_corrected", "litigation_after_reconsideration_total",
                 "litigation_after_reconsideration_corrected", "grant_rate")


def _panel(db: sqlite_utils.Database, agency_ids: set[str] | None = None) -> None:
    """Agency x year from each agency's first report to the newest year in the archive.

    With ``agency_ids`` only those agencies' rows are replaced (incremental), unless the
    archive's first or last year moved: then every agency gains or loses years, and all is rebuilt.

    A year with no (active) report stays in the panel with ``has_report = 0`` so gaps
    are visible; ``carry_over_chain`` compares this year's 上年结转 with last year's
    结转下年度 (the cross-report check of the template).
    """
    figures = ", ".join(f"w.{f}" for f in PANEL_FIGURES)
    scoped = agency_ids is not None and "panel" in db.table_names() and (
        db.execute("select min(year), max(year) from reports where year is not null").fetchone()
        == db.execute("select min(year), max(year) from panel").fetchone())
    if scoped:
        _scope(db, agency_ids or set())
        db.execute("delete from panel where agency_id in (select id from temp.nb_scope)")
    else:
        db.execute("drop table if exists panel")
    only = "and agency_id in (select id from temp.nb_scope)" if scoped else ""
    db.execute(f"""
{"insert into panel" if scoped else "create table panel as"}
with recursive bounds as (
  select min(year) as lo, max(year) as hi from reports where year is not null
), years(year) as (
  select lo from bounds where lo is not null
  union all select year + 1 from years, bounds where year < bounds.hi
), agency_first as (
  select agency_id, min(year) as first_year, max(agency) as agency, max(district) as district, max(site) as site
  from reports where year is not null and agency_id is not null {only} group by agency_id
), best as (
  select r.agency_id, r.year, min(r.id) as report_id
  from reports r join report_best b on b.report_id = r.id
  where (r.status is null or r.status != 'removed') {only.replace("agency_id", "r.agency_id")}
  group by r.agency_id, r.year
)
select af.agency_id, coalesce(a.name, af.agency) as agency, coalesce(a.district, af.district) as district,
  coalesce(a.site, af.site) as site, y.year,
  best.report_id, case when best.report_id is null then 0 else 1 end as has_report,
  {figures},
  lag(w.carried_forward) over (partition by af.agency_id order by y.year) as previous_carried_forward,
  case
    when w.carried_over is null or lag(w.carried_forward) over (partition by af.agency_id order by y.year) is null
      then null
    when w.carried_over = lag(w.carried_forward) over (partition by af.agency_id order by y.year) then 'ok'
    else 'mismatch'
  end as carry_over_chain
from agency_first af
left join agencies a on a.id = af.agency_id
join years y on y.year >= af.first_year
left join best on best.agency_id = af.agency_id and best.year = y.year
left join statistics_wide w on w.report_id = best.report_id
order by 3, 2, y.year
""")
    db["panel"].create_index(["agency_id", "year"], unique=True, if_not_exists=True)
    db["panel"].create_index(["district", "year"], if_not_exists=True)
    db["panel"].create_index(["has_report"], if_not_exists=True)


# helper objects the canned queries aggregate over: tables (with indexes), not views, so the
# queries stay fast on a national archive; the rest stay views (cheap to page through)
MATERIALISED: dict[str, list[list[str]]] = {
    "failing_checks": [["report_id"], ["check_key"]],
    "last_run_changes": [["run_id", "change"], ["report_id"]],
}


def _view_sql(db: sqlite_utils.Database) -> dict[str, str]:
    """Name -> SQL of the helper views and of the MATERIALISED tables."""
    ledger = "ledger" in db.table_names()
    missing_sql = (
        "select agency_id, agency, district, site, year, due_date, 'ledger' as source from ledger "
        "where status = 'missing'"
        if ledger else
        "select agency_id, agency, district, site, year, null as due_date, 'panel' as source from panel "
        "where has_report = 0"
    )
    return {
        "failing_checks": """
select f.report_id, r.agency, r.district, r.year, f.check_key, k.sentence_zh as check_zh,
  k.sentence_en as check_en, f.col as "column", {amount} as amount, f.verdict, f.extraction_id
from checks_failing f
join report_best b on b.extraction_id = f.extraction_id
join reports r on r.id = b.report_id
left join codebook_checks k on k.check_key = f.check_key and k.scope = 'report'""".replace(
            "{amount}", _as_count("f.amount")),
        "missing_years": missing_sql,
        "originals": """
select d.report_id, r.agency, r.year, d.id as document_id, d.url, d.kind, d.format, d.status as document_status,
  v.sha256, v.size, coalesce(bl.mime, d.mime) as mime, coalesce(bl.original_name, d.name) as original_name,
  v.first_seen, v.last_seen, '/original/' || v.sha256 as download
from versions v
join documents d on d.id = v.document_id
left join reports r on r.id = d.report_id
left join blobs bl on bl.sha256 = v.sha256""",
        "last_run_changes": """
select f.run_id, case when exists (
    select 1 from versions older where older.document_id = v.document_id and older.first_seen < v.first_seen
  ) then 'changed' else 'new' end as change,
  d.report_id, r.agency, r.district, r.year, d.url, d.kind, v.sha256, v.first_seen as at
from versions v
join fetches f on f.id = v.first_fetch_id
join documents d on d.id = v.document_id
left join reports r on r.id = d.report_id
union all
select case when d.status = 'removed'
    then (select run.id from runs run where run.started_at <= d.removed_at order by run.started_at desc limit 1)
    else (select run.id from runs run where run.started_at > d.last_seen order by run.started_at limit 1)
  end as run_id,
  d.status as change, d.report_id, r.agency, r.district, r.year, d.url, d.kind,
  d.current_sha256 as sha256, coalesce(d.removed_at, d.last_seen) as at
from documents d
left join reports r on r.id = d.report_id
where d.status in ('missing', 'removed')""",
    }


def _views(db: sqlite_utils.Database) -> None:
    for name, sql in _view_sql(db).items():
        kind = db.execute("select type from sqlite_master where name = ?", [name]).fetchone()
        if kind:
            db.execute(f"drop {kind[0]} {name}")
        if name in MATERIALISED:
            db.execute(f"create table {name} as {sql}")
            for cols in MATERIALISED[name]:
                db[name].create_index(cols, if_not_exists=True)
        else:
            db.execute(f"create view {name} as {sql}")


def _refresh_materialised(db: sqlite_utils.Database, report_ids: set[str]) -> None:
    """Replace the MATERIALISED rows of ``report_ids`` (and those of no report) from their SQL."""
    _scope(db, report_ids)
    where = "report_id in (select id from temp.nb_scope) or report_id is null"
    for name, sql in _view_sql(db).items():
        if name in MATERIALISED:
            db.execute(f"delete from {name} where {where}")
            db.execute(f"insert into {name} select * from ({sql}) where {where}")


def _refresh_gone_documents(db: sqlite_utils.Database) -> None:
    """Re-date the missing and removed documents of ``last_run_changes`` (a few rows).

    The run each is listed under is looked up in ``runs``, so any new run may move them, while
    their reports did not change; rebuilding these rows beats refreshing all their reports.
    """
    if "last_run_changes" not in db.table_names():
        return
    sql = _view_sql(db)["last_run_changes"]
    arms = sql.split("\nunion all\n")  # the second arm lists the documents that are gone
    gone = arms[1] if len(arms) == 2 else f"select * from ({sql}) where change in ('missing', 'removed')"
    db.execute("delete from last_run_changes where change in ('missing', 'removed')")
    db.execute(f"insert into last_run_changes {gone}")


def _scope(db: sqlite_utils.Database, ids: set[str]) -> None:
    """``temp.nb_scope``: the ids an incremental stage works on (SQL joins it instead of long IN lists)."""
    db.execute("create temp table if not exists nb_scope (id text primary key) without rowid")
    db.execute("delete from temp.nb_scope")
    db.conn.executemany("insert or ignore into temp.nb_scope values (?)", [(i,) for i in ids if i is not None])


def _inspect(target: Path, link: Path, version: str, changed: Changed | None = None) -> dict[str, Any]:
    """Datasette's inspect data for a build copy (the shape of ``datasette inspect``), keyed by the served name.

    The hash names the content (full build and change-log mark) instead of hashing gigabytes.
    After an incremental build, a table's count is the count this copy had at its last publish
    (``counts.json`` beside it, kept with the change-log mark it belongs to) plus the rows the
    night added and removed (publish/row_tally.py); only tables without a tally are counted.
    """
    counts_file = target.with_name(COUNTS_NAME)
    previous = None
    if changed is not None and counts_file.exists():
        try:
            kept = json.loads(counts_file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            kept = None
        if isinstance(kept, dict) and kept.get("mark") == changed.base_mark and isinstance(kept.get("tables"), dict):
            previous = kept["tables"]
    tables = table_counts(target, previous, changed.deltas if previous is not None and changed else None)
    counts_file.write_text(json.dumps({"mark": build_mark(target), "tables": tables}), encoding="utf-8")
    entry: dict[str, Any] = {"hash": version, "size": target.stat().st_size, "file": str(link), "tables": tables}
    # Counting a view over millions of cells on every page view would hit the SQL time limit,
    # so views are counted once now. They go under "views", not "tables": Datasette's database
    # page treats every "tables" key as a table (foreign keys, primary keys) and answered 500
    # for a view there (issue 13). datasette/plugins/view_counts.py hands these counts to
    # Datasette's table view at startup.
    entry[VIEW_COUNTS_KEY] = _view_counts(target)
    return {DB_NAME: entry}


def _view_counts(path: Path) -> dict[str, dict[str, int]]:
    """``{view: {"count": n}}`` for every view in the snapshot, in Datasette's inspect shape."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        names = [n for (n,) in conn.execute("select name from sqlite_master where type = 'view' order by name")]
        return {n: {"count": conn.execute(f"select count(*) from [{n}]").fetchone()[0]} for n in names}
    finally:
        conn.close()
