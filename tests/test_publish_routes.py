"""The Datasette configuration served in-process: report page, originals, search, canned queries, read-only."""

from __future__ import annotations

import asyncio
import hashlib
import os
import re
import sqlite3

import pytest
from helpers import PLANTED, ROOT, load_maker, published_datasette

from crawler.config import Config
from publish.snapshot import publish, published_db_path

DS_DIR = ROOT / "datasette"



@pytest.fixture(scope="module")
def site(tmp_path_factory):

    data = tmp_path_factory.mktemp("routes")
    facts = load_maker().generate(data, reports=30, plant={"9": PLANTED}, write_files=30)
    cfg = Config(data)
    # a report whose best extraction row is missing (cells and report_best written, the row not)
    conn = sqlite3.connect(cfg.db_path)
    conn.execute("delete from extractions where id = (select extraction_id from report_best where report_id = ?)",
                 [facts["reports"][20]["id"]])
    conn.execute("update reports set template = null where id = ?", [facts["reports"][20]["id"]])
    conn.commit()
    conn.close()
    publish(cfg)
    old = os.environ.get("NIANBAO_ARCHIVE_DIR")
    os.environ["NIANBAO_ARCHIVE_DIR"] = str(cfg.archive_dir)
    ds = published_datasette(cfg)
    yield ds, cfg, facts
    if old is None:
        os.environ.pop("NIANBAO_ARCHIVE_DIR", None)
    else:
        os.environ["NIANBAO_ARCHIVE_DIR"] = old


def get(ds, path: str):
    return asyncio.run(ds.client.get(path))


def test_home_page_has_search_and_links(site):
    ds, _, _ = site
    r = get(ds, "/")
    assert r.status_code == 200
    assert 'action="/search"' in r.text
    for target in ("grant_rate_by_district_year", "tables_not_adding_up", "agencies_missing_year",
                   "last_run_changes", "statistics_wide", "panel", "g.mark="):
        assert target in r.text


def test_search_finds_phrase_inside_a_word_in_one_report(site):
    ds, _, facts = site
    r = get(ds, "/search?q=字孪生")
    assert r.status_code == 200
    hits = re.findall(r'class="search-hit" href="/report/([0-9a-f]+)"', r.text)
    assert hits == [facts["reports"][9]["id"]]
    assert "<mark>字孪生</mark>" in r.text


def test_search_short_terms_and_operators_do_not_fail(site):
    ds, _, facts = site
    r = get(ds, "/search?q=孪生")  # two characters: below the trigram length
    assert re.findall(r'href="/report/([0-9a-f]+)"', r.text) == [facts["reports"][9]["id"]]
    for q in ('"', "NEAR(a b)", "OR AND", "*", "a-b"):
        assert get(ds, "/search?q=" + q).status_code == 200
    assert "没有找到" in get(ds, "/search?q=不存在的短语甲乙丙").text


def test_report_page_shows_tables_failures_versions_and_changes(site):
    ds, _, facts = site
    rep = next(r for r in facts["reports"] if r["broken"] and len(r["shas"]) == 2)
    r = get(ds, f"/report/{rep['id']}")
    assert r.status_code == 200
    assert rep["agency"] in r.text and str(rep["year"]) in r.text
    for sha in rep["shas"]:
        assert f'/original/{sha}' in r.text and sha in r.text
    assert "三、收到和处理政府信息公开申请情况" in r.text and "行政复议" in r.text
    assert 'class="num fail' in r.text
    assert "changed" in r.text and "applications / granted / natural_person" in r.text


def test_report_page_without_extraction_row_still_shows_cells(site):
    ds, _, facts = site
    r = get(ds, f"/report/{facts['reports'][20]['id']}")
    assert r.status_code == 200
    assert "No statistical tables" not in r.text
    assert "三、收到和处理政府信息公开申请情况" in r.text


def test_report_page_unknown_and_bad_ids(site):
    ds, _, _ = site
    assert get(ds, "/report/0000000000000000").status_code == 404
    assert get(ds, "/report/..%2F..%2Fetc").status_code in (400, 404)


def test_original_download_has_bytes_type_and_name(site):
    ds, _, facts = site
    sha = facts["reports"][3]["shas"][-1]
    r = get(ds, f"/original/{sha}")
    assert r.status_code == 200
    assert hashlib.sha256(r.content).hexdigest() == sha
    assert r.headers["content-type"].startswith("text/html")
    assert "attachment" in r.headers["content-disposition"] and ".html" in r.headers["content-disposition"]
    assert r.headers["content-security-policy"] == "sandbox"


def test_original_rejects_anything_but_an_archived_sha256(site, tmp_path):
    ds, cfg, _ = site
    assert get(ds, "/original/abc").status_code == 400
    assert get(ds, "/original/" + "A" * 64).status_code == 400
    assert get(ds, "/original/" + "..%2F" * 3 + "etc%2Fpasswd").status_code in (400, 404)
    assert get(ds, "/original/" + "0" * 64).status_code == 404
    # a symlink inside the archive that points outside it is not followed
    secret = tmp_path / "secret.txt"
    secret.write_text("secret")
    fake = "f" * 64
    link = cfg.archive_dir / fake[:2] / fake[2:4] / fake
    link.parent.mkdir(parents=True, exist_ok=True)
    link.symlink_to(secret)
    assert get(ds, f"/original/{fake}").status_code == 404


@pytest.mark.parametrize("query", ["grant_rate_by_district_year", "tables_not_adding_up", "agencies_missing_year",
                                   "last_run_changes", "panel_totals"])
def test_canned_queries_return_rows(site, query):
    ds, _, _ = site
    r = get(ds, f"/nianbao/{query}.json?_shape=array")
    assert r.status_code == 200, r.text
    assert len(r.json()) > 0


def test_report_ids_link_to_report_pages(site):
    ds, _, facts = site
    rid = facts["reports"][0]["id"]
    r = get(ds, f"/nianbao/statistics_wide?report_id={rid}")
    assert f'href="/report/{rid}"' in r.text
    sha = facts["reports"][0]["shas"][-1]
    assert f'href="/original/{sha}"' in get(ds, f"/nianbao/originals?sha256={sha}").text


def test_no_write_path(site):
    ds, cfg, _ = site
    before = hashlib.sha256(published_db_path(cfg).read_bytes()).hexdigest()
    for sql in ("delete from reports", "insert into runs (id) values ('x')", "drop table reports",
                "create table t(x)", "pragma journal_mode=wal"):
        r = get(ds, "/nianbao.json?sql=" + sql)
        assert r.status_code >= 400 or not r.json().get("ok", True)
    post = asyncio.run(ds.client.post("/nianbao/reports/-/insert", json={"row": {"id": "x"}}))
    assert post.status_code >= 400
    assert hashlib.sha256(published_db_path(cfg).read_bytes()).hexdigest() == before
    assert asyncio.run(ds.client.get("/nianbao/reports.json?_shape=array&id=x")).json() == []
