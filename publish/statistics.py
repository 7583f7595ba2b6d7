"""``statistics_long`` as a real, indexed table in the published snapshot.

Why a table and not a view: Datasette streams a CSV/JSON export (``?_stream=on``) page by
page. A table pages by keyset on its primary key (``where id > :last order by id``), each page
an index seek; a view can only page by ``LIMIT/OFFSET``, so every page re-runs the join from
the start and at 100k reports a filtered ``statistics_long.csv?_stream=on`` stopped after 4,833
rows at the SQL time limit (issue 13). Here every cell of each report's best extraction is
written once per publish, in report and template order, under an ``INTEGER PRIMARY KEY`` (a
stable rowid alias, not renumbered by ``VACUUM``).

Indexes are chosen for keyset paging under the common filters: Datasette's stream query is
``where <filters> and id > ? order by id``. An index whose equality columns are exactly the
filter keeps its entries in rowid order, so a page is a range scan; an index with unfiltered
trailing columns would make SQLite sort every matching row on every page. Hence one index per
common filter set (report, agency, agency-year, district, district-year, year, table-row-column,
row-column) rather than one wide index.

``refresh_statistics_long`` replaces the rows of given reports only, for a publish that works
in proportion to the night's changes.
"""

from __future__ import annotations

from collections.abc import Iterable

import sqlite_utils

TABLE = "statistics_long"

# (column, declared type) in published order; ``id`` is the keyset Datasette streams on
COLUMNS: tuple[tuple[str, str], ...] = (
    ("id", "INTEGER PRIMARY KEY"), ("report_id", "TEXT"), ("agency_id", "TEXT"), ("agency", "TEXT"),
    ("district", "TEXT"), ("year", "INTEGER"), ("template", "TEXT"), ("table", "TEXT"), ("item", "TEXT"),
    ("row", "TEXT"), ("column", "TEXT"), ("label_zh", "TEXT"), ("label_en", "TEXT"), ("value", "NUMERIC"),
    ("unit", "TEXT"), ("raw", "TEXT"), ("extraction_id", "TEXT"),
)

# each a filter researchers use; equality on all columns keeps rowid order (see module doc)
INDEXES: tuple[tuple[str, ...], ...] = (
    ("report_id",), ("agency_id",), ("agency_id", "year"), ("district",), ("district", "year"), ("year",),
    ("table", "row", "column"), ("row", "column"),
)

# a count stored as REAL (362.0) is published as the integer 362 (issue 13, item 2)
_VALUE = "(case when c.value = cast(c.value as integer) then cast(c.value as integer) else c.value end)"

SELECT = f"""
select c.report_id, r.agency_id, r.agency, r.district, r.year, coalesce(e.template, r.template) as template,
  c.tbl, nullif(c.item, ''), c.row, c.col, k.label_zh, k.label_en, {_VALUE}, k.unit, c.raw, c.extraction_id
from report_best b
join cells c on c.extraction_id = b.extraction_id
join reports r on r.id = b.report_id
left join extractions e on e.id = b.extraction_id
left join codebook_keys k on k.template = coalesce(e.template, r.template) and k."table" = c.tbl
  and k.item = coalesce(c.item, '') and k.row = c.row and k."column" = c.col"""

ORDER = "order by b.report_id, c.rowid"


def _quoted(names: Iterable[str]) -> str:
    return ", ".join(f'"{n}"' for n in names)


def build_statistics_long(db: sqlite_utils.Database) -> int:
    """(Re)create ``statistics_long`` from ``report_best``/``cells``; needs ``codebook_keys``. Returns rows."""
    kind = db.execute("select type from sqlite_master where name = ?", [TABLE]).fetchone()
    if kind:
        db.execute(f'drop {kind[0]} "{TABLE}"')
    columns = ",\n  ".join(f'"{name}" {decl}' for name, decl in COLUMNS)
    db.execute(f'create table "{TABLE}" (\n  {columns}\n)')
    _insert(db, "", [])
    for cols in INDEXES:
        db[TABLE].create_index(list(cols), if_not_exists=True, find_unique_name=True)
    return db.execute(f'select count(*) from "{TABLE}"').fetchone()[0]


def refresh_statistics_long(db: sqlite_utils.Database, report_ids: Iterable[str]) -> int:
    """Replace the rows of ``report_ids`` (changed, re-extracted or removed reports); returns rows written.

    Builds the whole table when it does not exist yet. New rows get new ids at the end, so a
    stream started before the refresh never sees a row twice.
    """
    if TABLE not in db.table_names():
        return build_statistics_long(db)
    ids = sorted(set(report_ids))
    written = 0
    for start in range(0, len(ids), 500):  # below SQLite's host-parameter limit
        chunk = ids[start:start + 500]
        marks = ", ".join("?" for _ in chunk)
        db.execute(f'delete from "{TABLE}" where report_id in ({marks})', chunk)
        written += _insert(db, f"where b.report_id in ({marks})", chunk)
    return written


def _insert(db: sqlite_utils.Database, where: str, params: list[str]) -> int:
    names = [name for name, _ in COLUMNS if name != "id"]
    cursor = db.execute(f'insert into "{TABLE}" ({_quoted(names)})\n{SELECT}\n{where}\n{ORDER}', params)
    return max(cursor.rowcount, 0)
