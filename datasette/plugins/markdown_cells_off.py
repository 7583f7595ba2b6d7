"""Keep datasette-render-markdown's template function, drop its per-cell hook.

Why (issue 13, table pages at 100,000 reports): datasette-render-markdown is installed for
datasette-dashboards, whose markdown charts call its ``render_markdown`` template function
(``dashboard_view.html``). Its ``render_cell`` hook, though, asks ``datasette.plugin_config``
for every cell of every table page — a merge of the whole metadata each time — to find
columns named ``*_markdown``; no published table has one (tests/test_publish_page_cache.py
checks). That lookup was half the time of a 50-row table page (38 of 71 ms at best on a
3,000-report snapshot, ``reports?_facet=agency``).

How, with pluggy's public API only: the plugin is unregistered and registered again, under its
name, as a module object holding its other hook implementations (the template function and the
``{% markdown %}`` tag), so every hook but ``render_cell`` stays. Plugin registrations are
global to the process; this runs at each Datasette's startup and does nothing once done.
"""

from __future__ import annotations

import types
from typing import Any

from datasette import hookimpl
from datasette.plugins import pm

PLUGIN = "render_markdown"  # datasette-render-markdown's entry-point name
DROPPED = "render_cell"


def drop_markdown_cells() -> bool:
    """Re-register datasette-render-markdown without its ``render_cell``; True if it changed."""
    plugin = pm.get_plugin(PLUGIN)
    if plugin is None or not hasattr(plugin, DROPPED) or getattr(plugin, "_nianbao_without", None) == DROPPED:
        return False
    kept: dict[str, Any] = {}
    for name in dir(plugin):
        value = getattr(plugin, name, None)
        if name != DROPPED and callable(value) and pm.parse_hookimpl_opts(plugin, name) is not None:
            kept[name] = value
    # a module object (hashable, named as the original, so /-/plugins lists it as before, without
    # the version pluggy took from its distribution)
    shim = types.ModuleType(getattr(plugin, "__name__", PLUGIN))
    shim.__dict__.update(kept, _nianbao_without=DROPPED)
    pm.unregister(plugin)
    pm.register(shim, name=PLUGIN)
    return True


@hookimpl
def startup(datasette):  # noqa: ARG001 - hook signature
    drop_markdown_cells()
