"""Portal (NFCMS) column and article pages.

Lists are ``div.list_li`` rows (``<a>`` title + ``<span>`` date) with a ``#page_div``
pager (``a.next``, ``index_N.html``); article pages use one of three templates seen on
Guangdong sites (REAL_SITES.md): ``text_con`` (``div.text_con_tit`` +
``div.text_con_main#zoomcon``), ``zoom`` (``#zoomtitl`` / ``#zoomtime`` / ``#zoomcon``)
and ``news_cont`` (``.news_cont_d_wrap``). ``ContentSource`` says "本网": the agency is in
the title and in a 发布机构 / 来源 line.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import datetime
from html import escape

from replica.pages import Article, Page, SiteInfo, chrome, fmt_date, fmt_minute, html_page, link_list

TEMPLATES = ("text_con", "zoom", "news_cont")


@dataclass
class ListRow:
    title: str
    url: str
    date: datetime


@dataclass
class PortalColumn:
    """A portal column (or sub-column) with its articles and sub-columns."""

    path: str  # "/zwgk/zfxxgknb/" — pages live at path + "index.html", "index_2.html"…
    title: str
    cat_id: int = 0  # NFCMS_CAT_ID
    articles: list[Article] = field(default_factory=list)
    subcolumns: list[PortalColumn] = field(default_factory=list)
    page_size: int = 15
    relative_links: bool = False  # rows as "./content/post_N.html" instead of absolute URLs
    dynamic_articles: bool = False  # article pages rendered per load (counter/clock/token in the HTML)
    template: str = "text_con"

    def article_path(self, art: Article) -> str:
        return f"{self.path}content/{article_file(art)}"

    def walk(self) -> list[PortalColumn]:
        out = [self]
        for c in self.subcolumns:
            out.extend(c.walk())
        return out


def article_file(art: Article) -> str:
    """``post_N.html``, or ``mpost_N.html`` for some (as on the real portals)."""
    return f"{'mpost' if art.post_id % 7 == 3 else 'post'}_{art.post_id}.html"


def _rows_html(rows: list[ListRow]) -> str:
    return "".join(
        f'<div class="list_li"><a href="{escape(r.url)}" target="_blank" title="{escape(r.title)}">'
        f'{escape(r.title)}</a><span>{fmt_date(r.date)}</span></div>'
        for r in rows
    )


def _rows_broken(rows: list[ListRow]) -> str:
    """The broken-layout listing: no anchors, the URL only in a data attribute for JS."""
    return "".join(
        f'<div class="list-item" data-url="{escape(r.url)}" onclick="openUrl(this)">'
        f'<div class="list-title">{escape(r.title)}</div><div class="list-time">{fmt_date(r.date)}</div></div>'
        for r in rows
    )


def _pager(n_pages: int, page: int) -> str:
    """NFCMS pagination: ``#page_div`` with plain links (``a.next``) and a createPageHTML() call."""
    def name(i: int) -> str:
        return "index.html" if i == 1 else f"index_{i}.html"
    links = [f'<a href="{name(1)}" class="first">首页</a>']
    if page > 1:
        links.append(f'<a href="{name(page - 1)}" class="prev">上一页</a>')
    if page < n_pages:
        links.append(f'<a href="{name(page + 1)}" class="next">下一页</a>')
    links.append(f'<a href="{name(n_pages)}" class="last">尾页</a>')
    return (f'<div class="page" id="page_div">{"".join(links)}<span>共{n_pages}页</span></div>'
            f'<script>createPageHTML("page_div", {n_pages}, {page}, "index", "html");</script>')


def column_pages(site: SiteInfo, col: PortalColumn, crumbs: list[tuple[str, str]], rows: list[ListRow], *,
                 subcolumns: list[tuple[str, str]], generated: datetime) -> dict[str, Page]:
    """A portal column's list pages ``index.html``, ``index_2.html``… (newest first)."""
    rows = sorted(rows, key=lambda r: (r.date, r.url), reverse=True)
    n_pages = max(1, math.ceil(len(rows) / col.page_size))
    sub_good = (f'<div class="sub-column"><h4>栏目</h4>{link_list(list(subcolumns), "sub-list")}</div>'
                if subcolumns else "")
    sub_bad = ("<div class=\"sub-column\">" + _rows_broken(
        [ListRow(t, h, generated) for t, h in subcolumns]) + "</div>") if subcolumns else ""
    pages: dict[str, Page] = {}
    newest = rows[0].date if rows else generated
    nfcms = {"NFCMS_SITE_ID": site.nfcms_id, "NFCMS_CAT_ID": str(col.cat_id)}
    for i in range(1, n_pages + 1):
        chunk = rows[(i - 1) * col.page_size:i * col.page_size]
        pager = _pager(n_pages, i) if n_pages > 1 else ""
        good = (f'<div class="column-title"><h2>{escape(col.title)}</h2></div>{sub_good}'
                f'<div class="list_box">{_rows_html(chunk)}</div>{pager}')
        bad = (f'<div class="column-title"><h2>{escape(col.title)}</h2></div>{sub_bad}'
               f'<div class="list-wrap">{_rows_broken(chunk)}</div>{pager}')
        path = col.path + ("index.html" if i == 1 else f"index_{i}.html")
        cr = [*crumbs, (col.title, col.path + "index.html")]
        pages[path] = html_page(
            chrome(site, col.title, cr, good, generated=generated, nfcms=nfcms, counter_id=f"cat_{col.cat_id}"),
            modified=newest, kind="listing",
            broken=chrome(site, col.title, cr, bad, generated=generated, nfcms=nfcms, counter_id=f"cat_{col.cat_id}"))
    return pages


def attachment_block(art: Article) -> str:
    files = art.files
    if not files:
        return ""
    links = "".join(f'<li><a href="{escape(a.url)}">{escape(a.name)}</a></li>' for a in files)
    return f'<div class="attachment"><p>附件：</p><ul>{links}</ul></div>'


def _zoom_links() -> str:
    return ('<span>【字体：<a href="javascript:doZoom(16)">大</a> <a href="javascript:doZoom(14)">中</a> '
            '<a href="javascript:doZoom(12)">小</a>】</span>')


def article_main(art: Article, template: str) -> str:
    """The article body in one of the three NFCMS templates."""
    when, who = fmt_minute(art.published), escape(art.agency)
    if template == "zoom":  # fgw.gz.gov.cn style
        return f"""<div class="content">
<h1 id="zoomtitl">{escape(art.title)}</h1>
<div id="zoomtime"><span>发布日期：{when}</span><span>来源：{who}</span>{_zoom_links()}</div>
<div id="zoomcon">
{art.body_html}
</div>
{attachment_block(art)}
</div>"""
    if template == "news_cont":
        return f"""<div class="news_cont_d_wrap">
<div class="news_cont_d_title"><h1>{escape(art.title)}</h1></div>
<div class="news_cont_d_info"><span>发布机构：{who}</span><span>发布时间：{when}</span>{_zoom_links()}</div>
<div class="news_cont_d_con" id="zoomcon">
{art.body_html}
</div>
{attachment_block(art)}
</div>"""
    return f"""<div class="text_con">
<div class="text_con_tit"><h1>{escape(art.title)}</h1>
<div class="text_con_info"><span>时间：{when}</span><span>来源：{who}</span>{_zoom_links()}</div></div>
<div class="text_con_main" id="zoomcon">
{art.body_html}
</div>
{attachment_block(art)}
</div>"""


def portal_article(site: SiteInfo, art: Article, col: PortalColumn, crumbs: list[tuple[str, str]],
                   *, generated: datetime) -> Page:
    """A portal article page (static file with validators, or rendered per load if ``dynamic_articles``)."""
    meta = (f'<meta name="ArticleTitle" content="{escape(art.title)}">\n'
            f'<meta name="PubDate" content="{fmt_minute(art.published)}">\n'
            f'<meta name="ColumnName" content="{escape(col.title)}">\n')
    nfcms = {"NFCMS_SITE_ID": site.nfcms_id, "NFCMS_POST_ID": str(art.post_id), "NFCMS_CAT_ID": str(col.cat_id)}
    text = chrome(site, art.title, crumbs, article_main(art, col.template), meta=meta, generated=generated,
                  counter=col.dynamic_articles, counter_id=f"post_{art.post_id}", nfcms=nfcms)
    return html_page(text, modified=art.published, kind="article", dynamic=col.dynamic_articles,
                     expected=art.expected)


def portal_pages(site: SiteInfo, col: PortalColumn, crumbs: list[tuple[str, str]],
                 generated: datetime) -> dict[str, Page]:
    """Every list and article page of a column and its sub-columns."""
    pages: dict[str, Page] = {}
    rows = [ListRow(a.title, ("./content/" if col.relative_links else site.url(col.path) + "content/")
                    + article_file(a), a.published) for a in col.articles]
    subs = [(c.title, c.path[len(col.path):] + "index.html") for c in col.subcolumns]
    pages.update(column_pages(site, col, crumbs, rows, subcolumns=subs, generated=generated))
    here = [*crumbs, (col.title, col.path + "index.html")]
    for art in col.articles:
        pages[col.article_path(art)] = portal_article(site, art, col, here, generated=generated)
    for sub in col.subcolumns:
        pages.update(portal_pages(site, sub, here, generated))
    return pages
