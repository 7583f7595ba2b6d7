"""Hanweb (大汉) JCMS county site: GBK pages, a datastore in a script, paging only through dataproxy.jsp.

After REAL_SITES.md and hulelan/china-governance crawlers/jpaas.py (``_jpage_url``:
``/module/web/jpage/dataproxy.jsp?startrecord=&endrecord=&perpage=&columnid=&unitid=&webid=``):
columns ``/col/col{N}/index.html`` hold their first page of records in ``<script
type="text/xml"><datastore><nextgroup>…<recordset><record><![CDATA[<li><a …>]]>``; the
rest come only from dataproxy.jsp (GET or POST with the page's ``ajaxParam`` form fields),
answered as ``<datastore>`` XML by ``replica.county_api``. Articles ``/art/Y/M/D/art_{col}_{id}.html``,
body ``#zoom``. Every page is GBK sent as bare ``text/html`` without a meta charset (some
articles carry a wrong ``charset=utf-8`` meta). Files come through ``downfile.jsp`` as
``application/octet-stream`` with the name in Content-Disposition: RFC 5987 ``filename*``,
a quoted GBK ``filename="…"`` or a plain ASCII name.
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from html import escape
from urllib.parse import quote

from replica.county_chrome import NavStep, article_meta, encode_page, info_line, shell
from replica.county_data import CountySite
from replica.pages import Page, fmt_date

DATAPROXY = "/module/web/jpage/dataproxy.jsp"
DOWNFILE = "/module/download/downfile.jsp"


def nav_steps(site: CountySite) -> list[NavStep]:
    col = int(site.params["columnid"])
    return [NavStep(site.host, f"/col/col{col - 126}/index.html", "政务公开", "政务公开"),
            NavStep(site.host, f"/col/col{col - 37}/index.html", "政府信息公开", "政府信息公开"),
            NavStep(site.host, f"/col/col{col}/index.html", site.column_title, site.column_title)]


def trap_url(site: CountySite) -> str:
    return f"http://{site.host}{site.robots_trap}search.do?q=%E5%B9%B4%E5%BA%A6%E6%8A%A5%E5%91%8A&webid={site.params['webid']}"


def article_url(site: CountySite, art_id: int, when: datetime) -> str:
    return f"http://{site.host}/art/{when.year}/{when.month}/{when.day}/art_{site.params['columnid']}_{art_id}.html"


def file_url(site: CountySite, art_id: int, i: int, ext: str, when: datetime, name: str) -> tuple[str, dict]:
    """The download URL and its headers; the name's form varies (by the report's year)."""
    stored = hashlib.sha256(f"{art_id}:{i}".encode()).hexdigest()[:32] + f".{ext}"
    year = when.year - 1
    if year == 2021:  # quoted raw GBK bytes: http.server sends header text as latin-1
        disposition = 'attachment; filename="' + name.encode("gbk").decode("latin-1") + '"'
    elif year == 2022:
        disposition = f"attachment; filename={stored}"
    else:
        disposition = f"attachment; filename*=UTF-8''{quote(name, safe='')}"
    headers = {"Content-Type": "application/octet-stream", "Content-Disposition": disposition}
    return f"http://{site.host}{DOWNFILE}?classid=0&filename={stored}", headers


def body_href(site: CountySite, url: str) -> str:
    return url.split(site.host, 1)[1]


def _record(e) -> str:
    return (f'<li><a href="{e.url.split("gov.cn", 1)[1]}" title="{escape(e.article.title)}" target="_blank">'
            f'{escape(e.article.title)}</a><span class="bt-data-time">{fmt_date(e.article.published)}</span></li>')


def ajax_param(site: CountySite) -> dict:
    p = site.params
    return {"col": 1, "appid": 1, "webid": int(p["webid"]), "path": p["path"], "columnid": int(p["columnid"]),
            "sourceContentType": 1, "unitid": p["unitid"], "webname": p["webname"],
            "permissiontype": int(p["permissiontype"])}


def column_pages(site: CountySite, entries: list, generated: datetime) -> tuple[dict[str, Page], dict]:
    from replica.county_systems import dataset_page

    p = site.params
    records = [_record(e) for e in entries]
    first = "".join(f"<record><![CDATA[\n{r}\n]]></record>\n" for r in records[:site.page_size])
    nextgroup = (f'{DATAPROXY}?page=1&webid={p["webid"]}&path={p["path"]}&columnid={p["columnid"]}'
                 f'&unitid={p["unitid"]}&webname={quote(p["webname"], encoding="gbk")}&permissiontype={p["permissiontype"]}')
    unit = p["unitid"]
    main = (f'<div class="crumbs">当前位置：<a href="/">首页</a> &gt; {escape(site.column_title)}</div>'
            f'<h2>{escape(site.column_title)}</h2>\n<div id="{unit}"><script type="text/xml"><datastore>\n'
            f'<nextgroup><![CDATA[<a href="{escape(nextgroup)}"></a>]]></nextgroup>\n<recordset>\n{first}</recordset>\n'
            f"</datastore></script></div>\n"
            f'<script type="text/javascript" src="/module/web/jpage/jpage.js"></script>\n'
            f"<script type=\"text/javascript\">var ajaxParam = {json.dumps(ajax_param(site), ensure_ascii=False)};\n"
            f"$('#{unit}').jpage({{dataStore: document.getElementById('{unit}').innerHTML, proxyUrl: '{DATAPROXY}', "
            f"ajaxParam: ajaxParam, totalRecord: {len(records)}, perPage: {site.page_size}, groupSize: 1, "
            f"barPosition: 'bottom', ajaxType: 'post', showMode: 'full'}});</script>")
    meta = f'<meta name="ColumnName" content="{escape(site.column_title)}">\n<meta name="ColumnType" content="信息公开">\n'
    url = f"http://{site.host}/col/col{p['columnid']}/index.html"
    modified = entries[0].article.published if entries else generated
    pages = {url: encode_page(shell(site, f"{site.column_title} {site.name}", main, meta=meta, charset=None), site,
                              kind="listing", modified=modified),
             f"http://{site.host}/module/web/jpage/jpage.js": Page(JPAGE_JS.encode(), mime="application/javascript",
                                                                   kind="asset")}
    dataset = dataset_page("hanweb", {"params": {k: str(v) for k, v in ajax_param(site).items()},
                                      "required": ["columnid", "unitid", "webid"], "perpage": site.page_size,
                                      "records": records}, modified)
    return pages, {f"http://{site.host}{DATAPROXY}": dataset}


JPAGE_JS = """(function($){ $.fn.jpage = function(cfg){ /* pages after the first: POST cfg.ajaxParam to cfg.proxyUrl
 with startrecord, endrecord and perpage in the query string; the answer is <datastore> XML */ }; })(jQuery);
"""


def article_page(site: CountySite, entry) -> Page:
    art = entry.article
    files = "".join(f'<p><a href="{escape(body_href(site, a.url))}" target="_blank">{escape(a.name)}</a></p>'
                    for a in art.files)
    main = (f'<div class="article"><h1 class="title">{escape(art.title)}</h1>{info_line(art.published, art.agency)}'
            f'<div id="zoom">{art.body_html}</div>' + (f'<div class="fj">附件：{files}</div>' if files else "") + "</div>")
    meta = article_meta(site, art.title, art.published, art.agency, site.column_title)
    wrong = "utf-8" if art.post_id % 3 == 0 else None  # some templates declare UTF-8 over GBK bytes
    return encode_page(shell(site, f"{art.title} {site.name}", main, meta=meta, charset=wrong), site,
                       kind="article", modified=art.published, expected=art.expected)
