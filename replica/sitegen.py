"""The replica sites' pages: portal columns, gkmlpt shells, JSON API and articles.

Everything here is a pure function from a site model to bytes, so the generator can
build two states (night1, night2) from the same model and store identical pages once.
The markup follows the BRIEF's description of Guangzhou's real sites (TRS-style portal
columns and Guangdong's gkmlpt catalogue), including the parts a spider must cope with:
site chrome with a visit counter and a timestamp that change on every load, JavaScript
pagination, sub-columns, a JavaScript app shell whose listing only a browser sees, and
a "broken layout" variant of every listing page for the fault mode of the same name.
"""

from __future__ import annotations

import hashlib
import json
import math
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from html import escape

CST = timezone(timedelta(hours=8))

# The chrome's dynamic parts: the server rewrites them on every load.
VISIT_COUNTER = '<span id="visit-count">{}</span>'
PAGE_TIME = '<span id="page-time">{}</span>'
SEARCH_TOKEN = '<input type="hidden" name="csrf_token" value="{}">'


@dataclass
class Attachment:
    """A file linked from an article (attachment or body image), with its bytes."""

    aid: int
    url: str
    name: str  # link text / gkmlpt attachment name, e.g. "…年度报告.pdf"
    ext: str
    mime: str
    data: bytes
    role: str = "attachment"  # "attachment" | "image"
    format: str = ""  # the document format (pdf, docx, doc, scan, png, xlsx)
    expected: dict | None = None  # expected extraction when this file carries the tables


@dataclass
class Article:
    """One article (report or decoy) as a site publishes it, independent of the system."""

    post_id: int
    title: str
    published: datetime  # China time
    agency: str
    body_html: str  # placeholders already replaced by URLs
    attachments: list[Attachment] = field(default_factory=list)
    report_key: str | None = None
    decoy_why: str | None = None
    identifier: str = ""
    document_number: str = ""
    expected: dict | None = None  # expected extraction when the page itself carries the tables

    @property
    def files(self) -> list[Attachment]:
        return [a for a in self.attachments if a.role == "attachment"]


@dataclass
class Page:
    """One generated URL: its bytes and how the server must answer for it."""

    data: bytes
    mime: str = "text/html; charset=utf-8"
    modified: datetime | None = None
    dynamic: bool = False  # chrome with visit counter / timestamp rewritten per load
    broken: bytes | None = None  # answer under the broken_layout fault
    cookie: dict | None = None  # {"name", "value"} the request must carry, else 403
    status: int = 200
    location: str | None = None
    expected: dict | None = None
    kind: str = "page"  # page | listing | article | api | shell | attachment | image | robots


@dataclass
class SiteInfo:
    """What the chrome needs to know about a site."""

    key: str
    host: str
    name: str
    district: str
    code: str  # 网站标识码

    def url(self, path: str) -> str:
        return f"http://{self.host}{path}"


def fmt_date(d: datetime) -> str:
    return d.strftime("%Y-%m-%d")


def fmt_minute(d: datetime) -> str:
    return d.strftime("%Y-%m-%d %H:%M")


def to_unix(d: datetime) -> int:
    return int(d.timestamp())


def utc(d: datetime) -> datetime:
    return d.astimezone(UTC)


# --------------------------------------------------------------------------- chrome

def nav_links(site: SiteInfo) -> list[tuple[str, str]]:
    return [("首页", "/"), ("政务公开", "/zwgk/index.html"), ("政务服务", "/zwfw/index.html"),
            ("互动交流", "/hdjl/index.html"), ("走进" + site.district, "/zj/index.html")]


def chrome(site: SiteInfo, title: str, crumbs: list[tuple[str, str]], main: str, *,
           meta: str = "", generated: datetime | None = None, scripts: str = "", counter: bool = True,
           counter_id: str = "") -> str:
    """A full page in the site's chrome: header, nav, breadcrumbs, main, footer.

    The footer's visit counter and generation time are the parts that differ between two
    loads of the same page; the stored file holds one load's values. ``counter=False``
    leaves them out (pages served as static files); with ``counter_id`` the footer gets an
    empty counter that JavaScript fills (``loadVisitCount``), as static CMS pages do.
    """
    nav = "".join(f'<li><a href="{href}">{escape(text)}</a></li>' for text, href in nav_links(site))
    crumb = " &gt; ".join(
        f'<a href="{escape(href)}">{escape(text)}</a>' if href else f"<span>{escape(text)}</span>"
        for text, href in [("首页", "/"), *crumbs]
    )
    counter_value = int(hashlib.sha256(f"{site.host}{title}".encode()).hexdigest()[:5], 16)
    gen = fmt_minute(generated or datetime(2024, 3, 1, 2, 0, tzinfo=CST)) + ":00"
    token = SEARCH_TOKEN.format(hashlib.sha256(title.encode()).hexdigest()[:16]) if counter else ""
    stats = (f"<p>总访问量：{VISIT_COUNTER.format(counter_value)}　页面生成时间：{PAGE_TIME.format(gen)}</p>"
             if counter else "")
    if not counter and counter_id:
        stats = '<p>总访问量：<span id="visit-count"></span></p>'
        scripts = f"<script>loadVisitCount('{escape(counter_id)}');</script>\n{scripts}"
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta http-equiv="X-UA-Compatible" content="IE=edge">
<meta name="SiteName" content="{escape(site.name)}">
<meta name="SiteDomain" content="{site.host}">
<meta name="SiteIDCode" content="{site.code}">
{meta}<title>{escape(title)}_{escape(site.name)}</title>
<link rel="stylesheet" href="/css/common.css">
</head>
<body>
<div class="header"><div class="logo"><a href="/"><img src="/images/logo.png" alt="{escape(site.name)}"></a></div>
<div class="search"><form action="/search/index.html"><input name="q" placeholder="请输入关键词">{token}<button>搜索</button></form></div></div>
<div class="nav"><ul>{nav}</ul></div>
<div class="container">
<div class="crumbs">您当前的位置：{crumb}</div>
{main}
</div>
<div class="footer">
<div class="friend-links">友情链接：<a href="http://www.gov.cn/" target="_blank">中国政府网</a> <a href="http://www.gd.gov.cn/" target="_blank">广东省人民政府</a> <a href="http://www.gz.gov.cn/" target="_blank">广州市人民政府</a></div>
<p>主办：{escape(site.name)}办公室　承办：{escape(site.district)}政务服务数据管理局</p>
<p>网站标识码：{site.code}　粤ICP备05080{site.code[-3:]}号　粤公网安备 44011{site.code[-4:]}号</p>
{stats}
</div>
<script src="/js/common.js"></script>
{scripts}</body>
</html>
"""


def html_page(text: str, *, modified: datetime | None, kind: str, dynamic: bool = True,
              broken: str | None = None, expected: dict | None = None) -> Page:
    return Page(text.encode("utf-8"), modified=modified, dynamic=dynamic, kind=kind,
                broken=broken.encode("utf-8") if broken is not None else None, expected=expected)


def link_list(links: list[tuple[str, str]], cls: str = "links") -> str:
    items = "".join(f'<li><a href="{escape(h)}">{escape(t)}</a></li>' for t, h in links)
    return f'<ul class="{cls}">{items}</ul>'


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


def robots_txt() -> Page:
    text = "User-agent: *\nDisallow: /search/\nDisallow: /cms/\nDisallow: /hdjl/wsdc/\n"
    return Page(text.encode(), mime="text/plain; charset=utf-8", dynamic=False, kind="robots")


COMMON_CSS = """body{font-family:"Microsoft YaHei",sans-serif;margin:0}.container{width:1200px;margin:0 auto}
.nav ul,.news_list ul{list-style:none;padding:0}.news_list li{display:flex;justify-content:space-between}
.footer{background:#f2f2f2;text-align:center;font-size:12px;padding:12px}
"""
COMMON_JS = """function createPageHTML(id, total, current, prefix, ext) { /* links are rendered server-side */ }
function doZoom(size) { document.getElementById('zoom').style.fontSize = size + 'px'; }
function openUrl(el) { window.open(el.getAttribute('data-url')); }
function loadVisitCount(id) {  /* static pages: the counter comes from the CMS's counting service */
  var el = document.getElementById('visit-count');
  if (!el || !window.fetch) { return; }
  fetch('/cms/visit/count?id=' + encodeURIComponent(id)).then(function (r) { return r.ok ? r.text() : ''; })
    .then(function (n) { if (n) { el.textContent = n; } }).catch(function () {});
}
"""
# A 1x1 transparent PNG: the chrome's logo (its bytes never matter, only that it exists).
LOGO_PNG = bytes.fromhex("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
                         "0000000d49444154789c6360606060000000050001a5f645400000000049454e44ae426082")


def static_assets() -> dict[str, Page]:
    return {"/css/common.css": Page(COMMON_CSS.encode(), mime="text/css; charset=utf-8", kind="asset"),
            "/js/common.js": Page(COMMON_JS.encode(), mime="application/javascript; charset=utf-8", kind="asset"),
            "/images/logo.png": Page(LOGO_PNG, mime="image/png", kind="asset")}


# --------------------------------------------------------------------------- portal columns

@dataclass
class ListRow:
    title: str
    url: str
    date: datetime


def _rows_html(rows: list[ListRow]) -> str:
    return "".join(
        f'<li><a href="{escape(r.url)}" target="_blank" title="{escape(r.title)}">{escape(r.title)}</a>'
        f'<span class="date">{fmt_date(r.date)}</span></li>'
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
    """TRS-style pagination: a createPageHTML() call plus plain links."""
    def name(i: int) -> str:
        return "index.html" if i == 1 else f"index_{i}.html"
    links = [f'<a href="{name(1)}">首页</a>']
    if page > 1:
        links.append(f'<a href="{name(page - 1)}">上一页</a>')
    if page < n_pages:
        links.append(f'<a href="{name(page + 1)}" class="next">下一页</a>')
    links.append(f'<a href="{name(n_pages)}">尾页</a>')
    return (f'<div class="page" id="page_div">{"".join(links)}<span>共{n_pages}页</span></div>'
            f'<script>createPageHTML("page_div", {n_pages}, {page}, "index", "html");</script>')


def column_pages(site: SiteInfo, column: str, title: str, crumbs: list[tuple[str, str]],
                 rows: list[ListRow], *, page_size: int, subcolumns: list[tuple[str, str]] = (),
                 generated: datetime) -> dict[str, Page]:
    """A portal column's list pages ``index.html``, ``index_2.html``… (newest first)."""
    rows = sorted(rows, key=lambda r: (r.date, r.url), reverse=True)
    n_pages = max(1, math.ceil(len(rows) / page_size))
    sub_good = (f'<div class="sub-column"><h4>栏目</h4>{link_list(list(subcolumns), "sub-list")}</div>'
                if subcolumns else "")
    sub_bad = ("<div class=\"sub-column\">" + _rows_broken(
        [ListRow(t, h, generated) for t, h in subcolumns]) + "</div>") if subcolumns else ""
    pages: dict[str, Page] = {}
    newest = rows[0].date if rows else generated
    for i in range(1, n_pages + 1):
        chunk = rows[(i - 1) * page_size:i * page_size]
        pager = _pager(n_pages, i) if n_pages > 1 else ""
        good = (f'<div class="column-title"><h2>{escape(title)}</h2></div>{sub_good}'
                f'<div class="news_list"><ul>{_rows_html(chunk)}</ul></div>{pager}')
        bad = (f'<div class="column-title"><h2>{escape(title)}</h2></div>{sub_bad}'
               f'<div class="list-wrap">{_rows_broken(chunk)}</div>{pager}')
        path = column + ("index.html" if i == 1 else f"index_{i}.html")
        cr = [*crumbs, (title, column + "index.html")]
        pages[path] = html_page(chrome(site, title, cr, good, generated=generated), modified=newest,
                                kind="listing", broken=chrome(site, title, cr, bad, generated=generated))
    return pages


def _attachment_block(art: Article) -> str:
    files = art.files
    if not files:
        return ""
    links = "".join(f'<li><a href="{escape(a.url)}">{escape(a.name)}</a></li>' for a in files)
    return f'<div class="attachment"><p>附件：</p><ul>{links}</ul></div>'


def portal_article(site: SiteInfo, art: Article, column_title: str, crumbs: list[tuple[str, str]],
                   *, generated: datetime, dynamic: bool = False) -> Page:
    """A portal article page: PubDate meta, h1, body div, attachment links.

    Most CMSs publish it as a static file (validators, 304; the visit counter is a
    JavaScript call); ``dynamic`` renders it per load with counter, clock and token in the
    HTML, like the CMSs that keep doing so (the archive's normalisation must cope).
    """
    meta = (f'<meta name="ArticleTitle" content="{escape(art.title)}">\n'
            f'<meta name="PubDate" content="{fmt_minute(art.published)}">\n'
            f'<meta name="ContentSource" content="{escape(art.agency)}">\n'
            f'<meta name="ColumnName" content="{escape(column_title)}">\n')
    main = f"""<div class="article">
<h1 class="title">{escape(art.title)}</h1>
<div class="info"><span>发布时间：{fmt_minute(art.published)}</span><span>来源：{escape(art.agency)}</span>
<span>【字体：<a href="javascript:doZoom(16)">大</a> <a href="javascript:doZoom(14)">中</a> <a href="javascript:doZoom(12)">小</a>】</span></div>
<div class="article-content" id="zoom">
{art.body_html}
</div>
{_attachment_block(art)}
</div>"""
    text = chrome(site, art.title, crumbs, main, meta=meta, generated=generated, counter=dynamic,
                  counter_id=f"post_{art.post_id}")
    return html_page(text, modified=art.published, kind="article", dynamic=dynamic, expected=art.expected)


# --------------------------------------------------------------------------- gkmlpt

@dataclass
class Category:
    id: int
    name: str
    parent: int = 0
    children: list[Category] = field(default_factory=list)
    articles: list[Article] = field(default_factory=list)
    jump_url: str = ""

    def all_articles(self) -> list[Article]:
        arts = list(self.articles)
        for c in self.children:
            arts.extend(c.all_articles())
        return sorted(arts, key=lambda a: (a.published, a.post_id), reverse=True)

    def walk(self) -> list[Category]:
        out = [self]
        for c in self.children:
            out.extend(c.walk())
        return out

    def tree(self) -> dict:
        return {"id": self.id, "name": self.name, "parent": self.parent,
                "post_count": len(self.all_articles()), "jump_url": self.jump_url,
                "children": [c.tree() for c in self.children]}

    def classify(self) -> dict:
        return {"id": self.id, "name": self.name, "parent": self.parent,
                "post_count": len(self.all_articles())}


@dataclass
class Gkmlpt:
    """One gkmlpt installation: a prefix on a host with its SID and category tree."""

    site: SiteInfo
    prefix: str  # "/gkmlpt/" or "/hpfgj/gkmlpt/"
    sid: str
    roots: list[Category]
    annual: Category  # the annual-report category (政府信息公开年报)
    page_size: int = 100
    protected: bool = False  # API needs the cookie the shell's JavaScript computes
    empty_past_end: bool = True  # False: 404 past the last page

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


TOKEN_COOKIE = "gkmlpt_token"

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
      span.className = 'date'; span.textContent = fmt(a.display_publish_time);
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
      if (items.length >= d.classify.post_count) break;
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
    """``/gkmlpt/index``: the JavaScript app shell carrying ``window._CONFIG``."""
    # A JavaScript object literal as gkmlpt writes it: bare keys, quoted scalars, JSON tree.
    tree_json = json.dumps([r.tree() for r in g.roots], ensure_ascii=False).replace("</", "<\\/")
    cfg = (f"{{\n    SID: '{g.sid}',\n    DEFAULT_CAT: {g.annual.id},\n    API: '{g.prefix}api/all/',\n"
           f"    PROTECTED: {'true' if g.protected else 'false'},\n    SEED: {g.token_seed()},\n"
           f"    COOKIE: '{TOKEN_COOKIE}',\n    TREE: {tree_json}\n}}")
    tree = "".join(f'<li data-id="{c.id}">{escape(c.name)}</li>' for c in g.roots)
    main = f"""<div id="gkmlpt-app"><div class="gkmlpt-side"><h3>政府信息公开目录</h3><ul class="gkmlpt-tree">{tree}</ul></div>
<div class="gkmlpt-main" id="gkmlpt-content"><p class="loading">正在加载…</p></div></div>"""
    scripts = f"<script>window._CONFIG = {cfg};</script>\n<script>{SHELL_JS}</script>\n"
    text = chrome(g.site, "政府信息公开目录", [("政府信息公开目录", g.prefix + "index")], main,
                  generated=generated, scripts=scripts)
    return html_page(text, modified=generated, kind="shell")


def _api_article(g: Gkmlpt, art: Article) -> dict:
    ts = to_unix(art.published)
    return {
        "id": art.post_id, "title": art.title, "url": g.article_url(art), "date": ts,
        "created_at": fmt_minute(art.published) + ":00", "display_publish_time": ts,
        "publisher": art.agency, "identifier": art.identifier, "document_number": art.document_number,
        "attachment": [{"id": a.aid, "name": a.name, "type": a.ext, "mime": a.mime, "size": len(a.data),
                        "url": a.url} for a in art.files],
    }


def _json(obj: object) -> bytes:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def gkmlpt_api(g: Gkmlpt, cat: Category) -> dict[str, Page]:
    """The API pages of one category, keyed by query string (``page=N&sid=SID``, sorted).

    Page 0 equals page 1, a request without ``page`` is page 1; past the last page the
    API answers an empty list, or 404 on installations where ``empty_past_end`` is off.
    """
    arts = cat.all_articles()
    n_pages = max(1, math.ceil(len(arts) / g.page_size))
    pages: dict[str, Page] = {}
    for i in range(1, n_pages + 1):
        chunk = arts[(i - 1) * g.page_size:i * g.page_size]
        good = {"classify": cat.classify(), "articles": [_api_article(g, a) for a in chunk]}
        bad = {"code": 0, "data": {"category": cat.classify(), "total": len(arts),
                                    "list": [{"pid": a.post_id, "name": a.title, "link": g.article_url(a)}
                                             for a in chunk]}}
        modified = chunk[0].published if chunk else None
        page = Page(_json(good), mime="application/json; charset=utf-8", modified=modified,
                    broken=_json(bad), kind="api",
                    cookie={"name": TOKEN_COOKIE, "value": g.token()} if g.protected else None)
        queries = [f"page={i}&sid={g.sid}"]
        if i == 1:
            queries += [f"page=0&sid={g.sid}", f"sid={g.sid}"]
        for q in queries:
            pages[q] = page
    if g.empty_past_end:
        pages[f"page={n_pages + 1}&sid={g.sid}"] = Page(
            _json({"classify": cat.classify(), "articles": []}), mime="application/json; charset=utf-8",
            kind="api", cookie={"name": TOKEN_COOKIE, "value": g.token()} if g.protected else None)
    return pages


def gkmlpt_article(g: Gkmlpt, art: Article, cat: Category, *, generated: datetime) -> Page:
    """A gkmlpt article: metadata table, ``.article-content`` and ``_CONFIG.DETAIL``."""
    rows = [("索引号", art.identifier), ("分类", cat.name), ("发布机构", art.agency),
            ("成文日期", fmt_date(art.published)), ("名称", art.title), ("文号", art.document_number or ""),
            ("发布日期", fmt_date(art.published)), ("主题词", "")]
    cells = "".join(f"<tr><th>{k}：</th><td>{escape(v)}</td></tr>" for k, v in rows)
    detail = {"id": art.post_id, "title": art.title, "publisher": art.agency,
              "date": to_unix(art.published), "content": art.body_html,
              "attachment": [{"id": a.aid, "name": a.name, "url": a.url} for a in art.files]}
    detail_js = json.dumps(json.dumps(detail, ensure_ascii=True)).replace("</", "<\\/")
    main = f"""<div class="gkmlpt-article">
<table class="gkmlpt-meta">{cells}</table>
<h1 class="content-title">{escape(art.title)}</h1>
<div class="article-content">
{art.body_html}
</div>
{_attachment_block(art)}
</div>"""
    scripts = (f"<script>window._CONFIG = {{SID: '{g.sid}', DETAIL: JSON.parse({detail_js})}};</script>\n")
    # gkmlpt article pages are static (no counter), so they keep their ETag between loads.
    text = chrome(g.site, art.title, [("政府信息公开目录", g.prefix + "index"), (cat.name, "")], main,
                  generated=generated, scripts=scripts, counter=False)
    return html_page(text, modified=art.published, kind="article", dynamic=False, expected=art.expected)


# --------------------------------------------------------------------------- whole sites

@dataclass
class PortalColumn:
    """A portal column (or sub-column) with its articles and sub-columns."""

    path: str  # "/zwgk/zfxxgknb/" — pages live at path + "index.html", "index_2.html"…
    title: str
    articles: list[Article] = field(default_factory=list)
    subcolumns: list[PortalColumn] = field(default_factory=list)
    page_size: int = 15
    relative_links: bool = False  # rows as "./content/post_N.html" instead of absolute URLs
    dynamic_articles: bool = False  # article pages rendered per load (counter/clock/token in the HTML)

    def article_path(self, art: Article) -> str:
        return f"{self.path}content/post_{art.post_id}.html"

    def walk(self) -> list[PortalColumn]:
        out = [self]
        for c in self.subcolumns:
            out.extend(c.walk())
        return out


@dataclass
class SiteModel:
    """Everything one replica site publishes in one state."""

    info: SiteInfo
    portal: PortalColumn | None
    gkmlpts: list[Gkmlpt]
    redirects: dict[str, str] = field(default_factory=dict)  # old path -> new absolute URL

    def report_entry(self) -> tuple[str, str]:
        """Where 政务公开 → 政府信息公开年报 points (the portal column or the gkmlpt route)."""
        if self.portal is not None:
            return self.portal.title, self.portal.path + "index.html"
        g = self.gkmlpts[0]
        return "政府信息公开年报", f"{g.prefix}annualreport#{g.annual.id}"


def _column_pages(site: SiteInfo, col: PortalColumn, crumbs: list[tuple[str, str]],
                  generated: datetime) -> dict[str, Page]:
    pages: dict[str, Page] = {}
    rows = [ListRow(a.title, ("./content/" if col.relative_links else site.url(col.path) + "content/")
                    + f"post_{a.post_id}.html", a.published) for a in col.articles]
    subs = [(c.title, c.path[len(col.path):] + "index.html") for c in col.subcolumns]
    pages.update(column_pages(site, col.path, col.title, crumbs, rows, page_size=col.page_size,
                              subcolumns=subs, generated=generated))
    here = [*crumbs, (col.title, col.path + "index.html")]
    for art in col.articles:
        pages[col.article_path(art)] = portal_article(site, art, col.title, here, generated=generated,
                                                      dynamic=col.dynamic_articles)
    for sub in col.subcolumns:
        pages.update(_column_pages(site, sub, here, generated))
    return pages


def _file_pages(arts: list[Article]) -> dict[str, Page]:
    pages: dict[str, Page] = {}
    for art in arts:
        for a in art.attachments:
            path = a.url.split("/", 3)[3]
            pages["/" + path] = Page(a.data, mime=a.mime, modified=art.published, dynamic=False,
                                     kind=a.role, expected=a.expected)
    return pages


def build_site(model: SiteModel, *, generated: datetime, news: list[tuple[str, str]]) -> dict[str, Page]:
    """Every page of one site, keyed by path (with ``?query`` for the gkmlpt API)."""
    site = model.info
    pages: dict[str, Page] = {"/robots.txt": robots_txt(), **static_assets()}
    pages["/"] = home_page(site, news, generated)
    pages["/index.html"] = pages["/"]
    entry_title, entry_path = model.report_entry()
    zwgk_links = [("政府信息公开指南", "/zwgk/xxgkzn/index.html"), ("政府信息公开制度", "/zwgk/xxgkzd/index.html"),
                  ("法定主动公开内容", "/zwgk/fdzdgknr/index.html"), (entry_title, entry_path)]
    for g in model.gkmlpts:
        zwgk_links.append(("政府信息公开目录" if g.prefix == "/gkmlpt/" else "部门信息公开目录", g.prefix + "index"))
    pages["/zwgk/index.html"] = zwgk_page(site, zwgk_links, generated)
    arts: list[Article] = []
    if model.portal is not None:
        pages.update(_column_pages(site, model.portal, [("政务公开", "/zwgk/index.html")], generated))
        for col in model.portal.walk():
            arts.extend(col.articles)
    for g in model.gkmlpts:
        shell = gkmlpt_shell(g, generated=generated)
        for path in ("index", "", "annualreport"):
            pages[g.prefix + path] = shell
        for cat in g.categories():
            for query, page in gkmlpt_api(g, cat).items():
                pages[f"{g.prefix}api/all/{cat.id}?{query}"] = page
            for art in cat.articles:
                path = g.article_url(art).split("/", 3)[3]
                pages["/" + path] = gkmlpt_article(g, art, cat, generated=generated)
                arts.append(art)
    for old, new in model.redirects.items():
        pages[old] = Page(b"", status=301, location=new, dynamic=False, kind="redirect")
    pages.update(_file_pages(arts))
    return pages
