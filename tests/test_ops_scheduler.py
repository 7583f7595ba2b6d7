"""The scheduler: cron parsing, one run per fire time, no overlap, crashes and timeouts
recorded as failed, missed runs caught up, clean SIGTERM. The runs here are a small
stand-in script that behaves like ``nianbao run`` towards the lock and the runs table;
tests/test_ops_e2e.py runs the real thing."""

from __future__ import annotations

import datetime as dt
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from crawler.config import Config
from crawler.lock import EXIT_LOCKED, run_lock
from crawler.report import open_db
from crawler.scheduler import missed_fire_time, parse_cron

FAKE_RUN = """
import os, sys, time, datetime as dt
from pathlib import Path
from crawler.config import Config
from crawler.lock import run_lock, RunLocked
from crawler.report import finish_run, open_db
cfg = Config(Path(sys.argv[1])).ensure()
try:
    with run_lock(cfg):
        db = open_db(cfg)
        run_id = "run-%d-%d" % (os.getpid(), time.time_ns())
        db["runs"].insert({"id": run_id, "started_at": dt.datetime.now(dt.UTC).isoformat(), "outcome": "running",
                           "mode": "replica", "trigger": os.environ.get("NIANBAO_TRIGGER", "manual"),
                           "pid": os.getpid()})
        db["run_sites"].insert({"run_id": run_id, "site": "by", "requests": 5, "reports_found": 3})
        Path(sys.argv[1], "started").write_text(run_id)
        time.sleep(float(os.environ.get("FAKE_SLEEP", "0")))
        sys.exit(finish_run(cfg, run_id))
except RunLocked as exc:
    print(exc, file=sys.stderr)
    sys.exit(3)
"""

SCHEDULE = """
import sys
from pathlib import Path
from crawler.config import Config
from crawler.scheduler import schedule
cmd = [sys.executable, sys.argv[3], sys.argv[1]]
max_runs = int(sys.argv[4]) if len(sys.argv) > 4 else None
sys.exit(schedule(Config(Path(sys.argv[1])).ensure(), cron=sys.argv[2], timezone="UTC", command=cmd,
                  max_runs=max_runs))
"""


EVERY_SECOND = "* * * * * *"  # with max_runs=1: one run as soon as the scheduler is up


def cron_in(seconds: int) -> str:
    """A daily 6-field cron expression firing ``seconds`` from now (UTC)."""
    at = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=seconds)
    return f"{at.second} {at.minute} {at.hour} * * *"


@pytest.fixture()
def env(tmp_path: Path) -> dict:
    fake = tmp_path / "fake_run.py"
    fake.write_text(FAKE_RUN)
    sched = tmp_path / "sched.py"
    sched.write_text(SCHEDULE)
    data = tmp_path / "data"
    procs: list[subprocess.Popen] = []

    def start(cron: str, *, max_runs: int | None = None, extra_env: dict | None = None) -> subprocess.Popen:
        args = [sys.executable, str(sched), str(data), cron, str(fake)] + ([str(max_runs)] if max_runs else [])
        proc = subprocess.Popen(args, stderr=subprocess.PIPE, text=True, cwd=Path(__file__).parent.parent,
                                env={**os.environ, **(extra_env or {})}, start_new_session=True)
        procs.append(proc)
        return proc

    yield {"data": data, "fake": fake, "start": start}
    for proc in procs:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def runs(data: Path) -> list[dict]:
    try:
        return list(open_db(Config(data), readonly=True).query("select * from runs order by started_at"))
    except sqlite3.OperationalError:  # no database or no table yet
        return []


def wait_for(predicate, timeout: float = 60.0, proc: subprocess.Popen | None = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.2)
    if proc is not None and proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=30)
    raise AssertionError("timed out waiting; scheduler said:\n" + (proc.stderr.read() if proc else ""))


# ---------------------------------------------------------------- cron parsing


def test_five_field_cron_uses_crontab_weekdays() -> None:
    trigger = parse_cron("0 2 * * 1", "Asia/Shanghai")  # crontab 1 = Monday
    start = dt.datetime(2026, 11, 22, 12, 0, tzinfo=ZoneInfo("Asia/Shanghai"))  # a Sunday
    fire = trigger.get_next_fire_time(None, start)
    assert fire.weekday() == 0 and (fire.hour, fire.minute, fire.second) == (2, 0, 0)
    sunday = parse_cron("30 3 * * 0", "UTC").get_next_fire_time(None, dt.datetime(2026, 11, 23, tzinfo=dt.UTC))
    assert sunday.weekday() == 6


def test_default_cron_is_2am_shanghai() -> None:
    fire = parse_cron("0 2 * * *", "Asia/Shanghai").get_next_fire_time(None, dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    assert fire.astimezone(dt.UTC).hour == 18  # 02:00 +08:00


@pytest.mark.parametrize("bad", ["0 2 * *", "61 2 * * *", "0 2 * * 9", "nonsense"])
def test_bad_cron_is_a_clear_error(bad: str) -> None:
    with pytest.raises(ValueError, match="cron expression"):
        parse_cron(bad, "UTC")


def test_bad_setting_exits_2(tmp_path: Path) -> None:
    from crawler.scheduler import schedule

    assert schedule(Config(tmp_path), cron="0 2 * *", timezone="UTC") == 2
    assert schedule(Config(tmp_path), cron="0 2 * * *", timezone="Mars/Olympus") == 2


# ---------------------------------------------------------------- missed runs


def test_missed_fire_time_after_downtime(tmp_path: Path) -> None:
    cfg = Config(tmp_path)
    trigger = parse_cron("0 2 * * *", "UTC")
    now = dt.datetime(2026, 3, 10, 9, 0, tzinfo=dt.UTC)
    assert missed_fire_time(cfg, trigger, now, 12 * 3600) is None  # no runs yet: nothing to catch up
    open_db(cfg)["runs"].insert({"id": "r", "started_at": "2026-03-09T02:00:05+00:00", "outcome": "ok"})
    assert missed_fire_time(cfg, trigger, now, 12 * 3600) == dt.datetime(2026, 3, 10, 2, 0, tzinfo=dt.UTC)
    assert missed_fire_time(cfg, trigger, now, 3600) is None  # missed too long ago
    open_db(cfg)["runs"].insert({"id": "r2", "started_at": "2026-03-10T02:00:01+00:00", "outcome": "ok"})
    assert missed_fire_time(cfg, trigger, now, 12 * 3600) is None  # that night's run happened


# ---------------------------------------------------------------- the scheduler process


def test_one_fire_time_gives_exactly_one_run_and_sigterm_stops_cleanly(env: dict) -> None:
    proc = env["start"](cron_in(4))
    wait_for(lambda: any(r["outcome"] != "running" for r in runs(env["data"])), proc=proc)
    time.sleep(1.5)
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=20) == 0, proc.stderr.read()
    recorded = runs(env["data"])
    assert len(recorded) == 1
    assert recorded[0]["outcome"] == "ok" and recorded[0]["trigger"] == "schedule"
    assert list((env["data"] / "runs").glob("scheduled-*.log"))


def test_second_scheduler_refuses(env: dict) -> None:
    first = env["start"]("0 2 * * *")
    wait_for(lambda: (env["data"] / "scheduler.lock").exists() and (env["data"] / "scheduler.lock").read_text())
    second = env["start"]("0 2 * * *")
    assert second.wait(timeout=20) == EXIT_LOCKED
    assert f"pid {first.pid}" in second.stderr.read()
    first.send_signal(signal.SIGTERM)
    assert first.wait(timeout=20) == 0


def test_fire_time_during_a_manual_run_does_not_overlap(env: dict, tmp_path: Path) -> None:
    cfg = Config(env["data"]).ensure()
    with run_lock(cfg):
        proc = env["start"](EVERY_SECOND, max_runs=1)
        assert proc.wait(timeout=30) == 0
    assert runs(env["data"]) == []
    assert "still in progress" in proc.stderr.read()


def test_run_killed_midway_is_failed_and_next_run_succeeds(env: dict) -> None:
    data = env["data"]
    proc = env["start"](EVERY_SECOND, max_runs=1, extra_env={"FAKE_SLEEP": "60"})
    wait_for(lambda: (data / "started").exists(), proc=proc)
    victim = open_db(Config(data), readonly=True).execute("select pid from runs").fetchone()[0]
    os.kill(victim, signal.SIGKILL)
    assert proc.wait(timeout=30) == 0, proc.stderr.read()  # the scheduler survives its child's death
    (failed,) = runs(data)
    assert failed["outcome"] == "failed" and "killed by signal 9" in failed["error"]
    assert (data / failed["report_path"]).exists()
    # the next run, manual, goes through
    nxt = subprocess.run([sys.executable, str(env["fake"]), str(data)], cwd=Path(__file__).parent.parent)
    assert nxt.returncode == 0
    assert [r["outcome"] for r in runs(data)] == ["failed", "ok"]


def test_hung_run_is_stopped_at_the_timeout(env: dict) -> None:
    proc = env["start"](EVERY_SECOND, max_runs=1,
                        extra_env={"FAKE_SLEEP": "60", "NIANBAO_RUN_TIMEOUT": "3", "NIANBAO_KILL_GRACE": "2"})
    assert proc.wait(timeout=40) == 0
    (run,) = runs(env["data"])
    assert run["outcome"] == "failed" and "timed out after 3 s" in run["error"]


def test_sigterm_during_a_run_stops_the_child_and_records_it(env: dict) -> None:
    data = env["data"]
    proc = env["start"](EVERY_SECOND, max_runs=1, extra_env={"FAKE_SLEEP": "60", "NIANBAO_KILL_GRACE": "2"})
    wait_for(lambda: (data / "started").exists(), proc=proc)
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=30) == 0
    (run,) = runs(data)
    assert run["outcome"] == "failed" and "SIGTERM" in run["error"]


def test_missed_run_is_caught_up_once_on_start(env: dict) -> None:
    data = env["data"]
    cfg = Config(data).ensure()
    yesterday = dt.datetime.now(dt.UTC) - dt.timedelta(days=1, minutes=5)
    open_db(cfg)["runs"].insert({"id": "old", "started_at": yesterday.isoformat(), "outcome": "ok"})
    # the daily fire time was 2 minutes ago, while "the machine was off"
    before = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=2)
    proc = env["start"](f"{before.second} {before.minute} {before.hour} * * *", max_runs=1)
    assert proc.wait(timeout=30) == 0
    assert [r["id"] for r in runs(data)][0] == "old" and len(runs(data)) == 2


def test_run_that_dies_before_recording_itself_is_still_recorded(env: dict) -> None:
    env["fake"].write_text("raise ImportError('no module named spiders.portal')\n")  # crashes at import
    proc = env["start"](EVERY_SECOND, max_runs=1)
    assert proc.wait(timeout=60) == 0, proc.stderr.read()
    (run,) = runs(env["data"])
    assert run["outcome"] == "failed" and run["trigger"] == "schedule"
    assert "no module named spiders.portal" in run["error"]
    assert (env["data"] / run["report_path"]).exists()
