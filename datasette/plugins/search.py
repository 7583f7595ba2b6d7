"""Chinese full-text search over reports, /search?q=..., the home page's search box.

Why a route and not Datasette's table search: Chinese has no spaces, so no tokenizer
finds words; the snapshot's search index (``publish/search_index.py``) has a trigram
FTS5 for terms of 3+ characters and a one/two-character gram FTS5 for shorter terms,
one row per report, text normalised (no whitespace between CJK characters) and site
chrome removed. This route turns the researcher's query into MATCH expressions it
builds itself (their text is always a quoted phrase, never FTS5 syntax), counts every
matching report, orders them and offers year/district filters with counts.

Query syntax (also stated on the page): space = AND (every term somewhere in the
report), ``OR`` between two terms = either, ``-term`` = without it, ``"..."`` = one
phrase, kept with its punctuation and spaces. Case is ignored; spaces and line breaks
between Chinese characters are ignored in the text and in the query. Not supported:
wildcards, NEAR, regular expressions, column syntax (use the section filter).
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
import time
import unicodedata
from typing import Any
from urllib.parse import urlencode

from datasette import hookimpl
from datasette.utils.asgi import Response
from markupsafe import Markup, escape

from publish.search_index import (
    EXTRA_SECTION,
    GRAMS,
    META,
    TEXT,
    TRIGRAM,
    normalise,
    word_char,
    year_range,
)
from publish.snapshot import DB_NAME, load_spec

PAGE = 20
MAX_PAGE = 500
MAX_QUERY = 200
MAX_TERMS = 8
EXCERPTS = 3
COUNT_MS = 50  # counting stops here and the page says "at least N" (count=all: COUNT_ALL_MS)
COUNT_ALL_MS = 2500
PAGE_MS = 2500
FACET_MAX = 5_000  # district counts are shown when at most this many reports match
RANK_MAX = 3_000  # relevance (bm25) is computed over at most this many matching reports
SORT_MAX = 5_000  # and the agency order over at most this many
RANK_MS = 50  # the ranking's own deadline; past it the page is shown newest first, with a note
KEEP = max(FACET_MAX, RANK_MAX, SORT_MAX)
ORDERS = {"relevance": "相关度 relevance", "year": "年份 year (newest first)", "agency": "机关 agency (A–Z)"}
_TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')


class Term:
    """One phrase of the query: which index answers it and the MATCH phrase for it.

    (Plain classes, not dataclasses: Datasette loads plugins outside ``sys.modules``.)
    """

    def __init__(self, text: str, index: str) -> None:
        self.text = text  # normalised, as it appears in the indexed text
        self.index = index  # TRIGRAM or GRAMS

    @property
    def phrase(self) -> str:
        return '"' + self.text.replace('"', '""') + '"'


class Query:
    def __init__(self) -> None:
        self.clauses: list[list[Term]] = []  # AND of ORs
        self.excluded: list[Term] = []
        self.ignored: list[str] = []  # raw terms with nothing searchable

    @property
    def terms(self) -> list[Term]:
        return [t for c in self.clauses for t in c]


def make_term(raw: str) -> Term | None:
    """A term of 3+ characters goes to the trigram index as typed (normalised); a shorter one
    to the gram index, without punctuation (which the gram tokens do not hold)."""
    text = normalise(raw)
    if len(text) >= 3:
        return Term(text, TRIGRAM)
    text = "".join(ch for ch in text.lower() if word_char(ch))
    return Term(text, GRAMS) if text else None


def parse(q: str) -> Query:
    """The query's clauses (AND of ORs) and exclusions; see the module docstring."""
    query = Query()
    pending_or = False
    for m in _TOKEN.finditer(q[:MAX_QUERY]):
        negate, quoted, bare = m.group(1), m.group(2), m.group(3)
        if bare == "OR":
            pending_or = bool(query.clauses)
            continue
        if bare is not None and bare.startswith("-") and len(bare) > 1:
            negate, bare = "-", bare[1:]
        raw = quoted if quoted is not None else bare
        term = make_term(raw or "")
        if term is None:
            if raw:
                query.ignored.append(raw)
            pending_or = False
            continue
        if len(query.terms) + len(query.excluded) >= MAX_TERMS:
            query.ignored.append(raw)
            continue
        if negate:
            query.excluded.append(term)
        elif pending_or:
            query.clauses[-1].append(term)
        else:
            query.clauses.append([term])
        pending_or = False
    return query


def _match_expr(terms: list[Term], section: str | None) -> str:
    expr = " OR ".join(t.phrase for t in terms)
    return f"{{{section}}} : ({expr})" if section else expr


def _rowids(terms: list[Term], section: str | None, params: list[Any]) -> str:
    """SELECT of the rowids holding any of ``terms`` (one MATCH per index used)."""
    parts = []
    for index in (TRIGRAM, GRAMS):
        these = [t for t in terms if t.index == index]
        if these:
            parts.append(f"select rowid as rid from {index} where {index} match ?")
            params.append(_match_expr(these, section))
    return " union ".join(parts)


class Plan:
    """The query as SQL over the indexes' rowids, without touching the reports table.

    The clause with the longest term drives (its FTS5 table yields rowids in rowid order = newest year
    first, so the first page and a year filter are cheap however many reports match);
    the other clauses, exclusions and district/agency filters are conditions on that rowid.
    """

    def __init__(self, query: Query, filters: dict[str, Any], section: str | None,
                 conn: sqlite3.Connection | None = None) -> None:
        # the clause with the longest term drives (usually the most selective); AND is commutative
        clauses = sorted(query.clauses, key=lambda c: -max(len(t.text) for t in c))
        first = clauses[0]
        self.first = first
        self.params: list[Any] = []
        conds: list[str] = []
        if len({t.index for t in first}) == 1:
            self.index: str | None = first[0].index
            self.driver, self.col = f"{self.index} f", "f.rowid"
            conds.append(f"{self.index} match ?")
            self.params.append(_match_expr(first, section))
        else:
            self.index = None
            self.driver, self.col = f"({_rowids(first, section, self.params)}) f", "f.rid"
        for clause in clauses[1:]:
            conds.append(f"+{self.col} in ({_rowids(clause, section, self.params)})")  # + : a filter, not a lookup per rowid
        for term in query.excluded:
            conds.append(f"+{self.col} not in ({_rowids([term], section, self.params)})")
        meta_conds, meta_params = [], []
        if filters.get("district"):
            meta_conds.append("district = ?")
            meta_params.append(filters["district"])
        if filters.get("agency"):
            meta_conds.append("instr(agency, ?) > 0")
            meta_params.append(filters["agency"])
        if meta_conds:
            meta_sql = f"select rowid from {META} where {' and '.join(meta_conds)}"
            if conn is None:
                conds.append(f"+{self.col} in ({meta_sql})")
                self.params.extend(meta_params)
            else:  # read once, not once per counting statement
                ids = [r[0] for r in conn.execute(meta_sql, meta_params)]
                conds.append(f"+{self.col} in (select value from json_each(?))")
                self.params.append(json.dumps(ids))
        self.rowid_range: tuple[int, int] | None = None
        if filters.get("year") is not None:
            self.rowid_range = year_range(filters["year"])
            conds.append(f"{self.col} between ? and ?")
            self.params.extend(self.rowid_range)
        self.where = " and ".join(conds) or "1"

    def sql(self, select: str, *, cond: str = "", cond_params: tuple = (), tail: str = "",
            tail_params: tuple = ()) -> tuple[str, list[Any]]:
        where = f"{self.where} and {cond}" if cond else self.where
        return (f"select {select} from {self.driver} where {where} {tail}",
                [*self.params, *cond_params, *tail_params])


class Deadline:
    """A progress handler that interrupts SQLite past a deadline (as Datasette's time limit does)."""

    def __init__(self, conn: sqlite3.Connection, ms: float) -> None:
        self.conn, self.end = conn, time.monotonic() + ms / 1000

    def left(self) -> float:
        return self.end - time.monotonic()

    def __enter__(self) -> Deadline:
        self.conn.set_progress_handler(lambda: 1 if time.monotonic() > self.end else 0, 1000)
        return self

    def __exit__(self, *exc: object) -> None:
        self.conn.set_progress_handler(None, 1000)


def _ranked(conn: sqlite3.Connection, plan: Plan, matched: set[int], need: int) -> list[int] | None:
    """The matched rowids in bm25 order (the driving clause's rank), or None past RANK_MS.

    FTS5 ranks every row of the driving MATCH (other conditions would be applied after the
    ranking, and a rowid IN list makes FTS5 re-run the query per rowid), so the ranking runs
    on the MATCH alone, under its own deadline, and keeps the rows of the match set.
    """
    if not plan.index:
        return None
    out: list[int] = []
    try:
        with Deadline(conn, RANK_MS):
            between = " and rowid between ? and ?" if plan.rowid_range else ""
            sql = f"select rowid from {plan.index} where {plan.index} match ?{between} order by rank, rowid"
            for (rowid,) in conn.execute(sql, [plan.params[0], *(plan.rowid_range or ())]):
                if rowid in matched:
                    out.append(rowid)
                    if len(out) >= need:
                        break
    except sqlite3.OperationalError as exc:
        if "interrupt" not in str(exc):
            raise
        return None
    return out


def run(conn: sqlite3.Connection, plan: Plan, years: list[int | None], *, order: str, offset: int,
        count_ms: float, page_ms: float) -> dict[str, Any]:
    """Count per year (newest first, until ``count_ms``), facet districts, fetch one page.

    Returns total (None if not counted), complete, years [(year, n)], districts [(name, n)],
    rowids of the page (PAGE + 1 to tell whether there is more), the order used and a note
    when the requested order could not be honoured.
    """
    out: dict[str, Any] = {"years": [], "districts": [], "complete": True, "note": None}
    counts: dict[int | None, int] = {}
    matched: list[int] = []  # every matching rowid while there are at most KEEP of them
    try:
        # one count(*) per year, newest first: SQLite counts a year's rowid range inside FTS5
        # (25 ms for a term in all 100,000 reports, where reading the rowids into Python took
        # 175 ms), and a year is counted whole or not at all. The budget is looked at between
        # years once one has matches (so "at least N" has an N); SQLite itself is stopped at PAGE_MS.
        budget_end = time.monotonic() + count_ms / 1000
        with Deadline(conn, max(count_ms, PAGE_MS)):
            for year in sorted(years, key=lambda y: year_range(y)[0]):
                if counts and time.monotonic() > budget_end:
                    out["complete"] = False
                    break
                sql, params = plan.sql("count(*)", cond=f"{plan.col} between ? and ?", cond_params=year_range(year))
                n = conn.execute(sql, params).fetchone()[0]
                if n:
                    counts[year] = n
            if out["complete"] and sum(counts.values()) <= KEEP:
                sql, params = plan.sql(plan.col)
                matched = [r[0] for r in conn.execute(sql, params)]  # rowids in index order, no sort
    except sqlite3.OperationalError as exc:
        if "interrupt" not in str(exc):
            raise
        out["complete"] = False
    out["years"] = sorted(counts.items(), key=lambda kv: year_range(kv[0])[0])
    total = sum(n for _, n in out["years"])
    out["total"] = total
    known = out["complete"] and len(matched) == total  # the whole match set is in hand
    ids = json.dumps(matched) if known else "[]"
    if known and 0 < total <= FACET_MAX:
        out["districts"] = conn.execute(
            f"select district, count(*) as n from {META} where rowid in (select value from json_each(?)) "
            "group by 1 order by 2 desc, 1 limit 50", [ids]).fetchall()
    used = order
    out["rowids"] = []
    if order == "relevance":
        ranked = _ranked(conn, plan, set(matched), offset + PAGE + 1) if known and total <= RANK_MAX else None
        if ranked is None:
            used, out["note"] = "year", "rank"
        else:
            out["rowids"] = ranked[offset:]
    if order == "agency":
        if known and total <= SORT_MAX:
            out["rowids"] = [r[0] for r in conn.execute(
                f"select rowid from {META} where rowid in (select value from json_each(?)) "
                "order by agency, year desc, rowid limit ? offset ?", [ids, PAGE + 1, offset])]
        else:
            used, out["note"] = "year", "sort"
    if used == "year" or order == "year":
        used = "year"
        if known:  # rowid order is newest first
            out["rowids"] = sorted(matched)[offset:offset + PAGE + 1]
        else:
            with Deadline(conn, page_ms):
                sql, params = plan.sql(plan.col, tail=f"order by {plan.col} limit ? offset ?",
                                       tail_params=(PAGE + 1, offset))
                out["rowids"] = [r[0] for r in conn.execute(sql, params)]
    out["order"] = used
    return out


def _fold(text: str) -> str:
    folded = text.lower()
    return folded if len(folded) == len(text) else text


def excerpts(texts: dict[str, str], terms: list[Term], labels: dict[str, str]) -> list[dict[str, Any]]:
    """Up to EXCERPTS windows of normalised text around the first hit in each section, marked.

    The text is escaped piece by piece and only the matched words are wrapped in <mark>.
    """
    needles = sorted({t.text.lower() for t in terms}, key=len, reverse=True)
    pattern = re.compile("|".join(re.escape(n) for n in needles)) if needles else None
    out = []
    for section, text in texts.items():
        if not text or pattern is None:
            continue
        folded = _fold(text)
        hit = pattern.search(folded)
        if not hit:
            continue
        start = max(0, hit.start() - 40)
        end = min(len(text), hit.end() + 80)
        pieces: list[str] = ["…" if start else ""]
        pos = start
        for m in pattern.finditer(folded, start, end):
            pieces.append(str(escape(text[pos:m.start()])))
            pieces.append(f"<mark>{escape(text[m.start():m.end()])}</mark>")
            pos = m.end()
        pieces.append(str(escape(text[pos:end])))
        pieces.append("…" if end < len(text) else "")
        out.append({"section": labels.get(section, section), "html": Markup("".join(pieces))})
        if len(out) >= EXCERPTS:
            break
    return out


def section_labels() -> dict[str, str]:
    """Section keys to the template's headings (一、总体情况 …) for filters and excerpts."""
    try:
        labels = {sec["key"]: sec["label"] for sec in load_spec().get("sections", [])}
    except (OSError, ValueError):
        labels = {}
    labels.setdefault("fees", "收费 fees")
    labels.setdefault(EXTRA_SECTION, "其他文字 other text")
    return labels


def _int(value: str | None, default: int | None, lo: int, hi: int) -> int | None:
    try:
        return min(hi, max(lo, int(value))) if value not in (None, "") else default
    except ValueError:
        return default


async def _columns(db) -> list[str]:
    rows = (await db.execute(f"select name from pragma_table_info('{TEXT}')")).rows
    return [r["name"] for r in rows if r["name"] != "rowid"]


_YEARS: dict[tuple[str, float], list[int | None]] = {}


def years_present(conn: sqlite3.Connection, path: str | None) -> list[int | None]:
    """Years of the indexed reports, newest first (cached per snapshot file)."""
    try:
        key = (path or "", os.stat(path).st_mtime if path else 0.0)
    except OSError:
        key = (path or "", 0.0)
    if key not in _YEARS:
        rows = conn.execute(f"select distinct year from {META}").fetchall()
        _YEARS.clear()
        _YEARS[key] = sorted((r[0] for r in rows), key=lambda y: year_range(y)[0])
    return _YEARS[key]


async def search(datasette, request) -> Response:
    args = request.args
    q = unicodedata.normalize("NFC", (args.get("q") or "").strip())[:MAX_QUERY]
    page = _int(args.get("page"), 1, 1, MAX_PAGE)
    try:
        db = datasette.get_database(DB_NAME)
    except KeyError:
        db = datasette.get_database()
    labels = section_labels()
    context: dict[str, Any] = {"q": q, "results": [], "error": None, "page": page, "more": False,
                               "total": None, "complete": True, "database": db.name, "orders": ORDERS,
                               "years": [], "districts": [], "ignored": [], "sections": [], "note": None,
                               "filters": {}, "section": "", "order": "", "limits": {"rank": RANK_MAX,
                                                                                      "sort": SORT_MAX}}

    def render() -> Any:
        return datasette.render_template("search.html", context, request=request)

    if not await db.table_exists(META):
        context["error"] = "The search index is not built: run `nianbao publish`. 检索索引尚未建立。"
        return Response.html(await render())
    columns = await _columns(db)
    context["sections"] = [(c, labels.get(c, c)) for c in columns]
    section = args.get("section") if args.get("section") in columns else None
    filters = {"year": _int(args.get("year"), None, 1000, 2200), "district": (args.get("district") or "")[:50],
               "agency": (args.get("agency") or "").strip()[:100]}
    query = parse(q)
    order = args.get("order") if args.get("order") in ORDERS else "relevance"
    count_all = args.get("count") == "all"
    context.update(filters=filters, section=section or "", order=order, ignored=query.ignored)

    def link(**change: Any) -> str:
        params = {"q": q, "order": order, "section": section or "", "year": filters["year"] or "",
                  "district": filters["district"], "agency": filters["agency"], "page": "",
                  "count": "all" if count_all else ""}
        params.update(change)
        return datasette.urls.path("/search") + "?" + urlencode({k: v for k, v in params.items() if v})

    context["link"] = link
    if not query.clauses:
        if query.excluded:
            context["error"] = "Only excluded terms: add a term to search for. 请至少输入一个检索词。"
        elif q:
            context["error"] = "Nothing searchable in the query (punctuation only). 检索词只有标点。"
        return Response.html(await render())
    def work(conn: sqlite3.Connection) -> dict[str, Any]:
        plan = Plan(query, filters, section, conn)
        years = years_present(conn, db.path)
        if filters["year"] is not None:
            years = [y for y in years if y == filters["year"]]
        found = run(conn, plan, years, order=order, offset=(page - 1) * PAGE,
                    count_ms=COUNT_ALL_MS if count_all else COUNT_MS, page_ms=PAGE_MS)
        ids = found["rowids"][:PAGE]
        marks = ", ".join("?" for _ in ids)
        cur = conn.execute(f"select rowid, report_id, agency, district, year, title, status from {META} "
                           f"where rowid in ({marks})", ids)
        names = [d[0] for d in cur.description]
        meta = {r[0]: dict(zip(names, r, strict=True)) for r in cur}
        cur = conn.execute(f"select rowid, {', '.join(columns)} from {TEXT} where rowid in ({marks})", ids)
        names = [d[0] for d in cur.description]
        texts = {r[0]: dict(zip(names, r, strict=True)) for r in cur}
        found["rows"] = [{**meta[i], "text": texts.get(i, {})} for i in ids if i in meta]
        return found

    try:
        found = await db.execute_fn(work)
    except sqlite3.OperationalError as exc:
        if "interrupt" not in str(exc):
            raise
        context["error"] = "The search took too long; add a term or a filter. 检索超时，请增加检索词或筛选条件。"
        return Response.html(await render())
    shown = [section] if section else columns
    for row in found["rows"]:
        row["excerpts"] = excerpts({c: row["text"].get(c) for c in shown}, query.terms, labels)
    context.update(results=found["rows"], more=len(found["rowids"]) > PAGE, total=found["total"],
                   complete=found["complete"], years=found["years"], districts=found["districts"],
                   note=found["note"], order=found["order"] if found["note"] else order)
    return Response.html(await render())


@hookimpl
def register_routes():
    return [(r"^/search$", search)]
