"""The run report: outcome, broken-site detection against history, files, stale runs."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from crawler.config import Config
from crawler.report import finish_run, judge_site, open_db, recover_stale_runs


@pytest.fixture()
def cfg(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Config:
    monkeypatch.delenv("NIANBAO_NOTIFY_URL", raising=False)
    return Config(tmp_path / "data").ensure()


def add_run(cfg: Config, run_id: str, started: str, sites: dict[str, dict], *, outcome: str = "running",
            pid: int | None = None, error: str | None = None) -> None:
    db = open_db(cfg)
    db["runs"].insert({"id": run_id, "started_at": started, "outcome": outcome, "mode": "replica",
                       "trigger": "manual", "pid": pid, "error": error})
    for site, counts in sites.items():
        row = {"run_id": run_id, "site": site, "requests": 20, "reports_found": 10, "new": 0, "changed": 0,
               "removed": 0, "unreachable": 0, "failed_fetches": 0, "extraction_failures": 0}
        row.update(counts)
        db["run_sites"].insert(row)


def history(cfg: Config, site_counts: list[int], site: str = "by") -> None:
    """Earlier finished runs in which ``site`` found these numbers of reports."""
    for i, n in enumerate(site_counts):
        add_run(cfg, f"h{i}", f"2026-01-0{i + 1}T02:00:00+00:00", {site: {"reports_found": n}})
        finish_run(cfg, f"h{i}")


def test_ok_run_writes_markdown_html_and_row(cfg: Config) -> None:
    add_run(cfg, "r1", "2026-02-01T02:00:00+00:00", {"by": {"new": 3}, "hp": {"new": 2, "changed": 1}})
    assert finish_run(cfg, "r1") == 0
    row = open_db(cfg)["runs"].get("r1")
    assert row["outcome"] == "ok" and row["ended_at"]
    assert row["new"] == 5 and row["changed"] == 1  # totals summed from the sites
    md = (cfg.data_dir / row["report_path"]).read_text()
    assert md == row["report_markdown"]
    assert "| by | ok |" in md and "| hp | ok |" in md
    html = (cfg.runs_dir / "r1.html").read_text()
    assert "<table>" in html and "nianbao run r1" in html


def test_site_with_no_reports_after_healthy_runs_is_broken(cfg: Config) -> None:
    history(cfg, [12, 12, 13])
    add_run(cfg, "now", "2026-02-01T02:00:00+00:00", {"by": {"reports_found": 0}, "hp": {}})
    assert finish_run(cfg, "now") == 1
    db = open_db(cfg)
    assert db["runs"].get("now")["outcome"] == "broken"
    by = db["run_sites"].get(("now", "by"))
    assert by["status"] == "broken" and "no reports found" in by["reason"] and "12" in by["reason"]
    assert db["run_sites"].get(("now", "hp"))["status"] == "ok"
    assert "by (broken)" in db["runs"].get("now")["report_markdown"]


def test_far_fewer_reports_than_usual_is_broken_but_small_dip_is_not(cfg: Config) -> None:
    history(cfg, [40, 42, 41])
    add_run(cfg, "dip", "2026-02-01T02:00:00+00:00", {"by": {"reports_found": 38}})
    assert finish_run(cfg, "dip") == 0
    add_run(cfg, "drop", "2026-02-02T02:00:00+00:00", {"by": {"reports_found": 5}})
    assert finish_run(cfg, "drop") == 1
    assert "far fewer" in open_db(cfg)["run_sites"].get(("drop", "by"))["reason"]


def test_broken_runs_do_not_become_the_new_normal(cfg: Config) -> None:
    history(cfg, [30, 30])
    for i in range(3):  # three broken nights in a row stay broken
        add_run(cfg, f"b{i}", f"2026-03-0{i + 1}T02:00:00+00:00", {"by": {"reports_found": 2}})
        assert finish_run(cfg, f"b{i}") == 1


def test_every_request_failing_is_unreachable(cfg: Config) -> None:
    add_run(cfg, "r", "2026-02-01T02:00:00+00:00", {"by": {"requests": 7, "failed_fetches": 7, "reports_found": 0}})
    assert finish_run(cfg, "r") == 1
    row = open_db(cfg)["run_sites"].get(("r", "by"))
    assert row["status"] == "unreachable" and "every request failed (7 of 7)" in row["reason"]


def test_spider_layout_reason_marks_site_broken(cfg: Config) -> None:
    add_run(cfg, "r", "2026-02-01T02:00:00+00:00",
            {"by": {"reason": "layout mismatch: no list rows on /gzjg/qwbgs/zfxxgkgzndbg/index.html"}})
    assert finish_run(cfg, "r") == 1
    assert "layout mismatch" in open_db(cfg)["run_sites"].get(("r", "by"))["reason"]


def test_judge_site_layout_errors_column() -> None:
    verdict = judge_site({"requests": 5, "reports_found": 3, "layout_errors": 2, "broken_reason": "no h1"}, [])
    assert verdict.status == "broken" and "no h1" in verdict.reasons[0]


def test_first_run_with_no_reports_is_broken(cfg: Config) -> None:
    add_run(cfg, "r", "2026-02-01T02:00:00+00:00", {"by": {"reports_found": 0}})
    assert finish_run(cfg, "r") == 1


def test_run_with_error_or_no_sites_is_failed(cfg: Config) -> None:
    add_run(cfg, "e", "2026-02-01T02:00:00+00:00", {"by": {}}, error="spider crashed: KeyError")
    assert finish_run(cfg, "e") == 2
    add_run(cfg, "empty", "2026-02-02T02:00:00+00:00", {})
    assert finish_run(cfg, "empty") == 2
    row = open_db(cfg)["runs"].get("empty")
    assert row["outcome"] == "failed" and "no site was crawled" in row["error"]


def test_finish_run_is_idempotent(cfg: Config) -> None:
    add_run(cfg, "r", "2026-02-01T02:00:00+00:00", {"by": {"requests": 3, "failed_fetches": 3}})
    finish_run(cfg, "r")
    first = open_db(cfg)["run_sites"].get(("r", "by"))["reason"]
    assert finish_run(cfg, "r") == 1
    assert open_db(cfg)["run_sites"].get(("r", "by"))["reason"] == first


def test_report_lists_failed_fetches_with_reasons(cfg: Config) -> None:
    add_run(cfg, "r", "2026-02-01T02:00:00+00:00", {"by": {"failed_fetches": 1}})
    open_db(cfg)["fetches"].insert({"id": "f1", "run_id": "r", "url": "http://www.by.gov.cn/x.pdf", "status": 500,
                                    "outcome": "failed", "error": "HTTP 500 after 3 retries"})
    finish_run(cfg, "r")
    md = open_db(cfg)["runs"].get("r")["report_markdown"]
    assert "## Failed fetches" in md and "HTTP 500 after 3 retries" in md


def test_killed_run_is_recorded_failed_by_the_next(cfg: Config) -> None:
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    add_run(cfg, "killed", "2026-02-01T02:00:00+00:00", {"by": {}}, pid=dead.pid)
    add_run(cfg, "next", "2026-02-02T02:00:00+00:00", {"by": {}})
    assert finish_run(cfg, "next") == 0
    db = open_db(cfg)
    killed = db["runs"].get("killed")
    assert killed["outcome"] == "failed" and f"pid {dead.pid}" in killed["error"]
    assert (cfg.data_dir / killed["report_path"]).exists()


def test_live_run_holding_lock_is_not_recovered(cfg: Config) -> None:
    import os

    from crawler.lock import run_lock

    add_run(cfg, "live", "2026-02-01T02:00:00+00:00", {"by": {}}, pid=os.getpid())
    with run_lock(cfg):
        assert recover_stale_runs(cfg) == []
    assert open_db(cfg)["runs"].get("live")["outcome"] == "running"


class Receiver(BaseHTTPRequestHandler):
    received: list[dict] = []

    def do_POST(self) -> None:  # noqa: N802 - http.server's naming
        body = self.rfile.read(int(self.headers["Content-Length"]))
        Receiver.received.append(json.loads(body))
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture()
def receiver() -> tuple[str, list[dict]]:
    Receiver.received = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"json://127.0.0.1:{server.server_port}/hook", Receiver.received
    server.shutdown()
    server.server_close()


def test_broken_run_notifies_and_ok_run_does_not(cfg: Config, receiver, monkeypatch: pytest.MonkeyPatch) -> None:
    url, received = receiver
    monkeypatch.setenv("NIANBAO_NOTIFY_URL", url)
    add_run(cfg, "ok", "2026-02-01T02:00:00+00:00", {"by": {}})
    finish_run(cfg, "ok")
    assert received == []
    add_run(cfg, "bad", "2026-02-02T02:00:00+00:00", {"by": {"reports_found": 0}})
    assert finish_run(cfg, "bad") == 1
    assert len(received) == 1
    assert "broken" in received[0]["title"] and "by" in received[0]["message"]


def test_undeliverable_notification_does_not_fail_the_run(cfg: Config, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NIANBAO_NOTIFY_URL", "json://127.0.0.1:9/nowhere")
    add_run(cfg, "bad", "2026-02-02T02:00:00+00:00", {"by": {"reports_found": 0}})
    assert finish_run(cfg, "bad") == 1


def test_history_adds_context_to_the_crawlers_own_verdict(cfg: Config) -> None:
    history(cfg, [13, 13])
    add_run(cfg, "r", "2026-02-01T02:00:00+00:00",
            {"by": {"reports_found": 0, "status": "broken", "reason": "layout mismatch (portal): no rows"}})
    assert finish_run(cfg, "r") == 1
    reason = open_db(cfg)["run_sites"].get(("r", "by"))["reason"]
    assert reason.startswith("layout mismatch (portal): no rows") and "previous 2 run(s) found 13" in reason


def test_extraction_failures_are_called_out(cfg: Config) -> None:
    add_run(cfg, "r", "2026-02-01T02:00:00+00:00", {"by": {"extraction_failures": 2}})
    assert finish_run(cfg, "r") == 0  # an extractor problem is not a broken site
    assert "2 document(s) could not be extracted" in open_db(cfg)["runs"].get("r")["report_markdown"]


def test_rejudging_a_run_with_history_keeps_the_same_reason(cfg: Config) -> None:
    history(cfg, [12, 12])
    add_run(cfg, "r", "2026-02-01T02:00:00+00:00", {"by": {"reports_found": 0}})
    finish_run(cfg, "r")
    first = open_db(cfg)["run_sites"].get(("r", "by"))["reason"]
    finish_run(cfg, "r")
    assert open_db(cfg)["run_sites"].get(("r", "by"))["reason"] == first


def test_report_lists_documents_that_went_missing(cfg: Config) -> None:
    add_run(cfg, "r", "2026-02-01T02:00:00+00:00", {"by": {}})
    open_db(cfg)["documents"].insert({"id": "d1", "url": "http://www.by.gov.cn/post_1.html", "site": "by",
                                      "status": "missing", "missing_runs": 1})
    finish_run(cfg, "r")
    md = open_db(cfg)["runs"].get("r")["report_markdown"]
    assert "## Missing documents" in md and "post_1.html · missed 1 run(s)" in md
