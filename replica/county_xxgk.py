"""A separate 政府信息公开 sub-site (``zfxxgk.<county>.gov.cn``), ASP.NET lists paged by ``page=``.

After REAL_SITES.md ("Separate disclosure sub-sites … ``.aspx?cid=&page=``"): the county's
main host links the sub-site from its 政务公开 page; there the 信息公开目录 lists the
年报 category ``List.aspx?cid=…`` paged ``&page=N``; articles ``Detail.aspx?cid=&id=`` with
a metadata table and ``div#content``; files under ``/UploadFiles/``. UTF-8.
"""

from __future__ import annotations

import math
from datetime import datetime
from html import escape

from replica.county_chrome import NavStep, article_meta, encode_page, shell
from replica.county_data import CountySite
from replica.pages import Page, fmt_date


def nav_steps(site: CountySite) -> list[NavStep]:
    x = site.report_host
    return [NavStep(site.host, "/zwgk/index.html", "政务公开", "政务公开"),
            NavStep(x, "/", "政府信息公开", "政府信息公开"),
            NavStep(x, "/Catalog.aspx", "政府信息公开目录", "信息公开目录"),
            NavStep(x, f"/List.aspx?cid={site.params['cid']}", site.column_title, site.column_title)]


def trap_url(site: CountySite) -> str:
    return f"http://{site.report_host}{site.robots_trap}?kw=%E5%B9%B4%E5%BA%A6%E6%8A%A5%E5%91%8A"


def article_url(site: CountySite, art_id: int, when: datetime) -> str:
    return f"http://{site.report_host}/Detail.aspx?cid={site.params['cid']}&id={art_id % 1_000_000}"


def file_url(site: CountySite, art_id: int, i: int, ext: str, when: datetime, name: str) -> tuple[str, dict]:
    return f"http://{site.report_host}/UploadFiles/{when:%Y%m}/{when:%Y%m%d%H%M}{art_id % 1000:03d}{i}.{ext}", {}


def body_href(site: CountySite, url: str) -> str:
    return url.split(site.report_host, 1)[1]


def _viewstate(text: str) -> str:
    import base64
    import hashlib

    return base64.b64encode(hashlib.sha256(text.encode()).digest() * 2).decode()


def column_pages(site: CountySite, entries: list, generated: datetime) -> tuple[dict[str, Page], dict]:
    cid = site.params["cid"]
    n = max(1, math.ceil(len(entries) / site.page_size))
    pages = {}
    modified = entries[0].article.published if entries else generated
    for i in range(1, n + 1):
        chunk = entries[(i - 1) * site.page_size:i * site.page_size]
        rows = "".join(f'<tr><td><a href="{escape(e.url.split(site.report_host + "/", 1)[1])}" target="_blank">'
                       f'{escape(e.article.title)}</a></td><td>{fmt_date(e.article.published)}</td></tr>'
                       for e in chunk)
        pager = "".join(f'<a href="List.aspx?cid={cid}&amp;page={k}">{k}</a> ' if k != i else f"<span>{k}</span> "
                        for k in range(1, n + 1))
        if i < n:
            pager += f'<a href="List.aspx?cid={cid}&amp;page={i + 1}">下一页</a>'
        main = (f'<form method="post" action="./List.aspx?cid={cid}" id="form1">'
                f'<input type="hidden" name="__VIEWSTATE" id="__VIEWSTATE" value="{_viewstate(f"{cid}:{i}")}" />'
                f'<h2>{escape(site.column_title)}</h2><table id="GridView1" class="list">{rows}</table>'
                f'<div class="pager">共{len(entries)}条 第{i}/{n}页 {pager}</div></form>')
        page = encode_page(shell(site, f"{site.column_title}--{site.name}政府信息公开", main), site, kind="listing",
                           modified=modified)
        base = f"http://{site.report_host}/List.aspx?cid={cid}"
        pages[f"{base}&page={i}"] = page
        if i == 1:
            pages[base] = page
    return pages, {}


def article_page(site: CountySite, entry) -> Page:
    art = entry.article
    files = "".join(f'<p><a href="{escape(body_href(site, a.url))}">{escape(a.name)}</a></p>' for a in art.files)
    table = (f'<table class="xxgk-meta"><tr><td>索引号：</td><td>{escape(art.identifier)}</td>'
             f'<td>发布机构：</td><td>{escape(art.agency)}</td></tr>'
             f'<tr><td>成文日期：</td><td>{art.written:%Y-%m-%d}</td><td>发布日期：</td><td>{art.published:%Y-%m-%d}</td></tr></table>')
    main = (f'<form method="post" action="./Detail.aspx" id="form1"><input type="hidden" name="__VIEWSTATE" '
            f'value="{_viewstate(str(art.post_id))}" />{table}<h1>{escape(art.title)}</h1>'
            f'<div id="content" class="content">{art.body_html}</div>'
            + (f'<div class="fj">相关附件：{files}</div>' if files else "") + "</form>")
    meta = article_meta(site, art.title, art.published, art.agency, site.column_title)
    return encode_page(shell(site, art.title, main, meta=meta), site, kind="article", modified=art.published,
                       expected=art.expected)
