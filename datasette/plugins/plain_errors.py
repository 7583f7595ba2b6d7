"""Datasette's error pages without ``rich``.

Why: Datasette 0.65 prints every handled exception with ``rich`` when rich is importable,
and rich ≥ 14 raises ``ValueError`` when asked for a traceback outside an ``except``
block, so a plain 400 (a non-SELECT query, a bad parameter) became a 500. rich arrives
only as a dependency of another tool (frictionless → typer), so Datasette is told it
is absent; the traceback is logged through ``logging`` instead, without local variables
(they can hold site text and whole rows).
"""

from __future__ import annotations

import logging

import datasette.handle_exception as default_handler
from datasette import hookimpl

log = logging.getLogger("nianbao.datasette")

default_handler.rich = None


@hookimpl(tryfirst=True)
def handle_exception(datasette, request, exception):  # noqa: ARG001 - hook signature
    """Log the error once; return None so Datasette's own page answers."""
    log.warning("%s %s: %s", request.method, request.path, exception.__class__.__name__,
                exc_info=(type(exception), exception, exception.__traceback__))
