"""Operations against the real thing: ``nianbao schedule`` / ``nianbao run`` crawling the
replica over HTTP. Two small replica sites keep it fast (gzns: portal + gkmlpt; by:
portal with year sub-columns); the politeness delay is switched off for the replica."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from crawler.config import Config
from crawler.lock import EXIT_LOCKED
from crawler.report import open_db

ROOT = Path(__file__).resolve().parent.parent
REPLICA_DATA = Path(os.getenv("NIANBAO_REPLICA_DATA", ROOT / "replica" / "data"))

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not (REPLICA_DATA / "manifest.json").exists(), reason="replica data not generated"),
]

FAST = {"NIANBAO_DOWNLOAD_DELAY": "0", "NIANBAO_AUTOTHROTTLE": "0", "NIANBAO_BROWSER": "0",
        "NIANBAO_NOTIFY_URL": "", "NIANBAO_LEDGER_AS_OF": ""}

SCHEDULE_ONE_SITE = """
import sys
from pathlib import Path
from crawler.config import Config
from crawler.scheduler import run_command, schedule
cfg = Config(Path(sys.argv[1])).ensure()
cmd = run_command(cfg, replica_url=sys.argv[3]) + ["--site", sys.argv[4]]
sys.exit(schedule(cfg, cron=sys.argv[2], timezone="UTC", command=cmd))
"""


@pytest.fixture(scope="module")
def replica() -> Iterator[object]:
    from replica.server import start_in_thread

    server = start_in_thread(port=0, state="night1", data_dir=REPLICA_DATA)
    yield server
    server.stop()


def env(**extra: str) -> dict[str, str]:
    out = {**os.environ, **FAST, **extra}
    return {k: v for k, v in out.items() if v != ""}


def nianbao(*args: str, extra_env: dict | None = None, **kw: object) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "crawler.cli", *args], cwd=ROOT, env=env(**(extra_env or {})),
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, **kw)


def runs(data: Path) -> list[dict]:
    try:
        return list(open_db(Config(data), readonly=True).query("select * from runs order by started_at"))
    except sqlite3.OperationalError:  # no database or no table yet
        return []


def wait_for(predicate, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.3)
    raise AssertionError("timed out waiting")


def cron_in(seconds: int) -> str:
    import datetime as dt

    at = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=seconds)
    return f"{at.second} {at.minute} {at.hour} * * *"


@pytest.fixture(scope="module")
def scheduled(replica, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A scheduler that fired once, a few seconds after it started, crawling gzns."""
    data = tmp_path_factory.mktemp("scheduled") / "data"
    script = data.parent / "sched.py"
    script.write_text(SCHEDULE_ONE_SITE)
    proc = subprocess.Popen([sys.executable, str(script), str(data), cron_in(3), replica.url, "gzns"], cwd=ROOT,
                            env=env(), stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        wait_for(lambda: any(r["outcome"] != "running" for r in runs(data)), timeout=180)
        time.sleep(2)  # a second fire would show up here
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=60) == 0, proc.stderr.read()
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    return data


def test_scheduler_records_exactly_one_run(scheduled: Path) -> None:
    (run,) = runs(scheduled)
    assert run["outcome"] == "ok", run["error"]
    assert run["trigger"] == "schedule" and run["mode"] == "replica"
    assert (scheduled / run["report_path"]).exists() and run["report_markdown"]
    assert open_db(Config(scheduled), readonly=True)["run_sites"].get((run["id"], "gzns"))["reports_found"] > 0


def test_ledger_lists_the_years_the_replica_leaves_out(scheduled: Path) -> None:
    manifest = json.loads((REPLICA_DATA / "manifest.json").read_text(encoding="utf-8"))
    expected = {tuple(m) for m in manifest["states"]["night1"]["missing_years"] if m[0] == "gzns"}
    db = open_db(Config(scheduled), readonly=True)
    missing = {(r["site"], r["agency"], r["year"]) for r in db.query("select * from ledger where status = 'missing'")}
    assert expected and missing == expected


def test_second_scheduler_refuses_to_overlap(tmp_path: Path) -> None:
    first = nianbao("schedule", "--data-dir", str(tmp_path), start_new_session=True)
    try:
        wait_for(lambda: (tmp_path / "scheduler.lock").exists() and (tmp_path / "scheduler.lock").read_text(), 30)
        second = nianbao("schedule", "--data-dir", str(tmp_path))
        out, _ = second.communicate(timeout=30)
        assert second.returncode == EXIT_LOCKED
        assert "another nianbao scheduler is in progress" in out and f"pid {first.pid}" in out
    finally:
        first.send_signal(signal.SIGTERM)
        assert first.wait(timeout=30) == 0


def test_run_killed_midway_is_failed_and_the_next_run_succeeds(replica, tmp_path: Path) -> None:
    args = ("run", "--data-dir", str(tmp_path), "--replica-url", replica.url, "--site", "gzns", "--quiet")
    victim = nianbao(*args)
    def fetched() -> bool:
        try:
            return open_db(Config(tmp_path), readonly=True).execute("select count(*) from fetches").fetchone()[0] > 0
        except sqlite3.OperationalError:  # not created yet
            return False

    wait_for(fetched, timeout=120)
    victim.kill()
    victim.wait()
    assert runs(tmp_path)[0]["outcome"] == "running"  # nobody closed it yet
    nxt = nianbao(*args)
    out, _ = nxt.communicate(timeout=180)
    assert nxt.returncode == 0, out
    killed, ok = runs(tmp_path)
    assert killed["outcome"] == "failed" and f"pid {victim.pid}" in killed["error"]
    assert ok["outcome"] == "ok"


class Receiver(BaseHTTPRequestHandler):
    received: list[dict] = []

    def do_POST(self) -> None:  # noqa: N802 - http.server's naming
        Receiver.received.append(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


def test_broken_layout_is_reported_and_notified(replica, tmp_path: Path) -> None:
    Receiver.received = []
    hook = ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
    threading.Thread(target=hook.serve_forever, daemon=True).start()
    replica.set_faults({"broken_layout": ["www.by.gov.cn"]})
    try:
        proc = nianbao("run", "--data-dir", str(tmp_path), "--replica-url", replica.url, "--site", "by", "--quiet",
                       extra_env={"NIANBAO_NOTIFY_URL": f"json://127.0.0.1:{hook.server_port}/hook"})
        out, _ = proc.communicate(timeout=180)
    finally:
        replica.set_faults({})
        hook.shutdown()
        hook.server_close()
    assert proc.returncode == 1, out
    (run,) = runs(tmp_path)
    assert run["outcome"] == "broken"
    site = open_db(Config(tmp_path))["run_sites"].get((run["id"], "by"))
    assert site["status"] == "broken" and site["reason"]
    report = (tmp_path / run["report_path"]).read_text()
    assert "BROKEN" in report and "| by | broken |" in report
    assert (tmp_path / run["report_path"]).with_suffix(".html").exists()
    assert len(Receiver.received) == 1
    assert "broken" in Receiver.received[0]["title"] and "by" in Receiver.received[0]["message"]
