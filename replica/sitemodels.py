"""Turn one state's placements into site models: portal column trees and catalogue trees.

Separate from placement (``world``) and from rendering (``sitegen``): this is where a
catalogue gets its categories (the annual-report category under the name this catalogue
uses, one child per year, a 部门信息公开 category whose children jump to department
catalogues) and a portal column its sub-columns.
"""

from __future__ import annotations

from replica.catalogues import CatalogueDef
from replica.pages import Article, SiteInfo
from replica.sitegen import DEPT_PAGE, DeptLink, SiteModel
from replica.sitegen_gkmlpt import Category, Gkmlpt, LinkEntry
from replica.sitegen_portal import PortalColumn, article_file
from replica.world import OTHER_CATEGORIES, Placement, World

# Portal article pages are static CMS files (ETag, Last-Modified, 304; counter via JSONP)
# except on these sites, whose CMS renders them per load with counter, clock and token.
DYNAMIC_ARTICLE_SITES = {"by"}
# The article template each portal uses (REAL_SITES.md names all three).
PORTAL_TEMPLATES = {"gz": "zoom", "panyu": "text_con", "by": "news_cont", "gzns": "text_con"}


def catalogue_info(world: World, cat: CatalogueDef) -> SiteInfo:
    """The chrome identity of a catalogue: the site's, or the department's on its host."""
    site = world.infos[cat.site]
    if cat.own:
        return site
    n = 10 + world.catalogues.index(cat)
    return SiteInfo(site.key, cat.host, cat.name, site.district, site.code[:-2] + f"{n:02d}")


def page_urls(world: World, p: Placement) -> list[str]:
    """Every URL that serves the article's page (portal, catalogue); ``type: url`` entries add none."""
    urls = []
    if p.portal:
        urls.append(world.infos[p.site].url(f"{p.portal}content/{article_file(p.article)}"))
    if p.gkmlpt:
        urls.append(article_url(world, p.gkmlpt[0], p.article))
    return urls


def article_url(world: World, key: tuple[str, str], art: Article) -> str:
    cat = world.catalogue(key)
    kind = "mpost" if art.post_id % 7 == 3 else "post"
    return f"{cat.base}content/{art.post_id // 1_000_000}/{art.post_id // 1000}/{kind}_{art.post_id}.html"


def _gkmlpt(world: World, cat: CatalogueDef, placements: list[Placement]) -> Gkmlpt:
    base = int(cat.sid[-3:]) * 100 + 1000
    annual = Category(base + 50, cat.category_name)
    mine = [p for p in placements if p.gkmlpt and p.gkmlpt[0] == cat.key]
    linked = [(p, where, eid) for p in placements for key, where, eid in p.links if key == cat.key]
    wheres = [p.gkmlpt[1] for p in mine] + [w for _, w, _ in linked]
    report_years = {int(w.split(":")[1]) for w in wheres if w.startswith("annual:")}
    years = {}
    for y in range(max(report_years | {2023}), min(report_years | {2018}) - 1, -1):
        years[y] = Category(base + 50 + (2024 - y), f"{y}年", parent=annual.id)
        annual.children.append(years[y])
    others = [Category(base + 10 * (i + 1), name) for i, name in enumerate(OTHER_CATEGORIES)]
    others[2].children.append(Category(base + 31, "统计公报", parent=others[2].id))

    def category(where: str) -> Category:
        if where.startswith("annual:"):
            return years[int(where.split(":")[1])]
        if where == "annual":
            return annual
        if where.startswith("other:"):
            return others[int(where.split(":")[1])]
        return others[2].children[0]  # "other": the statistics bulletin category

    for p in mine:
        category(p.gkmlpt[1]).articles.append(p.article)
    for p, where, eid in linked:
        category(where).links.append(LinkEntry(eid, p.article, page_urls(world, p)[0]))
    roots = [others[0], others[1], others[2], annual, others[3]]
    jumps = [d for d in world.catalogues if cat.own and d.site == cat.site and not d.own
             and d.via in ("jump_url", "both")]
    if jumps:
        dept = Category(base + 90, "部门信息公开")
        dept.children = [Category(base + 91 + i, d.name, parent=dept.id, jump_url=d.base + "index")
                         for i, d in enumerate(jumps)]
        roots.append(dept)
    return Gkmlpt(catalogue_info(world, cat), cat.prefix, cat.sid, cat.name, roots, annual,
                  page_size=cat.page_size, protected=cat.protected, service_area=int(cat.sid) % 97)


def _portal(site: dict, placements: list[Placement]) -> PortalColumn | None:
    if not site["portal"]["columns"]:
        return None
    key = site["key"]
    root_path = site["portal"]["columns"][0].rsplit("/", 1)[0] + "/"
    ids = iter(range(int(site["host"].encode().hex()[-4:], 16) % 900 + 100, 10_000))
    common = {"relative_links": key == "by", "dynamic_articles": key in DYNAMIC_ARTICLE_SITES,
              "template": PORTAL_TEMPLATES.get(key, "text_con")}
    root = PortalColumn(root_path, "政府信息公开年报" if key != "by" else "政府信息公开工作年度报告",
                        cat_id=next(ids), page_size=10 if key == "panyu" else 15, **common)
    columns: dict[str, PortalColumn] = {root_path: root}

    def column(path: str, title: str, parent: PortalColumn) -> PortalColumn:
        if path not in columns:
            columns[path] = PortalColumn(path, title, cat_id=next(ids), **common)
            parent.subcolumns.append(columns[path])
        return columns[path]

    for p in placements:
        if p.portal is None:
            continue
        if p.portal == root_path:
            root.articles.append(p.article)
            continue
        rest = p.portal[len(root_path):].strip("/").split("/")
        if key == "gzns":  # gbm/ → gbm/{year}/
            gbm = column(root_path + "gbm/", "各部门", root)
            column(p.portal, f"{rest[1]}年", gbm).articles.append(p.article)
        elif key == "gz":
            column(p.portal, p.article.agency, root).articles.append(p.article)
        else:
            column(p.portal, rest[0].replace("n", "年"), root).articles.append(p.article)
    for col in columns.values():
        col.subcolumns.sort(key=lambda c: c.path, reverse=True)
    return root


def site_models(world: World, placements: list[Placement], moved: dict[str, tuple[str, str]]) -> list[SiteModel]:
    models = []
    for site in world.sites:
        info = world.infos[site["key"]]
        mine = [p for p in placements if p.site == site["key"]]
        cats = [c for c in world.catalogues if c.site == site["key"]]
        gks = [_gkmlpt(world, c, mine) for c in cats]
        own = [g for g, c in zip(gks, cats, strict=True) if c.own]
        links = [DeptLink(c.name, c.base + "index") for c in cats if not c.own and c.via in ("page", "both")]
        model = SiteModel(info, _portal(site, mine), gks, own, dept_links=links)
        for key, (old, s) in moved.items():
            if s == site["key"]:
                new = next(p for p in mine if p.article.report_key == key)
                model.redirects[old] = page_urls(world, new)[0]
        models.append(model)
    return models


def linked_from(world: World, cat: CatalogueDef) -> list[str]:
    """The pages that link a catalogue: 政务公开 (own), 部门信息公开 (via page) or the own TREE (via jump_url)."""
    site = world.infos[cat.site]
    if cat.own:
        return [site.url("/zwgk/index.html")]
    out = [site.url(DEPT_PAGE)] if cat.via in ("page", "both") else []
    own = world.own(cat.site)
    if cat.via in ("jump_url", "both") and own is not None:
        out.append(own.base + "index")
    return out
