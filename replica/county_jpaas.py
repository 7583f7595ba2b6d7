"""Zhejiang JPaaS county site: the column's list comes from a JSON unit API paged by ``pageNo``.

After hulelan/china-governance crawlers/hangzhou.py: ``/api-gateway/jpaas-publish-server/front/
page/build/unit?parseType=bulidstatic&webId=&tplSetId=&pageType=column&tagId=&pageId=&rows=&pageNo=``
answers ``{"success": true, "data": {"html": "…<li><a title href>…</a><b>date</b></li>…"}}`` with
the row count in a ``count="N"`` attribute. The column page itself (``/col/col{pageId}/index.html``)
has no rows: its script calls the API. Articles ``/art/Y/M/D/art_{pageId}_{id}.html`` with
``#zoom``; files under ``/attach/0/``. UTF-8.
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

UNIT_API = "/api-gateway/jpaas-publish-server/front/page/build/unit"


def nav_steps(site: CountySite) -> list[NavStep]:
    col = int(site.params["pageId"])
    return [NavStep(site.host, f"/col/col{col - 873}/index.html", "政务公开", "政务公开"),
            NavStep(site.host, f"/col/col{col - 24}/index.html", "信息公开", "信息公开"),
            NavStep(site.host, f"/col/col{col}/index.html", site.column_title, site.column_title)]


def trap_url(site: CountySite) -> str:
    return f"http://{site.host}{site.robots_trap}search.do?websiteid=330106000000000&q=%E5%B9%B4%E5%BA%A6%E6%8A%A5%E5%91%8A"


def article_url(site: CountySite, art_id: int, when: datetime) -> str:
    return f"http://{site.host}/art/{when.year}/{when.month}/{when.day}/art_{site.params['pageId']}_{art_id}.html"


def file_url(site: CountySite, art_id: int, i: int, ext: str, when: datetime, name: str) -> tuple[str, dict]:
    return f"http://{site.host}/attach/0/{hashlib.sha256(f'{art_id}:{i}'.encode()).hexdigest()[:32]}.{ext}", {}


def body_href(site: CountySite, url: str) -> str:
    return url.split(site.host, 1)[1]


def unit_query(site: CountySite, page_no: int = 1) -> str:
    p = site.params
    return (f"parseType={p['parseType']}&webId={p['webId']}&tplSetId={p['tplSetId']}&pageType={p['pageType']}"
            f"&tagId={quote(p['tagId'])}&editType=null&pageId={p['pageId']}&unitId={p['unitId']}"
            f"&rows={site.page_size}&pageNo={page_no}")


# The unit's list is fetched and inserted by the page (jQuery on real JPaaS columns; plain fetch
# here, so Chromium renders it without a library the replica does not serve).
JPAAS_UNIT_JS = """function loadUnit(pageNo) {
  var q = new URLSearchParams(unitParams); q.set('editType', 'null'); q.set('rows', '%d'); q.set('pageNo', pageNo);
  fetch('%s?' + q.toString()).then(function (r) { return r.json(); }).then(function (res) {
    if (res.success) { document.getElementById('unit%s').innerHTML = res.data.html; }
  });
}"""


def column_pages(site: CountySite, entries: list, generated: datetime) -> tuple[dict[str, Page], dict]:
    from replica.county_systems import dataset_page

    p = site.params
    params = {k: p[k] for k in ("parseType", "webId", "tplSetId", "pageType", "tagId", "pageId", "unitId")}
    main = (f'<div class="crumbs">当前位置：<a href="/">首页</a> &gt; {escape(site.column_title)}</div>'
            f'<h2>{escape(site.column_title)}</h2><div id="unit{p["unitId"]}" class="list-unit" '
            f'data-url="{escape(UNIT_API + "?" + unit_query(site))}"></div>'
            f"<script>var unitParams = {json.dumps(params, ensure_ascii=False)};\n"
            f"{JPAAS_UNIT_JS % (site.page_size, UNIT_API, p['unitId'])}\nloadUnit(1);</script>")
    meta = f'<meta name="ColumnName" content="{escape(site.column_title)}">\n'
    url = f"http://{site.host}/col/col{p['pageId']}/index.html"
    modified = entries[0].article.published if entries else generated
    rows = [f'<li><a title="{escape(e.article.title)}" target="_blank" href="{e.url.split("gov.cn", 1)[1]}">'
            f'{escape(e.article.title)}</a><b>{fmt_date(e.article.published)}</b></li>' for e in entries]
    dataset = dataset_page("jpaas", {"params": params, "required": ["webId", "pageId"], "rows": site.page_size,
                                     "records": rows}, modified)
    return ({url: encode_page(shell(site, f"{site.column_title} {site.name}", main, meta=meta), site, kind="listing",
                              modified=modified)},
            {f"http://{site.host}{UNIT_API}": dataset})


def article_page(site: CountySite, entry) -> Page:
    art = entry.article
    files = "".join(f'<p><a href="{escape(body_href(site, a.url))}">{escape(a.name)}</a></p>' for a in art.files)
    main = (f'<div class="article"><h1>{escape(art.title)}</h1>{info_line(art.published, art.agency)}'
            f'<div id="zoom">{art.body_html}</div>' + (f'<div class="fj">附件：{files}</div>' if files else "") + "</div>")
    meta = article_meta(site, art.title, art.published, art.agency, site.column_title)
    return encode_page(shell(site, art.title, main, meta=meta), site, kind="article", modified=art.published,
                       expected=art.expected)
