"""``nianbao status``: the last runs, their problems, whether something runs now."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from crawler.cli import cli
from crawler.config import Config
from crawler.lock import run_lock
from crawler.report import finish_run, open_db


def test_status_without_database(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["status", "--data-dir", str(tmp_path)])
    assert result.exit_code == 0 and "No runs yet" in result.output


def test_status_lists_newest_first_with_problem_sites(tmp_path: Path) -> None:
    cfg = Config(tmp_path).ensure()
    db = open_db(cfg)
    for i, found in enumerate([9, 0]):
        db["runs"].insert({"id": f"r{i}", "started_at": f"2026-01-0{i + 1}T02:00:00+00:00", "outcome": "running",
                           "mode": "live", "trigger": "schedule"})
        db["run_sites"].insert({"run_id": f"r{i}", "site": "by", "requests": 4, "reports_found": found})
        finish_run(cfg, f"r{i}")
    result = CliRunner().invoke(cli, ["status", "--data-dir", str(tmp_path), "--limit", "5"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].split()[:4] == ["id", "started", "took", "outcome"]
    assert lines[1].startswith("r1") and "broken" in lines[1] and "by:broken" in lines[1]
    assert lines[2].startswith("r0") and " ok " in lines[2]
    assert "Last report:" in result.output and "r1.md" in result.output
    limited = CliRunner().invoke(cli, ["status", "--data-dir", str(tmp_path), "--limit", "1"])
    assert "r0" not in limited.output


def test_status_shows_an_active_run(tmp_path: Path) -> None:
    cfg = Config(tmp_path).ensure()
    with run_lock(cfg):
        result = CliRunner().invoke(cli, ["status", "--data-dir", str(tmp_path)])
    assert "A run is active now" in result.output
