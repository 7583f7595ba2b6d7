"""Removal needs evidence: N consecutive successful runs without the document."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlite_utils

from archive.db import open_db
from archive.removal import evaluate_removals
from archive.versions import DocRef, ensure_document


@pytest.fixture()
def db(tmp_path: Path) -> sqlite_utils.Database:
    db = open_db(tmp_path / "n.db")
    db["reports"].insert({"id": "rep", "status": "active"})
    return db


def see(db: sqlite_utils.Database, url: str, run: str) -> None:
    ensure_document(db, DocRef(url=url, report_id="rep", site="by", kind="page", format="html"),
                    run_id=run, now=f"{run}-time", seen=True)


def status(db: sqlite_utils.Database, url: str) -> tuple[str, int]:
    row = next(db.query("select status, missing_runs from documents where url = ?", [url]))
    return row["status"], row["missing_runs"]


def test_missing_once_then_removed_and_back(db: sqlite_utils.Database) -> None:
    see(db, "http://by/a", "r1")
    see(db, "http://by/b", "r1")
    see(db, "http://by/a", "r2")
    assert evaluate_removals(db, run_id="r2", ok_sites=["by"], now="t2", threshold=2)["by"] == 0
    assert status(db, "http://by/b") == ("missing", 1)
    see(db, "http://by/a", "r3")
    assert evaluate_removals(db, run_id="r3", ok_sites=["by"], now="t3", threshold=2)["by"] == 1
    assert status(db, "http://by/b") == ("removed", 2)
    assert db["reports"].get("rep")["status"] == "active"  # a still has the report
    see(db, "http://by/b", "r4")  # it came back
    assert status(db, "http://by/b") == ("active", 0)


def test_unreachable_site_is_no_evidence(db: sqlite_utils.Database) -> None:
    see(db, "http://by/a", "r1")
    for run in ("r2", "r3", "r4"):
        evaluate_removals(db, run_id=run, ok_sites=["panyu"], now=run, threshold=2)
    assert status(db, "http://by/a") == ("active", 0)


def test_report_removed_when_all_documents_removed(db: sqlite_utils.Database) -> None:
    see(db, "http://by/a", "r1")
    evaluate_removals(db, run_id="r2", ok_sites=["by"], now="t2", threshold=1)
    assert status(db, "http://by/a") == ("removed", 1)
    assert db["reports"].get("rep")["status"] == "removed"


def test_a_404_outweighs_a_listing_in_the_same_run(db: sqlite_utils.Database) -> None:
    see(db, "http://by/a.pdf", "r1")
    see(db, "http://by/a.pdf", "r2")  # still linked from its page...
    ensure_document(db, DocRef(url="http://by/a.pdf", report_id="rep", site="by", kind="attachment", format="pdf"),
                    run_id="r2", now="t2", seen=False)  # ...but it answered 404
    evaluate_removals(db, run_id="r2", ok_sites=["by"], now="t2", threshold=2)
    assert status(db, "http://by/a.pdf") == ("missing", 1)
