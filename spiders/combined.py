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

FAMILY_SPIDERS: dict[str, type[SiteSpider]] = {"portal": PortalSpider, "gkmlpt": GkmlptSpider}


class PortalGkmlptSpider(PortalSpider, GkmlptSpider):
    """Portal columns and gkmlpt catalogues of one site; items keep their own source_system."""

    family = "site"
    families = ("portal", "gkmlpt")

    def start_requests(self) -> Iterator[scrapy.Request]:
        for cls in (PortalSpider, GkmlptSpider):
            yield from cls.start_requests(self)


def spider_for(site: Site) -> type[SiteSpider]:
    """The spider class that crawls every system a registry site runs.

    A site on one system gets that family's spider; a site on several gets one spider
    combining them (a new family only needs its module and an entry in FAMILY_SPIDERS).
    """
    unknown = [s for s in site.systems if s not in FAMILY_SPIDERS]
    if unknown or not site.systems:
        raise ValueError(f"site {site.key!r}: no spider for systems {unknown or site.systems}")
    classes = tuple(FAMILY_SPIDERS[s] for s in site.systems)
    if len(classes) == 1:
        return classes[0]
    if set(site.systems) == {"portal", "gkmlpt"}:
        return PortalGkmlptSpider

    def start_requests(self: SiteSpider) -> Iterator[scrapy.Request]:
        for cls in classes:
            yield from cls.start_requests(self)

    name = "".join(c.__name__.removesuffix("Spider") for c in classes) + "Spider"
    return type(name, classes, {"family": "site", "families": tuple(site.systems), "start_requests": start_requests})
