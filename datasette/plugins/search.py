"""Chinese full-text search over report text, /search?q=..., the home page's search box.

Why a route and not only Datasette's table search: Chinese has no spaces, so the index
is FTS5 with the trigram tokenizer (any run of 3+ characters inside a word matches),
and a researcher wants reports, not section rows. Each whitespace-separated term of 3+
characters becomes a quoted FTS5 phrase (so operators and punctuation in the query are
literal text); shorter terms, which a trigram index cannot answer, are matched with
``instr`` on the matching rows (or, when every term is short, by a slower scan).
Only the text of each report's best extraction is searched.
"""

from __future__ import annotations

from typing import Any

from datasette import hookimpl
from datasette.database import QueryInterrupted
from datasette.utils.asgi import Response
from markupsafe import Markup, escape

from publish.snapshot import DB_NAME, load_spec

PAGE = 20
START, END = "\ue000", "\ue001"  # private-use marks around hits, replaced after escaping


def section_labels() -> dict[str, str]:
    """Section keys to the template's headings (一、总体情况 …), for the result excerpts."""
    try:
        return {sec["key"]: sec["label"] for sec in load_spec().get("sections", [])}
    except (OSError, ValueError):
        return {}


def build_query(q: str, *, limit: int, offset: int) -> tuple[str, list[Any]] | None:
    """SQL and parameters for the search, or None for an empty query."""
    terms = [t for t in q.split() if t]
    if not terms:
        return None
    long_terms = [t for t in terms if len(t) >= 3]
    short_terms = [t for t in terms if len(t) < 3]
    params: list[Any] = []
    if long_terms:
        match = " AND ".join('"' + t.replace('"', '""') + '"' for t in long_terms)
        source = "sections_fts join sections s on s.rowid = sections_fts.rowid"
        where = ["sections_fts match ?"]
        params.append(match)
        snippet = f"snippet(sections_fts, 1, '{START}', '{END}', '…', 48)"
    else:
        source = "sections s"
        where = []
        snippet = "substr(s.text, max(1, instr(s.text, ?) - 30), 90)"
        params.append(short_terms[0])
    for t in short_terms:
        where.append("instr(s.text, ?) > 0")
        params.append(t)
    sql = f"""
select s.report_id, s.section, {snippet} as excerpt, r.agency, r.district, r.year, r.title, r.status
from {source}
join report_best b on b.extraction_id = s.extraction_id
join reports r on r.id = s.report_id
where {" and ".join(where)}
limit ? offset ?"""
    return sql, [*params, limit, offset]


def highlight(excerpt: str, short_terms: list[str]) -> Markup:
    html = str(escape(excerpt or ""))
    html = html.replace(START, "<mark>").replace(END, "</mark>")
    for t in short_terms:
        html = html.replace(str(escape(t)), f"<mark>{escape(t)}</mark>")
    return Markup(html)


async def search(datasette, request) -> Response:
    q = (request.args.get("q") or "").strip()[:200]
    try:
        page = max(1, int(request.args.get("page") or 1))
    except ValueError:
        page = 1
    try:
        db = datasette.get_database(DB_NAME)
    except KeyError:
        db = datasette.get_database()
    results: list[dict[str, Any]] = []
    error = None
    more = False
    built = build_query(q, limit=PAGE * 3 + 1, offset=(page - 1) * PAGE * 3)
    if built:
        sql, params = built
        try:
            rows = (await db.execute(sql, params)).rows
        except QueryInterrupted:
            rows, error = [], "The search took too long; add a longer or a second term."
        except Exception as exc:  # noqa: BLE001 - a bad query must show a message, not a 500
            rows, error = [], f"Search failed: {exc}"
        more = len(rows) > PAGE * 3
        short_terms = [t for t in q.split() if len(t) < 3]
        labels = section_labels()
        by_report: dict[str, dict[str, Any]] = {}
        for row in rows[: PAGE * 3]:
            hit = by_report.setdefault(row["report_id"], {**dict(row), "excerpts": []})
            if len(hit["excerpts"]) < 3:
                hit["excerpts"].append({"section": labels.get(row["section"], row["section"]),
                                        "html": highlight(row["excerpt"], short_terms)})
        results = list(by_report.values())
    context = {"q": q, "results": results, "error": error, "page": page, "more": more,
               "database": db.name, "short_only": bool(q) and all(len(t) < 3 for t in q.split())}
    return Response.html(await datasette.render_template("search.html", context, request=request))


@hookimpl
def register_routes():
    return [(r"^/search$", search)]
