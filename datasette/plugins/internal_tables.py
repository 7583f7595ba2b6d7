"""Keep SQLite's internal tables off the public site.

Why: the FTS5 shadow tables (``sections_fts_data``, ``_idx``, ``_docsize``, ``_config``) hold the
index's binary pages, and ``sqlite_stat*`` the planner's statistics: nothing a researcher can
read, and Datasette's own row links into ``*_fts_idx`` (a blob primary key) answer 404, so the
"every link answers 200" walk (issue 13) failed on them. Denying ``view-table`` removes them
from every listing and link; the search page and ``?sql=`` still use the index.
"""

from __future__ import annotations

import re

from datasette import hookimpl

INTERNAL = re.compile(r"^(?:.+_fts_(?:data|idx|docsize|config)|sqlite_stat\d|sqlite_sequence)$")


def is_internal(table: str) -> bool:
    return bool(INTERNAL.match(table))


@hookimpl
def permission_allowed(action, resource):
    if action == "view-table" and isinstance(resource, tuple) and len(resource) == 2 and is_internal(resource[1]):
        return False
    return None
