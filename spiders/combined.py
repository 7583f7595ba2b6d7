"""Both systems of one site (portal columns and gkmlpt) in one spider.

One spider per site means one Scrapy download slot per host, so "about one request a
second per host" holds for the site as a whole, not once per family.
Spider arguments: ``site`` — registry key.
"""

from __future__ import annotations

from collections.abc import Iterator

import scrapy

from crawler.registry import Site
from spiders.base import SiteSpider
from spiders.gkmlpt import GkmlptSpider
from spiders.portal import PortalSpider


class PortalGkmlptSpider(PortalSpider, GkmlptSpider):
    """Portal columns and gkmlpt catalogues of one site; items keep their own source_system."""

    family = "site"
    families = ("portal", "gkmlpt")

    def start_requests(self) -> Iterator[scrapy.Request]:
        yield from PortalSpider.start_requests(self)
        yield from GkmlptSpider.start_requests(self)


def spider_for(site: Site) -> type[SiteSpider]:
    """The spider class that crawls every system a registry site runs."""
    systems = set(site.systems)
    if systems == {"portal", "gkmlpt"}:
        return PortalGkmlptSpider
    if systems == {"portal"}:
        return PortalSpider
    if systems == {"gkmlpt"}:
        return GkmlptSpider
    raise ValueError(f"site {site.key!r}: no spider for systems {sorted(systems)}")
