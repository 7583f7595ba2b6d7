"""publish/incremental.py: a publish applies only the night's rows, and ends with the same rows as a full one."""

from __future__ import annotations

import json
import logging
import os
import shutil
import sqlite3
from pathlib import Path

import pytest
from helpers import load_maker

from archive.db import open_db
from crawler.config import Config
from publish.incremental import seed, update_build
from publish.slots import SlotBusy, other, served_file
from publish.snapshot import build, inspect_path, publish, published_db_path, refresh


def _rows(path: Path) -> dict[str, list[tuple]]:
    """Every published table's rows as a sorted multiset, rowid aliases aside (they number insert order)."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        out: dict[str, list[tuple]] = {}
        tables = conn.execute("select name, sql from sqlite_master where type = 'table' order by name").fetchall()
        virtual = [n for n, sql in tables if (sql or "").upper().startswith("CREATE VIRTUAL TABLE")]
        for name, _sql in tables:
            if name.startswith("sqlite_") or any(name.startswith(v + "_") for v in virtual):
                continue  # planner statistics and FTS internals (segment layout depends on write order)
            info = conn.execute(f"pragma table_info([{name}])").fetchall()
            cols = [c[1] for c in info if not (c[5] and c[2].upper() == "INTEGER" and
                                                 sum(1 for x in info if x[5]) == 1)]
            rows = conn.execute(f"select {', '.join(f'[{c}]' for c in cols)} from [{name}]").fetchall()
            out[name] = sorted(rows, key=repr)
        return out
    finally:
        conn.close()


def _counts_match(cfg: Config) -> None:
    """The inspect file's counts (carried forward by publish/row_tally.py) are the served copy's true counts."""
    inspect = json.loads(inspect_path(cfg).read_text(encoding="utf-8"))["nianbao"]["tables"]
    conn = sqlite3.connect(f"file:{served_file(published_db_path(cfg))}?mode=ro", uri=True)
    try:
        tables = conn.execute("select name, sql from sqlite_master where type = 'table'").fetchall()
        virtual = [n for n, sql in tables if sql.upper().startswith("CREATE VIRTUAL TABLE")]
        true = {n: conn.execute(f"select count(*) from [{n}]").fetchone()[0] for n, _ in tables
                if not any(n.startswith(v + "_") for v in virtual)}  # FTS5 internals are not listed
    finally:
        conn.close()
    assert {n: c["count"] for n, c in inspect.items()} == true


@pytest.fixture()
def data(tmp_path):
    load_maker().generate(tmp_path / "data", reports=24, write_files=0)
    return Config(tmp_path / "data")


def _night(db_path: Path) -> None:
    """A night that re-sees everything (bookkeeping only) and records a run."""
    db = open_db(db_path)
    with db.conn:
        db.execute("insert into runs (id, started_at, ended_at, outcome) values "
                   "('20261122T020000Z', '2026-11-22T02:00:00Z', '2026-11-22T02:30:00Z', 'ok')")
        db.execute("update documents set last_seen = '2026-11-22T02:10:00Z', last_run_id = '20261122T020000Z' "
                   "where status = 'active'")
        db.execute("update reports set last_seen = '2026-11-22T02:10:00Z'")
        db.execute("update versions set last_seen = '2026-11-22T02:10:00Z'")
    db.conn.close()


def _changes(db_path: Path, *, edits: bool = True) -> dict[str, str]:
    """Amend a report's figures, add a report, remove one, rename an agency, mark a document removed.

    ``edits=False``: only add and remove (no row both sides hold changes but for bookkeeping).
    """
    db = open_db(db_path)
    conn = db.conn
    ids = [r[0] for r in conn.execute("select id from reports order by id")]
    amended, removed, marked = ids[0], ids[1], ids[2]
    with conn:
        best = conn.execute("select extraction_id from report_best where report_id = ?", [amended]).fetchone()[0]
        if edits:
            conn.execute("update cells set value = value + 7 where extraction_id = ? and tbl = 'applications' "
                         "and row = 'granted'", [best])
            conn.execute("insert into checks_failing (extraction_id, report_id, check_key, col, amount, verdict) "
                         "values (?, ?, 'applications_balance', 'total', 7, 'document')", [best, amended])
            conn.execute("update sections set text = text || '新增段落' where extraction_id = ?", [best])
        # a new report: copy one under a new id and year, new extraction
        src = ids[3]
        new_id, new_ext = "newreport000001", "newextract00001"
        conn.execute("insert into reports (id, agency_id, agency, district, site, year, title, template, first_seen, "
                     "last_seen, status) select ?, agency_id, agency, district, site, 2023, title, template, "
                     "'2026-11-22T02:10:00Z', last_seen, 'active' from reports where id = ?", [new_id, src])
        sbest = conn.execute("select extraction_id from report_best where report_id = ?", [src]).fetchone()[0]
        conn.execute("insert into extractions (id, sha256, document_id, report_id, extractor_version, status, "
                     "template, year) select ?, sha256, document_id, ?, 'test', status, template, 2023 "
                     "from extractions where id = ?", [new_ext, new_id, sbest])
        for table, cols in (("cells", "tbl, item, row, col, value, raw"),
                            ("sections", "section, text"),
                            ("checks_failing", "check_key, col, amount, verdict")):
            conn.execute(f"insert into {table} (extraction_id, report_id, {cols}) "
                         f"select ?, ?, {cols} from {table} where extraction_id = ?", [new_ext, new_id, sbest])
        conn.execute("insert into report_best (report_id, extraction_id) values (?, ?)", [new_id, new_ext])
        # a report taken out of the archive entirely
        for table in ("cells", "sections", "checks_failing", "report_best", "extractions"):
            conn.execute(f"delete from {table} where report_id = ?", [removed])
        docs = [r[0] for r in conn.execute("select id from documents where report_id = ?", [removed])]
        for doc in docs:
            conn.execute("delete from versions where document_id = ?", [doc])
        conn.execute("delete from documents where report_id = ?", [removed])
        conn.execute("delete from reports where id = ?", [removed])
        if edits:
            # a document the site took down
            conn.execute("update documents set status = 'removed', removed_at = '2026-11-22T02:20:00Z' "
                         "where report_id = ?", [marked])
            conn.execute("update reports set status = 'removed' where id = ?", [marked])
            # an agency renamed, with REPLACE (a delete no trigger sees)
            agency = conn.execute("select agency_id from reports where id = ?", [ids[5]]).fetchone()[0]
            conn.execute("insert or replace into agencies (id, name, district, site) "
                         "select id, name || '（更名）', district, site from agencies where id = ?", [agency])
    conn.close()
    return {"amended": amended, "removed": removed, "new": new_id}


def _full_copy(cfg: Config, tmp_path: Path) -> Path:
    """The same working database published from scratch elsewhere."""
    elsewhere = tmp_path / "full"
    elsewhere.mkdir(parents=True)
    shutil.copy(cfg.db_path, elsewhere / "nianbao.db")
    publish(Config(elsewhere))
    return published_db_path(Config(elsewhere))


def _missing_since_last_run(db_path: Path) -> None:
    """A document missing since after the last run started: the next run will be the one it is listed under."""
    conn = sqlite3.connect(db_path)
    with conn:
        conn.execute("update documents set status = 'missing', last_seen = '2026-11-21T03:00:00Z' "
                     "where id = (select id from documents order by id desc limit 1)")
    conn.close()


def test_incremental_equals_full_after_changes_additions_and_removals(data, tmp_path, caplog):
    _missing_since_last_run(data.db_path)
    publish(data)
    _night(data.db_path)
    ids = _changes(data.db_path)
    caplog.set_level(logging.INFO, logger="publish.snapshot")
    publish(data)
    assert "incremental build" in caplog.text
    incremental = _rows(published_db_path(data))
    _counts_match(data)
    full = _rows(_full_copy(data, tmp_path))
    assert set(incremental) == set(full)
    for table in full:
        assert incremental[table] == full[table], table
    served = sqlite3.connect(published_db_path(data))
    names = {r[0] for r in served.execute("select name from sqlite_master")}
    assert "_changes" not in names and not any(n.startswith("_changes_") for n in names)
    reports = {r[0] for r in served.execute("select report_id from statistics_wide")}
    assert ids["new"] in reports and ids["removed"] not in reports
    served.close()
    # the copy served before catches up with two nights at the next publish
    db = open_db(data.db_path)
    with db.conn:
        db.execute("update cells set value = value + 1 where report_id = ? and tbl = 'applications'", [ids["new"]])
    db.conn.close()
    before = served_file(published_db_path(data))
    publish(data)
    assert served_file(published_db_path(data)) != before
    _counts_match(data)
    assert _rows(published_db_path(data)) == _rows(_full_copy(data, tmp_path / "again"))
    # the log is kept until both copies applied it
    work = sqlite3.connect(data.db_path)
    assert work.execute("select count(*) from _changes").fetchone()[0] > 0
    work.close()
    publish(data)  # the other copy applies the last night: its counts carried forward too
    _counts_match(data)


def test_a_night_of_sightings_additions_and_removals_equals_full(data, tmp_path, monkeypatch):
    """Rows both sides hold differ only in bookkeeping: the reports changed are found without a row diff."""
    import publish.incremental as incremental

    def no_diff(*_args):
        raise AssertionError("a before/after diff of every row, for a bookkeeping-only batch")
    _missing_since_last_run(data.db_path)
    publish(data)
    conn = sqlite3.connect(data.db_path)
    missing = conn.execute("select report_id from documents where status = 'missing'").fetchone()[0]
    conn.close()
    _night(data.db_path)
    conn = sqlite3.connect(data.db_path)
    with conn:  # the missing document's last sighting moves: the run it is listed under may too
        conn.execute("update documents set last_seen = '2026-11-22T01:00:00Z' where status = 'missing'")
    conn.close()
    ids = _changes(data.db_path, edits=False)
    target = other(data.data_dir / "publish", "nianbao", served_file(published_db_path(data)))
    target.parent.mkdir(parents=True, exist_ok=True)
    seed(served_file(published_db_path(data)), target)  # the served copy, as it was before the night
    monkeypatch.setattr(incremental, "_content_changes", no_diff)
    result = update_build(data.db_path, target, build, refresh)
    assert result.mode == "incremental" and result.changed is not None
    assert {ids["new"], ids["removed"], missing} <= result.changed.report_ids
    assert result.changed.report_ids == {ids["new"], ids["removed"], missing}, (ids, missing)
    full = _rows(_full_copy(data, tmp_path))
    incremental = _rows(target)
    assert set(incremental) == set(full)
    for table in full:
        assert incremental[table] == full[table], table


def test_a_copy_still_open_is_never_written(data, monkeypatch):
    publish(data)
    publish(data)  # both copies exist now
    monkeypatch.setenv("NIANBAO_PUBLISH_WAIT_SECONDS", "0.3")
    out = data.data_dir / "publish"
    unserved = other(out, "nianbao", served_file(published_db_path(data)))
    reader = sqlite3.connect(f"file:{unserved}?mode=ro", uri=True)
    reader.execute("select count(*) from reports").fetchone()
    try:
        with pytest.raises(SlotBusy, match=str(os.getpid())):
            publish(data)
    finally:
        reader.close()
    publish(data)


def test_a_night_that_only_re_sees_reports_refreshes_none(data):
    publish(data)
    _night(data.db_path)
    target = data.data_dir / "publish" / "a" / "nianbao.db"  # the first publish builds copy a
    result = update_build(data.db_path, target, build, refresh)
    assert result.mode == "incremental"
    assert result.changed is not None and result.changed.runs_changed
    assert result.changed.report_ids == set()  # missing/removed documents are re-dated on their own
    assert result.changed.rows["documents"] > 0


def test_full_rebuild_when_asked_or_when_the_schema_changes(data):
    publish(data)
    target = data.data_dir / "publish" / "a" / "nianbao.db"
    assert update_build(data.db_path, target, build, refresh, full=True).mode == "full"
    assert update_build(data.db_path, target, build, refresh).mode == "incremental"
    db = open_db(data.db_path)
    db["reports"].add_column("note_for_test", str)
    db.conn.close()
    result = update_build(data.db_path, target, build, refresh)
    assert result.mode == "full" and "schema" in result.reason
