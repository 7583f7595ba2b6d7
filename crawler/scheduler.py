"""``nianbao schedule``: the nightly run, unattended, one at a time.

Why this shape:
* APScheduler's ``BlockingScheduler`` with a ``CronTrigger`` (default ``0 2 * * *`` in
  Asia/Shanghai, when the sites are quiet); ``max_instances=1`` and ``coalesce=True``
  so a slow run never stacks up a second one.
* Each run is a child process (``python -m crawler.cli run``) in its own session, so a
  crash, a leak or a hung browser kills the child, never the scheduler; a run that
  exceeds ``NIANBAO_RUN_TIMEOUT`` seconds (default 6 h) is stopped, its whole process
  group with it, and recorded as failed.
* One scheduler per data directory (``scheduler.lock``) and one run at a time
  (``run.lock``, taken by every run, manual or scheduled) — both ``flock`` locks, which
  the kernel drops when their process dies, so nothing is left stuck after a crash.
* Missed runs after downtime are coalesced: on start, if a fire time passed since the
  last recorded run (within ``NIANBAO_MISFIRE_GRACE`` seconds, default 12 h), one run
  starts at once.
* SIGTERM/SIGINT stop the scheduler cleanly: the running child gets SIGTERM, then
  SIGKILL after ``NIANBAO_KILL_GRACE`` seconds, and its run is recorded as failed.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

from apscheduler.events import EVENT_SCHEDULER_STARTED
from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.cron import CronTrigger

from crawler.config import Config, env_float
from crawler.lock import EXIT_LOCKED, RunLocked, is_locked, read_holder, scheduler_lock

log = logging.getLogger("nianbao.scheduler")

DEFAULT_CRON = "0 2 * * *"
DEFAULT_TIMEZONE = "Asia/Shanghai"
_CRON_DOW = ["sun", "mon", "tue", "wed", "thu", "fri", "sat", "sun"]


# ---------------------------------------------------------------- the trigger


def _dow_names(field: str) -> str:
    """Translate a crontab day-of-week field (0/7 = Sunday) into names.

    APScheduler numbers weekdays from Monday, so ``from_crontab("0 2 * * 1")``
    would run on Tuesdays; names mean the same in both.
    """
    out: list[str] = []
    for token in field.split(","):
        base, _, step_text = token.partition("/")
        step = int(step_text) if step_text else 1
        if base == "*":
            if not step_text:
                return "*"
            lo, hi = 0, 6
        elif "-" in base:
            a, b = base.split("-", 1)
            if not (a.isdigit() and b.isdigit()):
                out.append(token)
                continue
            lo, hi = int(a), int(b)
        elif base.isdigit():
            lo = hi = int(base)
            if step_text:
                hi = 6
        else:
            out.append(token)
            continue
        if not (0 <= lo <= 7 and 0 <= hi <= 7 and lo <= hi):
            raise ValueError(f"day of week out of range in {field!r}")
        out.extend(_CRON_DOW[d] for d in range(lo, hi + 1, step))
    return ",".join(dict.fromkeys(out))


def parse_cron(expr: str, timezone: str) -> CronTrigger:
    """A trigger from a 5-field crontab expression, or 6 fields with seconds first
    (``S M H dom mon dow``, handy for tests). Raises ValueError with the reason."""
    fields = expr.split()
    if len(fields) == 5:
        fields = ["0", *fields]
    if len(fields) != 6:
        raise ValueError(f"cron expression {expr!r}: expected 5 fields (m h dom mon dow) or 6 (s m h dom mon dow)")
    second, minute, hour, day, month, dow = fields
    try:
        return CronTrigger(second=second, minute=minute, hour=hour, day=day, month=month,
                           day_of_week=_dow_names(dow), timezone=timezone)
    except (ValueError, LookupError) as exc:
        raise ValueError(f"cron expression {expr!r} / time zone {timezone!r}: {exc}") from exc


def missed_fire_time(cfg: Config, trigger: CronTrigger, now: dt.datetime, grace: float) -> dt.datetime | None:
    """The latest fire time that passed with no run since (within ``grace``), else None.

    Uses the runs table as memory of the last run, so downtime of the scheduler (or
    the machine) costs at most one run, not every night it was off. A data directory
    without runs has nothing to catch up.
    """
    last = last_run_start(cfg)
    if last is None:
        return None
    since = max(last, now - dt.timedelta(seconds=grace)) + dt.timedelta(microseconds=1)
    fire = trigger.get_next_fire_time(None, since)
    return fire if fire is not None and fire <= now else None


def last_run_start(cfg: Config) -> dt.datetime | None:
    """When the newest recorded run (manual or scheduled) started, or None."""
    if not cfg.db_path.exists():
        return None
    from crawler.report import open_db

    db = open_db(cfg, readonly=True)
    if "runs" not in db.table_names():
        return None
    row = db.execute("select max(started_at) from runs").fetchone()
    if not row or not row[0]:
        return None
    try:
        when = dt.datetime.fromisoformat(row[0])
    except ValueError:
        return None
    return when if when.tzinfo else when.replace(tzinfo=dt.UTC)


# ---------------------------------------------------------------- one run in a child


def run_command(cfg: Config, *, replica: bool = False, replica_url: str | None = None) -> list[str]:
    """The child's command line: this interpreter's ``nianbao run``, quiet."""
    cmd = [sys.executable, "-m", "crawler.cli", "run", "--data-dir", str(cfg.data_dir.resolve()), "--quiet",
           "--trigger", "schedule"]
    if replica_url:
        cmd += ["--replica-url", replica_url]
    elif replica:
        cmd.append("--replica")
    sites_file = os.getenv("NIANBAO_SITES", "").strip()
    if sites_file:  # the operator's registry (`nianbao schedule --sites FILE`): every night reads the same one
        cmd += ["--sites", str(Path(sites_file).resolve())]
    return cmd


class RunJob:
    """The scheduled job: start the run's child process, watch it, clean up after it."""

    def __init__(self, cfg: Config, command: list[str], *, timeout: float, kill_grace: float,
                 max_runs: int | None = None, on_limit: Any = None) -> None:
        self.cfg = cfg
        self.command = command
        self.timeout = timeout
        self.kill_grace = kill_grace
        self.max_runs = max_runs
        self.on_limit = on_limit
        self.fires = 0  # fire times handled, skipped ones included
        self.runs_started = 0
        self.exit_codes: list[int | None] = []
        self.idle = threading.Event()
        self.idle.set()
        self._stop_reason: str | None = None

    def stop(self, reason: str) -> None:
        """Ask a running child to end (the scheduler is shutting down)."""
        self._stop_reason = reason

    def __call__(self) -> int | None:
        self.fires += 1
        try:
            if self._stop_reason:
                return None
            if is_locked(self.cfg.lock_path):
                log.warning("scheduled run skipped: a run (pid %s) is still in progress",
                            read_holder(self.cfg.lock_path))
                self.exit_codes.append(EXIT_LOCKED)
                return EXIT_LOCKED
            self.idle.clear()
            try:
                return self._run_child()
            finally:
                self.idle.set()
        finally:
            if self.max_runs and self.fires >= self.max_runs and self.on_limit:
                self.on_limit()

    def _run_child(self) -> int | None:
        from crawler.report import recover_stale_runs

        self.cfg.runs_dir.mkdir(parents=True, exist_ok=True)
        started = dt.datetime.now(dt.UTC)
        started_at = started.isoformat(timespec="seconds")
        stamp = started.strftime("%Y%m%dT%H%M%SZ")
        log_path = self.cfg.runs_dir / f"scheduled-{stamp}.log"
        env = {**os.environ, "NIANBAO_TRIGGER": "schedule", "PYTHONUNBUFFERED": "1"}
        env.setdefault("NIANBAO_LOG_LEVEL", "WARNING")
        self.runs_started += 1
        log.info("run starting (log %s)", log_path)
        with open(log_path, "ab") as out:
            proc = subprocess.Popen(self.command, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT,
                                    env=env, start_new_session=True)
        why = self._wait(proc)
        _kill_group(proc.pid, signal.SIGKILL)  # leftovers: extraction workers, a hung browser
        code = proc.returncode
        self.exit_codes.append(code)
        if why is None:
            why = (f"the run process was killed by signal {-code}" if code is not None and code < 0
                   else f"the run process exited with code {code} without finishing the run")
        closed = recover_stale_runs(self.cfg, pids={proc.pid}, reason=f"{why} (log {log_path})")
        if code != EXIT_LOCKED and not closed and not _has_run_of(self.cfg, proc.pid, started_at):
            # died before recording itself (bad install, import error): still a failed night
            from crawler.report import record_failed_start

            record_failed_start(self.cfg, started_at=started_at, pid=proc.pid,
                                reason=f"{why} before recording the run: {_last_line(log_path)} (log {log_path})")
            closed = ["(unrecorded)"]
        if code == EXIT_LOCKED:
            log.warning("run not started: another run holds the lock")
        level = logging.INFO if code in (0, 1) and not closed else logging.WARNING
        log.log(level, "run ended with exit code %s%s", code, f"; recorded as failed: {why}" if closed else "")
        return code

    def _wait(self, proc: subprocess.Popen[bytes]) -> str | None:
        """Wait for the child; stop it on timeout or shutdown. Returns why it was stopped."""
        deadline = time.monotonic() + self.timeout
        while True:
            try:
                proc.wait(timeout=0.5)
                return None
            except subprocess.TimeoutExpired:
                pass
            if self._stop_reason or time.monotonic() >= deadline:
                why = self._stop_reason or f"the run timed out after {self.timeout:g} s and was stopped"
                log.warning("stopping the run: %s", why)
                _kill_group(proc.pid, signal.SIGTERM)
                try:
                    proc.wait(timeout=self.kill_grace)
                except subprocess.TimeoutExpired:
                    _kill_group(proc.pid, signal.SIGKILL)
                    proc.wait()
                return why


def _has_run_of(cfg: Config, pid: int, since: str) -> bool:
    """Whether the child with ``pid`` got as far as inserting its ``runs`` row (pids are
    reused, so only rows started since the child was)."""
    from crawler.report import open_db

    sql = "select 1 from runs where pid = ? and substr(started_at, 1, 19) >= ?"
    try:
        return open_db(cfg, readonly=True).execute(sql, [pid, since[:19]]).fetchone() is not None
    except Exception:  # no database or no table yet
        return False


def _last_line(path: Path) -> str:
    """The last non-empty line of the child's log: usually the exception that killed it."""
    try:
        lines = [ln.strip() for ln in path.read_text(errors="replace").splitlines() if ln.strip()]
    except OSError:
        return ""
    return lines[-1][:300] if lines else "no output"


def _kill_group(pgid: int, sig: int) -> None:
    try:
        os.killpg(pgid, sig)
    except (ProcessLookupError, PermissionError):
        pass


# ---------------------------------------------------------------- the scheduler


class _Shutdown:
    """SIGTERM/SIGINT handler, installed before anything slow so that a stop request
    during start-up is honoured too (the scheduler then stops as soon as it starts)."""

    def __init__(self) -> None:
        self.signal_name: str | None = None
        self.scheduler: BlockingScheduler | None = None
        self.job: RunJob | None = None

    def __call__(self, signum: int, _frame: Any) -> None:
        self.signal_name = signal.Signals(signum).name
        log.info("%s received: stopping", self.signal_name)
        if self.job is not None:
            self.job.stop(f"the scheduler was stopped ({self.signal_name}) during the run")
        self.stop_scheduler()

    def stop_scheduler(self, _event: Any = None) -> None:
        if self.signal_name and self.scheduler is not None and self.scheduler.running:
            self.scheduler.shutdown(wait=False)


def schedule(cfg: Config, *, cron: str | None = None, timezone: str | None = None, replica: bool = False,
             replica_url: str | None = None, command: list[str] | None = None, max_runs: int | None = None) -> int:
    """Run nightly until SIGTERM; 0 on a clean stop, 2 on a bad setting, 3 if another
    scheduler already serves this data directory. ``command`` replaces the child's
    command line and ``max_runs`` stops after that many fire times (both for tests)."""
    invoked = dt.datetime.now(dt.UTC)
    _setup_logging()
    cron = cron or os.getenv("NIANBAO_CRON") or DEFAULT_CRON
    timezone = timezone or os.getenv("NIANBAO_TIMEZONE") or DEFAULT_TIMEZONE
    try:
        trigger = parse_cron(cron, timezone)
    except ValueError as exc:
        log.error("%s", exc)
        return 2
    shutdown = _Shutdown()
    previous = {s: signal.signal(s, shutdown) for s in (signal.SIGTERM, signal.SIGINT)}
    try:
        with scheduler_lock(cfg):
            return _serve(cfg, trigger, command or run_command(cfg, replica=replica, replica_url=replica_url),
                          cron=cron, max_runs=max_runs, invoked=invoked, shutdown=shutdown)
    except RunLocked as exc:
        log.error("%s", exc)
        return EXIT_LOCKED
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)


def _serve(cfg: Config, trigger: CronTrigger, command: list[str], *, cron: str, max_runs: int | None,
           invoked: dt.datetime, shutdown: _Shutdown) -> int:
    from crawler.report import recover_stale_runs

    grace = env_float("NIANBAO_MISFIRE_GRACE", 12 * 3600)
    closed = recover_stale_runs(cfg)
    if closed:
        log.warning("runs left unfinished by a crash recorded as failed: %s", ", ".join(closed))
    scheduler = BlockingScheduler(timezone=trigger.timezone, job_defaults={
        "coalesce": True, "max_instances": 1, "misfire_grace_time": int(grace)})
    job = RunJob(cfg, command, timeout=env_float("NIANBAO_RUN_TIMEOUT", 6 * 3600),
                 kill_grace=env_float("NIANBAO_KILL_GRACE", 30), max_runs=max_runs,
                 on_limit=lambda: scheduler.shutdown(wait=False))
    shutdown.scheduler, shutdown.job = scheduler, job
    scheduler.add_listener(shutdown.stop_scheduler, EVENT_SCHEDULER_STARTED)  # a signal during start-up
    now = dt.datetime.now(trigger.timezone)
    missed = missed_fire_time(cfg, trigger, now, grace)
    if missed is not None:
        log.info("the run due at %s was missed; running now", missed.isoformat())
        first = now
    else:
        # Counted from the moment the command was started, so a fire time that passes while
        # the scheduler is still starting up is run (late), not silently skipped to tomorrow.
        first = trigger.get_next_fire_time(None, invoked.astimezone(trigger.timezone))
    scheduler.add_job(job, trigger, id="nightly-run", name="nianbao nightly run", next_run_time=first)
    log.info("scheduler started for %s: cron %r (%s), next run %s", cfg.data_dir, cron, trigger.timezone,
             first.isoformat() if first else "never")
    if shutdown.signal_name is None:
        scheduler.start()
    job.idle.wait(job.kill_grace + 30)
    log.info("scheduler stopped")
    return 0


def _setup_logging() -> None:
    """One line per event on stderr (the journal under systemd); nothing per request."""
    root = logging.getLogger()
    if not root.handlers:
        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
