"""开普云 (Ucap) county site: ``_isJson=true`` JSON lists and ``#UCAP-CONTENT`` articles.

After hulelan/china-governance crawlers/heilongjiang.py: ``/common/search/{channel}?page=&_pageSize=
&_isAgg=true&_isJson=true&_template=index`` answers ``{"data": {"total", "page", "rows",
"results": [{title, url, publishedTimeStr, subTitle, content, domainMetaList: [{resultList:
[{key, value}]}]}]}}``; without ``_isJson=true`` the same URL answers the rendered HTML list.
The column page only holds the script that calls it. Articles ``….shtml`` with the body in
``div#UCAP-CONTENT`` wrapping ``<UCAPCONTENT>``. UTF-8.
"""

from __future__ import annotations

import hashlib
from datetime import datetime
from html import escape

from replica.county_chrome import NavStep, article_meta, encode_page, info_line, shell
from replica.county_data import CountySite
from replica.pages import Page


def _short(site: CountySite) -> str:
    return "c" + str(int(site.params["channel"][:6], 16) % 900_000 + 100_000)


def nav_steps(site: CountySite) -> list[NavStep]:
    return [NavStep(site.host, "/zwgk/index.shtml", "政务公开", "政务公开"),
            NavStep(site.host, "/zwgk/xxgk/index.shtml", "政府信息公开", "政府信息公开"),
            NavStep(site.host, f"/zwgk/xxgk/{_short(site)}/list.shtml", site.column_title, site.column_title)]


def trap_url(site: CountySite) -> str:
    return f"http://{site.host}{site.robots_trap}index?q=%E5%B9%B4%E5%BA%A6%E6%8A%A5%E5%91%8A"


def search_path(site: CountySite) -> str:
    return f"/common/search/{site.params['channel']}"


def article_url(site: CountySite, art_id: int, when: datetime) -> str:
    uid = hashlib.sha256(f"{site.key}:{art_id}".encode()).hexdigest()[:32]
    return f"http://{site.host}/zwgk/xxgk/{_short(site)}/{when:%Y%m}/{uid}.shtml"


def file_url(site: CountySite, art_id: int, i: int, ext: str, when: datetime, name: str) -> tuple[str, dict]:
    return f"http://{site.host}/uploadfiles/{when:%Y%m}/{hashlib.sha256(f'{art_id}:{i}'.encode()).hexdigest()[:24]}.{ext}", {}


def body_href(site: CountySite, url: str) -> str:
    return url.split(site.host, 1)[1]


# The column's list is built in the browser from the search API's JSON (what a real Ucap column
# does with jQuery; plain fetch here, so Chromium renders it without a library the replica lacks).
UCAP_LIST_JS = """function renderList(res) {
  var ul = document.getElementById('UCAP-LIST'), d = (res && res.data) || {};
  (d.results || []).forEach(function (r) {
    var li = document.createElement('li'), a = document.createElement('a');
    a.href = r.url; a.textContent = r.title; a.title = r.title; li.appendChild(a);
    var s = document.createElement('span'); s.textContent = (r.publishedTimeStr || '').slice(0, 10);
    li.appendChild(s); ul.appendChild(li);
  });
  var pager = document.getElementById('pager'), pages = Math.ceil((d.total || 0) / (d.rows || 1));
  pager.innerHTML = '';
  for (var i = 1; i <= pages; i++) {
    var b = document.createElement('a'); b.href = 'javascript:void(0)'; b.textContent = i;
    b.setAttribute('onclick', 'loadPage(' + i + ')'); pager.appendChild(b);
  }
}
function loadPage(page) {
  fetch('/common/search/' + channelId + '?page=' + page + '&_pageSize=%d&_isAgg=true&_isJson=true&_template=index')
    .then(function (r) { return r.json(); }).then(renderList);
}"""


def column_pages(site: CountySite, entries: list, generated: datetime) -> tuple[dict[str, Page], dict]:
    from replica.county_systems import dataset_page

    api = f"{search_path(site)}?page=1&_pageSize={site.page_size}&_isAgg=true&_isJson=true&_template=index"
    main = (f'<div class="crumbs">当前位置：<a href="/">首页</a> &gt; {escape(site.column_title)}</div>'
            f'<h2>{escape(site.column_title)}</h2><ul id="UCAP-LIST" class="list"></ul><div id="pager"></div>'
            f"<script>var channelId = '{site.params['channel']}';\n{UCAP_LIST_JS % site.page_size}\n"
            f"loadPage(1); /* {escape(api)} */</script>")
    meta = f'<meta name="ColumnName" content="{escape(site.column_title)}">\n'
    modified = entries[0].article.published if entries else generated
    results = []
    for e in entries:
        a = e.article
        results.append({"title": a.title, "url": e.url.split(site.host, 1)[1], "subTitle": "",
                        "publishedTimeStr": a.published.strftime("%Y-%m-%d %H:%M:%S"),
                        "content": f"{a.title}。", "domainMetaList": [{"resultList": [
                            {"key": "source", "value": a.agency}, {"key": "indexnumber", "value": a.identifier},
                            {"key": "pubdate", "value": a.published.strftime("%Y-%m-%d")},
                            {"key": "writedate", "value": a.written.strftime("%Y-%m-%d")}]}]})
    dataset = dataset_page("ucap", {"channel": site.params["channel"], "records": results}, modified)
    url = f"http://{site.host}{nav_steps(site)[-1].path}"
    return ({url: encode_page(shell(site, f"{site.column_title}-{site.name}", main, meta=meta), site,
                              kind="listing", modified=modified)},
            {f"http://{site.host}{search_path(site)}": dataset})


def article_page(site: CountySite, entry) -> Page:
    art = entry.article
    files = "".join(f'<p><a href="{escape(body_href(site, a.url))}">{escape(a.name)}</a></p>' for a in art.files)
    main = (f'<div class="article"><h1 class="UCAPTITLE">{escape(art.title)}</h1>{info_line(art.published, art.agency)}'
            f'<div class="article_content" id="UCAP-CONTENT"><UCAPCONTENT>{art.body_html}</UCAPCONTENT></div>'
            + (f'<div class="article_appendix">附件：{files}</div>' if files else "") + "</div>")
    meta = article_meta(site, art.title, art.published, art.agency, site.column_title)
    return encode_page(shell(site, art.title, main, meta=meta), site, kind="article", modified=art.published,
                       expected=art.expected)
