"""The run report as a page, /run/<id> and /run/latest (``runs.report_markdown`` rendered).

Why: the nightly run writes its report as Markdown (``crawler.report.render_markdown``);
in the ``runs`` table it is one long cell of raw text. Here it is rendered as HTML with
the previous and next run and the run's changes one click away.

The Markdown holds text taken from the sites (titles, URLs, error messages), so it is
rendered the way ``crawler.report.render_html`` renders it: raw HTML switched off (it
reaches the page escaped, as text) and link and image syntax switched off (a title like
``[x](javascript:…)`` must not become a live link).
"""

from __future__ import annotations

import re
from typing import Any

from datasette import hookimpl
from datasette.utils.asgi import Response
from markupsafe import Markup

RUN_ID = re.compile(r"^[0-9A-Za-z._:-]{1,64}$")
MAX_MARKDOWN_CHARS = 2_000_000  # a longer report is cut (and says so) rather than stall the page
# inline patterns that would pass site text through as markup (as in crawler/report.py)
UNSAFE_INLINE = ("html", "link", "image_link", "image_reference", "reference", "short_reference",
                 "short_image_ref", "autolink", "automail")


def render(markdown_text: str) -> Markup:
    """Markdown to HTML with every HTML tag in the input escaped and no links or images."""
    import markdown

    md = markdown.Markdown(extensions=["tables", "fenced_code"])
    md.preprocessors.deregister("html_block")
    for name in UNSAFE_INLINE:
        if name in md.inlinePatterns:
            md.inlinePatterns.deregister(name)
    return Markup(md.convert(markdown_text))  # noqa: S704 - the converter escapes all input HTML (above)


def _database(datasette):
    try:
        return datasette.get_database("nianbao")
    except KeyError:
        return datasette.get_database()


async def _neighbour(db, run: dict[str, Any], direction: str) -> str | None:
    op, order = ("<", "desc") if direction == "previous" else (">", "asc")
    row = (await db.execute(f"select id from runs where started_at {op} ? order by started_at {order} limit 1",
                            [run["started_at"]])).first()
    return row["id"] if row else None


async def run_page(datasette, request) -> Response:
    run_id = request.url_vars["run_id"]
    db = _database(datasette)
    if not RUN_ID.match(run_id):
        return Response.html("bad run id", status=400)
    has_runs = "runs" in set(await db.table_names())
    if not has_runs:
        row = None
    elif run_id == "latest":
        row = (await db.execute("select * from runs order by started_at desc limit 1")).first()
    else:
        row = (await db.execute("select * from runs where id = ?", [run_id])).first()
    if row is None:
        html = await datasette.render_template("run.html", {"run": None, "run_id": run_id}, request=request)
        return Response.html(html, status=404)
    run = dict(row)
    text = run.get("report_markdown") or ""
    truncated = len(text) > MAX_MARKDOWN_CHARS
    context = {
        "run": {k: v for k, v in run.items() if k != "report_markdown"}, "run_id": run["id"],
        "report_html": render(text[:MAX_MARKDOWN_CHARS]) if text else None, "truncated": truncated,
        "previous": await _neighbour(db, run, "previous") if run.get("started_at") else None,
        "next": await _neighbour(db, run, "next") if run.get("started_at") else None,
        "database": db.name,
    }
    return Response.html(await datasette.render_template("run.html", context, request=request))


@hookimpl
def register_routes():
    return [(r"^/run/(?P<run_id>[^/]+)$", run_page)]
