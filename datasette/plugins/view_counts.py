"""Give Datasette the view row counts counted once at publish time, without breaking the database page.

Why: the database is served immutable with ``inspect-data.json``. Datasette's table view takes
an unfiltered row count from ``inspect_data[db]["tables"][name]["count"]`` and otherwise runs
``select count(*)`` on every page view, which over ``statistics_long`` (millions of cells at
100k reports) hits the SQL time limit. But the database page (``/nianbao``) iterates the same
``tables`` mapping as tables and looks up each one's foreign keys, so a view there answers
500 (``KeyError``; issue 13). ``publish.snapshot`` therefore writes view counts under a
separate ``views`` key, and at startup this plugin first lets Datasette cache its table counts
(tables only: ``Database.cached_table_counts``, datasette 0.65 ``database.py``) and only then
adds the view counts where the table view looks (``views/table.py``: "We can use a previously
cached table row count"). ``tests/test_publish_links.py`` checks both halves.
"""

from __future__ import annotations

from typing import Any

from datasette import hookimpl

VIEW_COUNTS_KEY = "views"  # publish.snapshot.VIEW_COUNTS_KEY (not imported: plugins load standalone)


def merge_view_counts(datasette: Any) -> int:
    """Add each database's view counts to the counts the table view reads; return how many were added."""
    inspect = datasette.inspect_data or {}
    added = 0
    for name, entry in inspect.items():
        views = entry.get(VIEW_COUNTS_KEY)
        if not isinstance(views, dict) or name not in datasette.databases:
            continue
        tables = entry.setdefault("tables", {})
        datasette.databases[name].cached_table_counts  # noqa: B018 - cache the tables-only counts first
        for view, info in views.items():
            if view not in tables and isinstance(info, dict) and isinstance(info.get("count"), int):
                tables[view] = {"count": info["count"]}
                added += 1
    return added


@hookimpl
def startup(datasette):
    merge_view_counts(datasette)
