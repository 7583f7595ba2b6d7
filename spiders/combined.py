"""Both systems of one site (portal columns and gkmlpt) in one spider.

One spider per site means one Scrapy download slot per host, so "about one request a
second per host" holds for the site as a whole, not once per family.
Spider arguments: ``site`` — registry key.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import scrapy

from crawler.registry import Site
from spiders.base import SiteSpider
from spiders.generic import GenericSpider
from spiders.gkmlpt import GkmlptSpider
from spiders.hanweb import HanwebSpider
from spiders.jpaas import JpaasSpider
from spiders.portal import PortalSpider
from spiders.trs import TrsSpider
from spiders.ucap import UcapSpider
from spiders.vsb import VsbSpider
from spiders.xxgk import XxgkSpider

FAMILY_SPIDERS: dict[str, type[SiteSpider]] = {
    "portal": PortalSpider, "gkmlpt": GkmlptSpider, "trs": TrsSpider, "hanweb": HanwebSpider,
    "jpaas": JpaasSpider, "ucap": UcapSpider, "vsb": VsbSpider, "xxgk": XxgkSpider, "generic": GenericSpider,
}
# County systems whose module is switched off: their sites are crawled by the generic spider
# (``NIANBAO_GENERIC_FOR=hanweb,trs``, or ``all``): how the fallback fares on a system it has no module for.
GENERIC_FOR_ENV = "NIANBAO_GENERIC_FOR"
COUNTY_SYSTEMS = ("trs", "hanweb", "jpaas", "ucap", "vsb", "xxgk")


def generic_for() -> set[str]:
    """The county systems ``NIANBAO_GENERIC_FOR`` hands to the generic spider."""
    names = {n.strip().lower() for n in os.getenv(GENERIC_FOR_ENV, "").split(",") if n.strip()}
    return set(COUNTY_SYSTEMS) if "all" in names else names & set(COUNTY_SYSTEMS)


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
    off = generic_for()
    systems = ["generic" if s in off else s for s in site.systems]
    unknown = [s for s in systems if s not in FAMILY_SPIDERS]
    if unknown or not systems:
        raise ValueError(f"site {site.key!r}: no spider for systems {unknown or systems}")
    classes = tuple(FAMILY_SPIDERS[s] for s in systems)
    if len(classes) == 1:
        return classes[0]
    if set(site.systems) == {"portal", "gkmlpt"}:
        return PortalGkmlptSpider

    def start_requests(self: SiteSpider) -> Iterator[scrapy.Request]:
        for cls in classes:
            yield from cls.start_requests(self)

    name = "".join(c.__name__.removesuffix("Spider") for c in classes) + "Spider"
    return type(name, classes, {"family": "site", "families": tuple(systems), "start_requests": start_requests})
