"""Tally the rows a publish adds to and removes from each table, so row counts carry forward.

Why (issue 13): Datasette serves the snapshot immutable with the row counts of
``inspect-data.json``. Counting them again after each publish read every big table —
``statistics_long`` holds ~20 million rows at 100,000 reports, ``fetches`` grows by one
row per document every night — although a night adds and removes a few hundred rows. Temporary
triggers (this connection only; the build copy's schema never changes) add +1 per row
inserted and -1 per row deleted while the night is applied and its derived rows refreshed;
a table's new count is its count from the last publish plus its tally.

Exact, also for rows that ``INSERT OR REPLACE`` drops to make room: with
``recursive_triggers`` on, SQLite fires delete triggers for those
(https://www.sqlite.org/lang_conflict.html, REPLACE). A table dropped and made again (a
derived table rebuilt whole) loses its triggers with it, so it is left out of the tally and
counted afresh; so are new tables and the FTS5 indexes (counted through their ``_docsize``
shadow table: a trigger on a shadow table fires inside FTS5's own writes, and crashed the
process with SQLite 3.40.1).
"""

from __future__ import annotations

import sqlite3

TALLY = "nb_tally"
PREFIX = "nb_tally_"


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _literal(name: str) -> str:
    return "'" + name.replace("'", "''") + "'"


def _trigger(table: str, event: str) -> str:
    return f"{PREFIX}{event}_{table}"


def start_tally(conn: sqlite3.Connection) -> set[str]:
    """Create the tally and its triggers on every ordinary table of ``main``; return the tables tallied.

    Call before the transaction's first write; sets ``recursive_triggers`` for the connection.
    """
    conn.execute("PRAGMA recursive_triggers = ON")
    conn.execute(f"create temp table if not exists {TALLY} (tbl text primary key, delta integer not null) "
                 "without rowid")
    conn.execute(f"delete from temp.{TALLY}")
    tallied: set[str] = set()
    rows = conn.execute("select name, sql from main.sqlite_master where type = 'table'").fetchall()
    virtual = [n for n, sql in rows if (sql or "").upper().startswith("CREATE VIRTUAL TABLE")]
    for name, _sql in rows:
        if name.startswith("sqlite_") or name in virtual or any(name.startswith(v + "_") for v in virtual):
            continue  # a trigger on an FTS5 shadow table, fired inside FTS5's own writes, crashed SQLite 3.40
        conn.execute(f"insert into temp.{TALLY} values (?, 0)", [name])
        for event, step in (("insert", "+ 1"), ("delete", "- 1")):
            conn.execute(f"create temp trigger {_quote(_trigger(name, event))} after {event} on main.{_quote(name)} "
                         f"begin update {TALLY} set delta = delta {step} where tbl = {_literal(name)}; end")
        tallied.add(name)
    return tallied


def end_tally(conn: sqlite3.Connection, tallied: set[str]) -> dict[str, int]:
    """Rows added minus rows removed per table whose triggers lasted the whole transaction; drop them all."""
    alive = {n for (n,) in conn.execute("select name from temp.sqlite_master where type = 'trigger' "
                                        "and name like ? escape '\\'", [PREFIX.replace("_", "\\_") + "%"])}
    deltas = {tbl: delta for tbl, delta in conn.execute(f"select tbl, delta from temp.{TALLY}")
              if tbl in tallied and _trigger(tbl, "insert") in alive and _trigger(tbl, "delete") in alive}
    for name in alive:
        conn.execute(f"drop trigger temp.{_quote(name)}")
    conn.execute(f"drop table temp.{TALLY}")
    return deltas
