"""The six publishing systems of the county sites, and one county site assembled from its system.

Each system module (``county_trs``, ``county_hanweb``, ``county_jpaas``, ``county_ucap``,
``county_vsb``, ``county_xxgk``) says where articles and files live (``article_url``,
``file_url``, ``body_href``), how home reaches the column (``nav_steps``) and renders the
column (static pages and, for the systems that page through an API, a dataset the server
slices per request: ``replica.county_api``) and the article pages.
"""

from __future__ import annotations

import json
from datetime import datetime
from types import ModuleType

from replica import county_hanweb, county_jpaas, county_trs, county_ucap, county_vsb, county_xxgk
from replica.county_chrome import nav_pages, robots, trap_page
from replica.county_data import CountySite
from replica.pages import Page, static_assets

SYSTEMS: dict[str, ModuleType] = {"trs": county_trs, "hanweb": county_hanweb, "jpaas": county_jpaas,
                                  "ucap": county_ucap, "vsb": county_vsb, "xxgk": county_xxgk}


def report_column(site: CountySite) -> str:
    """The URL of the column's first page (what the manifest calls ``report_column``)."""
    return SYSTEMS[site.system].nav_steps(site)[-1].url


def trap_url(site: CountySite) -> str:
    return SYSTEMS[site.system].trap_url(site)


def hosts(site: CountySite) -> list[str]:
    return sorted({site.host, site.report_host})


def build_county_site(site: CountySite, entries: list, trap_entries: list, generated: datetime
                      ) -> tuple[dict[str, Page], dict[str, Page]]:
    """(pages by URL, datasets by URL without query) of one county site in one state."""
    system = SYSTEMS[site.system]
    charset = None if site.system == "hanweb" else "utf-8"
    pages: dict[str, Page] = {}
    for host in hosts(site):
        pages[f"http://{host}/robots.txt"] = robots(site)
        pages.update({f"http://{host}{p}": page for p, page in static_assets().items()})
    steps = system.nav_steps(site)
    pages.update(nav_pages(site, steps, trap_url(site), generated, charset=charset))
    links = [(e.article.title, e.url, e.article.published) for e in trap_entries]
    pages[trap_url(site)] = trap_page(site, links, charset=charset)
    col_pages, datasets = system.column_pages(site, entries, generated)
    pages.update(col_pages)
    for e in entries:
        pages[e.url] = system.article_page(site, e)
        for a in e.article.attachments:
            pages[a.url] = Page(a.data, mime=e.file_headers.get(a.url, {}).get("Content-Type", a.mime),
                                modified=e.article.published, dynamic=False, kind=a.role, expected=a.expected,
                                headers={k: v for k, v in e.file_headers.get(a.url, {}).items()
                                         if k != "Content-Type"} or None)
    return pages, datasets


def dataset_page(system: str, payload: dict, modified: datetime | None = None) -> Page:
    """A dataset file: the records an API endpoint pages through (the server slices it per request)."""
    data = json.dumps({"system": system, **payload}, ensure_ascii=False, sort_keys=True, indent=0).encode()
    return Page(data, mime="application/json", modified=modified, dynamic=False, kind="dataset")
