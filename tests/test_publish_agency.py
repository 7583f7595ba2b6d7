"""The agency page /agency/<id>, the agency foreign key of the snapshot, and readable tables (issue 13, item 3)."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import re
import sqlite3

import pytest
import sqlite_utils
import yaml
from helpers import ROOT, load_maker, load_script, published_datasette

from crawler.config import Config
from publish.agencies import build_agencies
from publish.snapshot import DB_NAME, publish, published_db_path

DS_DIR = ROOT / "datasette"
HOSTILE = '<img src=x onerror="alert(1)">局'
page_mod = load_script("datasette/plugins/agency_page.py", "agency_page_under_test")


@pytest.fixture(scope="module")
def site(tmp_path_factory):

    data = tmp_path_factory.mktemp("agency")
    facts = load_maker().generate(data, reports=24, write_files=4)
    cfg = Config(data)
    reps = facts["reports"]
    first = reps[0]
    conn = sqlite3.connect(cfg.db_path)
    agency_id = conn.execute("select agency_id from reports where id = ?", [first["id"]]).fetchone()[0]
    years = [r for r in conn.execute("select id, year from reports where agency_id = ? order by year", [agency_id])]
    assert len(years) == 4
    gap_id, gap_year = years[1]
    late_id, late_year = years[2]
    # a missing middle year (removed from the site), a late report, a hostile agency name, an orphan report
    conn.execute("update reports set status = 'removed' where id = ?", [gap_id])
    missing_id, missing_year = years[3]
    conn.execute("delete from report_best where report_id = ?", [missing_id])
    conn.execute("delete from reports where id = ?", [missing_id])
    conn.execute("update documents set publish_date = ? where report_id = ?", [f"{late_year + 1}年3月2日", late_id])
    conn.execute("update documents set publish_date = 'not a date <b>x</b>' where report_id = ?", [years[0][0]])
    hostile_id = conn.execute("select agency_id from reports where id = ?", [reps[-1]["id"]]).fetchone()[0]
    conn.execute("update agencies set name = ? where id = ?", [HOSTILE, hostile_id])
    conn.execute("update reports set agency = ? where agency_id = ?", [HOSTILE, hostile_id])
    conn.execute("update reports set agency_id = 'orphan0000000001' where id = ?", [reps[-2]["id"]])
    conn.commit()
    conn.close()
    publish(cfg)
    mp = pytest.MonkeyPatch()
    mp.setenv("NIANBAO_ARCHIVE_DIR", str(cfg.archive_dir))
    ds = published_datasette(cfg)
    yield ds, cfg, {"agency_id": agency_id, "gap_year": gap_year, "missing_year": missing_year, "late_year": late_year, "late_id": late_id,
                    "hostile_id": hostile_id, "orphan_report": reps[-2]["id"]}
    mp.undo()


def get(ds, path: str):
    return asyncio.run(ds.client.get(path))


def test_timeliness_against_the_31_january_deadline():
    t = page_mod.timeliness
    assert t(2023, "2024-01-31", None)["state"] == "on_time"
    late = t(2023, "2024年2月10日", "2024-01-05T02:00:00Z")
    assert (late["state"], late["days"], late["deadline"]) == ("late", 10, "2024-01-31")
    assert t(2023, "2024/1/15 09:00", None) == {"state": "on_time", "deadline": "2024-01-31", "date": "2024-01-15",
                                                 "days": -16, "source": "site"}
    # no usable site date: the first fetch bounds it from above
    assert t(2023, None, "2024-01-20T02:00:00Z")["state"] == "on_time_by_fetch"
    assert t(2023, "2024-02-30", "2024-03-01T02:00:00Z")["state"] == "unknown"
    assert t(None, "2024-01-01", None)["state"] == "unknown"
    assert page_mod.parse_date("x" * 300 + "2024-01-01") is None  # bounded: a huge value is not searched


def test_snapshot_declares_the_agency_foreign_key_and_is_idempotent(site):
    _, cfg, info = site
    db = sqlite_utils.Database(published_db_path(cfg))
    fks = [(fk.column, fk.other_table, fk.other_column) for fk in db["reports"].foreign_keys]
    assert ("agency_id", "agencies", "id") in fks
    assert db["reports"].count == 23  # 24 less the one deleted above: nothing dropped, the orphan kept
    assert db.execute("select agency_id from reports where id = ?", [info["orphan_report"]]).fetchone()[0] \
        == "orphan0000000001"
    indexes = {tuple(i.columns) for i in db["reports"].indexes}
    assert ("agency_id", "year") in indexes
    db.close()


def test_build_agencies_twice_keeps_one_key_and_counts_orphans(tmp_path):
    db = sqlite_utils.Database(tmp_path / "x.db")
    db["agencies"].insert({"id": "a1", "name": "甲局", "district": "d", "site": "s"}, pk="id")
    db["reports"].insert_all([{"id": "r1", "agency_id": "a1", "year": 2023},
                              {"id": "r2", "agency_id": "zz", "year": 2023}], pk="id")
    db.execute("create view v as select r.id, a.name from reports r join agencies a on a.id = r.agency_id")
    assert build_agencies(db) == 1
    assert build_agencies(db) == 1
    assert len(db["reports"].foreign_keys) == 1
    assert db["reports"].count == 2
    assert [r["name"] for r in db.query("select * from v")] == ["甲局"]


def test_agency_page_lists_every_year_with_gaps_versions_and_timeliness(site):
    ds, _, info = site
    r = get(ds, f"/agency/{info['agency_id']}")
    assert r.status_code == 200, r.text[-2000:]
    html = r.text
    assert 'class="agency-years"' in html
    assert re.search(rf"<td>{info['gap_year']}</td>\s*<td class=\"title\"><a href=\"/report/", html)  # the removed report listed
    assert 'class="removed"' in html and "status-removed" in html
    assert re.search(rf'<tr class="gap"><td>{info["missing_year"]}</td>', html)  # a year with no report at all
    assert f"/report/{info['late_id']}" in html
    assert "逾期 " in html and "late by" in html
    assert "not a date &lt;b&gt;x&lt;/b&gt;" in html  # hostile date shown escaped, not parsed
    assert re.search(r'<td class="num">\d+ / \d+</td>', html)  # documents / versions
    assert 'id="agency-chart-data"' in html and "vega-lite.min.js" in html
    data = json.loads(re.search(r'id="agency-chart-data">(.*?)</script>', html, re.S)[1])
    assert {d["year"] for d in data} and all(set(d) == {"year", "group", "measure", "value"} for d in data)
    assert str(info["gap_year"]) not in {d["year"] for d in data}  # the gap is a gap in the chart
    assert get(ds, "/-/static-plugins/datasette_dashboards/vega-lite.min.js").status_code == 200


def test_agency_page_escapes_a_hostile_name_and_refuses_bad_ids(site):
    ds, _, info = site
    r = get(ds, f"/agency/{info['hostile_id']}")
    assert r.status_code == 200
    assert "<img src=x" not in r.text and "&lt;img src=x" in r.text
    chart = re.search(r'id="agency-chart-data">(.*?)</script>', r.text, re.S)[1]
    assert "<" not in chart
    assert get(ds, "/agency/nope0000").status_code == 404
    assert get(ds, "/agency/" + "x" * 100).status_code == 400
    assert get(ds, "/agency/a%3Cb").status_code == 400
    # an agency known only from its reports (no agencies row) still has a page
    orphan = get(ds, "/agency/orphan0000000001")
    assert orphan.status_code == 200 and "orphan0000000001" in orphan.text


def test_tables_link_agencies_by_name(site):
    ds, _, info = site
    html = get(ds, f"/{DB_NAME}/reports?agency_id={info['agency_id']}").text
    # the foreign key is shown by name and links to the agency page
    assert re.search(rf'<td class="col-agency_id[^"]*"><a href="/agency/{info["agency_id"]}">广州市', html)
    wide = get(ds, f"/{DB_NAME}/statistics_wide?_size=3").text
    assert re.search(r'<td class="col-agency [^"]*"><a href="/agency/[0-9a-f]{16}">', wide)
    agencies = get(ds, f"/{DB_NAME}/agencies?id={info['hostile_id']}").text
    assert f'<a href="/agency/{info["hostile_id"]}">&lt;img' in agencies and "<img src=x" not in agencies
    query = get(ds, f"/{DB_NAME}/agencies_missing_year").text
    assert "/agency/" in query


def test_readable_tables_sort_facets_hidden_and_folded_help(site):
    ds, _, _ = site
    meta = yaml.safe_load((DS_DIR / "metadata.yml").read_text(encoding="utf-8"))
    tables = meta["databases"][DB_NAME]["tables"]
    assert tables["agencies"]["label_column"] == "name"
    html = get(ds, f"/{DB_NAME}/reports").text
    assert html.count('<details class="column-help">') == 1
    assert html.count('class="column-descriptions"') == 1  # folded, not shown twice
    assert 'data-column="year"' in html or "_facet=year" in html or 'class="facet-info' in html
    data = get(ds, f"/{DB_NAME}/reports.json?_size=3&_shape=objects").json()
    years = [r["year"] for r in data["rows"]]
    assert years == sorted(years, reverse=True)
    assert set(data["facet_results"]) >= {"year", "district"}
    listing = get(ds, f"/{DB_NAME}").text
    for name, cfg in tables.items():
        if cfg.get("hidden"):
            assert f'href="/{DB_NAME}/{name}"' not in listing
            assert get(ds, f"/{DB_NAME}/{name}.json?_size=1").status_code == 200  # hidden, not denied
    assert sum(1 for c in tables.values() if c.get("hidden")) >= 3


def test_deadline_is_31_january_of_the_next_year_for_a_department():
    assert page_mod.deadline(2023, "广州市黄埔区教育局")[0] == dt.date(2024, 1, 31)
    assert page_mod.deadline(2023, "广州市黄埔区人民政府")[0] == dt.date(2024, 3, 31)  # art. 49(2)
    late = page_mod.timeliness(2023, "2024-03-01", None, "广州市黄埔区人民政府")
    assert late["state"] == "on_time" and late["deadline"] == "2024-03-31"
