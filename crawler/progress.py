"""Progress a person at a terminal can follow during a manual run.

Why a separate object: the crawl (Scrapy signals), the archive and the extraction
workers all advance the same run; each calls one method here and a single line on
stderr shows sites done, reports found, documents extracted. On a terminal the line
is redrawn in place; on a pipe or log file it is printed at most every
``NIANBAO_PROGRESS_EVERY`` seconds (default 10); disabled (the scheduler's runs) it
is silent, so the logs stay quiet.

Wiring for the runner: ``progress = Progress(enabled)``; put it into the Scrapy
settings as ``NIANBAO_PROGRESS`` and add ``crawler.progress.ProgressExtension`` to
``EXTENSIONS``; call ``progress.document(ok)`` per extracted document and
``progress.close()`` at the end.
"""

from __future__ import annotations

import logging
import os
import sys
import threading
import time
from typing import Any, TextIO

from crawler.config import env_float


def default_log_level() -> str:
    """Log level for a run: ``NIANBAO_LOG_LEVEL``, else WARNING (quiet for the scheduler, and
    a progress line is not drowned by Scrapy's INFO chatter)."""
    return os.getenv("NIANBAO_LOG_LEVEL", "WARNING").upper()


class Progress:
    """Counters of one run and their one-line rendering."""

    def __init__(self, enabled: bool, *, stream: TextIO | None = None, every: float | None = None) -> None:
        self.enabled = enabled
        self.stream = stream or sys.stderr
        self.tty = bool(getattr(self.stream, "isatty", lambda: False)())
        self.every = every if every is not None else (0.2 if self.tty else env_float("NIANBAO_PROGRESS_EVERY", 10.0))
        self.sites_total: int | None = None
        self.active: set[str] = set()
        self.done: set[str] = set()
        self.items = 0
        self.requests = 0
        self.extracted = 0
        self.extract_failed = 0
        self.stage_name = "crawling"
        self._last = 0.0
        self._guard = threading.Lock()

    def __deepcopy__(self, memo: dict) -> Progress:
        """Scrapy deep-copies its settings; the run must keep one shared counter."""
        return self

    # -- events
    def set_sites_total(self, n: int) -> None:
        self.sites_total = n
        self._show()

    def stage(self, name: str) -> None:
        """A new phase of the run (crawling, extracting, publishing)."""
        self.stage_name = name
        self._show(force=True)

    def site_started(self, site: str) -> None:
        self.active.add(site)
        self._show()

    def site_done(self, site: str) -> None:
        self.active.discard(site)
        self.done.add(site)
        self._show(force=True)

    def request(self) -> None:
        self.requests += 1
        self._show()

    def item(self, site: str | None = None) -> None:
        """A report page was accepted."""
        self.items += 1
        if site and site not in self.done:
            self.active.add(site)
        self._show()

    def document(self, ok: bool = True) -> None:
        """A document went through extraction."""
        if ok:
            self.extracted += 1
        else:
            self.extract_failed += 1
        self._show()

    def close(self) -> None:
        """Print the final state and end the line."""
        if not self.enabled:
            return
        self._show(force=True)
        if self.tty:
            self.stream.write("\n")
            self.stream.flush()

    # -- rendering
    def line(self) -> str:
        total = f"/{self.sites_total}" if self.sites_total else ""
        parts = [f"[{self.stage_name}] sites {len(self.done)}{total} done",
                 f"{self.requests} requests", f"{self.items} reports",
                 f"{self.extracted} documents extracted"]
        if self.extract_failed:
            parts[-1] += f" ({self.extract_failed} failed)"
        if self.active:
            parts.append("now: " + ", ".join(sorted(self.active)[:4]))
        return " · ".join(parts)

    def _show(self, force: bool = False) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        with self._guard:
            if not force and now - self._last < self.every:
                return
            self._last = now
            text = self.line()
            if self.tty:
                self.stream.write("\r\x1b[K" + text)
            else:
                self.stream.write(text + "\n")
            self.stream.flush()


class _ClearLine(logging.Filter):
    """Clears the progress line before a log record is printed over it (redrawn on the
    next event), so a warning never ends up glued to the end of the line."""

    def __init__(self, progress: Progress) -> None:
        super().__init__()
        self.progress = progress

    def filter(self, record: logging.LogRecord) -> bool:
        with self.progress._guard:
            self.progress.stream.write("\r\x1b[K")
        return True


def quiet_log_handlers(progress: Progress) -> None:
    """While a progress line is drawn on a terminal, the root log handlers show warnings
    and errors only (``NIANBAO_LOG_LEVEL`` overrides) and clear the line before printing."""
    level = logging.getLevelName(default_log_level())
    for handler in logging.getLogger().handlers:
        if getattr(handler, "stream", None) is not progress.stream:
            continue  # a log file, not the terminal
        if isinstance(level, int) and handler.level < level:
            handler.setLevel(level)
        if not any(isinstance(f, _ClearLine) for f in handler.filters):
            handler.addFilter(_ClearLine(progress))


class ProgressExtension:
    """Scrapy extension feeding :class:`Progress` from the crawl's own signals."""

    def __init__(self, progress: Progress) -> None:
        self.progress = progress

    @classmethod
    def from_crawler(cls, crawler: Any) -> ProgressExtension:
        from scrapy import signals
        from scrapy.exceptions import NotConfigured

        progress = crawler.settings.get("NIANBAO_PROGRESS")
        if not isinstance(progress, Progress) or not progress.enabled:
            raise NotConfigured("no terminal progress for this run")
        ext = cls(progress)
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(ext.item_scraped, signal=signals.item_scraped)
        crawler.signals.connect(ext.response_received, signal=signals.response_received)
        return ext

    @staticmethod
    def _site(spider: Any) -> str:
        site = getattr(spider, "site_key", None) or getattr(spider, "site", None)
        return str(getattr(site, "key", site) or spider.name)  # ``site`` may be a registry Site

    def spider_opened(self, spider: Any) -> None:
        if self.progress.tty:  # Scrapy has replaced its root log handler by now
            quiet_log_handlers(self.progress)
        self.progress.site_started(self._site(spider))

    def spider_closed(self, spider: Any, reason: str) -> None:
        self.progress.site_done(self._site(spider))

    def item_scraped(self, item: Any, response: Any, spider: Any) -> None:
        site = item.get("site") if hasattr(item, "get") else None
        self.progress.item(site or self._site(spider))

    def response_received(self, response: Any, request: Any, spider: Any) -> None:
        self.progress.request()
