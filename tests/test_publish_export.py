"""Data out at scale (issue 13, item 6): streamed CSV/JSON of ``statistics_long`` return every row,
CSV that Excel opens (``_bom=1``), and an ``.xlsx`` download bounded with a clear message.

Datasette runs in-process with a tiny ``max_returned_rows`` so that a stream needs many keyset
pages even on the small synthetic database: a stream that paged by OFFSET over a view, or lost
rows between pages, would show here as a short or duplicated result.
"""

from __future__ import annotations

import asyncio
import csv
import io
import sqlite3
from urllib.parse import quote

import pytest
from helpers import ROOT, load_maker, load_script, published_datasette

from crawler.config import Config
from publish.snapshot import DB_NAME, publish, published_db_path
from publish.statistics import INDEXES, refresh_statistics_long

DS_DIR = ROOT / "datasette"
PAGE = 37  # max_returned_rows: an odd page size so page edges fall inside reports


@pytest.fixture(scope="module")
def site(tmp_path_factory):

    data = tmp_path_factory.mktemp("export")
    load_maker().generate(data, reports=10, write_files=2)
    cfg = Config(data)
    publish(cfg)
    # default_page_size below the maximum, as in production
    ds = published_datasette(cfg, max_returned_rows=PAGE, default_page_size=10)
    return ds, cfg


def get(ds, path: str):
    return asyncio.run(ds.client.get(path))


def rows_of(cfg: Config, sql: str, params: tuple = ()) -> list[tuple]:
    conn = sqlite3.connect(published_db_path(cfg))
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def read_csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_statistics_long_is_an_indexed_table_with_a_keyset(site):
    _, cfg = site
    (kind,) = rows_of(cfg, "select type from sqlite_master where name = 'statistics_long'")[0]
    assert kind == "table"
    pk = [r[1] for r in rows_of(cfg, "pragma table_info(statistics_long)") if r[5]]
    assert pk == ["id"]
    indexed = {tuple(c[2] for c in rows_of(cfg, f"pragma index_info('{name}')"))
               for (name,) in rows_of(cfg, "select name from pragma_index_list('statistics_long')")}
    assert set(INDEXES) <= indexed
    # a filtered keyset page is an index range scan, never a sort of every matching row
    plan = " ".join(r[3] for r in rows_of(
        cfg, "explain query plan select * from statistics_long where district = ? and id > ? order by id limit 38",
        ("越秀区", 0)))
    assert "USING INDEX" in plan and "TEMP B-TREE" not in plan, plan
    # labelled and integer, as before (issue 13, item 2)
    assert rows_of(cfg, "select count(*) from statistics_long where label_zh is null")[0][0] == 0
    assert rows_of(cfg, "select typeof(value) from statistics_long where unit = 'count' limit 1")[0][0] == "integer"


def test_filtered_csv_stream_returns_every_row(site):
    ds, cfg = site
    district, expected = rows_of(cfg, "select district, count(*) from statistics_long group by district "
                                      "order by 2 desc limit 1")[0]
    assert expected > 3 * PAGE  # the stream needs several pages
    r = get(ds, f"/{DB_NAME}/statistics_long.csv?district={district}&_stream=on&_size=max")
    assert r.status_code == 200
    rows = read_csv(r.text)
    assert len(rows) == expected
    assert len({row["id"] for row in rows}) == expected  # no row twice
    assert {row["district"] for row in rows} == {district}
    # the whole table too, and the JSON pages (keyset _next) agree with it
    (total,) = rows_of(cfg, "select count(*) from statistics_long")[0]
    assert len(read_csv(get(ds, f"/{DB_NAME}/statistics_long.csv?_stream=on").text)) == total
    seen, path = 0, f"/{DB_NAME}/statistics_long.json?_size=max&district={district}"
    while path:
        page = get(ds, path).json()
        seen += len(page["rows"])
        path = page["next_url"] and page["next_url"].split("localhost", 1)[-1]
    assert seen == expected


def test_refresh_replaces_only_the_given_reports(site, tmp_path):
    import shutil

    import sqlite_utils

    _, cfg = site
    copy = tmp_path / "copy.db"
    shutil.copy(published_db_path(cfg), copy)
    db = sqlite_utils.Database(copy)
    before = db.execute("select count(*) from statistics_long").fetchone()[0]
    rid, n = db.execute("select report_id, count(*) from statistics_long group by 1 limit 1").fetchone()
    other_ids = db.execute("select min(id), max(id) from statistics_long where report_id != ?", [rid]).fetchone()
    assert refresh_statistics_long(db, [rid]) == n
    assert db.execute("select count(*) from statistics_long").fetchone()[0] == before
    assert db.execute("select min(id), max(id) from statistics_long where report_id != ?", [rid]).fetchone() \
        == other_ids
    assert db.execute("select min(id) from statistics_long where report_id = ?", [rid]).fetchone()[0] > other_ids[1]
    db.close()


# ---------------------------------------------------------------- Excel: CSV with BOM, .xlsx


def test_csv_with_bom_streams_the_same_rows(site):
    ds, cfg = site
    (district,) = rows_of(cfg, "select district from statistics_long limit 1")[0]
    plain = get(ds, f"/{DB_NAME}/statistics_long.csv?district={district}&_stream=on&_size=max")
    bom = get(ds, f"/{DB_NAME}/statistics_long.csv?district={district}&_stream=on&_size=max&_bom=1")
    assert bom.status_code == 200
    assert bom.content == b"\xef\xbb\xbf" + plain.content
    assert not plain.content.startswith(b"\xef\xbb\xbf")
    # a page's own CSV and a canned query's too; an error answer is left alone
    assert get(ds, f"/{DB_NAME}/reports.csv?_bom=1").content.startswith(b"\xef\xbb\xbf")
    assert get(ds, f"/{DB_NAME}/grant_rate_by_district_year.csv?_bom=1").content.startswith(b"\xef\xbb\xbf")
    assert not get(ds, f"/{DB_NAME}/no_such_table.csv?_bom=1").content.startswith(b"\xef\xbb\xbf")


def load_xlsx(content: bytes):
    from openpyxl import load_workbook

    return load_workbook(io.BytesIO(content), read_only=True)


def test_xlsx_download_has_every_row_and_is_linked(site):
    ds, cfg = site
    (district, expected) = rows_of(cfg, "select district, count(*) from statistics_long group by 1 limit 1")[0]
    r = get(ds, f"/{DB_NAME}/statistics_long.xlsx?district={district}")
    assert r.status_code == 200, r.text[:500]
    assert r.headers["content-type"].startswith("application/vnd.openxmlformats")
    book = load_xlsx(r.content)
    assert book.sheetnames == ["data", "about"]
    rows = list(book["data"].iter_rows(values_only=True))
    assert rows[0][:3] == ("id", "report_id", "agency_id")
    assert len(rows) - 1 == expected > 3 * PAGE  # several keyset pages
    assert {row[4] for row in rows[1:]} == {district}
    assert isinstance(rows[1][rows[0].index("value")], int)
    page = get(ds, f"/{DB_NAME}/statistics_long").text
    assert 'statistics_long.xlsx' in page  # Datasette links renderers beside JSON and CSV


def test_xlsx_beyond_the_limit_says_so(site, monkeypatch):
    ds, cfg = site
    monkeypatch.setenv("NIANBAO_XLSX_MAX_ROWS", "50")
    r = get(ds, f"/{DB_NAME}/statistics_long.xlsx")
    book = load_xlsx(r.content)
    assert book.sheetnames == ["about", "data"]  # opens on the warning
    about = {row[0]: row[1] for row in book["about"].iter_rows(values_only=True)}
    assert about["行数 Rows"] == 50
    assert "first 50 rows" in about["未包含全部行 NOT ALL ROWS"]
    assert len(list(book["data"].iter_rows(values_only=True))) == 51


def test_xlsx_keeps_formula_like_text_as_text(site):
    from openpyxl import load_workbook

    ds, _ = site
    r = get(ds, f"/{DB_NAME}.xlsx?sql=" + quote("select '=HYPERLINK(\"http://x\")' as a, 1 as b"))
    assert r.status_code == 200, r.text[:300]
    cell = load_workbook(io.BytesIO(r.content))["data"]["A2"]
    assert cell.data_type == "s" and cell.value.startswith("=HYPERLINK")
    excel = load_script("datasette/plugins/excel.py", "excel_plugin")
    counts = excel.Sanitised()
    assert excel.cell_value("a\x00b\x1fc", counts) == "abc" and counts.illegal == 1
    assert len(excel.cell_value("x" * 40_000, counts)) == excel.CELL_MAX and counts.cut == 1
