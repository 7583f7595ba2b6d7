"""Keep a persistent build copy of the database up to date with only the rows a night changed.

Why: publishing copied the whole working database (``VACUUM INTO``) and rebuilt every derived
object each night: 9.2 s at 6,200 reports, minutes at 100,000, although a night changes a few
hundred reports. Here ``<data>/publish/build.db`` is a mirror of the working database (the same
rows under the same rowids) plus the derived objects of ``publish.snapshot.build``. Every write
to a table of ``archive/db.py`` is logged by triggers in ``_changes`` (seq, table, rowid); a
publish applies the rows logged since the build's mark (``PRAGMA user_version``) in one
transaction, works out which reports those rows change, and lets ``publish.snapshot.refresh``
rebuild the derived rows of those reports only.

A full rebuild (backup of the working database, then ``build``) happens on the first publish,
with ``--full``, and whenever the build cannot be trusted to follow: the working database's
schema, the template spec or the publishing code changed (``fingerprint``), the working file is
another file than the one mirrored (restored from a backup), or its log is behind the mark.

Columns that change every night without changing any derived object (``last_seen`` and the
like, ``BOOKKEEPING``) are still copied, but do not make a report "changed"; otherwise an
unchanged night would refresh every report. tests/test_publish_incremental.py checks that an
incremental build and a full one hold the same rows in every published table.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlite_utils

from archive.db import CHANGE_LOG
from publish.row_tally import end_tally, start_tally

log = logging.getLogger(__name__)

STATE_NAME = "build.json"  # beside each copy: the fingerprint it was built with
COUNTS_NAME = "counts.json"  # beside each copy: its row counts and the change-log mark they belong to
ROOT = Path(__file__).resolve().parents[1]
# what the derived objects are made from besides the working schema: any change rebuilds fully
CODE_INPUTS = (ROOT / "extract" / "spec" / "template.json", *sorted((ROOT / "publish").glob("*.py")))

# columns no derived object reads, updated on every sighting; copied, but a change here alone
# does not make a report changed (a night that only re-sees reports refreshes nothing)
BOOKKEEPING: dict[str, frozenset[str]] = {
    "reports": frozenset({"last_seen"}),
    "documents": frozenset({"last_seen", "missing_runs", "last_run_id", "etag", "last_modified"}),
    "versions": frozenset({"last_seen", "last_fetch_id"}),
    "extractions": frozenset({"attempts"}),
}
# above this share of reports changed, refresh the planner's statistics (ANALYZE)
ANALYZE_SHARE = 0.05


@dataclass
class Changed:
    """What a publish changed: reports and agencies whose derived rows must be rebuilt."""

    report_ids: set[str] = field(default_factory=set)
    agency_ids: set[str] = field(default_factory=set)
    runs_changed: bool = False
    unowned: bool = False  # a changed row belongs to no report (a document without one, its versions)
    base_mark: int = 0  # the copy's change-log mark before this publish
    deltas: dict[str, int] = field(default_factory=dict)  # table -> rows added minus removed (row_tally)
    rows: dict[str, int] = field(default_factory=dict)  # table -> rowids applied
    full_copies: list[str] = field(default_factory=list)  # tables copied whole (no change log)


@dataclass
class BuildResult:
    mode: str  # "full" or "incremental"
    seconds: float
    changed: Changed | None = None
    reason: str = ""
    version: str = ""  # names the content: full build id and change-log mark (Datasette's hash)


def fingerprint(work: sqlite3.Connection, schema: str = "main") -> str:
    """Hash of the working schema (tables, indexes, triggers) and of the publishing code."""
    h = hashlib.sha256()
    for row in work.execute(f"select type, name, coalesce(sql, '') from {schema}.sqlite_master "
                            "order by type, name"):
        h.update("\x1f".join(row).encode())
    for path in CODE_INPUTS:
        h.update(path.name.encode())
        h.update(path.read_bytes())
    return h.hexdigest()


def _identity(work_path: Path) -> list[int]:
    st = work_path.stat()
    return [st.st_dev, st.st_ino]


def update_build(work_path: Path, target: Path, build: Callable[[sqlite_utils.Database], None],
                 refresh: Callable[[sqlite_utils.Database, Changed], None], *, full: bool = False) -> BuildResult:
    """Bring the build copy ``target`` up to date with ``work_path``: incrementally when it can be trusted."""
    start = time.perf_counter()
    state_file = target.with_name(STATE_NAME)
    reason = _full_reason(work_path, target, state_file, full)
    if reason is None:
        changed = _incremental(work_path, target, refresh)
        if changed is not None:
            return BuildResult("incremental", time.perf_counter() - start, changed, version=version(target))
        reason = "the working change log is behind the build"
    log.info("full publish build: %s", reason)
    _full(work_path, target, state_file, build)
    return BuildResult("full", time.perf_counter() - start, reason=reason, version=version(target))


def version(target: Path) -> str:
    """A name for the content of a build copy: which full build it grew from and its log mark."""
    state = json.loads(target.with_name(STATE_NAME).read_text(encoding="utf-8"))
    return hashlib.sha256(f"{state['build_id']}:{build_mark(target)}".encode()).hexdigest()


def usable(work_path: Path, target: Path) -> bool:
    """Whether ``target`` can be brought up to date incrementally (else it needs a full build)."""
    return _full_reason(work_path, target, target.with_name(STATE_NAME), False) is None


def seed(source: Path, target: Path) -> None:
    """Make ``target`` a copy of the build copy ``source`` (cheaper than a full build of its own)."""
    tmp = target.with_name(target.name + ".seed")
    target.with_name(STATE_NAME).unlink(missing_ok=True)
    shutil.copyfile(source, tmp)
    os.replace(tmp, target)
    if source.with_name(COUNTS_NAME).exists():  # the same rows, the same counts (publish.snapshot._inspect)
        shutil.copyfile(source.with_name(COUNTS_NAME), target.with_name(COUNTS_NAME))
    shutil.copyfile(source.with_name(STATE_NAME), target.with_name(STATE_NAME))


def _full_reason(work_path: Path, target: Path, state_file: Path, full: bool) -> str | None:
    if full:
        return "asked for (--full)"
    if not target.exists() or not state_file.exists():
        return "no build yet"
    try:
        state = json.loads(state_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return "unreadable build state"
    if state.get("work") != _identity(work_path):
        return "the working database is another file than the one mirrored"
    conn = sqlite3.connect(f"file:{work_path}?mode=ro", uri=True)
    try:
        conn.execute("PRAGMA busy_timeout = 60000")
        if not conn.execute("select 1 from sqlite_master where name = ?", [CHANGE_LOG]).fetchone():
            return "the working database has no change log"
        if state.get("fingerprint") != fingerprint(conn):
            return "schema, template spec or publishing code changed"
    finally:
        conn.close()
    return None


def _full(work_path: Path, target: Path, state_file: Path, build: Callable[[sqlite_utils.Database], None]) -> None:
    """Copy the working database page by page (rowids kept), drop the change log, build everything."""
    tmp = target.with_name("build.tmp.db")
    for leftover in (tmp, tmp.with_name(tmp.name + "-journal"), tmp.with_name(tmp.name + "-wal")):
        leftover.unlink(missing_ok=True)
    state_file.unlink(missing_ok=True)
    try:
        src = sqlite3.connect(f"file:{work_path}?mode=ro", uri=True)
        dst = sqlite3.connect(tmp)
        try:
            src.execute("PRAGMA busy_timeout = 60000")
            src.backup(dst)  # one step: a consistent snapshot even while a run writes
            identity = _identity(work_path)
            print_ = fingerprint(src)
        finally:
            src.close()
        dst.execute("PRAGMA journal_mode = DELETE")
        mark = _drop_change_log(dst)
        dst.commit()
        db = sqlite_utils.Database(dst)
        build(db)
        dst.execute(f"PRAGMA user_version = {mark}")
        dst.commit()
        dst.close()
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    state_file.write_text(json.dumps({"fingerprint": print_, "work": identity, "build_id": os.urandom(8).hex()}),
                          encoding="utf-8")


def _drop_change_log(conn: sqlite3.Connection) -> int:
    """Remove the log and its triggers from a copy; return the highest seq the copy contains."""
    mark = 0
    if conn.execute("select 1 from sqlite_master where name = ?", [CHANGE_LOG]).fetchone():
        mark = conn.execute(f"select coalesce(max(seq), 0) from {CHANGE_LOG}").fetchone()[0]
        seq = conn.execute("select seq from sqlite_sequence where name = ?", [CHANGE_LOG]).fetchone()
        mark = max(mark, seq[0] if seq else 0)
    for (name,) in conn.execute("select name from sqlite_master where type = 'trigger' "
                                "and name like '\\_changes\\_%' escape '\\'").fetchall():
        conn.execute(f"drop trigger [{name}]")
    conn.execute(f"drop table if exists {CHANGE_LOG}")
    return mark


def mirrored_tables(conn: sqlite3.Connection, schema: str) -> tuple[list[str], set[str]]:
    """(tables to mirror, those whose writes are logged) in ``schema``.

    Virtual tables and their shadow tables are left out: the FTS index follows its content
    table through the triggers sqlite-utils made, which the build keeps.
    """
    rows = conn.execute(f"select name, sql from {schema}.sqlite_master where type = 'table'").fetchall()
    virtual = [n for n, sql in rows if (sql or "").upper().startswith("CREATE VIRTUAL TABLE")]
    names = [n for n, _ in rows if not n.startswith("sqlite_") and n != CHANGE_LOG and n not in virtual
             and not any(n.startswith(v + "_") for v in virtual)]
    logged = {n for (n,) in conn.execute(f"select name from {schema}.sqlite_master where type = 'trigger'")
              if n.startswith("_changes_") and n.endswith("_ins")}
    return sorted(names), {n for n in names if f"_changes_{n}_ins" in logged}


def _columns(conn: sqlite3.Connection, schema: str, table: str) -> list[str]:
    return [r[1] for r in conn.execute(f"pragma {schema}.table_info([{table}])")]


def _q(names: list[str]) -> str:
    return ", ".join(f"[{n}]" for n in names)


def _report_key(table: str, cols: list[str]) -> str | None:
    """SQL giving the report a row of ``table`` belongs to (over columns of the same row), if any."""
    if table == "reports":
        return "[id]"
    if "report_id" in cols:
        return "[report_id]"
    if table == "versions":
        return "(select d.report_id from main.documents d where d.id = document_id)"
    return None


def _incremental(work_path: Path, target: Path, refresh: Callable[[sqlite_utils.Database, Changed], None]
                 ) -> Changed | None:
    """Apply the logged rows in one transaction and refresh derived rows; None if the log is behind."""
    conn = sqlite3.connect(target, isolation_level=None)
    try:
        conn.execute("PRAGMA busy_timeout = 60000")
        conn.execute("PRAGMA temp_store = MEMORY")
        conn.execute("attach database ? as w", [f"file:{work_path}?mode=ro"])
        conn.execute("begin")
        lo = conn.execute("pragma main.user_version").fetchone()[0]
        seq = conn.execute("select seq from w.sqlite_sequence where name = ?", [CHANGE_LOG]).fetchone()
        hi = seq[0] if seq else 0
        if hi < lo:
            conn.execute("rollback")
            return None
        tallied = start_tally(conn)
        changed = _apply(conn, lo, hi)
        if changed.report_ids or changed.agency_ids or changed.runs_changed or changed.full_copies \
                or changed.unowned:
            refresh(sqlite_utils.Database(conn), changed)
        changed.deltas, changed.base_mark = end_tally(conn, tallied), lo
        reports = conn.execute("select count(*) from main.reports").fetchone()[0] \
            if _has_table(conn, "reports") else 0
        if len(changed.report_ids) > ANALYZE_SHARE * max(reports, 1):
            conn.execute("PRAGMA analysis_limit = 1000")
            conn.execute("ANALYZE main")
        conn.execute(f"PRAGMA main.user_version = {hi}")
        conn.execute("commit")
        conn.execute("detach database w")
        return changed
    except BaseException:
        if conn.in_transaction:
            conn.execute("rollback")
        raise
    finally:
        conn.close()


def _has_table(conn: sqlite3.Connection, name: str, schema: str = "main") -> bool:
    return conn.execute(f"select 1 from {schema}.sqlite_master where name = ?", [name]).fetchone() is not None


def _apply(conn: sqlite3.Connection, lo: int, hi: int) -> Changed:
    """Copy logged rows from ``w`` into ``main`` and collect the reports whose content changed."""
    changed = Changed()
    conn.execute("create temp table nb_chg (tbl text, rid integer, primary key (tbl, rid)) without rowid")
    conn.execute(f"insert or ignore into temp.nb_chg select tbl, rid from w.{CHANGE_LOG} "
                 "where seq > ? and seq <= ?", [lo, hi])
    names, logged = mirrored_tables(conn, "w")
    for table in names:
        cols = _columns(conn, "w", table)
        if table not in logged:  # a table made outside archive/db.py (e.g. the ledger): copy it whole
            conn.execute(f"delete from main.[{table}]")
            conn.execute(f"insert into main.[{table}] (rowid, {_q(cols)}) select rowid, {_q(cols)} from w.[{table}]")
            changed.full_copies.append(table)
            continue
        n = conn.execute("select count(*) from temp.nb_chg where tbl = ?", [table]).fetchone()[0]
        if not n:
            continue
        changed.rows[table] = n
        sel = f"(select rid from temp.nb_chg where tbl = '{table}')"
        key = _report_key(table, cols)
        differs = _differing_columns(conn, table, cols, sel)
        if key is not None and not set(differs) - BOOKKEEPING.get(table, frozenset()):
            # only bookkeeping changed in the rows both sides hold (a night that re-sees every
            # document): the reports changed are those of rows added or removed, and of gone
            # documents whose last sighting moved; no before/after comparison of every row
            changed.report_ids.update(_bookkeeping_only(conn, table, cols, key, sel, differs))
            continue
        watch = table in ("agencies", "runs") or key is not None
        if watch:
            conn.execute("drop table if exists temp.nb_old")
            conn.execute(f"create temp table nb_old as select * from main.[{table}] where rowid in {sel}")
        _copy_rows(conn, table, cols, sel, differs)
        if table == "runs":
            changed.runs_changed = True
        if table == "agencies":
            changed.agency_ids.update(r[0] for r in conn.execute(
                f"select id from temp.nb_old union select id from main.agencies where rowid in {sel}"))
        if key is not None:
            changed.report_ids.update(_content_changes(conn, table, cols, key, sel))
    if changed.agency_ids:  # a renamed agency changes the rows of its reports
        changed.report_ids.update(_in_chunks(conn, "select id from main.reports where agency_id in ({})",
                                             changed.agency_ids))
    changed.unowned = None in changed.report_ids
    changed.report_ids.discard(None)  # type: ignore[arg-type]
    if _has_table(conn, "reports"):
        conn.execute("create temp table if not exists nb_ids (id text primary key) without rowid")
        conn.executemany("insert or ignore into temp.nb_ids values (?)", [(i,) for i in changed.report_ids])
        changed.agency_ids.update(r[0] for r in conn.execute(
            "select agency_id from main.reports where id in (select id from temp.nb_ids) and agency_id is not null"))
        if "nb_old_reports" in {r[0] for r in conn.execute("select name from temp.sqlite_master")}:
            changed.agency_ids.update(r[0] for r in conn.execute(
                "select agency_id from temp.nb_old_reports where agency_id is not null"))
        conn.execute("drop table temp.nb_ids")
    conn.execute("drop table if exists temp.nb_old")
    conn.execute("drop table if exists temp.nb_old_reports")
    conn.execute("drop table temp.nb_chg")
    return changed


def _differing_columns(conn: sqlite3.Connection, table: str, cols: list[str], sel: str) -> list[str]:
    """Columns that differ (value or type) in some row of ``sel`` that both sides hold."""
    differs = ", ".join(f"max(a.[{c}] is not b.[{c}] or typeof(a.[{c}]) != typeof(b.[{c}]))" for c in cols)
    flags = conn.execute(f"select {differs} from main.[{table}] a join w.[{table}] b on b.rowid = a.rowid "
                         f"where a.rowid in {sel}").fetchone()
    return [c for c, flag in zip(cols, flags, strict=True) if flag]


def _copy_rows(conn: sqlite3.Connection, table: str, cols: list[str], sel: str, changed: list[str]) -> None:
    """Make the rows ``sel`` of ``main.table`` those of ``w.table``: delete, update in place, insert.

    In place, and only the columns that differ somewhere in the batch (``changed``, from
    ``_differing_columns``): a night that bumps ``last_seen`` on every document then rewrites
    no index (a delete and insert would rewrite all of them). ``or replace`` drops a row whose
    key the working database gave to another row by REPLACE, a delete its triggers did not see.
    """
    here = f"(select rowid from w.[{table}] where rowid in {sel})"
    conn.execute(f"delete from main.[{table}] where rowid in {sel} and rowid not in {here}")
    if changed:
        sets = ", ".join(f"[{c}] = x.[{c}]" for c in changed)
        conn.execute(f"update or replace main.[{table}] set {sets} from (select rowid as nb_rid, {_q(changed)} "
                     f"from w.[{table}] where rowid in {sel}) as x where main.[{table}].rowid = x.nb_rid")
    conn.execute(f"insert or replace into main.[{table}] (rowid, {_q(cols)}) select rowid, {_q(cols)} "
                 f"from w.[{table}] where rowid in {sel} and rowid not in "
                 f"(select rowid from main.[{table}] where rowid in {sel})")


def _bookkeeping_only(conn: sqlite3.Connection, table: str, cols: list[str], key: str, sel: str,
                      differs: list[str]) -> set[str]:
    """Copy a batch whose common rows differ in bookkeeping columns only; return the reports it changes.

    Those are the reports of rows removed (read before the copy) or added (after it), and, for
    ``documents``, of missing or removed documents whose ``last_seen`` moved (the run they are
    listed under in ``last_run_changes`` depends on it; see ``_content_changes``). What this
    returns equals what ``_content_changes`` would (tests/test_publish_incremental.py).
    """
    found: set[str] = set()
    conn.execute("drop table if exists temp.nb_old")
    conn.execute(f"create temp table nb_old as select * from main.[{table}] where rowid in {sel} "
                 f"and rowid not in (select rowid from w.[{table}] where rowid in {sel})")
    conn.execute("drop table if exists temp.nb_added")
    conn.execute(f"create temp table nb_added as select rowid as rid from w.[{table}] where rowid in {sel} "
                 f"and rowid not in (select rowid from main.[{table}] where rowid in {sel})")
    if table == "documents" and "last_seen" in differs:
        found.update(r[0] for r in conn.execute(
            f"select distinct a.{key} from main.documents a join w.documents b on b.rowid = a.rowid "
            f"where a.rowid in {sel} and a.status in ('missing', 'removed') and a.last_seen is not b.last_seen"))
    found.update(r[0] for r in conn.execute(f"select distinct {key} from temp.nb_old"))
    if table == "reports":  # the agencies of removed reports (see _apply)
        conn.execute("create temp table nb_old_reports as select * from temp.nb_old")
    _copy_rows(conn, table, cols, sel, differs)
    found.update(r[0] for r in conn.execute(
        f"select distinct {key} from main.[{table}] where rowid in (select rid from temp.nb_added)"))
    conn.execute("drop table temp.nb_added")
    return found  # None among them: a row of no report changed (Changed.unowned)


def _content_changes(conn: sqlite3.Connection, table: str, cols: list[str], key: str, sel: str) -> set[str]:
    """Reports of rows that differ between before and after, bookkeeping columns aside."""
    exprs = [f"[{c}]" for c in cols if c not in BOOKKEEPING.get(table, frozenset())]
    if table == "documents" and "last_seen" in cols:  # a missing document's run depends on last_seen
        exprs.append("case when status in ('missing', 'removed') then last_seen end as nb_last_seen")
    row = ", ".join(exprs)
    if table == "reports":
        conn.execute("create temp table nb_old_reports as select * from temp.nb_old")
    conn.execute("drop table if exists temp.nb_diff")
    conn.execute(f"""
create temp table nb_diff as
select * from (select {row} from temp.nb_old except select {row} from main.[{table}] where rowid in {sel})
union all
select * from (select {row} from main.[{table}] where rowid in {sel} except select {row} from temp.nb_old)""")
    found = {r[0] for r in conn.execute(f"select distinct {key} from temp.nb_diff")}
    conn.execute("drop table temp.nb_diff")
    return found  # None among them: a row of no report changed (Changed.unowned)


def _in_chunks(conn: sqlite3.Connection, sql: str, values: set[str]) -> set[str]:
    out: set[str] = set()
    items = sorted(values)
    for start in range(0, len(items), 500):
        chunk = items[start:start + 500]
        out.update(r[0] for r in conn.execute(sql.format(", ".join("?" * len(chunk))), chunk))
    return out


def prune_change_log(work_path: Path, mark: int) -> None:
    """Forget logged writes the build has applied (best effort: a busy database keeps them)."""
    try:
        conn = sqlite3.connect(work_path, timeout=5)
        try:
            conn.execute(f"delete from {CHANGE_LOG} where seq <= ?", [mark])
            conn.commit()
        finally:
            conn.close()
    except sqlite3.Error as exc:
        log.warning("change log not pruned (kept for the next publish): %s", exc)


def build_mark(target: Path) -> int:
    conn = sqlite3.connect(f"file:{target}?mode=ro", uri=True)
    try:
        return conn.execute("pragma user_version").fetchone()[0]
    finally:
        conn.close()


def table_counts(path: Path, previous: dict[str, Any] | None = None, deltas: dict[str, int] | None = None
                 ) -> dict[str, dict[str, int]]:
    """``{table: {"count": n}}``; with ``previous`` counts and ``deltas`` (publish/row_tally.py), a table
    whose rows were tallied is its previous count plus its tally, and only the others are counted.

    The shadow tables of FTS5 indexes (``*_data``, ``*_idx`` …) are left out: SQLite's own pages,
    never listed or shown (datasette/plugins/internal_tables.py), and counting ``*_data`` read
    every page of the index (1.4 s each for ``sections_fts`` and ``search_fts`` at 100,000 reports).
    """
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        rows = conn.execute("select name, sql from sqlite_master where type = 'table' order by name").fetchall()
        names = {n for n, _ in rows}
        virtual = [n for n, sql in rows if (sql or "").upper().startswith("CREATE VIRTUAL TABLE")]
        out: dict[str, dict[str, int]] = {}
        for name, sql in rows:
            if any(name.startswith(v + "_") for v in virtual):
                continue
            counted = name
            if (sql or "").upper().startswith("CREATE VIRTUAL TABLE") and f"{name}_docsize" in names:
                # an FTS index holds one _docsize row per indexed row: a b-tree count instead of
                # reading every document through the index (or its content table)
                counted = f"{name}_docsize"
            before = (previous or {}).get(name)
            if deltas is not None and counted in deltas and isinstance(before, dict) \
                    and isinstance(before.get("count"), int):
                out[name] = {"count": before["count"] + deltas[counted]}
                continue
            out[name] = {"count": conn.execute(f"select count(*) from [{counted}]").fetchone()[0]}
        return out
    finally:
        conn.close()
