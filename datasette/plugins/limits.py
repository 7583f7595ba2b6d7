"""Bound what one anonymous SQL query may build: SQLite's own limits on every connection.

Why: the public site runs arbitrary read-only SQL (``?sql=``). Datasette's time limit stops
a long query, but not one that builds a huge value at once: ``select zeroblob(1000000000)``
grew the server to 18.6 GB until the kernel killed it (issue 12). SQLite refuses to build a
string or blob over ``SQLITE_LIMIT_LENGTH`` ("string or blob too big"), refuses SQL text over
``SQLITE_LIMIT_SQL_LENGTH``, and ``PRAGMA hard_heap_limit`` caps all of SQLite's memory in
the process (https://www.sqlite.org/limits.html, https://www.sqlite.org/pragma.html#pragma_hard_heap_limit).
What Python itself holds (up to ``max_returned_rows`` rows) is bounded by the address-space
limit ``crawler.serve`` puts on the whole Datasette process, and a crash is restarted there.

Tunables (env, read once per connection): ``NIANBAO_SQL_MAX_VALUE_MB`` (default 8: the largest
stored value, a report's extraction JSON, is far below), ``NIANBAO_SQL_MAX_SQL_KB`` (100),
``NIANBAO_SQL_HEAP_MB`` (512).
"""

from __future__ import annotations

import os
import sqlite3

from datasette import hookimpl


def _env_int(name: str, default: int) -> int:
    try:
        return max(1, int(os.environ.get(name, default)))
    except ValueError:
        return default


def limits() -> dict[str, int]:
    """The limits applied to each connection, in bytes (for tests and the docs)."""
    return {
        "value_bytes": _env_int("NIANBAO_SQL_MAX_VALUE_MB", 8) * 1024 * 1024,
        "sql_bytes": _env_int("NIANBAO_SQL_MAX_SQL_KB", 100) * 1024,
        "heap_bytes": _env_int("NIANBAO_SQL_HEAP_MB", 512) * 1024 * 1024,
    }


def apply_limits(conn: sqlite3.Connection) -> None:
    """Set the value, SQL-length and heap limits on one connection."""
    lim = limits()
    conn.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, lim["value_bytes"])
    conn.setlimit(sqlite3.SQLITE_LIMIT_SQL_LENGTH, lim["sql_bytes"])
    conn.execute(f"PRAGMA hard_heap_limit = {int(lim['heap_bytes'])}")


@hookimpl
def prepare_connection(conn):
    apply_limits(conn)
