"""gkmlpt, Guangdong's disclosure catalogue: the app shell, the JSON API and article pages.

Shaped after REAL_SITES.md: ``window._CONFIG`` is a JavaScript object literal followed by
other statements; the API answers ``{classify, total, offset, articles}`` where
``classify.post_count`` is several times ``total`` (the rows really listed) and pages past
``total`` are 404; article fields carry ``date`` (成文日期) and ``create_time`` (发布日期),
attachments whose ``type``/``mime`` lie and whose ``size`` is a string; ``type: "url"``
entries point at a page listed elsewhere. Article pages hold the body in ``DETAIL`` (a raw
object literal) with ``div.article-content`` empty, a ``div.classify`` metadata block, and a
large ``SITE_INFO`` (one page carries several MB of it).
"""

from __future__ import annotations

import hashlib
import json
import math
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from html import escape

from replica.jslit import js_literal
from replica.pages import Article, Page, SiteInfo, chrome, fmt_date, fmt_minute, html_page, to_unix

TOKEN_COOKIE = "gkmlpt_token"
BIG_PAGE_BYTES = 3_300_000  # the multi-MB article page (a real one is 4.8 MB)
# What the API says a file is, whatever it really is (sniff the bytes).
API_FILE_TYPES = {"pdf": ("pdf", "application/pdf"), "doc": ("doc", "application/msword"),
                  "docx": ("doc", "application/msword"), "xlsx": ("xls", "application/vnd.ms-excel"),
                  "xls": ("xls", "application/vnd.ms-excel"), "zip": ("zip", "application/zip")}


@dataclass
class LinkEntry:
    """A ``type: "url"`` catalogue entry: its own id, pointing at a page listed elsewhere."""

    post_id: int
    article: Article
    target: str


@dataclass
class Category:
    id: int
    name: str
    parent: int = 0
    children: list[Category] = field(default_factory=list)
    articles: list[Article] = field(default_factory=list)
    links: list[LinkEntry] = field(default_factory=list)
    jump_url: str = ""

    def entries(self) -> list[Article | LinkEntry]:
        """Everything the API lists for this category (its own and its children's), newest first."""
        out: list[Article | LinkEntry] = [*self.articles, *self.links]
        for c in self.children:
            out.extend(c.entries())
        return sorted(out, key=lambda e: (_art(e).published, _id(e)), reverse=True)

    def walk(self) -> list[Category]:
        out = [self]
        for c in self.children:
            out.extend(c.walk())
        return out

    def post_count(self) -> int:
        """What the catalogue claims: far above what it lists (observed 221 vs 726)."""
        return 3 * len(self.entries()) + 7 + self.id % 11

    def classify(self) -> dict:
        return {"id": self.id, "name": self.name, "parent": self.parent, "post_count": self.post_count(),
                "theme_count": self.id % 5, "jump_url": self.jump_url}

    def tree(self) -> dict:
        return {**self.classify(), "children": [c.tree() for c in self.children]}


def _art(e: Article | LinkEntry) -> Article:
    return e.article if isinstance(e, LinkEntry) else e


def _id(e: Article | LinkEntry) -> int:
    return e.post_id


@dataclass
class Gkmlpt:
    """One gkmlpt installation: a prefix on a host with its SID and category tree."""

    site: SiteInfo  # the host it runs on (a department host for city departments)
    prefix: str  # "/gkmlpt/" or "/gzpyjy/gkmlpt/"
    sid: str
    name: str  # the publisher (district government or department)
    roots: list[Category]
    annual: Category  # the annual-report category (named as this catalogue names it)
    page_size: int = 100
    protected: bool = False  # API needs the cookie the shell's JavaScript computes
    service_area: int = 1

    @property
    def base(self) -> str:
        return self.site.url(self.prefix)

    def url(self, path: str) -> str:
        return self.site.url(self.prefix + path)

    def token_seed(self) -> int:
        return int(hashlib.sha256(f"{self.site.host}{self.prefix}".encode()).hexdigest()[:6], 16)

    def token(self) -> str:
        """The cookie value the shell's JavaScript computes (see SHELL_JS)."""
        t = 0
        for ch in self.sid:
            t = (t * 31 + ord(ch)) % 1000003
        return format(t * 7 + self.token_seed(), "x")

    def article_url(self, art: Article) -> str:
        kind = "mpost" if art.post_id % 7 == 3 else "post"
        return self.url(f"content/{art.post_id // 1_000_000}/{art.post_id // 1000}/{kind}_{art.post_id}.html")

    def categories(self) -> list[Category]:
        out: list[Category] = []
        for r in self.roots:
            out.extend(r.walk())
        return out

    @cached_property
    def site_info(self) -> dict:
        """``SITE_INFO``: the installation's configuration, tens of KB as on the real pages."""
        cols = [{"id": self.sid_int * 10 + i, "name": f"{self.name}栏目{i:03d}", "parent_id": (i // 12) * 12,
                 "url": self.url(f"index#{i}"), "sort": i, "type": "list" if i % 3 else "link",
                 "icon": f"/gkmlpt/static/icons/{hashlib.sha1(f'{self.sid}{i}'.encode()).hexdigest()[:12]}.png",
                 "description": f"{self.name}政府信息公开目录第{i}个栏目，按规定主动公开相关政府信息。"}
                for i in range(80)]
        return {"id": self.sid_int, "name": self.name, "domain": self.site.host, "app_url": self.base.rstrip("/"),
                "site_code": self.site.code, "service_area_id": self.service_area, "theme": "blue",
                "copyright": f"主办单位：{self.name}", "columns": cols}

    @property
    def sid_int(self) -> int:
        return int(self.sid)


# --------------------------------------------------------------------------- shell


SHELL_JS = r"""
(function () {
  var C = window._CONFIG;
  function token() {
    var t = 0;
    for (var i = 0; i < C.SID.length; i++) { t = (t * 31 + C.SID.charCodeAt(i)) % 1000003; }
    return (t * 7 + C.SEED).toString(16);
  }
  function category() {
    var h = (location.hash || '').replace('#', '');
    return h || String(C.DEFAULT_CAT);
  }
  function wait(ms) { return new Promise(function (r) { setTimeout(r, ms); }); }
  function fmt(ts) {
    var d = new Date((ts + 8 * 3600) * 1000);
    function p(n) { return (n < 10 ? '0' : '') + n; }
    return d.getUTCFullYear() + '-' + p(d.getUTCMonth() + 1) + '-' + p(d.getUTCDate());
  }
  function render(items) {
    var ul = document.createElement('ul');
    ul.className = 'gkmlpt-list';
    items.forEach(function (a) {
      var li = document.createElement('li');
      var link = document.createElement('a');
      link.href = a.url; link.textContent = a.title; link.target = '_blank';
      var span = document.createElement('span');
      span.className = 'date'; span.textContent = fmt(a.create_time);
      li.appendChild(link); li.appendChild(span); ul.appendChild(li);
    });
    var box = document.getElementById('gkmlpt-content');
    box.innerHTML = ''; box.appendChild(ul);
    document.body.setAttribute('data-loaded', String(items.length));
  }
  async function load() {
    if (C.PROTECTED) { document.cookie = C.COOKIE + '=' + token() + '; path=/'; }
    var items = [], page = 1;
    while (page < 100) {
      var r = await fetch(C.API + category() + '?page=' + page + '&sid=' + C.SID, {credentials: 'same-origin'});
      if (!r.ok) break;
      var d = await r.json();
      if (!d.articles || !d.articles.length) break;
      items = items.concat(d.articles);
      if (items.length >= d.total) break;  // total, not classify.post_count (which lies)
      page += 1;
      await wait(700);
    }
    render(items);
  }
  window.addEventListener('hashchange', load);
  load();
})();
"""


def gkmlpt_shell(g: Gkmlpt, *, generated: datetime) -> Page:
    """``{prefix}gkmlpt/index``: the JavaScript app shell carrying ``window._CONFIG``."""
    cfg = {"SID": g.sid, "ACTION": "index", "APP_URL": g.base.rstrip("/"), "SERVICE_AREA_ID": g.service_area,
           "TREE": [r.tree() for r in g.roots], "DEFAULT_CAT": g.annual.id, "API": g.prefix + "api/all/",
           "PROTECTED": g.protected, "SEED": g.token_seed(), "COOKIE": TOKEN_COOKIE,
           "CSRF": hashlib.sha256(f"csrf{g.base}".encode()).hexdigest()[:40]}
    tree = "".join(f'<li data-id="{c.id}">{escape(c.name)}</li>' for c in g.roots)
    main = f"""<div id="gkmlpt-app"><div class="gkmlpt-side"><h3>政府信息公开目录</h3><ul class="gkmlpt-tree">{tree}</ul></div>
<div class="gkmlpt-main" id="gkmlpt-content"><p class="loading">正在加载…</p></div></div>"""
    config = (f"window._CONFIG = {js_literal(cfg, step='    ')};\n"
              "window._CONFIG.TREE.forEach(function (c) { c.open = c.id === window._CONFIG.DEFAULT_CAT; });\n"
              "var _hmt = _hmt || [];\n")
    scripts = f"<script>\n{config}</script>\n<script>{SHELL_JS}</script>\n"
    text = chrome(g.site, "政府信息公开目录", [("政府信息公开目录", g.prefix + "index")], main,
                  generated=generated, scripts=scripts)
    return html_page(text, modified=generated, kind="shell")


# --------------------------------------------------------------------------- API


def api_attachments(art: Article) -> list[dict]:
    out = []
    for a in art.files:
        typ, mime = API_FILE_TYPES.get(a.ext, (a.ext, a.mime))
        out.append({"id": a.aid, "name": a.name, "type": typ, "mime": mime, "size": str(len(a.data)), "url": a.url})
    return out


def _api_article(g: Gkmlpt, entry: Article | LinkEntry, cat_of: dict[int, Category]) -> dict:
    art = _art(entry)
    cat = cat_of[entry.post_id]
    url = entry.target if isinstance(entry, LinkEntry) else g.article_url(art)
    published = to_unix(art.published)
    return {
        "id": entry.post_id, "title": art.title, "url": url, "post_url": url,
        "type": "url" if isinstance(entry, LinkEntry) else "normal",
        "classify_main": cat.id, "classify_main_name": cat.name,
        "classify_genre_name": "报告" if art.report_key else "其他", "classify_theme_name": "综合政务",
        "date": to_unix(art.written), "create_time": published, "created_at": fmt_minute(art.published) + ":00",
        "display_publish_time": published, "publisher": art.agency, "identifier": art.identifier,
        "document_number": art.document_number, "keywords": "", "abstract": "", "relation": [],
        "is_expired": 0, "is_abolished": 0, "attachment": api_attachments(art),
    }


def _json(obj: object) -> bytes:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def gkmlpt_api(g: Gkmlpt, cat: Category) -> dict[str, Page]:
    """The API pages of one category, keyed by canonical query ``page=N``.

    The server maps page 0 and a missing page to 1 and drops a matching ``sid``; there
    is no route past ``total`` (404). An empty category still answers page 1.
    """
    entries = cat.entries()
    cat_of = {e.post_id: c for c in cat.walk() for e in [*c.articles, *c.links]}
    n_pages = max(1, math.ceil(len(entries) / g.page_size))
    pages: dict[str, Page] = {}
    cookie = {"name": TOKEN_COOKIE, "value": g.token()} if g.protected else None
    for i in range(1, n_pages + 1):
        offset = (i - 1) * g.page_size
        chunk = entries[offset:offset + g.page_size]
        good = {"classify": cat.classify(), "total": len(entries), "offset": offset,
                "articles": [_api_article(g, e, cat_of) for e in chunk]}
        bad = {"code": 0, "data": {"category": cat.classify(), "count": len(entries),
                                    "list": [{"pid": e.post_id, "name": _art(e).title} for e in chunk]}}
        modified = _art(chunk[0]).published if chunk else None
        pages[f"page={i}"] = Page(_json(good), mime="application/json; charset=utf-8", modified=modified,
                                  broken=_json(bad), kind="api", cookie=cookie)
    return pages


# --------------------------------------------------------------------------- article pages


def _classify_block(g: Gkmlpt, art: Article, cat: Category) -> str:
    rows = [[("索引号", art.identifier), ("分类", cat.name)], [("发布机构", art.agency)],
            [("成文日期", fmt_date(art.written)), ("发布日期", fmt_date(art.published))],
            [("文号", art.document_number or ""), ("主题词", "")]]
    span = ' colspan="2"'
    trs = "".join("<tr>" + "".join(
        f'<td{span if len(row) == 1 else ""}><label>{k}：</label><span>{escape(v)}</span></td>'
        for k, v in row) + "</tr>" for row in rows)
    return f'<div class="classify"><table class="classify-table">{trs}</table></div>'


def _site_info_js(g: Gkmlpt, big: bool) -> str:
    info = g.site_info
    if big:  # one real page carried 4.8 MB of configuration: imitate it once
        n = BIG_PAGE_BYTES // 160
        info = {**info, "nav_cache": [
            {"id": g.sid_int * 100_000 + i, "title": f"导航缓存{i:06d}", "url": g.url(f"index#nav{i}"),
             "hash": hashlib.sha1(f"{g.sid}:{i}".encode()).hexdigest()} for i in range(n)]}
    return json.dumps(info, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")


def gkmlpt_article(g: Gkmlpt, art: Article, cat: Category, *, generated: datetime) -> Page:
    """An article page: ``div.classify`` metadata, an EMPTY ``div.article-content``, the body in DETAIL.

    Every other page also has the body in a container before ``.article-content`` (as on
    the real 4.8 MB page); the rest have it only in ``DETAIL.content``.
    """
    detail = {"id": art.post_id, "title": art.title, "publisher": art.agency, "identifier": art.identifier,
              "document_number": art.document_number, "date": to_unix(art.written),
              "create_time": to_unix(art.published), "classify_main_name": cat.name, "content": art.body_html,
              "attachment": api_attachments(art)}
    with_container = art.post_id % 2 == 0
    h1 = f'<h1 class="{"title" if with_container else "content-title"}">{escape(art.title)}</h1>'
    container = f'<div class="content-container" id="zoomcon">\n{art.body_html}\n</div>\n' if with_container else ""
    main = f"""<div class="gkmlpt-article">
{_classify_block(g, art, cat)}
<div class="content-box">
{h1}
{container}<div class="article-content"></div>
<div class="attachment-list" id="attachment-list"></div>
</div>
</div>"""
    cfg = (f"window._CONFIG = {{isMobile: false, ACTION: 'content', "
           f"CSRF: '{hashlib.sha256(f'csrf{art.post_id}'.encode()).hexdigest()[:40]}', "
           f"APP_URL: '{g.base.rstrip('/')}', SITE_INFO: {_site_info_js(g, art.big)}, SID: '{g.sid}', "
           f"ENV: 'production', DETAIL: {js_literal(detail, step='    ', double_quoted=frozenset({'content'}))}}};\n")
    after = """(function (D) {
  var box = document.querySelector('.article-content');
  if (box && !document.querySelector('.content-container')) { box.innerHTML = D.content; }
  var list = document.getElementById('attachment-list');
  (D.attachment || []).forEach(function (a) {
    var p = document.createElement('p'), link = document.createElement('a');
    link.href = a.url; link.textContent = a.name; p.appendChild(link); list.appendChild(p);
  });
})(window._CONFIG.DETAIL);
var _hmt = _hmt || [];
"""
    scripts = f"<script>\n{cfg}{after}</script>\n"
    text = chrome(g.site, art.title, [("政府信息公开目录", g.prefix + "index"), (cat.name, "")], main,
                  generated=generated, scripts=scripts, counter=False, counter_id=f"post_{art.post_id}",
                  nfcms={"NFCMS_SITE_ID": g.sid, "NFCMS_POST_ID": str(art.post_id), "NFCMS_CAT_ID": str(cat.id)})
    # gkmlpt article pages are static files, so they keep their ETag between loads.
    return html_page(text, modified=art.published, kind="article", dynamic=False, expected=art.expected)


def gkmlpt_pages(g: Gkmlpt, *, generated: datetime) -> dict[str, Page]:
    """Shell routes, API pages and article pages of one installation, keyed by path[?query]."""
    pages: dict[str, Page] = {}
    shell = gkmlpt_shell(g, generated=generated)
    for path in ("index", "", "annualreport"):
        pages[g.prefix + path] = shell
    for cat in g.categories():
        for query, page in gkmlpt_api(g, cat).items():
            pages[f"{g.prefix}api/all/{cat.id}?{query}"] = page
        for art in cat.articles:
            pages["/" + g.article_url(art).split("/", 3)[3]] = gkmlpt_article(g, art, cat, generated=generated)
    return pages
