"""The replica's fault modes: what real sites do to crawlers, switchable per host.

The server asks this module what a request deserves; keeping the rules here (and the
HTTP plumbing in server.py) lets tests reason about a fault without a socket.
"""

from __future__ import annotations

import re
import threading
import time
from dataclasses import dataclass, field
from http.cookies import CookieError, SimpleCookie

from replica import challenges as ch

HOST_LIST_MODES = ("http500", "truncate", "reset_non_browser", "challenge521", "challenge412", "gkmlpt_rate_limit",
                   "broken_layout")
MODES = (*HOST_LIST_MODES, "slow")
DEFAULT_SLOW_SECONDS = 30.0
NON_BROWSER = re.compile(r"scrapy|python|curl|wget|go-http|java/|okhttp|httpclient|libwww|aiohttp|httpx",
                         re.IGNORECASE)


class FaultConfigError(ValueError):
    """Raised by ``Faults.from_dict`` for a fault setting the replica does not know."""


@dataclass
class Faults:
    """Which hosts suffer which fault. ``Faults.from_dict({})`` is "no faults"."""

    hosts: dict[str, frozenset[str]] = field(default_factory=dict)
    slow_seconds: float = DEFAULT_SLOW_SECONDS

    @classmethod
    def from_dict(cls, spec: dict) -> Faults:
        """Parse the control endpoint's JSON: ``{"http500": [hosts], "slow": {"hosts": [...], "seconds": 30}}``."""
        if not isinstance(spec, dict):
            raise FaultConfigError("faults must be a JSON object of mode -> host list")
        unknown = sorted(set(spec) - set(MODES))
        if unknown:
            raise FaultConfigError(f"unknown fault mode(s) {unknown}; known: {list(MODES)}")
        hosts: dict[str, frozenset[str]] = {}
        seconds = DEFAULT_SLOW_SECONDS
        for mode, value in spec.items():
            if mode == "slow" and isinstance(value, dict):
                seconds = float(value.get("seconds", DEFAULT_SLOW_SECONDS))
                value = value.get("hosts", [])
            if not isinstance(value, list) or not all(isinstance(h, str) for h in value):
                raise FaultConfigError(f"fault {mode!r} needs a list of host names")
            if value:
                hosts[mode] = frozenset(h.lower() for h in value)
        return cls(hosts, seconds)

    def to_dict(self) -> dict:
        out: dict = {m: sorted(h) for m, h in self.hosts.items() if m != "slow"}
        if "slow" in self.hosts:
            out["slow"] = {"hosts": sorted(self.hosts["slow"]), "seconds": self.slow_seconds}
        return out

    def on(self, mode: str, host: str) -> bool:
        return host in self.hosts.get(mode, ())


def is_browser(user_agent: str | None) -> bool:
    """A browser's User-Agent says Mozilla and names no HTTP library."""
    ua = user_agent or ""
    return "Mozilla/" in ua and not NON_BROWSER.search(ua)


def cookies(header: str | None) -> dict[str, str]:
    jar = SimpleCookie()
    try:
        jar.load(header or "")
    except CookieError:
        return {}
    return {k: m.value for k, m in jar.items()}


def challenge(mode: str, cookie_header: str | None, host: str) -> tuple[int, bytes, dict[str, str]] | None:
    """The challenge answer (status, body, headers) a request without clearance gets, else None."""
    jar = cookies(cookie_header)
    if mode == "challenge521":
        stage = ch.jsl_stage(jar, host)
        if stage == 0:
            return None
        body = ch.jsl_stage1_page(host) if stage == 1 else ch.jsl_stage2_page(host)
        return 521, body, {"Cache-Control": "no-cache"}
    if ch.rs_cleared(jar, host):
        return None
    return 412, ch.rs_page(host), {
        "Set-Cookie": f"{ch.RS_SERVER_COOKIE}={ch.rs_server_value(host)}; max-age=31536000; path=/; HttpOnly",
        "Cache-Control": "no-cache"}


class RateLimiter:
    """404s an API request that follows the same client's previous one too closely."""

    def __init__(self, interval: float):
        self.interval = interval
        self._last: dict[tuple[str, str], float] = {}
        self._lock = threading.Lock()

    def too_fast(self, client: str, host: str) -> bool:
        now = time.monotonic()
        with self._lock:
            last = self._last.get((client, host))
            self._last[(client, host)] = now
        return last is not None and now - last < self.interval
