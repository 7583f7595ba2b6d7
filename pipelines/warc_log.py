"""Scrapy extension writing every response of the run into its WARC file.

Why an extension on ``response_received`` and not the item pipeline: the WARC must hold
everything the run fetched (listings, the gkmlpt JSON API, article pages, attachments,
browser-rendered pages), not only the documents that became items; the signal fires for
spider requests and for the archive's own ``engine.download_async`` calls alike. A page
answered 304 behind the revalidating cache is written as the 304 the server sent.
"""

from __future__ import annotations

import logging
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler

from archive import ids
from archive.httpcache import unmark_revalidated
from pipelines import context

log = logging.getLogger(__name__)


def _headers(headers: Any) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for key, values in (headers or {}).items():
        name = key.decode("latin-1") if isinstance(key, bytes) else str(key)
        out[name] = [v.decode("latin-1") if isinstance(v, bytes) else str(v) for v in values]
    return out


class WarcRecorder:
    """Appends request/response pairs of every response to ``<warc_dir>/<run_id>.warc.gz``."""

    def __init__(self, crawler: Crawler) -> None:
        self.ctx = context.acquire(crawler.settings)  # NotConfigured outside a nianbao run
        crawler.signals.connect(self.response_received, signal=signals.response_received)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> WarcRecorder:
        return cls(crawler)

    def response_received(self, response: Any, request: Any, spider: Any = None) -> None:
        try:
            headers, revalidated = unmark_revalidated(_headers(response.headers))
            status, body = response.status, response.body
            if revalidated:
                status, body = 304, b""
            elif "cached" in response.flags:
                return  # served from the cache without asking the server: nothing was fetched
            self.ctx.warc.write_exchange(url=response.url, status=status, headers=headers, body=body,
                                         fetched_at=ids.now_iso(),
                                         request_headers=_headers(getattr(request, "headers", None)),
                                         method=getattr(request, "method", "GET"))
        except Exception:  # noqa: BLE001 - the WARC is a by-product; never lose the crawl over it
            log.exception("could not write WARC record for %s", getattr(response, "url", "?"))

    def spider_closed(self, spider: Any = None, reason: str | None = None) -> None:
        context.release(self.ctx)
