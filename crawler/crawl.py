"""One crawl of the registry's sites in one Scrapy process, with an honest per-site verdict.

``crawl()`` runs one spider per (family, site) in a single CrawlerProcess and turns the
spiders' ``nianbao/<site>/…`` stats into a :class:`CrawlSummary`: a site with no reports,
with pages that no longer match its spider, or with fetches that failed after their
retries is never reported as fine. Twisted's reactor starts once per process, so a
second call in the same process runs the crawl in a fresh child process and streams
the items back to ``item_sink``.
"""

from __future__ import annotations

import logging
import multiprocessing as mp
import queue
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

from crawler.config import Config, env_float
from crawler.registry import Site, get_sites

logger = logging.getLogger(__name__)

ItemSink = Callable[[dict[str, Any]], None]
# A crawl child that reports no finished request and no item for this long is stuck (scrapy-playwright
# has known hangs, e.g. scrapy-plugins/scrapy-playwright#330 and #266): it is killed and the crawl
# fails with that reason. Every request is bounded well below it (download and browser timeouts 30 s,
# AutoThrottle's delay and a retry's wait at most 30 and 60 s), so a live crawl never looks stuck.
STALL_SECONDS = env_float("NIANBAO_CRAWL_STALL_SECONDS", 300.0)
BEAT_SECONDS = 2.0  # at most one "still going" message per this many seconds


@dataclass
class SiteResult:
    """One site's outcome: ``ok``, ``broken`` (no reports / layout changed) or ``unreachable``."""

    site: str
    status: str = "ok"
    reports_found: int = 0
    requests: int = 0
    failures: int = 0
    bytes: int = 0
    reason: str = ""
    warnings: list[str] = field(default_factory=list)


@dataclass
class CrawlSummary:
    sites: dict[str, SiteResult]
    requests: int = 0
    items: int = 0
    wall_seconds: float = 0.0
    stats: dict[str, Any] = field(default_factory=dict)

    @property
    def broken(self) -> dict[str, str]:
        return {k: r.reason for k, r in self.sites.items() if r.status != "ok"}

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CrawlSummary:
        sites = {k: SiteResult(**v) for k, v in data["sites"].items()}
        return cls(sites=sites, requests=data["requests"], items=data["items"],
                   wall_seconds=data["wall_seconds"], stats=data.get("stats", {}))


def spider_classes(site: Site) -> list[type]:
    """The spider that crawls one site (both of its systems in one spider: one politeness slot per host)."""
    from spiders.combined import spider_for

    return [spider_for(site)]


def reactor_used() -> bool:
    """True when this process already ran (or installed a non-asyncio) Twisted reactor."""
    mod = sys.modules.get("twisted.internet.reactor")
    if mod is None:
        return False
    if getattr(mod, "_startedBefore", False) or getattr(mod, "running", False):
        return True
    from scrapy.utils.reactor import is_asyncio_reactor_installed

    return not is_asyncio_reactor_installed()


def resolve_sites(sites: list[str | Site] | None, *, replica_only: bool = False) -> list[Site]:
    """Registry Sites for keys (Site objects pass through), resolved once in the parent process so
    a child crawl gets the very entries the operator's registry gave, not a re-read."""
    if not sites:
        return get_sites(None, replica_only=replica_only)
    keys = [s for s in sites if isinstance(s, str)]
    by_key = {s.key: s for s in get_sites(keys)} if keys else {}
    return [by_key[s] if isinstance(s, str) else s for s in sites]


def crawl(cfg: Config, *, sites: list[str | Site] | None = None, replica_url: str | None = None,
          item_sink: ItemSink | None = None, settings_overrides: dict[str, Any] | None = None,
          isolate: bool | None = None, stall_seconds: float | None = None) -> CrawlSummary:
    """Crawl ``sites`` (keys or Sites; default: all, the replica's when ``replica_url`` is given) and
    judge each site.

    ``isolate``: run in a child process (True), here (False), or here unless this process
    already ran a reactor (None). Isolation keeps Twisted and Scrapy's logging out of a
    long-lived caller such as a test session. A child is killed when it has been silent for
    ``stall_seconds`` (default ``STALL_SECONDS``); a crawl here is bounded by the scheduler's run
    timeout instead.
    """
    site_list = resolve_sites(sites, replica_only=bool(replica_url))
    if isolate or (isolate is None and reactor_used()):
        return _crawl_in_child(cfg, sites=site_list, replica_url=replica_url, item_sink=item_sink,
                               settings_overrides=settings_overrides, stall_seconds=stall_seconds)
    return _crawl_here(cfg, sites=site_list, replica_url=replica_url, item_sink=item_sink,
                       settings_overrides=settings_overrides)


def _crawl_here(cfg: Config, *, sites: list[Site], replica_url: str | None,
                item_sink: ItemSink | None, settings_overrides: dict[str, Any] | None,
                on_progress: Callable[[], None] | None = None) -> CrawlSummary:
    """The crawl in this process; ``on_progress`` is called whenever a request leaves the
    downloader (answered or failed) or an item is scraped."""
    from scrapy import signals
    from scrapy.crawler import CrawlerProcess

    from crawler.settings import build_settings

    site_list = sites
    settings = build_settings(replica_url, settings_overrides, browser_sites=site_list)
    settings.set("NIANBAO_DATA_DIR", str(cfg.data_dir), priority="cmdline")
    process = CrawlerProcess(settings)
    crawlers = []
    counted = {"items": 0}

    def on_item(item: Any, response: Any = None, spider: Any = None) -> None:
        counted["items"] += 1
        if item_sink is not None:
            try:
                item_sink(dict(item))
            except Exception:  # noqa: BLE001 - a sink bug must not stop the crawl
                logger.exception("item_sink failed on %s", item.get("url"))

    for site in site_list:
        for cls in spider_classes(site):
            crawler = process.create_crawler(cls)
            crawler.signals.connect(on_item, signal=signals.item_scraped)
            if on_progress is not None:
                for signal in (signals.request_left_downloader, signals.item_scraped):
                    crawler.signals.connect(lambda *_a, **_k: on_progress(), signal=signal, weak=False)
            process.crawl(crawler, site=site)
            crawlers.append(crawler)
    started = time.monotonic()
    process.start()
    wall = time.monotonic() - started
    merged: dict[str, Any] = {}
    for crawler in crawlers:
        for key, value in (crawler.stats.get_stats() or {}).items():
            _merge(merged, key, value, crawler)
    results = {s.key: judge_site(s.key, merged) for s in site_list}
    return CrawlSummary(sites=results, requests=sum(r.requests for r in results.values()),
                        items=counted["items"], wall_seconds=round(wall, 3), stats=merged)


def _merge(merged: dict[str, Any], key: str, value: Any, crawler: Any) -> None:
    """Sum the spiders' stats (numbers add, strings join with "; ", lists — e.g. ``sources`` —
    concatenate); spider-level Scrapy stats are attributed to the spider's site."""
    site = getattr(getattr(crawler.spider, "site", None), "key", "_")
    if key.startswith(("spider_exceptions/", "robotstxt/forbidden", "log_count/ERROR", "retry/max_reached")):
        key = f"nianbao/{site}/scrapy/{key}"
    elif not key.startswith("nianbao/"):
        return
    if isinstance(value, int | float) and not isinstance(value, bool):
        merged[key] = merged.get(key, 0) + value
    elif isinstance(value, str):
        merged[key] = f"{merged[key]}; {value}" if key in merged else value
    elif isinstance(value, list):
        merged[key] = [*merged.get(key, []), *value]


def judge_site(key: str, stats: dict[str, Any]) -> SiteResult:
    """ok / broken / unreachable, from a site's stats, with the reason an operator can act on."""
    def get(what: str, default: Any = 0) -> Any:
        return stats.get(f"nianbao/{key}/{what}", default)

    r = SiteResult(site=key, reports_found=get("reports_found"), requests=get("requests"),
                   failures=get("failed"), bytes=get("bytes"))
    ok = get("ok_responses")
    errors = [f"{n}× {k.rsplit('/', 1)[-1]}" for k, n in stats.items()
              if k.startswith(f"nianbao/{key}/scrapy/spider_exceptions/") and not k.endswith("/count")]
    forbidden = get("scrapy/robotstxt/forbidden")
    layout = get("broken_reason", "")
    failures = get("failures", "")
    if get("empty_families", ""):
        r.warnings.append(f"no reports through: {get('empty_families', '')}")
    if forbidden:
        r.warnings.append(f"robots.txt forbade {forbidden} request(s)")
    if get("notes", ""):
        r.warnings.append(get("notes", ""))
    if r.requests and not ok:
        r.status, r.reason = "unreachable", f"no successful answer in {r.requests} request(s)" + (f": {failures}" if failures else "")
    elif errors:
        r.status, r.reason = "broken", "spider error: " + ", ".join(errors)
    elif layout:
        r.status, r.reason = "broken", layout
    elif not r.reports_found:
        why = f"no reports found ({r.requests} requests)"
        if forbidden:
            why += f"; robots.txt forbade {forbidden} request(s)"
        r.status, r.reason = "broken", why
    elif r.failures:
        r.status, r.reason = "unreachable", f"partly unreachable: {r.failures} fetch(es) failed after retries: {failures}"
    return r


# -- a fresh process for a second crawl --------------------------------------------------------------
def _child_main(out: Any, cfg: Config, sites: list[Site], replica_url: str | None,
                overrides: dict[str, Any] | None) -> None:
    last = [0.0]

    def beat() -> None:
        now = time.monotonic()
        if now - last[0] >= BEAT_SECONDS:
            last[0] = now
            out.put(("beat", None))

    try:
        summary = _crawl_here(cfg, sites=sites, replica_url=replica_url, on_progress=beat,
                              item_sink=lambda item: out.put(("item", item)), settings_overrides=overrides)
        out.put(("summary", summary.to_dict()))
    except BaseException as exc:  # noqa: BLE001 - reported to the parent, which raises it
        out.put(("error", f"{type(exc).__name__}: {exc}"))


def _crawl_in_child(cfg: Config, *, sites: list[Site], replica_url: str | None,
                    item_sink: ItemSink | None, settings_overrides: dict[str, Any] | None,
                    stall_seconds: float | None = None) -> CrawlSummary:
    """The crawl in a spawned child that streams items back; a child silent for ``stall_seconds``
    (default ``STALL_SECONDS``: no request finished, no item) is killed and the crawl fails."""
    stall = STALL_SECONDS if stall_seconds is None else stall_seconds
    ctx = mp.get_context("spawn")
    out = ctx.Queue()
    proc = ctx.Process(target=_child_main, args=(out, cfg, sites, replica_url, settings_overrides), daemon=True)
    proc.start()
    heard = time.monotonic()
    try:
        while True:
            try:
                kind, payload = out.get(timeout=0.5)
            except queue.Empty:
                if not proc.is_alive():
                    raise RuntimeError(f"crawl process died with exit code {proc.exitcode}") from None
                if time.monotonic() - heard > stall:
                    proc.kill()
                    raise RuntimeError(f"crawl stalled: no request finished and no item for {stall:g} s; "
                                       f"the crawl process was killed (NIANBAO_CRAWL_STALL_SECONDS)") from None
                continue
            heard = time.monotonic()
            if kind == "beat":
                continue
            if kind == "item":
                if item_sink is not None:
                    try:
                        item_sink(payload)
                    except Exception:  # noqa: BLE001 - a sink bug must not stop the crawl
                        logger.exception("item_sink failed")
            elif kind == "summary":
                return CrawlSummary.from_dict(payload)
            else:
                raise RuntimeError(f"crawl process failed: {payload}")
    finally:
        proc.join(timeout=10)
        if proc.is_alive():
            proc.kill()


def _isolated_main(out: Any, func: Callable[..., Any], args: tuple, kwargs: dict[str, Any]) -> None:
    try:
        out.put(("ok", func(*args, **kwargs)))
    except BaseException as exc:  # noqa: BLE001 - reported to the parent, which raises it
        out.put(("error", f"{type(exc).__name__}: {exc}"))


def run_isolated(func: Callable[..., Any], args: tuple = (), kwargs: dict[str, Any] | None = None, *,
                 isolate: bool | None = None) -> Any:
    """``func(*args, **kwargs)`` here when the reactor is still fresh (and not ``isolate``), else in a
    spawned child process. ``func`` must be importable and its result picklable.
    """
    kwargs = kwargs or {}
    if not (isolate or (isolate is None and reactor_used())):
        return func(*args, **kwargs)
    ctx = mp.get_context("spawn")
    out = ctx.Queue()
    proc = ctx.Process(target=_isolated_main, args=(out, func, args, kwargs), daemon=True)
    proc.start()
    try:
        while True:
            try:
                kind, payload = out.get(timeout=0.5)
                break
            except queue.Empty:
                if not proc.is_alive():
                    raise RuntimeError(f"child process died with exit code {proc.exitcode}") from None
        if kind == "error":
            raise RuntimeError(f"child process failed: {payload}")
        return payload
    finally:
        proc.join(timeout=10)
        if proc.is_alive():
            proc.kill()
