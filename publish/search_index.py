"""The search index of the published snapshot: one row per report, chrome stripped, text normalised.

Why its own index and not ``sections_fts`` (the archive's trigram index over every
section row of every extraction):
  * a researcher searches reports, so a row here is a report (its best extraction), with
    one column per section: terms AND-ed across sections, a count of reports is a count
    of rows, and a section filter is an FTS5 column filter;
  * PDF text keeps table headings one character per line (结\\n果\\n维\\n持); whitespace
    next to a CJK character is removed before indexing (``normalise``), so such words match;
  * site chrome (footers: 友情链接, ICP备, 网站标识码 …) is not report text; lines that carry
    a boilerplate marker, and lines that recur in most reports of one site, are removed
    before indexing and listed in ``search_chrome`` (never dropped silently);
  * a trigram index cannot answer terms of one or two characters (SQLite FTS5: "substrings
    of fewer than 3 unicode characters" do not match), which fell back to full scans.
    ``search_grams`` is a contentless FTS5 whose tokens are each section's distinct single
    characters and character pairs (detail=column: no positions), so a one- or
    two-character term is one token lookup at any archive size.

Objects (documented in datasette/metadata.yml):
  search_reports  rowid, report_id, extraction_id, agency, district, year, site, title,
                  status, chars, chrome_lines — narrow, for filters, counts and ordering
  search_text     rowid (= search_reports.rowid), one normalised text column per section
  search_fts      trigram FTS5 over search_text (external content): terms of 3+ characters
  search_grams    contentless FTS5 (unicode61, detail=column) of 1- and 2-character grams
  search_chrome   site, line, reason [marker|repeated], reports: what was not indexed
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import sqlite_utils

log = logging.getLogger(__name__)

SPEC_PATH = Path(__file__).resolve().parents[1] / "extract" / "spec" / "template.json"

META, TEXT, CHROME = "search_reports", "search_text", "search_chrome"
TRIGRAM, GRAMS = "search_fts", "search_grams_fts"  # *_fts: their shadow tables stay internal
EDGES, SITES = "search_edges", "search_sites"  # bookkeeping of the recurring-line rule
OBJECTS = (META, TEXT, TRIGRAM, GRAMS, CHROME, EDGES, SITES)
EXTRA_SECTION = "extra"  # column for section keys that are not plain identifiers or beyond MAX_COLUMNS
MAX_COLUMNS = 12
MAX_SECTION_CHARS = 200_000  # per section; the rest is not indexed (counted in search_reports.chars)

# Lines carrying one of these are site chrome (footers, breadcrumbs, share bars), not
# report text, when they are short: seen in the footers of the Guangzhou district portals
# (REAL_SITES.md: 网站标识码, 粤ICP备, 粤公网安备, 主办/承办) and common to Chinese
# government site templates (CMS footers, "当前位置" breadcrumbs, print/close links).
CHROME_MARKERS = re.compile(
    r"友情链接|ICP[备证]|公网安备|网站标识码|版权所有|copyright|©|主办单位|承办单位|主办[:：]|承办[:：]"
    r"|技术支持[:：]|访问量[:：]|网站地图|当前位置[:：]|您现在的位置|打印本页|关闭窗口|【打印】|【关闭】"
    r"|分享到[:：]|扫一扫", re.IGNORECASE)
CHROME_LINE_MAX = 200  # a longer line is prose even when it mentions a marker
# a line that recurs in at least this share of one site's reports (and in REPEAT_MIN_REPORTS
# of them) is that site's chrome, unless it is template text (spec labels)
REPEAT_SHARE = 0.5
REPEAT_MIN_REPORTS = 5
REPEAT_MAX_SITES = 2
EDGE_LINES = 5
REPEAT_LINE_CHARS = (6, 120)  # compacted length of lines considered for the repetition rule
CHROME_LIST_MAX = 50  # removed lines listed per report in search_chrome

_CJK = "\u2e80-\u2fdf\u3000-\u303f\u3040-\u30ff\u3100-\u312f\u31a0-\u31bf\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\ufe30-\ufe4f"
_SPACE_NEAR_CJK = re.compile(rf"(?<=[{_CJK}])\s+|\s+(?=[{_CJK}])")
_SPACES = re.compile(r"\s+")
_NOT_WORD = re.compile(r"[\W_]+")
_WORD_RUN = re.compile(r"[^\W_]+")
_IDENT = re.compile(r"^[a-z][a-z0-9_]{0,30}$")


def normalise(text: str) -> str:
    """NFKC, whitespace next to a CJK character removed, other whitespace runs as one space.

    Why: extracted PDF text breaks words across lines (结\\n果\\n维\\n持) and pads cells with
    spaces; Chinese needs no spaces, so removing them makes the word findable. Applied to
    the indexed text and to every query term alike.
    """
    text = unicodedata.normalize("NFKC", text)
    text = _SPACE_NEAR_CJK.sub("", text)
    return _SPACES.sub(" ", text).strip()


def word_char(ch: str) -> bool:
    """A character kept inside a gram token: a letter or a number (FTS5 unicode61's token
    characters are the categories L*, N* and Co; private-use characters are left out here)."""
    return bool(_WORD_RUN.fullmatch(ch))


def grams(text: str) -> str:
    """The distinct single characters and adjacent pairs of ``text`` as space-separated tokens.

    Only letters and numbers: punctuation separates tokens in unicode61, so a pair holding
    one would not survive as one token (a query term's punctuation is dropped the same way).
    """
    seen: set[str] = set()
    for run in _WORD_RUN.findall(text.lower()):
        seen.update(run)
        seen.update(map(str.__add__, run, run[1:]))
    return " ".join(sorted(seen))


def _compact(line: str) -> str:
    return _NOT_WORD.sub("", unicodedata.normalize("NFKC", line)).lower()


def template_phrases() -> list[str]:
    """Compacted Chinese labels of the template (headings, rows, columns): never site chrome."""
    out: set[str] = set()

    def walk(x: Any) -> None:
        if isinstance(x, str):
            c = _compact(x)
            if len(c) >= 2 and re.search(f"[{_CJK}]", c):
                out.add(c)
        elif isinstance(x, dict):
            for v in x.values():
                walk(v)
        elif isinstance(x, list):
            for v in x:
                walk(v)

    try:
        walk(json.loads(SPEC_PATH.read_text(encoding="utf-8")))
    except (OSError, ValueError):
        pass
    return sorted(out, key=len, reverse=True)


def is_template_line(key: str, phrases: Sequence[str]) -> bool:
    """Whether a compacted line holds a label of the template (then it is report text)."""
    return any(p in key for p in phrases) or any(key in p for p in phrases)


def section_columns(db: sqlite_utils.Database, spec_keys: list[str]) -> list[str]:
    """Spec section keys first, then other plain keys found in the data, then ``extra``."""
    found = [r[0] for r in db.execute("select distinct section from sections")]
    others = sorted(k for k in found if isinstance(k, str) and _IDENT.match(k) and k not in spec_keys
                    and k != EXTRA_SECTION)
    cols = [*spec_keys, *others][: MAX_COLUMNS - 1]
    return [*cols, EXTRA_SECTION]


def _spec_section_keys() -> list[str]:
    try:
        spec = json.loads(SPEC_PATH.read_text(encoding="utf-8"))
        return [s["key"] for s in spec.get("sections", []) if _IDENT.match(s.get("key", ""))]
    except (OSError, ValueError):
        return []


YEAR_BASE = 2200  # rowid = (YEAR_BASE - year) << HASH_BITS | hash: ascending rowid = newest year first
HASH_BITS = 52
NO_YEAR = 1023  # year key of a report without a year (sorts last)


def year_key(year: int | None) -> int:
    if not isinstance(year, int) or not 0 <= YEAR_BASE - year < NO_YEAR:
        return NO_YEAR
    return YEAR_BASE - year


def year_range(year: int | None) -> tuple[int, int]:
    """The rowids of the reports of ``year``: FTS5 seeks a rowid range without reading the rest."""
    lo = year_key(year) << HASH_BITS
    return lo, lo + (1 << HASH_BITS) - 1


def report_rowid(report_id: str, year: int | None) -> int:
    """A rowid fixed by the report (so a refresh and a full build agree) that orders by year.

    FTS5 returns matches in rowid order, so "newest first" and a year filter (a rowid range)
    cost nothing extra however many reports match.
    """
    h = int.from_bytes(hashlib.sha1(report_id.encode("utf-8")).digest()[:7], "big") & ((1 << HASH_BITS) - 1)
    return (year_key(year) << HASH_BITS) | h


def _line_hash(key: str) -> str:
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


def _reports(db: sqlite_utils.Database, report_ids: set[str] | None = None
             ) -> Iterator[tuple[dict[str, Any], list[tuple[str, str]]]]:
    """(report row, [(section, text)]) for each report's best extraction (``report_ids``: only those)."""
    sql = """
select r.id as report_id, b.extraction_id, r.agency, r.district, r.year, r.site, r.title, r.status,
  s.section, s.text
from report_best b
join reports r on r.id = b.report_id
join sections s on s.extraction_id = b.extraction_id
{where}
order by r.id, s.rowid"""
    if report_ids is None:
        chunks: list[list[str] | None] = [None]
    else:
        ids = sorted(report_ids)
        chunks = [ids[i:i + 500] for i in range(0, len(ids), 500)]
    for chunk in chunks:
        where = "" if chunk is None else f"where r.id in ({', '.join('?' for _ in chunk)})"
        cursor = db.conn.execute(sql.format(where=where), chunk or [])
        names = [d[0] for d in cursor.description]
        current: dict[str, Any] | None = None
        texts: list[tuple[str, str]] = []
        for values in cursor:
            row = dict(zip(names, values, strict=True))
            if current is None or row["report_id"] != current["report_id"]:
                if current is not None:
                    yield current, texts
                current = {k: row[k] for k in names if k not in ("section", "text")}
                texts = []
            texts.append((row["section"] or "", row["text"] or ""))
        if current is not None:
            yield current, texts


def edge_hashes(texts: list[tuple[str, str]]) -> list[str]:
    """Hashes of the compacted lines at the top and bottom of a report (where page chrome sits)."""
    lo, hi = REPEAT_LINE_CHARS
    lines = [line for _, text in texts for line in text.splitlines() if line.strip()]
    # a line over 2 x hi characters cannot compact to hi: not compacted at all (speed)
    keys = {_compact(line) for line in lines[:EDGE_LINES] + lines[-EDGE_LINES:] if len(line) <= 2 * hi}
    return sorted(_line_hash(k) for k in keys if lo <= len(k) <= hi)


def site_chrome(db: sqlite_utils.Database, sites: set[str] | None = None) -> dict[str, set[str]]:
    """Site -> hashes of lines that recur at the top or bottom of most of that site's reports.

    The rule, so that shared report prose is never taken for chrome: a line counts only
    among the first and last ``EDGE_LINES`` lines of a report (where a page's header and
    footer are); it must recur in at least ``REPEAT_SHARE`` of the site's reports (and in
    ``REPEAT_MIN_REPORTS``); and it must be particular to the site (seen in at most
    ``REPEAT_MAX_SITES`` sites: a sentence every district writes is prose). Template text
    (a heading, row or column label of the spec) is kept by ``strip_chrome`` even so.
    """
    reports: Counter[str] = Counter()
    per_site: dict[str, Counter[str]] = defaultdict(Counter)
    for site, hashes in db.execute(f"select site, hashes from {EDGES}"):
        reports[site] += 1
        if sites is None or site in sites:
            per_site[site].update(json.loads(hashes))
    candidates: dict[str, set[str]] = {}
    for site in (reports if sites is None else sites):
        need = max(REPEAT_MIN_REPORTS, REPEAT_SHARE * reports[site])
        candidates[site] = {h for h, n in per_site[site].items() if n >= need}
    wanted = set().union(*candidates.values()) if candidates else set()
    seen_in: dict[str, set[str]] = defaultdict(set)
    if wanted:
        for site, hashes in db.execute(f"select site, hashes from {EDGES}"):
            for h in wanted.intersection(json.loads(hashes)):
                seen_in[h].add(site)
    return {site: {h for h in hs if len(seen_in[h]) <= REPEAT_MAX_SITES} for site, hs in candidates.items()}


def strip_chrome(text: str, chrome: set[str], phrases: Sequence[str] = ()) -> tuple[str, list[tuple[str, str]]]:
    """The text without chrome lines, and the removed lines with their reason [marker|repeated].

    A recurring line (its hash in ``chrome``) that holds template text (``phrases``: the
    spec's headings, rows and columns) is report text and kept.
    """
    kept: list[str] = []
    removed: list[tuple[str, str]] = []
    for line in text.splitlines():
        stripped = line.strip()
        if stripped and len(stripped) <= CHROME_LINE_MAX and CHROME_MARKERS.search(stripped):
            removed.append((stripped, "marker"))
        elif (stripped and chrome and len(stripped) <= 2 * REPEAT_LINE_CHARS[1]
              and _line_hash(key := _compact(stripped)) in chrome and not is_template_line(key, phrases)):
            removed.append((stripped, "repeated"))
        else:
            kept.append(line)
    return "\n".join(kept), removed


def _create(db: sqlite_utils.Database, columns: list[str]) -> None:
    for name in OBJECTS:
        kind = db.execute("select type from sqlite_master where name = ?", [name]).fetchone()
        if kind:
            db.execute(f"drop {kind[0]} {name}")
    col_defs = ", ".join(f"{c} text" for c in columns)
    col_list = ", ".join(columns)
    db.execute(f"""create table {META} (rowid integer primary key, report_id text not null unique,
        extraction_id text, agency text, district text, year integer, site text, title text, status text,
        chars integer, chrome_lines integer)""")
    db.execute(f"create table {TEXT} (rowid integer primary key, {col_defs})")
    db.execute(f"create virtual table {TRIGRAM} using fts5({col_list}, content='{TEXT}', "
               "content_rowid='rowid', tokenize='trigram')")
    db.execute(f"create virtual table {GRAMS} using fts5({col_list}, content='', detail='column', "
               "tokenize='unicode61')")
    db.execute(f"create table {CHROME} (report_id text, site text, line text, reason text)")
    db.execute(f"create table {EDGES} (report_id text primary key, site text, hashes text)")
    db.execute(f"create table {SITES} (site text primary key, chrome text)")
    for table, cols in ((META, ["year", "agency"]), (META, ["district", "year"]), (META, ["agency", "year"]),
                        (CHROME, ["report_id"]), (EDGES, ["site"])):
        db[table].create_index(cols, if_not_exists=True)


def _columns(db: sqlite_utils.Database) -> list[str]:
    return [r[1] for r in db.execute(f"select * from pragma_table_info('{TEXT}')") if r[1] != "rowid"]


def build_search_index(db: sqlite_utils.Database) -> None:
    """(Re)build every search object from ``sections`` and ``report_best`` (snapshot only)."""
    if not {"sections", "report_best", "reports"} <= set(db.table_names()):
        return
    _create(db, section_columns(db, _spec_section_keys()))
    _index(db, None)
    for name in (TRIGRAM, GRAMS):
        db.execute(f"insert into {name}({name}) values ('optimize')")
    log.info("search index: %d reports", db[META].count)


def refresh_search_index(db: sqlite_utils.Database, report_ids: set[str]) -> None:
    """Bring the search objects up to date for ``report_ids`` (and for the reports of any site
    whose recurring chrome lines changed with them); rows equal those of a full build."""
    if not report_ids:
        return
    if META not in db.table_names() or set(section_columns(db, _spec_section_keys())) != set(_columns(db)):
        build_search_index(db)
        return
    _index(db, set(report_ids))


def _index(db: sqlite_utils.Database, report_ids: set[str] | None) -> None:
    """Index ``report_ids`` (None: every report of a freshly created index)."""
    phrases = template_phrases()
    columns = _columns(db)
    col_list = ", ".join(columns)
    marks = ", ".join("?" for _ in columns)
    # 1. the edge lines of the reports, then each affected site's chrome
    sites: set[str] = set()
    if report_ids is not None:
        sites |= _sites_of(db, report_ids)
        _delete_in(db, EDGES, "report_id", report_ids)
    edges = []
    for report, texts in _reports(db, report_ids):
        sites.add(report["site"] or "")
        edges.append((report["report_id"], report["site"] or "", json.dumps(edge_hashes(texts))))
    db.conn.executemany(f"insert into {EDGES} values (?,?,?)", edges)
    chrome = site_chrome(db, None if report_ids is None else sites)
    stored = {site: set(json.loads(h or "[]")) for site, h in db.execute(f"select site, chrome from {SITES}")}
    if report_ids is not None:  # a site whose chrome changed is re-indexed whole
        changed_sites = [s for s in sites if chrome.get(s, set()) != stored.get(s, set())]
        if changed_sites:
            report_ids |= {r[0] for r in db.execute(
                f"select report_id from {EDGES} where site in (select value from json_each(?))",
                [json.dumps(changed_sites)])}
    db.conn.executemany(f"insert or replace into {SITES} values (?, ?)",
                        [(s, json.dumps(sorted(h))) for s, h in chrome.items()])
    db.execute(f"delete from {SITES} where site not in (select site from {EDGES})")
    all_chrome = {**{s: h for s, h in stored.items()}, **chrome}
    # 2. remove what the reports had in the index
    if report_ids is not None:
        old = [r for r in db.execute(f"select rowid, {col_list} from {TEXT} where rowid in "
                                     f"(select rowid from {META} where report_id in (select value from json_each(?)))",
                                     [json.dumps(sorted(report_ids))])]
        db.conn.executemany(f"insert into {TRIGRAM}({TRIGRAM}, rowid, {col_list}) values ('delete', ?, {marks})", old)
        db.conn.executemany(f"insert into {GRAMS}({GRAMS}, rowid, {col_list}) values ('delete', ?, {marks})",
                            [(r[0], *(grams(v) if v else None for v in r[1:])) for r in old])
        db.conn.executemany(f"delete from {TEXT} where rowid = ?", [(r[0],) for r in old])
        for table in (META, CHROME):
            _delete_in(db, table, "report_id", report_ids)
    # 3. index them again
    batch: dict[str, list[tuple]] = {META: [], TEXT: [], GRAMS: [], CHROME: []}

    def flush() -> None:
        db.conn.executemany(f"insert into {META} values (?,?,?,?,?,?,?,?,?,?,?)", batch[META])
        db.conn.executemany(f"insert into {TEXT} values (?, {marks})", batch[TEXT])
        db.conn.executemany(f"insert into {TRIGRAM}(rowid, {col_list}) values (?, {marks})", batch[TEXT])
        db.conn.executemany(f"insert into {GRAMS}(rowid, {col_list}) values (?, {marks})", batch[GRAMS])
        db.conn.executemany(f"insert into {CHROME} values (?,?,?,?)", batch[CHROME])
        for rows in batch.values():
            rows.clear()

    used = {r[0] for r in db.execute(f"select rowid from {META}")}
    for report, texts in _reports(db, report_ids):
        rowid = report_rowid(report["report_id"], report["year"])
        while rowid in used:  # two reports whose 52-bit hashes collide: the next free rowid
            rowid += 1
        used.add(rowid)
        site = report["site"] or ""
        by_col: dict[str, list[str]] = {c: [] for c in columns}
        removed_lines: list[tuple[str, str]] = []
        chars = 0
        for section, text in texts:
            kept, removed = strip_chrome(text, all_chrome.get(site, set()), phrases)
            removed_lines += removed
            col = section if section in by_col else EXTRA_SECTION
            by_col[col].append(normalise(kept))
            chars += len(text)
        values = ["\n".join(p for p in by_col[c] if p)[:MAX_SECTION_CHARS] or None for c in columns]
        batch[META].append((rowid, report["report_id"], report["extraction_id"], report["agency"],
                            report["district"], report["year"], site, report["title"], report["status"],
                            chars, len(removed_lines)))
        batch[TEXT].append((rowid, *values))
        batch[GRAMS].append((rowid, *(grams(v) if v else None for v in values)))
        batch[CHROME].extend((report["report_id"], site, line[:CHROME_LINE_MAX], reason)
                             for line, reason in removed_lines[:CHROME_LIST_MAX])
        if len(batch[META]) >= 2000:
            flush()
    flush()


def _sites_of(db: sqlite_utils.Database, report_ids: set[str]) -> set[str]:
    rows = db.execute(f"select distinct site from {EDGES} where report_id in (select value from json_each(?))",
                      [json.dumps(sorted(report_ids))])
    return {r[0] for r in rows}


def _delete_in(db: sqlite_utils.Database, table: str, column: str, values: set[str]) -> None:
    db.execute(f"delete from {table} where {column} in (select value from json_each(?))", [json.dumps(sorted(values))])
