"""TRS WCM (海云) county site: static columns ``index.html``, ``index_1.html``… and ``tYYYYMMDD_N.html`` articles.

After hulelan/china-governance crawlers/chongqing.py and govcms.py: the pager is only a
script call ``createPageHTML(total, current, "index", "html")`` (page 0 = ``index.html``,
page N = ``index_N.html``); rows link ``./YYYYMM/tYYYYMMDD_ID.html``; the body sits in
``div.TRS_Editor`` (inside ``trs_editor_view``); attachments are ``./P0…`` files next to
the article; pages carry ``DocId``/``ChnlId``/``ColumnName`` metas.
"""

from __future__ import annotations

import math
from datetime import datetime
from html import escape

from replica.county_chrome import NavStep, article_meta, encode_page, info_line, shell
from replica.county_data import CountySite
from replica.pages import Page, fmt_date


def _col(site: CountySite) -> str:
    return site.params["column_path"]


def nav_steps(site: CountySite) -> list[NavStep]:
    root = _col(site).split("/")[1]
    return [NavStep(site.host, f"/{root}/index.html", "政务公开", "政务公开"),
            NavStep(site.host, f"/{root}/fdzdgknr/index.html", "法定主动公开内容", "政府信息公开"),
            NavStep(site.host, _col(site) + "index.html", site.column_title, site.column_title)]


def trap_url(site: CountySite) -> str:
    return f"http://{site.host}{site.robots_trap}web/search?channelid=228483&searchword=%E5%B9%B4%E5%BA%A6%E6%8A%A5%E5%91%8A"


def article_url(site: CountySite, art_id: int, when: datetime) -> str:
    return f"http://{site.host}{_col(site)}{when:%Y%m}/t{when:%Y%m%d}_{art_id}.html"


def file_url(site: CountySite, art_id: int, i: int, ext: str, when: datetime, name: str) -> tuple[str, dict]:
    return f"http://{site.host}{_col(site)}{when:%Y%m}/P0{when:%Y%m%d}{art_id % 1_000_000:06d}{i}.{ext}", {}


def body_href(site: CountySite, url: str) -> str:
    return "./" + url.rsplit("/", 1)[1]  # TRS writes attachment links relative to the article


def column_pages(site: CountySite, entries: list, generated: datetime) -> tuple[dict[str, Page], dict]:
    n = max(1, math.ceil(len(entries) / site.page_size))
    pages = {}
    chnl = site.params["ChnlId"]
    for i in range(n):
        chunk = entries[i * site.page_size:(i + 1) * site.page_size]
        rows = "".join(f'<li><a href="./{e.url.split(_col(site), 1)[1]}" title="{escape(e.article.title)}" '
                       f'target="_blank">{escape(e.article.title)}</a><span>{fmt_date(e.article.published)}</span></li>'
                       for e in chunk)
        main = (f'<div class="crumbs">当前位置：<a href="/">首页</a> &gt; {escape(site.column_title)}</div>'
                f'<h2>{escape(site.column_title)}</h2><ul class="list">{rows}</ul>'
                f'<div class="page" id="page"><script type="text/javascript">'
                f'var currentPage = {i};var countPage = {n};'
                f'createPageHTML(countPage, currentPage, "index", "html");</script></div>')
        meta = (f'<meta name="ColumnName" content="{escape(site.column_title)}">\n<meta name="ChnlId" content="{chnl}">\n'
                f'<meta name="SiteId" content="{site.params["SiteId"]}">\n')
        head = '<script src="/js/trs_page.js"></script>\n'
        path = "index.html" if i == 0 else f"index_{i}.html"
        pages[f"http://{site.host}{_col(site)}{path}"] = encode_page(
            shell(site, f"{site.column_title}_{site.name}", main, meta=meta, head=head), site, kind="listing",
            modified=entries[0].article.published if entries else generated)
    pages[f"http://{site.host}/js/trs_page.js"] = Page(TRS_PAGE_JS.encode(), mime="application/javascript",
                                                       kind="asset")
    return pages, {}


TRS_PAGE_JS = """function createPageHTML(_nPageCount, _nCurrIndex, _sPageName, _sPageExt) {
  if (_nPageCount == null || _nPageCount <= 1) { return; }
  var nCurrIndex = _nCurrIndex || 0;
  if (nCurrIndex == 0) document.write("首页 上一页 ");
  else document.write("<a href=\\"" + _sPageName + "." + _sPageExt + "\\">首页</a> <a href=\\"" + _sPageName
    + (nCurrIndex - 1 == 0 ? "" : "_" + (nCurrIndex - 1)) + "." + _sPageExt + "\\">上一页</a> ");
  if (nCurrIndex + 1 < _nPageCount) document.write("<a href=\\"" + _sPageName + "_" + (nCurrIndex + 1) + "."
    + _sPageExt + "\\">下一页</a> <a href=\\"" + _sPageName + "_" + (_nPageCount - 1) + "." + _sPageExt + "\\">尾页</a>");
  else document.write("下一页 尾页");
}
"""


def article_page(site: CountySite, entry) -> Page:
    art = entry.article
    files = "".join(f'<p><a href="./{a.url.rsplit("/", 1)[1]}" OLDSRC="/protect/{a.url.rsplit("/", 1)[1]}">'
                    f'{escape(a.name)}</a></p>' for a in art.files)
    main = (f'<div class="article"><h1>{escape(art.title)}</h1>{info_line(art.published, art.agency)}'
            f'<div class="view TRS_UEDITOR trs_paper_default trs_web trs_editor_view"><div class="TRS_Editor">'
            f'{art.body_html}</div></div>'
            + (f'<div class="fj"><span>附件：</span>{files}</div>' if files else "") + "</div>")
    meta = article_meta(site, art.title, art.published, art.agency, site.column_title,
                        f'<meta name="DocId" content="{art.post_id}">\n<meta name="ChnlId" content="{site.params["ChnlId"]}">\n')
    return encode_page(shell(site, art.title, main, meta=meta), site, kind="article", modified=art.published,
                       expected=art.expected)
