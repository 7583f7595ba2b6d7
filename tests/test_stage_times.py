"""The night's stage clock (issue 14): each stage's wall and CPU time, logged and written as JSON lines."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from crawler.stagetimes import ENV_FILE, StageClock


def test_each_stage_is_timed_and_appended(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "stages.jsonl"
    monkeypatch.setenv(ENV_FILE, str(out))
    clock = StageClock("run-1")
    with clock.stage("crawl"):
        sum(range(200_000))  # some CPU in this process
    with pytest.raises(RuntimeError), clock.stage("extract"):  # a failing stage is still recorded
        raise RuntimeError("boom")
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert [r["stage"] for r in rows] == ["crawl", "extract"] == [r["stage"] for r in clock.stages]
    assert all(r["run_id"] == "run-1" and r["wall_s"] >= 0 and r["cpu_self_s"] >= 0 and r["cpu_children_s"] >= 0
               for r in rows)


def test_without_the_variable_nothing_is_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ENV_FILE, raising=False)
    monkeypatch.chdir(tmp_path)
    with StageClock("run-2").stage("publish"):
        pass
    assert list(tmp_path.iterdir()) == []


def test_an_unwritable_file_never_fails_the_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV_FILE, str(tmp_path / "missing-dir" / "stages.jsonl"))
    clock = StageClock("run-3")
    with clock.stage("report"):
        pass
    assert clock.stages[0]["stage"] == "report"
