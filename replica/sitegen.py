"""The replica sites' pages: one site model in, every URL it serves (with its bytes) out.

Everything here is a pure function from a site model to pages, so the generator can build
two states (night1, night2) from the same model and store identical pages once. The
parts live in ``pages`` (data model, chrome), ``sitegen_portal`` (NFCMS columns and
articles) and ``sitegen_gkmlpt`` (gkmlpt shell, API, articles); this module assembles a
site: home → 政务公开 → the report column, the site's own catalogue, and a 部门信息公开
page naming the departments with links to their catalogues (the only way, besides a
catalogue TREE's ``jump_url``, a crawler learns where department catalogues are).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from html import escape

from replica.pages import (
    Article,
    Page,
    SiteInfo,
    chrome,
    html_page,
    link_list,
    robots_txt,
    static_assets,
)
from replica.sitegen_gkmlpt import Gkmlpt, gkmlpt_pages
from replica.sitegen_portal import PortalColumn, portal_pages

DEPT_PAGE = "/zwgk/bmxxgk/index.html"


@dataclass
class DeptLink:
    """A department as the 部门信息公开 page lists it: its name and its catalogue's index."""

    name: str
    url: str


@dataclass
class SiteModel:
    """Everything one replica site publishes in one state (department hosts included)."""

    info: SiteInfo
    portal: PortalColumn | None
    gkmlpts: list[Gkmlpt]  # own catalogue(s) first, then department catalogues
    own: list[Gkmlpt]  # the site's own catalogues (registry entries)
    dept_links: list[DeptLink] = field(default_factory=list)
    redirects: dict[str, str] = field(default_factory=dict)  # old path -> new absolute URL

    def report_entry(self) -> tuple[str, str]:
        """Where 政务公开 → 政府信息公开年报 points (the portal column or the gkmlpt route)."""
        if self.portal is not None:
            return self.portal.title, self.portal.path + "index.html"
        g = self.own[0]
        return "政府信息公开年报", f"{g.prefix}annualreport#{g.annual.id}"


def home_page(site: SiteInfo, news: list[tuple[str, str]], generated: datetime) -> Page:
    """The site's front page: news, and 政务公开 in the nav (discovery starts here)."""
    main = f"""<div class="banner"><h2>{escape(site.name)}</h2></div>
<div class="col-left"><h3>{escape(site.district)}要闻</h3>{link_list(news, "news_list")}</div>
<div class="col-right"><h3>政务公开</h3>{link_list([("政府信息公开", "/zwgk/index.html"), ("政策文件", "/zwgk/zcwj/index.html"), ("政务服务", "/zwfw/index.html")])}</div>"""
    return html_page(chrome(site, "首页", [], main, generated=generated), modified=generated, kind="page")


def zwgk_page(site: SiteInfo, links: list[tuple[str, str]], generated: datetime) -> Page:
    """政务公开 landing page: the disclosure system's entries, the annual report among them."""
    main = f'<div class="zwgk-nav"><h3>政府信息公开</h3>{link_list(links, "zwgk-list")}</div>'
    return html_page(chrome(site, "政务公开", [("政务公开", "/zwgk/index.html")], main, generated=generated),
                     modified=generated, kind="page")


def info_page(site: SiteInfo, title: str, path: str, generated: datetime) -> Page:
    """A plain page of the disclosure system (指南, 制度, 法定主动公开内容): prose, no reports."""
    main = (f'<div class="article"><h1 class="title">{escape(title)}</h1><div class="article-content">'
            f"<p>{escape(site.name)}{escape(title)}。本页内容按照《中华人民共和国政府信息公开条例》编制。</p></div></div>")
    crumbs = [("政务公开", "/zwgk/index.html"), (title, path)]
    return html_page(chrome(site, title, crumbs, main, generated=generated), modified=generated, kind="page")


def dept_page(site: SiteInfo, depts: list[DeptLink], generated: datetime) -> Page:
    """部门信息公开: the departments by name, each linking to its catalogue's ``gkmlpt/index``."""
    rows = "".join(f'<div class="list_li"><a href="{escape(d.url)}" target="_blank">{escape(d.name)}</a>'
                   f"<span>政府信息公开目录</span></div>" for d in depts)
    main = (f'<div class="column-title"><h2>部门信息公开</h2></div><p>以下为{escape(site.district)}各部门政府信息公开目录：</p>'
            f'<div class="list_box bm-list">{rows}</div>')
    crumbs = [("政务公开", "/zwgk/index.html"), ("部门信息公开", DEPT_PAGE)]
    return html_page(chrome(site, "部门信息公开", crumbs, main, generated=generated), modified=generated, kind="page")


def dept_host_home(g: Gkmlpt, generated: datetime) -> Page:
    """A city department's own host: a front page pointing at its catalogue."""
    main = (f'<div class="banner"><h2>{escape(g.name)}</h2></div>'
            f'{link_list([("政府信息公开目录", g.prefix + "index"), ("政务服务", "/zwfw/index.html")])}')
    return html_page(chrome(g.site, "首页", [], main, generated=generated), modified=generated, kind="page")


def _file_pages(arts: list[Article]) -> dict[str, Page]:
    pages: dict[str, Page] = {}
    for art in arts:
        for a in art.attachments:
            pages[a.url] = Page(a.data, mime=a.mime, modified=art.published, dynamic=False,
                                kind=a.role, expected=a.expected)
    return pages


def build_site(model: SiteModel, *, generated: datetime, news: list[tuple[str, str]]) -> dict[str, Page]:
    """Every page of one site and its departments' hosts, keyed by absolute URL (``?query`` for the API)."""
    site = model.info
    pages: dict[str, Page] = {}
    on = site.url
    hosts = {g.site.host: g for g in model.gkmlpts if g.site.host != site.host}
    for info in [site, *(g.site for g in hosts.values())]:
        pages[info.url("/robots.txt")] = robots_txt()
        pages.update({info.url(p): page for p, page in static_assets().items()})
    for g in hosts.values():
        pages[g.site.url("/")] = pages[g.site.url("/index.html")] = dept_host_home(g, generated)
    pages[on("/")] = home_page(site, news, generated)
    pages[on("/index.html")] = pages[on("/")]
    entry_title, entry_path = model.report_entry()
    info_links = [("政府信息公开指南", "/zwgk/xxgkzn/index.html"), ("政府信息公开制度", "/zwgk/xxgkzd/index.html"),
                  ("法定主动公开内容", "/zwgk/fdzdgknr/index.html")]
    for title, path in info_links:
        pages[on(path)] = info_page(site, title, path, generated)
    zwgk_links = [*info_links, (entry_title, entry_path)]
    zwgk_links += [("政府信息公开目录", g.prefix + "index") for g in model.own]
    if model.dept_links:
        zwgk_links.append(("部门信息公开", DEPT_PAGE))
        pages[on(DEPT_PAGE)] = dept_page(site, model.dept_links, generated)
    pages[on("/zwgk/index.html")] = zwgk_page(site, zwgk_links, generated)
    arts: list[Article] = []
    if model.portal is not None:
        portal = portal_pages(site, model.portal, [("政务公开", "/zwgk/index.html")], generated)
        pages.update({on(p): page for p, page in portal.items()})
        for col in model.portal.walk():
            arts.extend(col.articles)
    for g in model.gkmlpts:
        pages.update({g.site.url(p): page for p, page in gkmlpt_pages(g, generated=generated).items()})
        for cat in g.categories():
            arts.extend(cat.articles)
    for old, new in model.redirects.items():
        pages[on(old)] = Page(b"", status=301, location=new, dynamic=False, kind="redirect")
    pages.update(_file_pages(arts))
    return pages
