"""One nightly run: crawl → archive → removals → extract → run report → publish.

Why one function: the scheduler, ``nianbao run`` and the tests all start a night the
same way, and the order matters (removals only after the whole crawl; extraction only of
blobs the archive holds; the report before publishing, so that the Datasette snapshot
shows this run's own report, outcome and ledger). Each step that belongs to another part is
called through that part's module. Any exception ends the run as ``failed`` with its
reason; a killed run is closed by the next one (``crawler.report.recover_stale_runs``).
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import shutil
import sys
import tempfile
import time
import traceback
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import sqlite_utils

from archive import ids
from archive.db import open_db
from archive.httpcache import cache_middlewares, cache_settings
from archive.removal import evaluate_removals
from archive.sources import record_sources, sources_from_stats
from archive.store import open_store
from crawler.config import Config, env_bool, env_float
from crawler.crawl import CrawlSummary, SiteResult
from crawler.lock import EXIT_LOCKED, RunLocked, run_lock
from crawler.progress import Progress, default_log_level
from crawler.report import EXIT_CODES, fail_run, finish_run, publishing_marker, recover_stale_runs
from crawler.stagetimes import StageClock
from extract.queue import extract_pending
from pipelines.context import SETTING_DATA_DIR, SETTING_RUN_ID

log = logging.getLogger(__name__)

ITEM_PIPELINES = {
    "pipelines.validate.ValidatePipeline": 100,
    "pipelines.database.ReportPipeline": 300,
    "pipelines.archive.ArchivePipeline": 400,
}


def _say(progress: bool, text: str) -> None:
    if progress:
        print(text, file=sys.stderr, flush=True)


def run_once(cfg: Config, *, replica: bool = False, replica_url: str | None = None,
             sites: list[str] | None = None, progress: bool = False, trigger: str = "manual") -> int:
    """Run one night into ``cfg``; exit code 0 ok, 1 some site broken, 2 the run failed (3 locked)."""
    try:
        cfg.ensure()
        with run_lock(cfg):
            return _run(cfg, replica=replica, replica_url=replica_url, sites=sites, progress=progress,
                        trigger=trigger)
    except RunLocked as exc:
        print(f"nianbao run: {exc}", file=sys.stderr)
        return EXIT_LOCKED
    except Exception as exc:  # noqa: BLE001 - the run could not even be recorded (a full disk)
        log.exception("run could not be recorded")
        print(f"nianbao run: the run failed and could not be recorded: {type(exc).__name__}: {exc}",
              file=sys.stderr)
        return EXIT_CODES["failed"]


def _run(cfg: Config, *, replica: bool, replica_url: str | None, sites: list[str] | None, progress: bool,
         trigger: str) -> int:
    _recover_stale(cfg)
    with run_tmpdir(cfg):
        return _run_steps(cfg, replica=replica, replica_url=replica_url, sites=sites, progress=progress,
                          trigger=trigger)


@contextlib.contextmanager
def run_tmpdir(cfg: Config) -> Iterator[Path]:
    """The run's own temporary folder ``<data>/tmp`` (TMPDIR for this process and its children:
    extraction workers, LibreOffice, tesseract), emptied at the start: the run lock makes it
    ours, so whatever a killed run left there goes (issue 12, point 6). Also sweeps
    ``nianbao-*`` folders older than ``NIANBAO_TMP_MAX_AGE_HOURS`` (24) from the system's /tmp,
    where earlier versions put them."""
    tmp = cfg.data_dir / "tmp"
    _sweep_system_tmp()
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True, exist_ok=True)
    saved_env, saved_dir = os.environ.get("TMPDIR"), tempfile.tempdir
    os.environ["TMPDIR"] = str(tmp.resolve())
    tempfile.tempdir = str(tmp.resolve())
    try:
        yield tmp
    finally:
        tempfile.tempdir = saved_dir
        if saved_env is None:
            os.environ.pop("TMPDIR", None)
        else:
            os.environ["TMPDIR"] = saved_env
        shutil.rmtree(tmp, ignore_errors=True)


def _sweep_system_tmp() -> None:
    cutoff = time.time() - env_float("NIANBAO_TMP_MAX_AGE_HOURS", 24.0) * 3600
    base = Path(tempfile.gettempdir())
    for prefix in ("nianbao-extract-", "nianbao-ocr-", "nianbao-conv-"):
        for old in base.glob(f"{prefix}*"):
            try:
                if old.is_dir() and old.stat().st_mtime < cutoff:
                    shutil.rmtree(old, ignore_errors=True)
            except OSError:
                continue


def _run_steps(cfg: Config, *, replica: bool, replica_url: str | None, sites: list[str] | None, progress: bool,
               trigger: str) -> int:
    store = open_store(cfg.archive_dir)
    for tmp in store.iter_temporaries():  # leftovers of a killed run: never a real hash
        tmp.unlink(missing_ok=True)
    db = open_db(cfg.db_path)
    run_id = ids.run_id()
    mode = "replica" if (replica or replica_url) else "live"
    db["runs"].insert({"id": run_id, "started_at": ids.now_iso(), "outcome": "running", "mode": mode,
                       "trigger": trigger, "pid": os.getpid(), "requests": 0, "bytes": 0})
    server = None
    clock = StageClock(run_id)  # wall and CPU per stage (issue 14): logged, and $NIANBAO_STAGE_TIMES
    try:
        if replica and not replica_url:
            from replica.server import start_in_thread

            server = start_in_thread(port=0, state=os.getenv("NIANBAO_REPLICA_STATE", "night1"))
            replica_url = server.url
        site_keys = _site_keys(db, sites, replica_only=bool(replica or replica_url))
        _say(progress, f"run {run_id}: crawling {len(site_keys)} sites ({mode})")
        bar = _progress_bar(progress, len(site_keys))
        with clock.stage("crawl"):
            summary = _crawl(cfg, run_id, site_keys, replica_url, bar)
        with clock.stage("removals"):
            outcomes = summary_outcomes(summary, site_keys)
            now = ids.now_iso()
            ok_sites = [k for k, o in outcomes.items() if o.status == "ok"]
            removed = evaluate_removals(db, run_id=run_id, ok_sites=ok_sites, now=now)
            _record_sources(db, run_id, summary, site_keys, ok_sites, now)
            record_dropped_pages(db, run_id, summary, site_keys)
        if bar is not None:
            bar.stage("extracting")
        with clock.stage("extract"):
            extraction_failures = extract_pending(db, store, run_id=run_id, progress=bar)
        if bar is not None:
            bar.close()
        _write_run_sites(db, run_id, outcomes, removed, extraction_failures, summary.stats or {})
        db["runs"].update(run_id, {"requests": sum(o.requests for o in outcomes.values()),
                                   "bytes": sum(o.bytes for o in outcomes.values())})
        db["runs"].update(run_id, {"ended_at": ids.now_iso()})
    except Exception as exc:  # noqa: BLE001 - the run is recorded as failed, never lost
        log.exception("run %s failed", run_id)
        try:
            db["runs"].update(run_id, {"outcome": "failed", "ended_at": ids.now_iso(),
                                       "error": f"{type(exc).__name__}: {exc}\n{traceback.format_exc(limit=5)}"})
        except Exception as again:  # noqa: BLE001 - a full disk: say so where it can be read
            return _unrecorded(run_id, f"{type(exc).__name__}: {exc}; then {type(again).__name__}: {again}")
    finally:
        if server is not None:
            server.stop()
    db.close()
    try:
        with clock.stage("report"):
            code = finish_run(cfg, run_id)  # run report, outcome, ledger, exit code (crawler.report)
    except Exception as exc:  # noqa: BLE001 - e.g. sqlite3 "database or disk is full"
        log.exception("run %s: report and outcome not written", run_id)
        return _fail_unfinished(cfg, run_id, f"the run's report and outcome could not be written: "
                                             f"{type(exc).__name__}: {exc}")
    marker = publishing_marker(cfg, run_id)
    try:
        marker.parent.mkdir(parents=True, exist_ok=True)
        marker.write_text(str(os.getpid()), encoding="utf-8")
    except OSError as exc:
        log.warning("publishing marker not written: %s", exc)
    try:
        with clock.stage("publish"):
            code = _publish(cfg, run_id, code, progress)
    finally:
        marker.unlink(missing_ok=True)
    _say(progress, f"run {run_id}: exit {code}")
    return code


def _fail_unfinished(cfg: Config, run_id: str, reason: str) -> int:
    """The run record could not be finished: record the reason if the database takes it, else
    print it (the next run closes the row, ``recover_stale_runs``); exit code 2, never 1."""
    try:
        return fail_run(cfg, run_id, reason)
    except Exception as exc:  # noqa: BLE001 - the database itself cannot be written
        return _unrecorded(run_id, f"{reason}; recording that failed too: {type(exc).__name__}: {exc}")


def _unrecorded(run_id: str, reason: str) -> int:
    print(f"nianbao run {run_id}: failed, not recorded in the database: {reason}", file=sys.stderr, flush=True)
    return EXIT_CODES["failed"]


def _recover_stale(cfg: Config) -> None:
    """Close the rows of runs that were killed (their process is gone) before this one starts."""
    try:
        recover_stale_runs(cfg)
    except Exception:  # noqa: BLE001 - closing old runs must not stop tonight's
        log.exception("could not close stale runs")


def _site_keys(db: sqlite_utils.Database, sites: list[str] | None, *, replica_only: bool) -> list[str]:
    """The registry sites of this run (the merged registry: package + ``$NIANBAO_SITES``, which
    ``--sites`` sets, so the crawl's child processes read the same); refreshes ``sites``."""
    from crawler.registry import get_sites

    chosen = get_sites(sites, replica_only=replica_only and not sites)
    with db.atomic():
        for s in chosen:
            systems = list(s.systems)
            db["sites"].upsert({"key": s.key, "host": s.host, "district": s.district, "name": s.name,
                                "systems": json.dumps(systems), "home": f"{s.base_url}{s.home}"}, pk="key")
    return [s.key for s in chosen]


def _progress_bar(enabled: bool, sites: int) -> Progress | None:
    """The one-line progress of a run at a terminal (crawler.progress), or None when quiet."""
    if not enabled:
        return None
    bar = Progress(True)
    bar.set_sites_total(sites)
    return bar


def _crawl(cfg: Config, run_id: str, site_keys: list[str], replica_url: str | None,
           bar: Progress | None) -> CrawlSummary:
    """Run the spiders with our pipelines; the crawl summary (per-site results and stats)."""
    from crawler import settings as crawl_settings

    overrides: dict[str, Any] = {
        "ITEM_PIPELINES": ITEM_PIPELINES, SETTING_RUN_ID: run_id, SETTING_DATA_DIR: str(cfg.data_dir),
        "DOWNLOAD_FAIL_ON_DATALOSS": True,
    }
    if env_bool("NIANBAO_HTTPCACHE", True):  # conditional requests for the spiders' pages
        overrides.update(cache_settings(str((cfg.data_dir / "httpcache").resolve())))  # Scrapy puts relative ones under .scrapy/
        overrides["DOWNLOADER_MIDDLEWARES"] = cache_middlewares(getattr(crawl_settings, "DOWNLOADER_MIDDLEWARES", {}))
    if replica_url:
        overrides["NIANBAO_REPLICA_URL"] = replica_url
    overrides["LOG_LEVEL"] = default_log_level()  # quiet unless NIANBAO_LOG_LEVEL says otherwise
    overrides["EXTENSIONS"] = {**getattr(crawl_settings, "EXTENSIONS", {}), "pipelines.warc_log.WarcRecorder": 600}
    if bar is not None:
        overrides["NIANBAO_PROGRESS"] = bar
        overrides["EXTENSIONS"]["crawler.progress.ProgressExtension"] = 500
    from crawler.crawl import crawl

    return crawl(cfg, sites=site_keys, replica_url=replica_url, settings_overrides=overrides)


def _record_sources(db: sqlite_utils.Database, run_id: str, summary: CrawlSummary, site_keys: list[str],
                    ok_sites: list[str], now: str) -> None:
    """The columns and catalogues each site's crawl went through (``archive.sources``).

    A by-product for the operator: a failure here is logged and the run goes on (the reports
    themselves are already archived).
    """
    try:
        seen = sources_from_stats(summary.stats or {}, site_keys)
        changes = record_sources(db, run_id=run_id, now=now, seen=seen, ok_sites=ok_sites)
    except Exception:  # noqa: BLE001 - never lose a run over its source bookkeeping
        log.exception("run %s: sources not recorded", run_id)
        return
    for site, urls in changes.gone.items():
        log.warning("site %s: %d source(s) gone: %s", site, len(urls), ", ".join(urls))


def record_dropped_pages(db: sqlite_utils.Database, run_id: str, summary: CrawlSummary,
                         site_keys: Iterable[str]) -> int:
    """Every page the spiders fetched (or tried to) and did not keep, as a ``fetches`` row with
    its reason (``outcome`` failed|dropped, ``error``; no ``document_id``): nothing vanishes
    without a record (issue 12, point 4). The spiders collect them in ``nianbao/<site>/dropped_pages``
    (``spiders.base.SiteSpider.drop_page``). Returns the number of rows written."""
    stats = summary.stats or {}
    rows = []
    for key in site_keys:
        for rec in stats.get(f"nianbao/{key}/dropped_pages") or []:
            if not isinstance(rec, dict) or not rec.get("url"):
                continue
            rows.append({"id": ids.new_id(), "run_id": run_id, "url": str(rec["url"])[:2000],
                         "final_url": str(rec.get("final_url") or rec["url"])[:2000], "redirects": "[]",
                         "status": _int_or_none(rec.get("status")), "headers": "{}",
                         "fetched_at": rec.get("fetched_at") or ids.now_iso(), "size": _int_or_none(rec.get("size")),
                         "sha256": None, "outcome": "failed" if rec.get("outcome") == "failed" else "dropped",
                         "error": f"{key}: {str(rec.get('reason') or 'dropped')[:500]}", "document_id": None})
        over = stats.get(f"nianbao/{key}/dropped_pages_over_cap")
        if over:
            log.warning("site %s: %s more dropped page(s) not recorded one by one", key, over)
    if rows:
        db["fetches"].insert_all(rows)
    return len(rows)


def _int_or_none(value: Any) -> int | None:
    try:
        return None if value is None else int(value)
    except (TypeError, ValueError):
        return None


def summary_outcomes(summary: CrawlSummary, site_keys: Iterable[str]) -> dict[str, SiteResult]:
    """Each site's result; a site the crawl said nothing about was not reached."""
    return {key: summary.sites.get(key) or SiteResult(key, status="unreachable",
                                                      reason="the crawl returned nothing for this site")
            for key in site_keys}


def _write_run_sites(db: sqlite_utils.Database, run_id: str, outcomes: dict[str, SiteResult],
                     removed: Counter[str], extraction_failures: Counter[str],
                     stats: dict[str, Any] | None = None) -> None:
    """Per-site counts of this run, measured from the fetches and versions it wrote."""
    counts = {r["site"]: r for r in db.query(
        """select d.site as site,
             sum(f.outcome = 'new' and not exists (select 1 from versions o where o.document_id = d.id
                 and o.first_fetch_id != f.id)) as new,
             sum(f.outcome = 'new' and exists (select 1 from versions o where o.document_id = d.id
                 and o.first_fetch_id != f.id)) as changed,
             sum(f.outcome = 'failed') as failed_fetches
           from fetches f join documents d on d.id = f.document_id where f.run_id = ? group by d.site""",
        [run_id])}
    with db.atomic():
        for key, o in outcomes.items():
            c = counts.get(key, {})
            db["run_sites"].upsert({
                "run_id": run_id, "site": key, "status": o.status, "requests": o.requests,
                "reports_found": o.reports_found, "new": c.get("new") or 0, "changed": c.get("changed") or 0,
                "removed": removed.get(key, 0), "unreachable": 1 if o.status == "unreachable" else 0,
                "failed_fetches": (c.get("failed_fetches") or 0)
                + _int_or_none((stats or {}).get(f"nianbao/{key}/dropped/failed") or 0),
                "extraction_failures": extraction_failures.get(key, 0), "reason": o.reason,
            }, pk=("run_id", "site"))


def _publish(cfg: Config, run_id: str, code: int, progress: bool) -> int:
    """Refresh the Datasette snapshot (views, full-text index) after the run report: publish.snapshot.

    Also after a failed run, so Datasette shows why it failed. A publish failure leaves the
    previous snapshot served and fails the run (reason recorded, report rewritten); never a crash.
    """
    from publish.snapshot import publish

    _say(progress, "publishing (views, full-text index)")
    try:
        publish(cfg)
    except Exception as exc:  # noqa: BLE001 - recorded as the run's failure
        log.exception("publish after run %s failed", run_id)
        return _fail_unfinished(cfg, run_id, f"publish failed: {type(exc).__name__}: {exc}")
    return code
