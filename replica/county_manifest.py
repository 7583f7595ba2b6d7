"""The county sites in the generated data: their routes, list-API datasets and manifest entries.

``generate`` calls ``build`` once (specs, documents, articles of both nights) and
``write_state`` per state; the manifest keys are ``county_sites`` (top level) and, per
state, ``county_reports``, ``county_decoys``, ``datasets`` and in night2 ``county_changes``
(shapes in replica/README.md).
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlsplit

from replica import county_systems, county_world, old_reports
from replica.county_data import COUNTY_SITES, CountySite
from replica.county_world import CHANGES, CountyWorld, Entry


def build(documents_mod) -> CountyWorld:
    specs, amended = county_world.county_specs()
    rendered = county_world.render_county(specs, amended, documents_mod)
    return county_world.build_county_world(specs, amended, rendered, documents_mod)


def canonical(url: str) -> str:
    from replica.server import canonical_url

    parts = urlsplit(url)
    return canonical_url(parts.netloc, parts.path, parts.query)


def write_state(world: CountyWorld, state: str, generated, put_route: Callable, put_dataset: Callable) -> dict:
    """Routes (through ``put_route(url, page)``), datasets and entries of every county site in one state."""
    routes, datasets, reps, decoys = {}, {}, [], []
    for site in COUNTY_SITES:
        entries = county_world.state_entries(world, site, state)
        trap = [e for e in entries if e.article.report_key]
        pages, sets = county_systems.build_county_site(site, entries, trap, generated)
        for url, page in pages.items():
            routes[canonical(url)] = put_route(canonical(url), page)
        for url, page in sets.items():
            datasets[url] = {**put_dataset(url, page), "system": site.system}
        for e in entries:
            if e.article.decoy_why:
                decoys.append({"url": canonical(e.url), "urls": [canonical(e.url)], "title": e.article.title,
                               "why": e.article.decoy_why, "site": site.key})
            else:
                reps.append(_report_entry(world, site, e, routes))
    reps.sort(key=lambda r: r["key"])
    decoys.sort(key=lambda d: d["url"])
    return {"routes": routes, "datasets": datasets, "county_reports": reps, "county_decoys": decoys}


def _report_entry(world: CountyWorld, site: CountySite, e: Entry, routes: dict) -> dict:
    spec = world.specs[e.article.report_key]
    page = canonical(e.url)
    docs = [{"url": page, "format": "html", "role": "page", "file": routes[page]["file"],
             "sha256": routes[page]["sha256"], "expected": routes[page].get("expected"),
             "has_tables": "expected" in routes[page]}]
    for a in e.article.attachments:
        u = canonical(a.url)
        docs.append({"url": u, "format": a.format or a.ext, "role": a.role, "name": a.name, "file": routes[u]["file"],
                     "sha256": routes[u]["sha256"], "expected": routes[u].get("expected"),
                     "has_tables": "expected" in routes[u]})
    return {"key": spec.key, "site": site.key, "district": spec.district, "agency": spec.agency, "year": spec.year,
            "template": spec.template, "title": spec.title, "publication": spec.publication,
            "published": e.article.published.isoformat(), "written": e.article.written.date().isoformat(),
            "page_urls": [page], "system": site.system, "systems": [site.system], "catalogue": None,
            "listed_in": [county_systems.report_column(site)], "url_entries": [], "big_page": False,
            "documents": docs}


def site_entries() -> list[dict]:
    out = []
    for site in COUNTY_SITES:
        out.append({"key": site.key, "host": site.host, "hosts": county_systems.hosts(site), "system": site.system,
                    "name": site.name, "district": site.district, "province": site.province,
                    "home": f"http://{site.host}/", "report_column": canonical(county_systems.report_column(site)),
                    "report_column_title": site.column_title, "params": dict(site.params),
                    "robots_trap": site.robots_trap, "robots_trap_host": site.report_host,
                    "trap_url": canonical(county_systems.trap_url(site)), "page_size": site.page_size})
    return out


def changes(n1: list[dict], n2: list[dict], world: CountyWorld) -> list[dict]:
    """Per county site: the new report, the amended document and the removed report."""
    a, b = {r["key"]: r for r in n1}, {r["key"]: r for r in n2}
    out = []
    for site in COUNTY_SITES:
        amended_key, removed_key = CHANGES[site.key]
        new_key = world.new[site.key]
        out.append({"kind": "new", "site": site.key, "report": new_key, "url": b[new_key]["page_urls"][0]})
        old_docs = {d["url"]: d for d in a[amended_key]["documents"]}
        doc = next(d for d in b[amended_key]["documents"] if d["sha256"] != old_docs[d["url"]]["sha256"])
        out.append({"kind": "amended", "site": site.key, "report": amended_key, "url": doc["url"],
                    "old_sha256": old_docs[doc["url"]]["sha256"], "new_sha256": doc["sha256"]})
        out.append({"kind": "removed", "site": site.key, "report": removed_key, "url": a[removed_key]["page_urls"][0],
                    "urls": [d["url"] for d in a[removed_key]["documents"]], "status": 404})
    return out


def is_old(report: dict) -> bool:
    return report["template"] == old_reports.PRE_TEMPLATE
