"""Every page of the published site answers 200: links walked from the home page, every table,
view, canned query and chart in HTML and JSON, and the database page (issue 13, item 1).

The walk is bounded: each distinct link pattern (path with ids/sha256/numbers generalised,
plus the names of its query parameters) is fetched once, table pages with ``_size=5``.
"""

from __future__ import annotations

import asyncio
import json
import re
import sqlite3
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlencode, urlsplit

import pytest
import yaml
from helpers import PLANTED, ROOT, load_maker, published_datasette

from crawler.config import Config
from publish.release import make_release
from publish.snapshot import DB_NAME, VIEW_COUNTS_KEY, inspect_path, publish, published_db_path

DS_DIR = ROOT / "datasette"
MAX_PAGES = 400  # a bound on the walk; the site has far fewer patterns
# query parameters that only page, size or reformat the same page (not a different kind of page)
PAGING = {"_size", "_next", "_labels", "_nl", "_hide_sql", "_stream", "_dl"}
SAME_PAGE = {"_sort_desc": "_sort"}
INTERNAL = re.compile(r"^(?:.+_fts_(?:data|idx|docsize|config)|sqlite_stat\d|sqlite_sequence)$")
FAKE_VIEW_COUNT = 987_654_321  # a count no page could compute: proves the view page did not count


class Links(HTMLParser):
    """Every href/src of a page (anchors, stylesheets, scripts, images)."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "src") and value:
                self.found.append(value)


@pytest.fixture(scope="module")
def site(tmp_path_factory):

    data = tmp_path_factory.mktemp("links")
    facts = load_maker().generate(data, reports=12, plant={"3": PLANTED}, write_files=12)
    cfg = Config(data)
    publish(cfg)
    make_release(cfg)  # so the walk reaches /releases/<name>/ and its files
    inspect = json.loads(inspect_path(cfg).read_text())
    # statistics_long is a table now (publish/statistics.py); originals is the largest view left
    true_long = inspect[DB_NAME][VIEW_COUNTS_KEY]["originals"]["count"]
    inspect[DB_NAME][VIEW_COUNTS_KEY]["originals"]["count"] = FAKE_VIEW_COUNT
    mp = pytest.MonkeyPatch()
    mp.setenv("NIANBAO_ARCHIVE_DIR", str(cfg.archive_dir))
    ds = published_datasette(cfg, inspect_data=inspect)
    yield ds, cfg, facts, true_long
    mp.undo()


def get(ds, path: str):
    return asyncio.run(ds.client.get(path))


def pattern(url: str) -> str:
    """A link with its ids generalised: one fetch per kind of page, not per row."""
    parts = urlsplit(url)
    path = re.sub(r"/[0-9a-f]{64}", "/{sha}", parts.path)
    path = re.sub(r"/(?=[0-9A-Za-z_-]*\d)[0-9a-f]{8,40}(?=[/.]|$)", "/{id}", path)
    path = re.sub(r"/\d+(?=[/.]|$)", "/{n}", path)
    params = parse_qsl(parts.query, keep_blank_values=True)
    names = sorted({SAME_PAGE.get(k, k) for k, _ in params if k not in PAGING and not re.fullmatch(r"p\d+", k)})
    if parts.fragment.startswith("g."):  # datasette-vega chart settings: each chart is its own page
        names.append("#" + parts.fragment)
    return path + "?" + "&".join(names)


def same_site(link: str) -> str | None:
    """The site-relative URL of a link on this site, or None for other sites, mailto: and anchors."""
    parts = urlsplit(link)
    if parts.scheme in ("http", "https"):
        if parts.hostname not in ("localhost", "127.0.0.1"):
            return None
    elif parts.scheme or link.startswith("//") or not parts.path.startswith("/"):
        return None
    url = parts.path + ("?" + parts.query if parts.query else "")
    return url + ("#" + parts.fragment if parts.fragment.startswith("g.") else "")


def with_small_page(url: str, tables: set[str]) -> str:
    """Table and view pages with ``_size=5`` (bounded; the first page is what is being tested)."""
    parts = urlsplit(url)
    name = parts.path.rsplit("/", 1)[-1].removesuffix(".json").removesuffix(".csv")
    if parts.path.startswith(f"/{DB_NAME}/") and name in tables and parts.path.count("/") == 2:
        params = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != "_size"]
        params.append(("_size", "5"))
        return parts.path + "?" + urlencode(params)
    return url


def names(cfg: Config) -> tuple[list[str], list[str]]:
    """Every table and view a visitor may see (SQLite's internal tables are denied, see below)."""
    conn = sqlite3.connect(published_db_path(cfg))
    try:
        rows = conn.execute("select type, name from sqlite_master where type in ('table', 'view')").fetchall()
    finally:
        conn.close()
    return ([n for t, n in rows if t == "table" and not INTERNAL.match(n)],
            [n for t, n in rows if t == "view"])


def walk(ds, start: list[str], tables: set[str]) -> tuple[dict[str, int], list[str]]:
    """Fetch ``start`` and every same-site link reachable from it, one URL per pattern."""
    seen: dict[str, str] = {}
    status: dict[str, int] = {}
    queue = list(start)
    while queue and len(status) < MAX_PAGES:
        url = queue.pop(0)
        key = pattern(url)
        if key in seen:
            continue
        seen[key] = url
        fetch = with_small_page(url.split("#", 1)[0], tables)
        r = get(ds, fetch)
        status[url] = r.status_code
        if r.status_code == 200 and r.headers.get("content-type", "").startswith("text/html"):
            parser = Links()
            parser.feed(r.text)
            queue.extend(u for u in (same_site(link) for link in parser.found) if u)
    return status, queue


def test_database_page_and_json_answer_200(site):
    ds, cfg, _, _ = site
    tables, views = names(cfg)
    r = get(ds, f"/{DB_NAME}")
    assert r.status_code == 200, r.text[-2000:]
    for view in ("statistics_long", "originals", "missing_years"):  # statistics_long: a table
        assert f"/{DB_NAME}/{view}" in r.text
    data = get(ds, f"/{DB_NAME}.json?_show_hidden=1").json()
    assert {t["name"] for t in data["tables"]} == set(tables)
    assert {v["name"] for v in data["views"]} == set(views)
    assert get(ds, f"/{DB_NAME}.db").status_code == 200


def test_view_page_uses_the_count_made_at_publish_time(site):
    ds, _, _, true_long = site
    data = get(ds, f"/{DB_NAME}/originals.json?_size=1").json()
    assert data["filtered_table_rows_count"] == FAKE_VIEW_COUNT  # from the inspect file, not count(*)
    assert "987,654,321" in get(ds, f"/{DB_NAME}/originals?_size=1").text
    # a filtered view page still counts its rows
    rid = get(ds, f"/{DB_NAME}/originals.json?_size=1&_shape=array").json()[0]["report_id"]
    filtered = get(ds, f"/{DB_NAME}/originals.json?_size=1&report_id={rid}").json()
    assert 0 < filtered["filtered_table_rows_count"] < true_long


def test_every_table_view_and_canned_query_in_html_and_json(site):
    ds, cfg, _, _ = site
    tables, views = names(cfg)
    meta = yaml.safe_load((DS_DIR / "metadata.yml").read_text(encoding="utf-8"))
    queries = list(meta["databases"][DB_NAME].get("queries", {}))
    assert "statistics_long" in tables and "originals" in views and queries
    bad = []
    for name in tables + views + queries:
        for suffix in ("", ".json"):
            url = f"/{DB_NAME}/{name}{suffix}?_size=5"
            r = get(ds, url)
            if r.status_code != 200:
                bad.append(f"{r.status_code} {url}")
    assert not bad, "\n".join(bad)


def test_every_link_from_the_home_page_answers_200(site):
    ds, cfg, facts, _ = site
    tables, views = names(cfg)
    start = ["/", f"/report/{facts['reports'][3]['id']}", "/search?q=" + PLANTED[3:8]]
    status, left = walk(ds, start, set(tables) | set(views))
    bad = [f"{code} {url}" for url, code in status.items() if code != 200]
    assert not bad, "\n".join(bad)
    assert not left or len(status) >= MAX_PAGES
    fetched = set(status)
    # the walk reached the pages a researcher uses (breadcrumbs, database page, charts, downloads)
    for expected in (f"/{DB_NAME}", f"/{DB_NAME}/statistics_long", f"/{DB_NAME}/statistics_wide",
                     f"/{DB_NAME}/grant_rate_by_district_year", "/run/latest", "/feed.atom"):
        assert expected in fetched, sorted(fetched)[:50]
    # the report page's own pages: a version permalink, the previous run's report (issue 13 item 5)
    assert any(re.fullmatch(r"/report/[0-9a-f]+/version/[0-9a-f]{64}", u) for u in fetched)
    assert any(re.fullmatch(r"/run/(?!latest)[^/]+", u) for u in fetched)
    assert any("#g.mark=" in u for u in fetched)
    assert "/releases/" in fetched and any("_bom=1" in u for u in fetched)  # data releases, CSV for Excel
    assert any(u.startswith("/original/") for u in fetched)
    # the comparison dashboard, its chart pages and an agency page (issue 13 item 3)
    assert "/-/dashboards/compare" in fetched
    assert any(u.startswith("/-/dashboards/compare/") for u in fetched)
    assert any(re.fullmatch(r"/agency/[0-9a-f]{16}", u) for u in fetched)
    assert any(".csv" in u for u in fetched) and any(".json" in u for u in fetched)


def test_internal_tables_are_not_served(site):
    ds, cfg, _, _ = site
    conn = sqlite3.connect(published_db_path(cfg))
    internal = [n for (n,) in conn.execute("select name from sqlite_master where type = 'table'") if INTERNAL.match(n)]
    conn.close()
    assert "sections_fts_idx" in internal
    for name in internal:
        assert get(ds, f"/{DB_NAME}/{name}.json").status_code == 403
        assert name not in get(ds, f"/{DB_NAME}?_show_hidden=1").text
    # the index itself still answers search
    assert get(ds, "/search?q=" + PLANTED[3:8]).status_code == 200
