"""publish.snapshot: the snapshot, its views, the panel, the FTS index and the inspect file."""

from __future__ import annotations

import json
import re
import sqlite3

import pytest
import yaml
from helpers import PLANTED, ROOT, load_maker

from crawler.config import Config
from publish.snapshot import inspect_path, publish, published_db_path


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    data = tmp_path_factory.mktemp("pubdata")
    facts = load_maker().generate(data, reports=30, plant={"9": PLANTED}, write_files=30)
    cfg = Config(data)
    publish(cfg)
    return cfg, facts


def q(cfg: Config, sql: str, params=()):
    conn = sqlite3.connect(published_db_path(cfg))
    conn.row_factory = sqlite3.Row
    try:
        return [dict(r) for r in conn.execute(sql, params)]
    finally:
        conn.close()


def test_snapshot_is_a_separate_rollback_journal_file(published):
    cfg, _ = published
    snap = published_db_path(cfg)
    assert snap.exists() and snap != cfg.db_path
    assert q(cfg, "pragma journal_mode")[0]["journal_mode"] == "delete"
    assert not snap.with_name(snap.name + "-wal").exists()


def test_inspect_file_matches_snapshot(published):
    cfg, facts = published
    data = json.loads(inspect_path(cfg).read_text())
    entry = data["nianbao"]
    assert entry["file"] == str(published_db_path(cfg))
    assert entry["size"] == published_db_path(cfg).stat().st_size
    assert entry["tables"]["reports"]["count"] == len(facts["reports"])
    assert entry["tables"]["statistics_wide"]["count"] == q(cfg, "select count(*) c from statistics_wide")[0]["c"]
    # views are counted once at publish time so Datasette never counts millions of cells per page view;
    # they stay out of "tables" (the database page takes every key there for a table: issue 13)
    assert entry["views"]["originals"]["count"] == q(cfg, "select count(*) c from originals")[0]["c"] > 0
    assert entry["tables"]["statistics_long"]["count"] == q(cfg, "select count(*) c from statistics_long")[0]["c"] > 0
    views = {r["name"] for r in q(cfg, "select name from sqlite_master where type = 'view'")}
    assert set(entry["views"]) == views and not views & set(entry["tables"])


def test_wide_row_equals_cells_of_best_extraction(published):
    cfg, facts = published
    rid = facts["reports"][4]["id"]
    wide = q(cfg, "select * from statistics_wide where report_id = ?", [rid])[0]
    cells = {(r["row"]): r["value"] for r in q(
        cfg, "select c.row, c.value from cells c join report_best b on b.extraction_id = c.extraction_id "
             "where b.report_id = ? and c.tbl = 'applications' and c.col = 'total'", [rid])}
    for key in ("new_received", "granted", "partially_granted", "carried_forward"):
        assert wide[key] == cells[key]
    assert wide["total_processed"] == cells["total"]
    withheld = [v for k, v in cells.items() if k.startswith("withheld_")]
    assert wide["withheld"] == sum(withheld)
    expected_rate = round(cells["granted"] / cells["total"], 4) if cells["total"] else None
    assert wide["grant_rate"] == expected_rate


def test_failing_checks_only_from_best_extraction(published):
    cfg, facts = published
    broken = {r["id"] for r in facts["reports"] if r["broken"]}
    rows = q(cfg, "select distinct report_id from failing_checks")
    assert {r["report_id"] for r in rows} == broken
    assert all(r["checks_failing"] > 0 for r in q(
        cfg, f"select checks_failing from statistics_wide where report_id in ({','.join('?' * len(broken))})",
        list(broken)))


def test_panel_keeps_gaps_and_chains_carry_over(published):
    cfg, facts = published
    removed = [r for r in facts["reports"] if r["removed"]]
    assert removed, "fixture should contain a removed report"
    for r in removed:
        row = q(cfg, "select has_report, report_id from panel p join reports r on r.agency_id = p.agency_id "
                     "and r.year = p.year where r.id = ?", [r["id"]])[0]
        assert row["has_report"] == 0 and row["report_id"] is None
    chain = q(cfg, "select p.carried_over, p.previous_carried_forward, p.carry_over_chain from panel p "
                   "where p.previous_carried_forward is not null and p.carried_over is not null")
    assert chain
    for row in chain:
        assert row["carry_over_chain"] == ("ok" if row["carried_over"] == row["previous_carried_forward"]
                                           else "mismatch")
    # expected gaps: from each agency's first year to the newest year anywhere, minus its active reports
    top = max(r["year"] for r in facts["reports"])
    first: dict[str, int] = {}
    active: set[tuple[str, int]] = set()
    for r in facts["reports"]:
        first[r["agency"]] = min(first.get(r["agency"], r["year"]), r["year"])
        if not r["removed"]:
            active.add((r["agency"], r["year"]))
    expected = {(a, y) for a, lo in first.items() for y in range(lo, top + 1)} - active
    missing = q(cfg, "select agency, year from missing_years")
    assert {(m["agency"], m["year"]) for m in missing} == expected


def test_last_run_changes_classifies_new_changed_removed(published):
    cfg, facts = published
    last = q(cfg, "select id from runs order by started_at desc limit 1")[0]["id"]
    rows = q(cfg, "select change, count(*) n from last_run_changes where run_id = ? group by change", [last])
    counts = {r["change"]: r["n"] for r in rows}
    assert counts.get("changed") == sum(1 for r in facts["reports"] if len(r["shas"]) == 2)
    assert counts.get("removed") == sum(1 for r in facts["reports"] if r["removed"])
    assert "new" not in counts  # every document of the fixture was first seen in the first run


def test_trigram_index_finds_text_inside_a_word(published):
    cfg, facts = published
    rows = q(cfg, "select distinct s.report_id from sections_fts join sections s on s.rowid = sections_fts.rowid "
                  "join report_best b on b.extraction_id = s.extraction_id where sections_fts match ?",
             ['"字孪生"'])
    assert [r["report_id"] for r in rows] == [facts["reports"][9]["id"]]


def test_republish_is_idempotent_and_replaces_snapshot(published):
    cfg, _ = published
    before = q(cfg, "select count(*) c from statistics_wide")[0]["c"]
    publish(cfg)
    assert q(cfg, "select count(*) c from statistics_wide")[0]["c"] == before
    assert not list(published_db_path(cfg).parent.glob("*.tmp*"))


def test_publish_without_database_is_a_clear_error(tmp_path):
    with pytest.raises(FileNotFoundError, match="nianbao run"):
        publish(Config(tmp_path))


def test_every_table_and_column_is_described_in_chinese_and_english(published):
    cfg, _ = published
    meta = yaml.safe_load((ROOT / "datasette" / "metadata.yml").read_text(encoding="utf-8"))
    tables_meta = meta["databases"]["nianbao"]["tables"]
    rows = q(cfg, "select name, sql from sqlite_master where type in ('table', 'view') and name not like 'sqlite_%'")
    fts = [r["name"] for r in rows if (r["sql"] or "").upper().startswith("CREATE VIRTUAL TABLE")]
    # FTS indexes and their shadow tables are SQLite's internals (hidden from the site)
    objects = [r for r in rows if not any(r["name"] == f or r["name"].startswith(f + "_") for f in fts)]
    cjk, latin = re.compile(r"[\u4e00-\u9fff]"), re.compile(r"[A-Za-z]")
    undocumented = []
    for obj in objects:
        name = obj["name"]
        tmeta = tables_meta.get(name) or {}
        desc = tmeta.get("description") or ""
        if not (cjk.search(desc) and latin.search(desc)):
            undocumented.append(name)
        for col in q(cfg, f"pragma table_info([{name}])"):
            text = (tmeta.get("columns") or {}).get(col["name"]) or ""
            if not (cjk.search(text) and latin.search(text)):
                undocumented.append(f"{name}.{col['name']}")
    assert undocumented == []


def test_publish_of_an_empty_database(tmp_path):
    from archive.db import open_db

    open_db(tmp_path / "nianbao.db").close()
    cfg = Config(tmp_path)
    publish(cfg)
    assert q(cfg, "select count(*) c from panel")[0]["c"] == 0
    assert json.loads(inspect_path(cfg).read_text())["nianbao"]["tables"]["reports"]["count"] == 0


def test_pre_2019_report_is_published_without_template_figures(tmp_path):
    """A report before the national templates: one row in statistics_wide labelled pre-2019,
    no figures, no failing checks, a year of the panel with a report."""
    from archive.db import open_db
    from extract import extract_file
    from extract.store import save_extraction

    page = tmp_path / "old.html"
    page.write_text("<html><h1>广州市某区民政局2012年政府信息公开工作年度报告</h1><p>一、概述</p><p>略。</p>"
                    "<p>二、主动公开政府信息的情况</p><p>主动公开政府信息12条。</p>"
                    "<p>三、依申请公开政府信息情况</p><p>共受理政府信息公开申请3件。</p></html>", encoding="utf-8")
    db = open_db(tmp_path / "nianbao.db")
    db["reports"].insert({"id": "r2012", "agency_id": "a1", "agency": "广州市某区民政局", "district": "某区",
                          "site": "x", "year": 2012, "status": "active", "template": "pre-2019"})
    save_extraction(db, extract_file(page), sha256="c" * 64, document_id="d1", report_id="r2012")
    db.close()
    cfg = Config(tmp_path)
    publish(cfg)
    (row,) = q(cfg, "select template, new_received, checks_failing from statistics_wide")
    assert row == {"template": "pre-2019", "new_received": None, "checks_failing": 0}
    assert q(cfg, "select year, has_report from panel") == [{"year": 2012, "has_report": 1}]
    assert q(cfg, "select count(*) c from failing_checks")[0]["c"] == 0


def test_codebook_has_every_key_with_both_labels(published):
    from publish.snapshot import load_spec

    cfg, _ = published
    keys = q(cfg, "select * from codebook_keys")
    spec = load_spec()
    n_apps = {t: sum(1 for r in spec["tables"]["applications"]["rows"] if t in r.get("templates", ("2019", "2021")))
              for t in ("2019", "2021")}
    for template in ("2019", "2021"):
        rows = [k for k in keys if k["template"] == template and k["table"] == "applications"]
        assert len(rows) == n_apps[template] * len(spec["applicant_columns"])
    missing = [(k["row"], k["column"]) for k in keys if not (k["label_zh"] and k["label_en"] and k["unit"])]
    assert not missing, missing  # every key has an English label written in publish/codebook.py
    fee = next(k for k in keys if k["column"] == "amount_10k_yuan")
    assert (fee["unit_zh"], fee["label_zh"]) == ("万元", "第二十条第（八）项 · 行政事业性收费 · 本年收费金额（单位：万元）")
    checks = {c["check_key"]: c for c in q(cfg, "select * from codebook_checks")}
    assert set(checks) >= {c["key"] for c in spec["checks"]} | {c["key"] for c in spec["cross_report_checks"]}
    assert all(c["formula"] and c["sentence_zh"] and c["sentence_en"] for c in checks.values())


def test_long_statistics_have_labels_and_integer_counts(published):
    cfg, _ = published
    rows = q(cfg, "select label_zh, label_en, value, typeof(value) t, unit from statistics_long")
    assert rows and all(r["label_zh"] and r["label_en"] for r in rows)
    assert {r["t"] for r in rows if r["unit"] == "count" and r["value"] is not None} == {"integer"}
    granted = q(cfg, "select label_zh from statistics_long where \"table\" = 'applications' and row = 'granted' "
                     "and \"column\" = 'natural_person' limit 1")[0]["label_zh"]
    assert granted == "三、本年度办理结果（一）予以公开 · 自然人"
    failing = q(cfg, "select check_zh, check_en from failing_checks")
    assert failing and all(f["check_zh"] and f["check_en"] for f in failing)
