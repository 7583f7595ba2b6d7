"""The sources tables: each run's columns and catalogues, confirmed, gone after N runs, back again;
and how the run report and ``nianbao status`` show them (synthetic summaries, no crawl)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from archive.db import open_db
from archive.sources import record_sources, source_id, sources_from_stats
from crawler import runner
from crawler.cli import cli
from crawler.config import Config
from crawler.report import finish_run, render_html

GZ = "http://www.gz.gov.cn/gkmlpt/"
FGW = "http://fgw.gz.gov.cn/gkmlpt/"
RSJ = "http://rsj.gz.gov.cn/gkmlpt/"
COLUMN = "http://www.gz.gov.cn/zwgk/zfxxgknb/index.html"


def src(url: str, reports: int = 1, **extra: Any) -> dict[str, Any]:
    kind = "catalogue" if "/gkmlpt/" in url else "column"
    return {"kind": kind, "url": url, "host": url.split("/")[2], "prefix": "/gkmlpt/" if kind == "catalogue" else None,
            "sid": "200014" if url == FGW else None, "name": None, "configured": url in (GZ, COLUMN),
            "found_via": "registry" if url in (GZ, COLUMN) else "TREE jump_url", "reports": reports, "ok": True,
            "note": "", **extra}


@pytest.fixture()
def db(tmp_path: Path):
    d = open_db(tmp_path / "n.db")
    yield d
    d.close()


def night(db, run_id: str, seen: dict[str, list[dict]], ok: list[str] | None = None, threshold: int = 2):
    db["runs"].insert({"id": run_id, "started_at": f"2026-01-0{run_id[-1]}T02:00:00Z", "outcome": "ok"}, replace=True)
    return record_sources(db, run_id=run_id, now=f"2026-01-0{run_id[-1]}T03:00:00Z", seen=seen,
                          ok_sites=list(seen) if ok is None else ok, threshold=threshold)


def row(db, url: str, site: str = "gz") -> dict[str, Any]:
    return db["sources"].get(source_id(site, url))


def test_first_run_records_every_source_and_its_confirmation(db) -> None:
    changes = night(db, "r1", {"gz": [src(GZ, 3), src(FGW, 2), src(COLUMN, 0)]})
    assert sorted(changes.new["gz"]) == sorted([GZ, FGW, COLUMN])
    fgw = row(db, FGW)
    assert (fgw["kind"], fgw["host"], fgw["sid"], fgw["configured"], fgw["status"]) == \
        ("catalogue", "fgw.gz.gov.cn", "200014", 0, "active")
    assert fgw["first_seen"] == fgw["last_seen"] == fgw["last_confirmed"] == "2026-01-01T03:00:00Z"
    assert row(db, COLUMN)["last_confirmed"] is None  # seen, but no report came through it
    assert {(r["source_id"], r["reports"]) for r in db["source_runs"].rows} == \
        {(source_id("gz", GZ), 3), (source_id("gz", FGW), 2), (source_id("gz", COLUMN), 0)}
    assert source_id("gz", FGW) != source_id("panyu", FGW)  # the id is per site
    assert source_id("gz", FGW) == source_id("gz", FGW.replace("http:", "https:"))  # and not per scheme
    assert source_id("gz", FGW) != source_id("gz", "http://fgw.gz.gov.cn:8080/gkmlpt/")


def test_absent_source_is_gone_only_after_n_ok_runs_and_comes_back(db) -> None:
    night(db, "r1", {"gz": [src(GZ), src(FGW)]})
    c2 = night(db, "r2", {"gz": [src(GZ)]})
    assert c2.missing == {"gz": [FGW]} and not c2.gone
    assert (row(db, FGW)["status"], row(db, FGW)["missing_runs"]) == ("active", 1)
    c3 = night(db, "r3", {"gz": [src(GZ)]})
    assert c3.gone == {"gz": [FGW]}
    gone = row(db, FGW)
    assert (gone["status"], gone["gone_since"], gone["gone_run_id"]) == ("gone", "2026-01-03T03:00:00Z", "r3")
    assert gone["last_seen"] == "2026-01-01T03:00:00Z"
    night(db, "r4", {"gz": [src(GZ)]})  # stays gone, not re-declared
    assert row(db, FGW)["gone_run_id"] == "r3"
    c5 = night(db, "r5", {"gz": [src(GZ), src(FGW, 4)]})
    back = row(db, FGW)
    assert c5.returned == {"gz": [FGW]}
    assert (back["status"], back["gone_since"], back["missing_runs"], back["reports_last_run"]) == ("active", None, 0, 4)
    assert back["first_seen"] == "2026-01-01T03:00:00Z"


def test_one_flaky_night_in_between_resets_the_count(db) -> None:
    night(db, "r1", {"gz": [src(GZ), src(FGW)]})
    night(db, "r2", {"gz": [src(GZ)]})
    night(db, "r3", {"gz": [src(GZ), src(FGW)]})
    night(db, "r4", {"gz": [src(GZ)]})
    assert (row(db, FGW)["status"], row(db, FGW)["missing_runs"]) == ("active", 1)


def test_threshold_comes_from_the_removal_setting(db, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NIANBAO_REMOVAL_RUNS", "1")
    db["runs"].insert_all([{"id": "r1"}, {"id": "r2"}], pk="id")
    record_sources(db, run_id="r1", now="t1", seen={"gz": [src(GZ), src(FGW)]}, ok_sites=["gz"])
    changes = record_sources(db, run_id="r2", now="t2", seen={"gz": [src(GZ)]}, ok_sites=["gz"])
    assert changes.gone == {"gz": [FGW]}


def test_broken_site_or_empty_list_is_no_evidence(db) -> None:
    night(db, "r1", {"gz": [src(GZ), src(FGW)]})
    for run_id in ("r2", "r3"):
        night(db, run_id, {"gz": [src(GZ)]}, ok=[])  # the site's crawl was not ok
    assert (row(db, FGW)["status"], row(db, FGW)["missing_runs"]) == ("active", 0)
    assert row(db, GZ)["last_seen"] == "2026-01-03T03:00:00Z"  # what was seen is still recorded
    for run_id in ("r4", "r5"):
        night(db, run_id, {"gz": []})  # a spider that listed nothing did not look
    assert row(db, FGW)["status"] == "active" and row(db, GZ)["status"] == "active"
    for run_id in ("r6", "r7"):
        night(db, run_id, {})  # no sources stat at all
    assert row(db, FGW)["status"] == "active"


def test_a_source_listed_twice_counts_once_with_its_reports_summed(db) -> None:
    night(db, "r1", {"gz": [src(FGW, 2), src(FGW, 3, ok=False, name="发改委")]})
    fgw = row(db, FGW)
    assert (fgw["reports_last_run"], fgw["ok"], fgw["name"]) == (5, 1, "发改委")
    assert db["source_runs"].count == 1


def test_sources_from_stats_reads_lists_and_ignores_other_values() -> None:
    stats = {"nianbao/gz/sources": [src(GZ), {"kind": "column"}, "junk"], "nianbao/by/sources": 3,
             "nianbao/gz/reports_found": 3}
    assert sources_from_stats(stats, ["gz", "by", "hp"]) == {"gz": [src(GZ)]}


# ---------------------------------------------------------------- the runner, report and status


@pytest.fixture()
def cfg(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Config:
    monkeypatch.delenv("NIANBAO_NOTIFY_URL", raising=False)
    monkeypatch.delenv("NIANBAO_SITES", raising=False)
    monkeypatch.setenv("NIANBAO_EXTRACT", "0")
    monkeypatch.setattr(runner, "extract_pending", lambda *a, **k: Counter())
    monkeypatch.setattr(runner, "_publish", lambda cfg, run_id, code, progress: code)
    return Config(tmp_path / "data").ensure()


def fake_nights(monkeypatch: pytest.MonkeyPatch, nights: list[list[dict]]) -> None:
    """Each call of the crawl returns the next night's sources for site gz (3 reports: ok)."""
    queue = list(nights)

    def fake_crawl(cfg: Config, run_id: str, site_keys: list[str], replica_url: str | None,
                   bar: Any) -> runner.CrawlSummary:
        sources = queue.pop(0)
        return runner.CrawlSummary(sites={k: runner.SiteResult(k, requests=5, reports_found=3) for k in site_keys},
                                   stats={"nianbao/gz/sources": sources})

    monkeypatch.setattr(runner, "_crawl", fake_crawl)


EVIL = "<script>alert(1)</script>"


def test_runner_records_sources_and_the_report_shows_them(cfg: Config, monkeypatch: pytest.MonkeyPatch) -> None:
    fake_nights(monkeypatch, [
        [src(GZ, 2), src(FGW, 1), src(RSJ, 1), src(COLUMN, 0)],
        [src(GZ, 2), src(FGW, 1), src(COLUMN, 0), src("http://jyj.gz.gov.cn/gkmlpt/", 2, name=EVIL)],
        [src(GZ, 2), src(FGW, 1), src(COLUMN, 0)],
    ])
    for _ in range(3):
        assert runner.run_once(cfg, sites=["gz"]) == 0
    db = open_db(cfg.db_path)
    runs = [r["id"] for r in db.query("select id from runs order by started_at, rowid")]
    assert db["sources"].count == 5 and db["source_runs"].count == 11
    assert row(db, RSJ)["status"] == "gone" and row(db, RSJ)["gone_run_id"] == runs[2]

    second = db["runs"].get(runs[1])["report_markdown"]
    assert "## Sources: columns and catalogues" in second and "### gz" in second
    assert "5 source(s) crawled" not in second and "4 source(s) crawled (3 catalogue(s), 1 column(s)), 1 new" in second
    jyj = next(line for line in second.splitlines() if "jyj.gz.gov.cn" in line)
    assert "| 2 | new |" in jyj
    assert "**Configured but yielded nothing:**" in second and f"column {COLUMN} · 0 reports" in second
    assert "Not seen this run" in second and RSJ in second

    third = db["runs"].get(runs[2])["report_markdown"]
    assert "**Disappeared (gone):**" in third and f"catalogue {RSJ}" in third
    assert "jyj.gz.gov.cn" in third.split("Not seen this run", 1)[1]  # absent once: not gone yet

    page = (cfg.data_dir / db["runs"].get(runs[1])["report_path"]).with_suffix(".html").read_text(encoding="utf-8")
    assert EVIL not in page and "&lt;script&gt;" in page

    result = CliRunner().invoke(cli, ["status", "--data-dir", str(cfg.data_dir)])
    assert result.exit_code == 0, result.output
    out = result.output.split("Sources to look at", 1)[1]
    assert f"configured, yielded nothing (0 reports): column {COLUMN}" in out
    assert f"catalogue {RSJ}" in out and "gone since 2" in out
    assert "jyj" not in out  # missing once is not yet something to look at


def test_html_report_never_lets_site_text_become_markup() -> None:
    text = ("# run\n\n| a | b |\n| --- | --- |\n| <img src=x onerror=alert(1)> | [x](javascript:alert(1)) |\n\n"
            "- <a href='javascript:1'>y</a> ![i](javascript:2) <http://evil.example/>\n")
    page = render_html(text, "t<b>")
    assert "<img" not in page and "<a" not in page and 'href="' not in page and 'src="' not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "<title>t&lt;b&gt;</title>" in page and "<table>" in page


def test_report_of_a_run_without_sources_has_no_sources_section(cfg: Config) -> None:
    db = open_db(cfg.db_path)
    db["runs"].insert({"id": "r", "started_at": "2026-01-01T02:00:00+00:00", "outcome": "running"})
    db["run_sites"].insert({"run_id": "r", "site": "by", "requests": 4, "reports_found": 3})
    finish_run(cfg, "r")
    assert "## Sources" not in db["runs"].get("r")["report_markdown"]
