"""Conditional requests for the pages the spiders fetch, with Scrapy's own HTTP cache.

Why: attachments are revalidated by the archive pipeline, but listing and article pages
are fetched by the spiders. Scrapy's HttpCacheMiddleware with an always-revalidate
policy sends If-None-Match / If-Modified-Since for every page it has seen and, on a 304,
hands the spider the cached page: an unchanged night costs a few hundred bytes per
page. Two deviations from Scrapy's RFC 2616 behaviour, each for the archive's sake:

* never serve a cached page without asking the server (a nightly crawler must not
  trust heuristic freshness);
* never hide a server error or a network failure behind a cached copy (a site that is
  down must be recorded as unreachable, not as unchanged).

Scrapy itself already treats an unreadable entry (half-written by a killed run) as a miss.

A page served from a 304 carries the header ``X-Nianbao-Revalidated: 304`` so the
archive records the fetch as ``not_modified``. Browser (Playwright) requests and the
archive's own attachment downloads are not cached.
"""

from __future__ import annotations

from typing import Any

from scrapy.downloadermiddlewares.httpcache import HttpCacheMiddleware
from scrapy.extensions.httpcache import RFC2616Policy
from scrapy.http import Request, Response

REVALIDATED_HEADER = "X-Nianbao-Revalidated"


def unmark_revalidated(headers: dict[str, Any]) -> tuple[dict[str, Any], bool]:
    """The headers without our 304 marker, and whether the page came from a 304."""
    kept = {k: v for k, v in headers.items() if k.lower() != REVALIDATED_HEADER.lower()}
    return kept, len(kept) != len(headers)


class RevalidatePolicy(RFC2616Policy):
    """RFC 2616 caching that always revalidates and only trusts a 304."""

    def should_cache_request(self, request: Request) -> bool:
        if request.meta.get("playwright") or request.method != "GET":
            return False
        return super().should_cache_request(request)

    def is_cached_response_fresh(self, cachedresponse: Response, request: Request) -> bool:
        self._set_conditional_validators(request, cachedresponse)
        return False

    def is_cached_response_valid(self, cachedresponse: Response, response: Response, request: Request) -> bool:
        return response.status == 304


class RevalidatingCacheMiddleware(HttpCacheMiddleware):
    """HttpCacheMiddleware that marks 304-served pages and never masks failures."""

    def process_response(self, request: Request, response: Response, spider: Any = None) -> Request | Response:
        revalidated = response.status == 304 and "cached_response" in request.meta
        result = super().process_response(request, response)
        if revalidated and isinstance(result, Response) and result is not response:
            result = result.replace(headers=result.headers.copy())
            result.headers[REVALIDATED_HEADER] = "304"
        return result

    def process_exception(self, request: Request, exception: Exception, spider: Any = None) -> None:
        request.meta.pop("cached_response", None)
        return None


def cache_settings(cache_dir: str) -> dict[str, Any]:
    """Settings overrides that turn the revalidating cache on for one data directory."""
    return {
        "HTTPCACHE_ENABLED": True,
        "HTTPCACHE_DIR": cache_dir,
        "HTTPCACHE_EXPIRATION_SECS": 0,
        "HTTPCACHE_GZIP": True,
        "HTTPCACHE_POLICY": "archive.httpcache.RevalidatePolicy",
        "HTTPCACHE_STORAGE": "scrapy.extensions.httpcache.FilesystemCacheStorage",
    }


def cache_middlewares(base: dict[str, Any]) -> dict[str, Any]:
    """DOWNLOADER_MIDDLEWARES with Scrapy's cache middleware replaced by ours (same slot)."""
    merged = dict(base)
    merged["scrapy.downloadermiddlewares.httpcache.HttpCacheMiddleware"] = None
    merged["archive.httpcache.RevalidatingCacheMiddleware"] = 900
    return merged
