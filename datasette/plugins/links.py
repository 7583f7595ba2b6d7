"""Link table cells to the report page and to archived originals.

Why: researchers browse ``reports``, ``statistics_wide``, ``panel`` and the canned
queries; every report id should open its report page, and every sha256 should
download the original it names. Values are validated before they become links.
"""

from __future__ import annotations

import re

from datasette import hookimpl
from markupsafe import Markup, escape

SHA256 = re.compile(r"^[0-9a-f]{64}$")
REPORT_ID = re.compile(r"^[0-9A-Za-z_-]{1,64}$")
SHA_COLUMNS = {"sha256", "current_sha256"}


@hookimpl
def render_cell(value, column, table, datasette):
    if not isinstance(value, str):
        return None
    if (column == "report_id" or (table == "reports" and column == "id")) and REPORT_ID.match(value):
        return Markup(f'<a href="{datasette.urls.path("/report/" + value)}">{escape(value)}</a>')
    if column in SHA_COLUMNS and SHA256.match(value):
        href = datasette.urls.path("/original/" + value)
        return Markup(f'<a href="{href}" title="download the original">{escape(value[:12])}…</a>')
    if column == "download" and value.startswith("/original/") and SHA256.match(value[len("/original/"):]):
        return Markup(f'<a href="{datasette.urls.path(value)}">download</a>')
    return None

