"""Where every article lives: reports, decoys and fillers placed on portal columns and catalogues.

The world is built once (post ids come from one province-wide sequence in publication
order) and then turned into two states (night1, night2) by ``state_placements``. A
department's reports mostly live in its own catalogue (``replica.catalogues``); some are
also, or only, in the district's portal column, and the district's own catalogue lists
some of them again as ``type: "url"`` entries pointing at the page that holds them.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime
from functools import partial
from pathlib import PurePosixPath
from types import ModuleType

from replica import old_reports
from replica.catalogues import CatalogueDef, catalogue_defs
from replica.pages import CST, Article, Attachment, SiteInfo
from replica.sitegen_portal import article_file

FIRST_POST_ID = 5_600_000
FIRST_ATTACHMENT_ID = 7_100_000
MIMES = {"pdf": "application/pdf", "scan": "application/pdf", "doc": "application/msword",
         "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
         "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
         "xls": "application/vnd.ms-excel", "png": "image/png", "jpg": "image/jpeg", "zip": "application/zip"}
SITE_CODES = {"gz": "4401000001", "panyu": "4401130001", "by": "4401110001", "gzns": "4401150001",
              "hp": "4401120001"}

# Decoys: (site, where, title pattern, why). where: portal (the column) | annual[:YYYY] | other (the
# site's own catalogue) | dept:annual[:YYYY] (the site's first department catalogue)
DECOYS = [
    ("gz", "portal", "{gov}2023年政务公开工作要点", "work plan (政务公开工作要点)"),
    ("gz", "portal", "{gov}政府信息公开目录", "disclosure catalogue"),
    ("gz", "portal", "{gov}2022年法治政府建设年度报告", "annual report of another kind (法治政府建设)"),
    ("gz", "dept:annual:2018", "关于《{dept}2018年政府信息公开工作年度报告》的解读", "interpretation, not a report"),
    ("gz", "other", "2022年广州市国民经济和社会发展统计公报", "statistical bulletin"),
    ("panyu", "portal", "{gov}2023年政务公开工作要点", "work plan (政务公开工作要点)"),
    ("panyu", "portal", "{gov}政府信息公开指南", "disclosure guide"),
    ("panyu", "portal", "图解：{gov}办公室2022年政府信息公开工作年度报告", "graphic summary, not the report"),
    ("panyu", "annual:2018", "关于《{gov}2018年政府信息公开工作年度报告》的解读", "interpretation, not a report"),
    ("panyu", "annual", "{gov}2022年法治政府建设年度报告", "annual report of another kind (法治政府建设)"),
    ("panyu", "other", "2022年番禺区国民经济和社会发展统计公报", "statistical bulletin"),
    ("panyu", "other", "{gov}2022年政务公开工作要点", "work plan (政务公开工作要点)"),
    ("by", "portal", "{gov}政府信息公开指南", "disclosure guide"),
    ("by", "portal", "2022年白云区国民经济和社会发展统计公报", "statistical bulletin"),
    ("by", "portal", "关于《{gov}2018年政府信息公开工作年度报告》的解读", "interpretation, not a report"),
    ("by", "portal", "{gov}2021年法治政府建设年度报告", "annual report of another kind (法治政府建设)"),
    ("gzns", "portal", "{gov}政府信息公开目录", "disclosure catalogue"),
    ("gzns", "portal", "{gov}2022年政务公开工作要点", "work plan (政务公开工作要点)"),
    ("gzns", "annual", "图解：{gov}办公室2021年政府信息公开工作年度报告", "graphic summary, not the report"),
    ("gzns", "annual", "{gov}政府信息公开指南", "disclosure guide"),
    ("gzns", "other", "2021年南沙区国民经济和社会发展统计公报", "statistical bulletin"),
    ("hp", "annual", "{gov}2023年政务公开工作要点", "work plan (政务公开工作要点)"),
    ("hp", "annual:2018", "关于《{gov}2018年政府信息公开工作年度报告》的解读", "interpretation, not a report"),
    ("hp", "annual", "{gov}2022年法治政府建设年度报告", "annual report of another kind (法治政府建设)"),
    ("hp", "other", "2022年黄埔区国民经济和社会发展统计公报", "statistical bulletin"),
    ("hp", "dept:annual", "{dept}政府信息公开指南", "disclosure guide"),
]
# Kept for callers of the old decoy kind; 2008–2018 reports are reports now (replica.old_reports).
OLD_REPORT_WHY = "2018 report: before the national templates"
OTHER_CATEGORIES = ["政策文件", "规划计划", "统计信息", "工作动态"]


def _h(text: str, mod: int) -> int:
    """A stable small number from text (placement and dates must not depend on run order)."""
    return int(hashlib.sha256(text.encode()).hexdigest()[:8], 16) % mod



# --------------------------------------------------------------------------- articles


@dataclass
class Ids:
    """The province-wide post-id sequence and the attachment-id sequence."""

    post: int = FIRST_POST_ID
    attachment: int = FIRST_ATTACHMENT_ID

    def next_post(self, salt: str) -> int:
        self.post += 37 + _h(salt, 900)
        return self.post

    def next_attachment(self, salt: str) -> int:
        self.attachment += 11 + _h(salt, 300)
        return self.attachment


def publish_time(key: str, year: int) -> datetime:
    """Reports are due by 31 January; a few agencies publish late."""
    day = 5 + _h(key, 26)
    late = _h(key + "late", 9) == 0
    return datetime(year + 1, 2 if late else 1, min(day, 28) if late else day, 9 + _h(key + "h", 8), _h(key + "m", 60), tzinfo=CST)


def credit_code(agency: str) -> str:
    return "11440" + format(_h(agency, 10**12), "012d")[:12] + "X"


def report_article(spec, docs: list, ids: Ids, file_root: str, documents_mod) -> Article:
    """One report as an article: body with its placeholders resolved to file URLs under ``file_root``.

    ``file_root`` is where the publishing system keeps files: ``http://host/`` for a site,
    ``http://host/gzpyjy/`` for a department catalogue on a district host.
    """
    when = publish_time(spec.key, spec.year)
    post_id = ids.next_post(spec.key)
    body = next((d.data.decode("utf-8") for d in docs if d.role == "body"), "")
    files: list[Attachment] = []
    attachments = [d for d in docs if d.role == "attachment"]
    images = [d for d in docs if d.role == "image"]
    for i, d in enumerate(attachments):
        aid = ids.next_attachment(f"{spec.key}:{i}")
        ext = PurePosixPath(d.filename).suffix.lstrip(".") or "bin"
        url = f"{file_root}attachment/{aid // 1_000_000}/{aid // 1000}/{aid}/{post_id}.{ext}"
        files.append(Attachment(aid, url, f"{spec.title}.{ext}", ext, MIMES.get(ext, "application/octet-stream"),
                                d.data, "attachment", d.format))
        body = body.replace(f"{{attachment:{i}}}", url)
    for i, d in enumerate(images):
        ext = PurePosixPath(d.filename).suffix.lstrip(".") or "png"
        url = f"{file_root}img/{post_id // 1_000_000}/{post_id // 1000}/{post_id}/{i + 1}.{ext}"
        files.append(Attachment(0, url, d.filename, ext, MIMES.get(ext, "image/png"), d.data, "image", d.format))
        body = body.replace(f"{{image:{i}}}", url)
    art = Article(post_id, spec.title, when, spec.agency, body, files, report_key=spec.key,
                  identifier=f"{credit_code(spec.agency)}/{spec.year + 1}-{_h(spec.key, 99999):05d}",
                  written_days=2 + _h(spec.key + "w", 12))
    if spec.template == old_reports.PRE_TEMPLATE:
        return art  # no template tables: nothing to extract into the national keys
    expected = documents_mod.expected(spec, spec.publication)
    if spec.publication in ("html", "html_images"):
        art.expected = expected
    elif art.files:
        art.files[0].expected = expected
    return art


def decoy_time(title: str) -> datetime:
    """A decoy's publication time from the year in its title (work plans come out a year early)."""
    year = next((int(title[i:i + 4]) for i in range(len(title) - 3) if title[i:i + 4].isdigit()), 2022)
    return publish_time(title, year if "要点" not in title else year - 1)


def old_report_body(title: str, publisher: str, year: int = 2018) -> str:
    """A pre-2019 report in the old prose format (see ``replica.old_reports``)."""
    return old_reports.old_report_body(title, publisher, year)


def decoy_article(title: str, publisher: str, why: str, post_id: int) -> Article:
    when = decoy_time(title)
    body = (f"<p>{title}</p><p>为做好本年度相关工作，根据上级部署要求，结合本单位实际，现公布如下。</p>"
            f"<p>一、总体要求</p><p>坚持以人民为中心，依法依规做好各项工作。</p><p>二、主要内容</p>"
            f"<p>（略）</p><p style=\"text-align:right\">{publisher}</p>")
    if why == OLD_REPORT_WHY:
        body = old_report_body(title, publisher)
    return Article(post_id, title, when, publisher, body, decoy_why=why,
                   identifier=f"{credit_code(publisher)}/{when.year}-{_h(title, 99999):05d}")


def filler_title(gov: str, cat: str) -> str:
    return f"{gov}关于印发{cat}相关工作方案的通知"


def filler_time(title: str) -> datetime:
    return datetime(2023, 6, 1 + _h(title, 27), 10, 0, tzinfo=CST)


def filler_article(site_key: str, title: str, gov: str, post_id: int) -> Article:
    """An ordinary catalogue entry, so the non-report categories are not empty."""
    body = "<p>各有关单位：</p><p>现将有关工作方案印发给你们，请认真贯彻执行。</p>"
    return Article(post_id, title, filler_time(title), gov, body,
                   identifier=f"{credit_code(gov)}/2023-{_h(title, 99999):05d}",
                   document_number=f"{site_key}办〔2023〕{_h(title, 40) + 1}号")


# --------------------------------------------------------------------------- placement

CatKey = tuple[str, str]  # (host, prefix) of a catalogue


@dataclass
class Placement:
    """Where one article is published: a portal column and/or a catalogue category.

    ``links`` are the catalogues listing it again as a ``type: "url"`` entry (with that
    entry's own post id), pointing at the page that holds it.
    """

    article: Article
    site: str
    portal: str | None = None  # column path
    gkmlpt: tuple[CatKey, str] | None = None  # (catalogue, category: "annual:YYYY" | "annual" | "other:N" | "other")
    links: list[tuple[CatKey, str, int]] = field(default_factory=list)  # (catalogue, category, entry id)


@dataclass
class World:
    """All articles of all sites with their placements, from which each state is built."""

    sites: list[dict]
    infos: dict[str, SiteInfo]
    catalogues: list[CatalogueDef]
    placements: list[Placement] = field(default_factory=list)
    specs: dict[str, object] = field(default_factory=dict)

    def catalogue(self, key: CatKey) -> CatalogueDef:
        return next(c for c in self.catalogues if c.key == key)

    def own(self, site: str) -> CatalogueDef | None:
        return next((c for c in self.catalogues if c.site == site and c.own), None)

    def home_of(self, site: str, agency_slug: str) -> CatalogueDef | None:
        """The catalogue an agency publishes in: its department catalogue, else the site's own."""
        return next((c for c in self.catalogues if c.site == site and agency_slug in c.agencies),
                    None) or self.own(site)


def portal_column_for(site: dict, spec) -> str:
    """The portal (sub-)column a report is listed in; structure differs per district."""
    root = site["portal"]["columns"][0].rsplit("/", 1)[0] + "/"
    return {"gz": f"{root}bm/{spec.agency_slug}/", "by": f"{root}{spec.year}n/",
            "gzns": f"{root}gbm/{spec.year}/"}.get(site["key"], root)


def file_root(cat: CatalogueDef | None, site: dict) -> str:
    """Where the system publishing a report keeps its files (department prefix or site root)."""
    if cat is None or cat.own:
        return f"http://{site['host']}/"
    return cat.base[: -len("gkmlpt/")]


def place_report(site: dict, spec, index: int, cat: CatalogueDef | None) -> tuple[str | None, tuple | None]:
    """(portal column, (catalogue, category)) carrying a report: deterministic from its position.

    Own-catalogue agencies cycle portal / catalogue / both; department agencies mostly
    publish in their catalogue (catalogue, both, catalogue, portal only).
    """
    columns = site["portal"]["columns"]
    year = f"annual:{spec.year}"
    if cat is None:
        return portal_column_for(site, spec), None
    if not columns:
        return None, (cat.key, year)
    mode = ("portal", "catalogue", "both")[index % 3] if cat.own else ("catalogue", "both", "catalogue",
                                                                       "portal")[index % 4]
    portal = portal_column_for(site, spec) if mode in ("portal", "both") else None
    gk = (cat.key, year) if mode in ("catalogue", "both") else None
    return portal, gk


def _decoy_place(world: World, site: dict, where: str, pattern: str) -> tuple[str, str, tuple]:
    """A decoy's title, publisher and placement arguments (site, portal, gkmlpt)."""
    key = site["key"]
    dept = next((c for c in world.catalogues if c.site == key and not c.own), None)
    title = pattern.format(gov=site["name"], dept=dept.name if dept else site["name"])
    publisher = dept.name if "{dept}" in pattern and dept else site["name"]
    if where == "portal":
        return title, publisher, (key, site["portal"]["columns"][0].rsplit("/", 1)[0] + "/", None)
    if where.startswith("dept:"):
        return title, publisher, (key, None, (dept.key, where.split(":", 1)[1]))
    return title, publisher, (key, None, (world.own(key).key, where))


def site_infos(sites: list[dict]) -> dict[str, SiteInfo]:
    return {s["key"]: SiteInfo(s["key"], s["host"], s["name"], s["district"], SITE_CODES.get(s["key"], "4401990001"))
            for s in sites}


def build_world(sites: list[dict], loaded: tuple) -> tuple[World, ModuleType, ModuleType]:
    """Every article of every site, placed; ``loaded`` is ``generate.load_reports()``'s answer."""
    specs, rendered, reports_mod, documents_mod = loaded
    names = {(site, slug): name for site, agencies in reports_mod.AGENCIES.items() for slug, name, _ in agencies}
    infos = site_infos(sites)
    world = World(sites, infos, catalogue_defs(sites, names), specs={s.key: s for s in specs})
    ids = Ids()
    by_site = {s["key"]: s for s in sites}
    # Post ids come from one province-wide sequence in publication order, so every
    # article (report, link entry, decoy, filler) is built in that order.
    jobs: list[tuple[datetime, str, Callable[[], Placement]]] = []
    counters: dict[str, int] = {}

    # 2008–2018 reports were added to the replica later: their ids come from a sequence below
    # the province-wide one, and they take no turn in the placement cycle, so every other URL stays.
    old_ids = Ids(post=FIRST_POST_ID - 60_000, attachment=FIRST_ATTACHMENT_ID - 60_000)

    def old_report_job(spec) -> Placement:
        site = by_site[spec.site]
        cat = world.home_of(spec.site, spec.agency_slug)
        if site["portal"]["columns"]:
            portal, gk, root = portal_column_for(site, spec), None, file_root(None, site)
        else:
            portal, gk, root = None, (cat.key, f"annual:{spec.year}"), file_root(cat, site)
        art = report_article(spec, rendered[spec.key], old_ids, root, documents_mod)
        return Placement(art, spec.site, portal, gk)

    def report_job(spec) -> Placement:
        if spec.template == old_reports.PRE_TEMPLATE:
            return old_report_job(spec)
        site = by_site[spec.site]
        cat = world.home_of(spec.site, spec.agency_slug)
        i = counters[spec.site] = counters.get(spec.site, -1) + 1
        portal, gk = place_report(site, spec, i, cat)
        # files live where the system that published them keeps its files
        root = file_root(cat if gk else None, site)
        p = Placement(report_article(spec, rendered[spec.key], ids, root, documents_mod), spec.site, portal, gk)
        own = world.own(spec.site)
        if cat is not None and not cat.own and own is not None and _h(spec.key + "link", 3) == 0:
            p.links.append((own.key, f"annual:{spec.year}", ids.next_post(spec.key + ":link")))
        return p

    for spec in specs:
        if spec.site in by_site:
            jobs.append((publish_time(spec.key, spec.year), spec.key, partial(report_job, spec)))

    def decoy_job(title: str, publisher: str, why: str, place: tuple) -> Placement:
        # Old reports take ids below the sequence (they were added later; every other URL stays).
        post_id = FIRST_POST_ID - 1000 - _h(title, 900) if why == OLD_REPORT_WHY else ids.next_post(title)
        return Placement(decoy_article(title, publisher, why, post_id), *place)

    def filler_job(cat: CatalogueDef, title: str, n: int) -> Placement:
        art = filler_article(cat.site, title, cat.name, ids.next_post(cat.site + title + cat.prefix))
        return Placement(art, cat.site, gkmlpt=(cat.key, f"other:{n}"))

    for key, where, pattern, why in DECOYS:
        title, publisher, place = _decoy_place(world, by_site[key], where, pattern)
        jobs.append((decoy_time(title), key + title, partial(decoy_job, title, publisher, why, place)))
    for cat in world.catalogues:
        for n, name in enumerate(OTHER_CATEGORIES[:2]):
            title = filler_title(cat.name, name)
            jobs.append((filler_time(title), cat.site + cat.host + cat.prefix + title, partial(filler_job, cat, title, n)))
    for _, _, job in sorted(jobs, key=lambda j: (j[0], j[1])):
        world.placements.append(job())
    return world, reports_mod, documents_mod


# --------------------------------------------------------------------------- night2 changes


@dataclass
class Changes:
    new: str  # report keys
    amended: str
    removed: str
    moved: str


def choose_changes(world: World) -> Changes:
    """Four distinct reports for night2's four kinds of change (portal-only, except the amended one)."""
    reports = [p for p in world.placements if p.article.report_key]
    used: set[str] = set()

    def pick(pred, portal_only: bool = True) -> str:
        for p in sorted(reports, key=lambda p: p.article.report_key):
            if portal_only and (not p.portal or p.gkmlpt):
                continue
            if world.specs[p.article.report_key].template == old_reports.PRE_TEMPLATE:
                continue
            if p.article.report_key not in used and pred(p):
                used.add(p.article.report_key)
                return p.article.report_key
        raise RuntimeError("no report fits a night2 change; add reports to the portal columns")

    spec = world.specs
    new = pick(lambda p: p.site == "panyu" and spec[p.article.report_key].year == 2023)
    amended = pick(lambda p: spec[p.article.report_key].publication == "pdf", portal_only=False)
    removed = pick(lambda p: p.site == "by" and spec[p.article.report_key].publication == "html")
    moved = pick(lambda p: p.site == "gzns" and spec[p.article.report_key].publication == "html")
    return Changes(new, amended, removed, moved)


def state_placements(world: World, state: str, ch: Changes, reports_mod, documents_mod,
                     ids: Ids) -> tuple[list[Placement], dict[str, tuple[str, str]]]:
    """The placements of one state, and for night2 the moved report's (old path, site)."""
    out: list[Placement] = []
    moved: dict[str, tuple[str, str]] = {}
    for p in world.placements:
        key = p.article.report_key
        if state == "night1":
            if key != ch.new:
                out.append(p)
            continue
        if key == ch.removed:
            continue
        if key == ch.amended:
            spec = reports_mod.amend(world.specs[key])
            docs = documents_mod.render(spec)
            new_files = iter([d for d in docs if d.role == "attachment"])
            new_expected = documents_mod.expected(spec, spec.publication)
            art = replace(p.article, attachments=[
                replace(a, data=next(new_files).data, expected=new_expected if a.expected is not None else None)
                if a.role == "attachment" else a
                for a in p.article.attachments
            ])
            p = replace(p, article=art)
        if key == ch.moved:
            art = replace(p.article, post_id=ids.next_post(key + ":moved"))
            moved[key] = (f"{p.portal}content/{article_file(p.article)}", p.site)
            p = replace(p, article=art)
        out.append(p)
    return out, moved
