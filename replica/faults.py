"""The replica's fault modes: what real sites do to crawlers, switchable per host.

The server asks this module what a request deserves; keeping the rules here (and the
HTTP plumbing in server.py) lets tests reason about a fault without a socket.
"""

from __future__ import annotations

import hashlib
import re
import threading
import time
from dataclasses import dataclass, field
from http.cookies import CookieError, SimpleCookie

HOST_LIST_MODES = ("http500", "truncate", "reset_non_browser", "challenge521", "gkmlpt_rate_limit", "broken_layout")
MODES = (*HOST_LIST_MODES, "slow")
DEFAULT_SLOW_SECONDS = 30.0
CLEARANCE_COOKIE = "__jsl_clearance"
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


def _challenge_numbers(host: str) -> tuple[int, int, str]:
    digest = hashlib.sha256(f"jsl:{host}".encode()).hexdigest()
    return 1000 + int(digest[:4], 16) % 9000, 1000 + int(digest[4:8], 16) % 9000, digest[8:24]


def clearance_value(host: str) -> str:
    """The cookie value the challenge page's JavaScript computes for ``host``."""
    a, b, token = _challenge_numbers(host)
    return f"{a * b}|{token}"


def challenge_page(host: str) -> bytes:
    """A 521 page in the style of common Chinese WAFs: compute a cookie, then reload."""
    a, b, token = _challenge_numbers(host)
    return (f'<html><head><meta charset="utf-8"></head><body><script>var a={a},b={b};'
            f'document.cookie="{CLEARANCE_COOKIE}="+(a*b)+"|{token};max-age=3600;path=/";'
            f"location.href=location.pathname+location.search;</script></body></html>").encode()


def cookies(header: str | None) -> dict[str, str]:
    jar = SimpleCookie()
    try:
        jar.load(header or "")
    except CookieError:
        return {}
    return {k: m.value for k, m in jar.items()}


def has_clearance(cookie_header: str | None, host: str) -> bool:
    return cookies(cookie_header).get(CLEARANCE_COOKIE) == clearance_value(host)


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
