"""What the crawl's Chromium may ask for: the sites' hosts only (crawler.settings) *and* only what
the hosts' robots.txt allows.

Why: Scrapy's RobotsTxtMiddleware sees the requests Scrapy makes, not the fetch/XHR calls a page's
JavaScript makes inside the browser. The generic spider hands the robots.txt rules Scrapy already
read to this module (:func:`remember_robots`) before it renders a page, and Chromium's requests are
checked against them (``PLAYWRIGHT_ABORT_REQUEST``). A host whose robots.txt was never read is
refused: the browser never asks what the crawl could not check.
"""

from __future__ import annotations

from typing import Any

from crawler.registry import netloc_of
from crawler.settings import abort_browser_request

_ROBOTS: dict[str, tuple[Any, str]] = {}  # netloc -> (scrapy RobotParser, user agent)
REFUSED: list[str] = []  # URLs the browser was refused because of robots.txt (read back into stats)


def remember_robots(crawler: Any) -> int:
    """Copy the robots.txt parsers Scrapy's RobotsTxtMiddleware holds; returns how many hosts are known."""
    if not crawler.settings.getbool("ROBOTSTXT_OBEY"):
        return -1
    ua = crawler.settings.get("ROBOTSTXT_USER_AGENT") or crawler.settings.get("USER_AGENT") or "*"
    for mw in getattr(getattr(crawler.engine.downloader, "middleware", None), "middlewares", ()):
        parsers = getattr(mw, "_parsers", None)
        if isinstance(parsers, dict):
            for netloc, parser in parsers.items():
                if hasattr(parser, "allowed"):
                    _ROBOTS[netloc_of(netloc)] = (parser, ua)
    _ROBOTS.setdefault("__obey__", (None, ua))
    return len(_ROBOTS) - 1


def robots_allows(url: str) -> bool:
    """True when robots.txt is not obeyed, or the host's rules (already read) allow ``url``."""
    if "__obey__" not in _ROBOTS:
        return True
    entry = _ROBOTS.get(netloc_of(url))
    if entry is None:
        return False
    parser, ua = entry
    return bool(parser.allowed(url, ua))


def abort_request(request: Any) -> bool:
    """``PLAYWRIGHT_ABORT_REQUEST`` of the generic spider: the sites' hosts rule, then robots.txt."""
    if abort_browser_request(request):
        return True
    if not robots_allows(request.url):
        REFUSED.append(request.url)
        return True
    return False
