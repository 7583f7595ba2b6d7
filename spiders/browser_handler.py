"""scrapy-playwright's download handler, started on the first page that needs a browser.

Why: scrapy-playwright starts Playwright (a Node.js driver process) when the engine starts,
for every crawler that has the handler installed. A night runs one crawler per site and
every site may need a browser, yet on most nights none does: five drivers were started,
costing CPU, memory and seconds before the first request of each site (issue 14, point 5).
Here the driver starts on the first ``meta["playwright"]`` request instead; a crawl that
never renders a page never starts one. Everything else is scrapy-playwright's own code.
"""

from __future__ import annotations

import asyncio
from typing import Any

from scrapy import signals
from scrapy.http import Request, Response
from scrapy_playwright.handler import ScrapyPlaywrightDownloadHandler


class LazyPlaywrightDownloadHandler(ScrapyPlaywrightDownloadHandler):
    """Plain HTTP(S) through Scrapy's HTTP/1.1 handler; Playwright launched on first use."""

    def __init__(self, crawler: Any) -> None:
        super().__init__(crawler)
        for handler in (self._maybe_launch_in_thread, self._engine_started):
            crawler.signals.disconnect(handler, signal=signals.engine_started)
        self._launch_lock = asyncio.Lock()
        self._launched = False

    async def _ensure_launched(self) -> None:
        async with self._launch_lock:
            if not self._launched:
                await self._maybe_future_from_coro(self._launch())
                self._launched = True

    async def download_request(self, request: Request, spider: Any = None) -> Response:
        if request.meta.get("playwright"):
            await self._ensure_launched()
            return await self._maybe_future_from_coro(self._download_request(request))
        return await super().download_request(request)
