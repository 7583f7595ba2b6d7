"""Boda VSB county site: ``/info/iList.jsp?cat_id=…&cur_page=N`` lists and ``/info/{col}/{id}.htm`` articles.

After REAL_SITES.md ("Boda VSB"): the list JSP pages with ``cur_page`` (first page with or
without it); rows sit in a ``winstyle`` table; articles keep the body in
``div#vsb_content``/``.v_news_content`` inside the ``_newscontent_fromname`` form; files come
from ``/system/_content/download.jsp?urltype=news.DownloadAttachUrl&owner=&wbfileid=``. UTF-8.
"""

from __future__ import annotations

import math
from datetime import datetime
from html import escape

from replica.county_chrome import NavStep, article_meta, encode_page, info_line, shell
from replica.county_data import CountySite
from replica.pages import Page, fmt_date


def _cat(site: CountySite) -> str:
    return site.params["cat_id"]


def nav_steps(site: CountySite) -> list[NavStep]:
    return [NavStep(site.host, "/zwgk.htm", "政务公开", "政务公开"),
            NavStep(site.host, "/zwgk/xxgk.htm", "政府信息公开", "政府信息公开"),
            NavStep(site.host, f"/info/iList.jsp?cat_id={_cat(site)}", site.column_title, site.column_title)]


def trap_url(site: CountySite) -> str:
    return f"http://{site.host}{site.robots_trap}search.jsp?searchScope=0&keyword=%E5%B9%B4%E5%BA%A6%E6%8A%A5%E5%91%8A"


def article_url(site: CountySite, art_id: int, when: datetime) -> str:
    return f"http://{site.host}/info/{_cat(site)}/{art_id % 100_000}.htm"


def file_url(site: CountySite, art_id: int, i: int, ext: str, when: datetime, name: str) -> tuple[str, dict]:
    owner = 1_500_000_000 + art_id % 10_000_000
    return (f"http://{site.host}/system/_content/download.jsp?owner={owner}&urltype=news.DownloadAttachUrl"
            f"&wbfileid={art_id % 1_000_000 * 10 + i}"), {}


def body_href(site: CountySite, url: str) -> str:
    return url.split(site.host, 1)[1]


def column_pages(site: CountySite, entries: list, generated: datetime) -> tuple[dict[str, Page], dict]:
    n = max(1, math.ceil(len(entries) / site.page_size))
    pages = {}
    modified = entries[0].article.published if entries else generated
    for i in range(1, n + 1):
        chunk = entries[(i - 1) * site.page_size:i * site.page_size]
        rows = "".join(f'<tr id="line_u8_{k}"><td><a href="{e.url.split(site.host, 1)[1]}" class="c56789" '
                       f'title="{escape(e.article.title)}">{escape(e.article.title)}</a></td>'
                       f'<td><span class="timestyle56789">{fmt_date(e.article.published)}</span></td></tr>'
                       for k, e in enumerate(chunk))
        nav = []
        if i > 1:
            nav.append(f'<a href="iList.jsp?cat_id={_cat(site)}&amp;cur_page={i - 1}" class="Prev">上页</a>')
        if i < n:
            nav.append(f'<a href="iList.jsp?cat_id={_cat(site)}&amp;cur_page={i + 1}" class="Next">下页</a>')
        main = (f'<div class="crumbs">当前位置：<a href="/">首页</a> &gt; {escape(site.column_title)}</div>'
                f'<h2>{escape(site.column_title)}</h2><table class="winstyle56789" width="100%">{rows}</table>'
                f'<table><tr><td class="pagestyle56789">共{len(entries)}条&nbsp;&nbsp;{i}/{n}&nbsp;{"".join(nav)}</td></tr></table>'
                '<!-- vsb content -->')
        head = '<meta name="description" content="vsb"><script src="/system/resource/js/counter.js"></script>\n'
        page = encode_page(shell(site, f"{site.column_title}-{site.name}", main, head=head), site, kind="listing",
                           modified=modified)
        base = f"http://{site.host}/info/iList.jsp?cat_id={_cat(site)}"
        pages[f"{base}&cur_page={i}"] = page
        if i == 1:
            pages[base] = page
    return pages, {}


def article_page(site: CountySite, entry) -> Page:
    art = entry.article
    files = "".join(f'<li>附件【<a href="{escape(body_href(site, a.url))}" target="_blank">{escape(a.name)}</a>】'
                    f'已下载<span id="nattach{a.aid}">0</span>次</li>' for a in art.files)
    main = (f'<form name="_newscontent_fromname"><h1>{escape(art.title)}</h1>{info_line(art.published, art.agency)}'
            f'<div id="vsb_content"><div class="v_news_content">{art.body_html}</div></div>'
            + (f'<ul style="list-style-type:none;">{files}</ul>' if files else "") + "</form>"
            f'<script>_showDynClicks("wbnews", 1500000000, {art.post_id % 100_000})</script>')
    meta = article_meta(site, art.title, art.published, art.agency, site.column_title)
    head = '<script src="/system/resource/js/dynclicks.js"></script>\n'
    return encode_page(shell(site, art.title, main, meta=meta, head=head), site, kind="article",
                       modified=art.published, expected=art.expected)
