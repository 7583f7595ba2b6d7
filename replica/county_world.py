"""The county sites' reports and decoys as articles, and what each night publishes.

Reports of 2019 on are synthetic reports of ``replica.reports`` (the national templates,
with expected extraction); 2008–2018 ones are old prose reports (``replica.old_reports``).
Each site's system (``county_systems``) says where an article and its files live. night2
adds a report, amends one document (same URL, new bytes) and removes one report (its page
and files 404, gone from the listing) on every county site.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import PurePosixPath

from replica import county_systems, old_reports, reports
from replica.county_data import COUNTY_DECOYS, COUNTY_REPORTS, COUNTY_SITES, NEW_REPORTS, CountySite
from replica.pages import Article, Attachment
from replica.world import MIMES, _h, decoy_article, publish_time

# Per site: (the report amended in night2, the report removed in night2).
CHANGES: dict[str, tuple[str, str]] = {
    "cqjlp": ("cqjlp-zfb-2019", "cqjlp-jw-2020"), "yixing": ("yixing-jyj-2020", "yixing-wjw-2021"),
    "hzxh": ("hzxh-zfb-2020", "hzxh-jyj-2021"), "hrbdl": ("hrbdl-rsj-2022", "hrbdl-jyj-2020"),
    "tyxd": ("tyxd-zfb-2022", "tyxd-jyj-2021"), "jinshui": ("jinshui-jyj-2022", "jinshui-sjj-2021"),
}
AMENDED_SUFFIX = "~amended"


@dataclass
class Entry:
    """An article in a county column, with the URL of its page."""

    article: Article
    url: str
    file_headers: dict[str, dict[str, str]] = field(default_factory=dict)


def county_specs() -> tuple[list, list]:
    """(every county report spec, the amended copies to render, keyed ``key~amended``)."""
    specs = []
    for site in COUNTY_SITES:
        names = {slug: (name, kind) for slug, name, kind in site.agencies}
        plan = sorted([*COUNTY_REPORTS[site.key], NEW_REPORTS[site.key]], key=lambda r: (r[0], r[1]))
        carried: dict[str, list[int]] = {}
        for slug, year, pub in plan:
            name, kind = names[slug]
            if year < 2019:
                specs.append(old_reports.old_spec(site.key, slug, name, site.district, year, pub))
                continue
            rng = random.Random(f"nianbao-replica:{site.key}-{slug}-{year}")
            spec = reports._synthetic(rng, site.key, slug, name, kind, year, carried.get(slug, [0] * 6), None, {},
                                      district=site.district, publication=pub)
            carried[slug] = [spec.data["applications"]["carried_forward"][c] or 0 for c in reports.APPLICANT_COLS]
            specs.append(spec)
    by_key = {s.key: s for s in specs}
    amended = []
    for key, _ in CHANGES.values():
        a = reports.amend(by_key[key])
        a.key = key + AMENDED_SUFFIX
        amended.append(a)
    return specs, amended


def render_county(specs: list, amended: list, documents_mod) -> dict[str, list]:
    """Files of every county report (templated ones through ``documents_mod``, one batch)."""
    new = [s for s in specs if s.template != old_reports.PRE_TEMPLATE] + amended
    out = documents_mod.render_all(new)
    out.update({s.key: old_reports.render_old(s) for s in specs if s.template == old_reports.PRE_TEMPLATE})
    return out


def _article(site: CountySite, spec, docs: list, art_id: int, documents_mod, *, amended_spec=None) -> Entry:
    when = publish_time(spec.key, spec.year)
    system = county_systems.SYSTEMS[site.system]
    body = next((d.data.decode("utf-8") for d in docs if d.role == "body"), "")
    files, headers = [], {}
    for i, d in enumerate(d for d in docs if d.role == "attachment"):
        ext = PurePosixPath(d.filename).suffix.lstrip(".") or "bin"
        name = f"{spec.title}.{ext}"
        url, hdrs = system.file_url(site, art_id, i, ext, when, name)
        files.append(Attachment(art_id * 10 + i, url, name, ext, MIMES.get(ext, "application/octet-stream"),
                                d.data, "attachment", d.format))
        if hdrs:
            headers[url] = hdrs
        body = body.replace(f"{{attachment:{i}}}", system.body_href(site, url))
    art = Article(art_id, spec.title, when, spec.agency, body, files, report_key=spec.key,
                  identifier=f"{site.code[:6]}-{spec.year + 1}-{_h(spec.key, 99999):05d}",
                  written_days=2 + _h(spec.key + "w", 12))
    if spec.template != old_reports.PRE_TEMPLATE:
        expected = documents_mod.expected(amended_spec or spec, spec.publication)
        if spec.publication in ("html", "html_images"):
            art.expected = expected
        elif art.files:
            art.files[0].expected = expected
    return Entry(art, system.article_url(site, art_id, when), headers)


@dataclass
class CountyWorld:
    """Every county article of both nights: ``entries[site][key]``, plus the night2 variants."""

    specs: dict[str, object]
    entries: dict[str, dict[str, Entry]]
    amended: dict[str, Entry]
    new: dict[str, str]  # site -> report key added in night2


def build_county_world(specs: list, amended: list, rendered: dict, documents_mod) -> CountyWorld:
    by_key = {s.key: s for s in specs}
    amended_by = {a.key.removesuffix(AMENDED_SUFFIX): a for a in amended}
    entries: dict[str, dict[str, Entry]] = {}
    amended_entries: dict[str, Entry] = {}
    new: dict[str, str] = {}
    for n, site in enumerate(COUNTY_SITES):
        mine = [s for s in specs if s.site == site.key]
        jobs: list[tuple[datetime, str, object]] = [(publish_time(s.key, s.year), s.key, s) for s in mine]
        dept = site.agencies[0][1]
        for pattern, why in COUNTY_DECOYS:
            title = pattern.format(gov=site.name, dept=dept)
            jobs.append((publish_time(title, 2022 if "2019" not in title else 2019), "~" + title, (title, why)))
        base = 3_100_000 + n * 370_000
        site_entries: dict[str, Entry] = {}
        system = county_systems.SYSTEMS[site.system]
        for i, (_when, key, job) in enumerate(sorted(jobs, key=lambda j: (j[0], j[1]))):
            art_id = base + i * 1_000 + _h(key, 900)
            if isinstance(job, tuple):
                title, why = job
                art = decoy_article(title, site.name, why, art_id)
                site_entries[key] = Entry(art, system.article_url(site, art_id, art.published))
                continue
            spec = job
            site_entries[key] = _article(site, spec, rendered[key], art_id, documents_mod)
            if key in amended_by:
                a = amended_by[key]
                amended_entries[key] = _article(site, by_key[key], rendered[a.key], art_id, documents_mod,
                                                amended_spec=replace(a, key=key))
        entries[site.key] = site_entries
        new_slug, new_year, _ = NEW_REPORTS[site.key]
        new[site.key] = f"{site.key}-{new_slug}-{new_year}"
    return CountyWorld(by_key, entries, amended_entries, new)


def state_entries(world: CountyWorld, site: CountySite, state: str) -> list[Entry]:
    """The column of one site in one state, newest first."""
    amended_key, removed_key = CHANGES[site.key]
    out = []
    for key, entry in world.entries[site.key].items():
        if state == "night1" and key == world.new[site.key]:
            continue
        if state == "night2" and key == removed_key:
            continue
        if state == "night2" and key == amended_key:
            entry = world.amended[key]
        out.append(entry)
    return sorted(out, key=lambda e: (e.article.published, e.url), reverse=True)
