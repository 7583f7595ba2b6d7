"""Per-host spacing of the requests a site rate-limits: gkmlpt's API and the browser renders of it.

Real gkmlpt installations answer 404 when the same client asks the API again too soon
(REAL_SITES.md: "Some sites 404 on page 2 when it follows page 1 too quickly"), and a
district host carries several catalogues (its own and its departments'), so every API
request to the host counts against the same limit. A polite crawler slows down for that
host once it has been told so, and does not let its own API requests collide with the
page Chromium is rendering (whose script calls the same API). Spacing starts at
``NIANBAO_GKMLPT_API_INTERVAL`` (default 0: the download delay is politeness enough),
grows by half (at least 1 s) after each rate-limit answer, up to ``max_interval``.
A request held for a render in flight awaits the render's end (:meth:`HostPacer.released`),
not a timer.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field

POLL = 0.25  # what ``wait`` answers while a render holds the host (callers await ``released`` instead)


@dataclass
class HostPacer:
    """When the next paced request to a host may go, and whether a render holds the host."""

    interval: float = 0.0
    max_interval: float = 4.0
    intervals: dict[str, float] = field(default_factory=dict)
    next_free: dict[str, float] = field(default_factory=dict)
    rendering: dict[str, int] = field(default_factory=dict)
    _released: dict[str, asyncio.Event] = field(default_factory=dict)

    def released(self, host: str) -> asyncio.Event | None:
        """An event set when no render holds ``host`` any more (None when none does now)."""
        if not self.rendering.get(host):
            return None
        return self._released.setdefault(host, asyncio.Event())

    def slow_down(self, host: str) -> float:
        """The host said "too fast": double its spacing (at least 1 s); returns the new spacing."""
        spacing = max(1.0, 1.5 * self.intervals.get(host, self.interval))
        self.intervals[host] = min(spacing, self.max_interval)
        return self.intervals[host]

    def wait(self, host: str, *, render: bool = False, now: float | None = None) -> float:
        """Seconds to wait before sending; 0 means send now (the slot is then taken)."""
        now = time.monotonic() if now is None else now
        if self.rendering.get(host):
            return POLL
        free = self.next_free.get(host, 0.0)
        if now < free:
            return free - now
        self.next_free[host] = now + self.intervals.get(host, self.interval)
        if render:
            self.rendering[host] = self.rendering.get(host, 0) + 1
            event = self._released.get(host)
            if event is not None:
                event.clear()
        return 0.0

    def render_done(self, host: str) -> None:
        """A render of the host ended (listed, failed or timed out): API requests may go again."""
        left = self.rendering.get(host, 0) - 1
        if left > 0:
            self.rendering[host] = left
        else:
            self.rendering.pop(host, None)
            event = self._released.pop(host, None)
            if event is not None:
                event.set()
        self.next_free[host] = time.monotonic() + max(self.intervals.get(host, self.interval), 1.0)
