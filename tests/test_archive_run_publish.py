"""The runner publishes after the run report, so Datasette shows the run's own outcome and report.

The crawl and extraction steps are replaced by stubs (they have their own tests); the run
report (crawler.report) and the publish step (publish.snapshot) are the real ones.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from crawler import runner
from crawler.config import Config


@pytest.fixture()
def cfg(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Config:
    monkeypatch.delenv("NIANBAO_NOTIFY_URL", raising=False)
    monkeypatch.setenv("NIANBAO_EXTRACT", "0")

    def fake_crawl(cfg: Config, run_id: str, site_keys: list[str], replica_url: str | None,
                   bar: Any) -> runner.CrawlSummary:
        return runner.CrawlSummary(sites={k: runner.SiteResult(k, status="ok", requests=7, reports_found=3, bytes=1000)
                                          for k in site_keys})

    monkeypatch.setattr(runner, "_crawl", fake_crawl)
    monkeypatch.setattr(runner, "extract_pending", lambda *a, **k: Counter())
    return Config(tmp_path / "data").ensure()


def published_run(cfg: Config) -> dict[str, Any]:
    con = sqlite3.connect(cfg.data_dir / "publish" / "nianbao.db")
    con.row_factory = sqlite3.Row
    rows = [dict(r) for r in con.execute("select * from runs order by started_at, rowid")]
    con.close()
    assert len(rows) == 1
    return rows[0]


def test_snapshot_shows_this_runs_report_and_outcome(cfg: Config) -> None:
    assert runner.run_once(cfg, sites=["by"]) == 0
    run = published_run(cfg)
    assert run["outcome"] == "ok" and run["ended_at"]
    assert run["report_markdown"] and run["id"] in run["report_markdown"]
    con = sqlite3.connect(cfg.data_dir / "publish" / "nianbao.db")
    assert "ledger" in {r[0] for r in con.execute("select name from sqlite_master where type = 'table'")}
    con.close()


def test_publish_failure_fails_the_run_without_crashing(cfg: Config, monkeypatch: pytest.MonkeyPatch) -> None:
    import publish.snapshot

    def broken_publish(cfg: Config) -> Path:
        raise OSError("disk full")

    monkeypatch.setattr(publish.snapshot, "publish", broken_publish)
    assert runner.run_once(cfg, sites=["by"]) == 2
    con = sqlite3.connect(cfg.db_path)
    outcome, error, report = con.execute("select outcome, error, report_markdown from runs").fetchone()
    con.close()
    assert outcome == "failed"
    assert "publish failed" in error and "disk full" in error
    assert "disk full" in report  # the report was rewritten with the reason
    assert not (cfg.data_dir / "publish" / "nianbao.db").exists()
