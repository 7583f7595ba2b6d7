"""The comparison dashboard (datasette-dashboards, /-/dashboards/compare): filters, headline numbers,
charts; every chart query answers, agrees with the data, and reads an index (issue 13, item 3)."""

from __future__ import annotations

import asyncio
import itertools
import re
import sqlite3
from urllib.parse import urlencode

import pytest
import yaml
from datasette_dashboards import replace_opts_in_query
from helpers import ROOT, load_maker, published_datasette

from crawler.config import Config
from publish.snapshot import DB_NAME, publish, published_db_path

DS_DIR = ROOT / "datasette"
HOSTILE_DISTRICT = '<b onmouseover="x()">区'
META = yaml.safe_load((DS_DIR / "metadata.yml").read_text(encoding="utf-8"))
DASH = META["plugins"]["datasette-dashboards"]["compare"]


@pytest.fixture(scope="module")
def site(tmp_path_factory):

    data = tmp_path_factory.mktemp("dashboard")
    facts = load_maker().generate(data, reports=24, write_files=2)
    cfg = Config(data)
    conn = sqlite3.connect(cfg.db_path)
    conn.execute("update reports set district = ? where id = ?", [HOSTILE_DISTRICT, facts["reports"][0]["id"]])
    conn.execute("update reports set status = 'removed' where id = ?", [facts["reports"][1]["id"]])
    conn.commit()
    conn.close()
    publish(cfg)
    ds = published_datasette(cfg)
    return ds, cfg


def get(ds, path: str):
    return asyncio.run(ds.client.get(path))


def filter_values(cfg: Config) -> dict[str, str]:
    conn = sqlite3.connect(published_db_path(cfg))
    try:
        year, district = conn.execute(
            "select year, district from statistics_wide where district not like '<%' order by year desc").fetchone()
    finally:
        conn.close()
    return {"year": str(year), "district": district, "template": "2021", "agency": "局"}


def combinations(values: dict[str, str]) -> list[dict[str, str]]:
    """No filter, each filter alone, each pair, and all of them (bounded: the test stays fast)."""
    keys = list(values)
    pairs = [{k: values[k] for k in combo} for n in (1, 2) for combo in itertools.combinations(keys, n)]
    return [{}, *pairs, dict(values)]


def test_configuration_is_safe_and_complete():
    charts = DASH["charts"]
    assert set(DASH["filters"]) == {"year", "district", "template", "agency"}
    kinds = {c["library"] for c in charts.values()}
    # the "table" and "map" kinds write query values into the page as HTML: an agency name is hostile
    assert kinds <= {"metric", "vega-lite", "markdown"}
    assert {c["display"]["field"] for c in charts.values() if c["library"] == "metric"} >= {"reports", "requests",
                                                                                           "grant_rate", "corrected"}
    for slug, chart in charts.items():
        if chart["library"] == "markdown":
            continue
        assert chart["db"] == DB_NAME
        # every filter is optional ([[ ... ]]), so the unfiltered dashboard is valid SQL
        outside = re.sub(r"\[\[.*?\]\]", "", chart["query"], flags=re.S)
        assert ":" not in re.sub(r"'[^']*'", "", outside), slug
    for row in DASH["layout"]:
        assert set(row) <= set(charts)


def test_dashboard_page_filters_and_chart_pages_answer(site):
    ds, cfg = site
    values = filter_values(cfg)
    r = get(ds, "/-/dashboards/compare")
    assert r.status_code == 200, r.text[-2000:]
    for slug in DASH["charts"]:
        assert f'id="card-{slug}"' in r.text
    assert f'<option value="{values["year"]}"' in r.text
    assert f'<option value="{values["district"]}"' in r.text
    assert "<b onmouseover" not in r.text and "&lt;b onmouseover" in r.text  # a hostile district, escaped
    assert get(ds, "/-/dashboards/compare?" + urlencode(values)).status_code == 200
    assert get(ds, "/-/dashboards").status_code == 200
    for slug, chart in DASH["charts"].items():
        if chart["library"] != "markdown":
            assert get(ds, f"/-/dashboards/compare/{slug}?year={values['year']}").status_code == 200


def test_every_chart_query_answers_for_every_filter_combination(site):
    ds, cfg = site
    values = filter_values(cfg)
    bad = []
    for opts in combinations(values):
        for slug, chart in DASH["charts"].items():
            if "query" not in chart:
                continue
            sql = replace_opts_in_query(chart["query"], opts)  # what the plugin sends
            r = get(ds, f"/{DB_NAME}.json?" + urlencode({"sql": sql, **opts, "_shape": "objects"}))
            if r.status_code != 200 or "rows" not in r.json():
                bad.append(f"{slug} {opts}: {r.status_code} {r.text[:200]}")
    assert not bad, "\n".join(bad)


def test_headline_numbers_agree_with_the_data(site):
    ds, cfg = site
    values = filter_values(cfg)
    conn = sqlite3.connect(published_db_path(cfg))
    n, received, granted, total = conn.execute(
        "select count(*), sum(new_received), sum(granted), sum(total_processed) from statistics_wide "
        "where status != 'removed' and year = ?", [int(values["year"])]).fetchone()
    all_years = conn.execute("select count(*) from statistics_wide where status != 'removed'").fetchone()[0]
    conn.close()

    def metric(slug: str, opts: dict[str, str]):
        chart = DASH["charts"][slug]
        sql = replace_opts_in_query(chart["query"], opts)
        rows = get(ds, f"/{DB_NAME}.json?" + urlencode({"sql": sql, **opts, "_shape": "objects"})).json()["rows"]
        return rows[0][chart["display"]["field"]]

    year = {"year": values["year"]}
    assert metric("reports", year) == f"{n:,}"
    assert metric("reports", {}) == f"{all_years:,}"  # the removed report is left out
    assert metric("requests", year) == f"{received:,}"
    assert metric("grant-rate", year) == f"{100.0 * granted / total:.1f}%"
    assert metric("grant-rate", {"agency": "no such agency"}) == "–"
    assert re.fullmatch(r"[\d,]+ / [\d,]+", metric("corrected", year))


def test_every_chart_query_reads_an_index(site):
    _, cfg = site
    values = filter_values(cfg)
    conn = sqlite3.connect(published_db_path(cfg))
    full_scans = []
    for opts in combinations(values):
        for slug, chart in DASH["charts"].items():
            if "query" not in chart:
                continue
            sql = replace_opts_in_query(chart["query"], opts)
            for row in conn.execute("explain query plan " + sql, opts):
                if re.fullmatch(r"SCAN (statistics_wide|panel)", row[3]):
                    full_scans.append(f"{slug} {opts}: {row[3]}")
    for flt in DASH["filters"].values():
        if "query" in flt:
            for row in conn.execute("explain query plan " + flt["query"]):
                if re.fullmatch(r"SCAN (statistics_wide|panel)", row[3]):
                    full_scans.append(f"filter: {row[3]}")
    conn.close()
    assert not full_scans, "\n".join(full_scans)
