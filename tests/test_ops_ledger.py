"""The expected-publication ledger: gaps per agency, due dates, not-yet-due years."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from crawler.config import Config
from crawler.ledger import due_date, last_due_year, ledger_rows, rebuild_ledger
from crawler.report import open_db


def rep(agency: str, year: int, site: str = "by", status: str = "active") -> dict:
    return {"id": f"{agency}-{year}", "agency_id": agency, "agency": agency, "district": "白云区",
            "site": site, "year": year, "status": status}


def statuses(rows: list[dict], agency: str) -> dict[int, str]:
    return {r["year"]: r["status"] for r in rows if r["agency_id"] == agency}


def test_due_date_is_31_january_of_the_next_year() -> None:
    assert due_date(2022) == dt.date(2023, 1, 31)
    assert last_due_year(dt.date(2023, 1, 31)) == 2021  # due today: not yet late
    assert last_due_year(dt.date(2023, 2, 1)) == 2022


def test_gap_in_the_middle_and_at_the_end_are_missing() -> None:
    rows = ledger_rows([rep("a", 2019), rep("a", 2021), rep("b", 2019), rep("b", 2020), rep("b", 2021),
                        rep("b", 2022)], dt.date(2023, 3, 1))
    assert statuses(rows, "a") == {2019: "published", 2020: "missing", 2021: "published", 2022: "missing"}
    assert set(statuses(rows, "b").values()) == {"published"}


def test_leading_gap_counts_from_the_sites_first_year() -> None:
    rows = ledger_rows([rep("old", 2019), rep("old", 2020), rep("new", 2020)], dt.date(2021, 6, 1))
    assert statuses(rows, "new") == {2019: "missing", 2020: "published"}
    other_site = ledger_rows([rep("old", 2019), rep("new", 2020, site="hp")], dt.date(2021, 6, 1))
    assert statuses(other_site, "new") == {2020: "published"}


def test_year_before_deadline_is_not_yet_due() -> None:
    rows = ledger_rows([rep("a", 2023)], dt.date(2025, 1, 15))
    assert statuses(rows, "a") == {2023: "published", 2024: "not_yet_due"}


def test_removed_report_still_counts_as_published() -> None:
    row = ledger_rows([rep("a", 2020, status="removed")], dt.date(2021, 3, 1))[0]
    assert row["status"] == "published" and row["report_status"] == "removed"


def test_rebuild_writes_table_and_counts_missing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NIANBAO_LEDGER_AS_OF", raising=False)
    db = open_db(Config(tmp_path))
    db["reports"].insert_all([rep("a", 2019), rep("a", 2022)])
    assert rebuild_ledger(db, as_of=dt.date(2023, 6, 1)) == 2
    assert rebuild_ledger(db, as_of=dt.date(2023, 6, 1)) == 2  # rebuilt, not appended
    assert db["ledger"].count == 4
    # a replica run judges as of the day after its newest year's last deadline (a government's, 31 March)
    assert rebuild_ledger(db, replica=True) == 2
    assert {r["as_of"] for r in db["ledger"].rows} == {"2023-04-01"}
    monkeypatch.setenv("NIANBAO_LEDGER_AS_OF", "2025-06-01")
    assert rebuild_ledger(db) == 4


def test_a_governments_own_report_is_due_on_31_march() -> None:
    gov = {**rep("g", 2021), "agency": "某某区人民政府"}
    rows = ledger_rows([gov], dt.date(2023, 2, 15))
    due = {r["year"]: (r["status"], r["due_date"]) for r in rows}
    assert due[2022] == ("not_yet_due", "2023-03-31")  # a department's would be missing since 1 February
    assert due_date(2022, "某某区人民政府") == dt.date(2023, 3, 31)
    assert due_date(2015) == dt.date(2016, 3, 31)  # the 2007 Regulations: 31 March for every agency


def test_rebuild_without_reports_table_is_harmless(tmp_path: Path) -> None:
    import sqlite_utils

    assert rebuild_ledger(sqlite_utils.Database(tmp_path / "x.db")) == 0


def test_known_agency_without_any_report_owes_every_year_of_its_site() -> None:
    agencies = [{"id": "silent", "name": "沉默局", "district": "白云区", "site": "by"},
                {"id": "elsewhere", "name": "别处局", "district": "?", "site": "nowhere"}]
    rows = ledger_rows([rep("a", 2020), rep("a", 2021)], dt.date(2022, 6, 1), agencies)
    assert statuses(rows, "silent") == {2020: "missing", 2021: "missing"}
    assert statuses(rows, "elsewhere") == {}  # no year of reference for its site


def test_old_reports_extend_only_their_own_agency_backwards(monkeypatch: pytest.MonkeyPatch) -> None:
    """Reports from 2008 on: the district that published its 2008 report owes 2008 onwards; its
    departments are expected from their own first report or the floor (2019), not from 2008."""
    monkeypatch.delenv("NIANBAO_LEDGER_FIRST_YEAR", raising=False)
    rows = ledger_rows([rep("gov", 2008), rep("gov", 2010), rep("gov", 2019), rep("dept", 2021),
                        rep("old_dept", 2015)], dt.date(2022, 3, 1))
    assert statuses(rows, "gov")[2009] == "missing" and min(statuses(rows, "gov")) == 2008
    assert min(statuses(rows, "dept")) == 2019 and statuses(rows, "dept")[2019] == "missing"
    assert min(statuses(rows, "old_dept")) == 2015 and statuses(rows, "old_dept")[2016] == "missing"


def test_configured_first_year_and_floor() -> None:
    reports = [rep("gov", 2008), rep("dept", 2021)]
    configured = ledger_rows(reports, dt.date(2022, 3, 1), site_first_years={"by": 2012})
    assert min(statuses(configured, "dept")) == 2012 and min(statuses(configured, "gov")) == 2008
    floored = ledger_rows(reports, dt.date(2022, 3, 1), floor=2008)
    assert min(statuses(floored, "dept")) == 2008
