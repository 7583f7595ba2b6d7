"""What every replica page shares: the data model (articles, files, pages) and the site chrome.

The chrome imitates Guangdong's NFCMS portals (REAL_SITES.md "Portal pages"): ``NFCMS_*``
and ``ContentSource`` (always "本网", never the agency) metas, header and footer images
that are NOT attachments (logo, ``/global/slhwzafw.jpg``, ``/jyjglobal/jj.jpg``, the
党政机关 badge), and a JSONP visit counter on the off-site host ``statistics.gd.gov.cn``
that a crawler must never request (the replica does not serve it: such a request is
logged with status 502). Dynamic pages also carry a counter, a clock and a form token
that the server rewrites on every load.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from html import escape

CST = timezone(timedelta(hours=8))

# The chrome's dynamic parts: the server rewrites them on every load.
VISIT_COUNTER = '<span id="visit-count">{}</span>'
PAGE_TIME = '<span id="page-time">{}</span>'
SEARCH_TOKEN = '<input type="hidden" name="csrf_token" value="{}">'

STATISTICS_HOST = "statistics.gd.gov.cn"  # the JSONP visit counter (off-site: never follow)
BADGE_HOST = "bszs.conac.cn"  # the 党政机关 badge's link target (off-site)
FRIEND_HOSTS = ("www.gov.cn", "www.gd.gov.cn")  # footer links (off-site)
OFFSITE_HOSTS = sorted({STATISTICS_HOST, BADGE_HOST, *FRIEND_HOSTS})
CHROME_IMAGES = ("/images/logo.png", "/global/slhwzafw.jpg", "/jyjglobal/jj.jpg", "/global/dzjg.png")


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
    published: datetime  # China time (发布日期)
    agency: str
    body_html: str  # placeholders already replaced by URLs
    attachments: list[Attachment] = field(default_factory=list)
    report_key: str | None = None
    decoy_why: str | None = None
    identifier: str = ""
    document_number: str = ""
    expected: dict | None = None  # expected extraction when the page itself carries the tables
    written_days: int = 3  # 成文日期 is this many days before publication
    big: bool = False  # its gkmlpt page carries a multi-MB SITE_INFO (like a real 4.8 MB page)

    @property
    def files(self) -> list[Attachment]:
        return [a for a in self.attachments if a.role == "attachment"]

    @property
    def written(self) -> datetime:
        """成文日期: the date the document was signed, some days before it was published."""
        return (self.published - timedelta(days=self.written_days)).replace(hour=0, minute=0)


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
    kind: str = "page"  # page | listing | article | api | shell | attachment | image | robots | asset
    headers: dict[str, str] | None = None  # extra response headers (Content-Disposition of a download)


@dataclass
class SiteInfo:
    """What the chrome needs to know about a site (or a department's host)."""

    key: str
    host: str
    name: str
    district: str
    code: str  # 网站标识码

    def url(self, path: str) -> str:
        return f"http://{self.host}{path}"

    @property
    def nfcms_id(self) -> str:
        return str(700 + int(self.code[-6:]) % 997)


def fmt_date(d: datetime) -> str:
    return d.strftime("%Y-%m-%d")


def fmt_minute(d: datetime) -> str:
    return d.strftime("%Y-%m-%d %H:%M")


def to_unix(d: datetime) -> int:
    return int(d.timestamp())


def utc(d: datetime) -> datetime:
    return d.astimezone(UTC)


def nav_links(site: SiteInfo) -> list[tuple[str, str]]:
    return [("首页", "/"), ("政务公开", "/zwgk/index.html"), ("政务服务", "/zwfw/index.html"),
            ("互动交流", "/hdjl/index.html"), ("走进" + site.district, "/zj/index.html")]


def visit_script(site: SiteInfo, counter_id: str) -> str:
    """The NFCMS visit counter: JSONP from an off-site host (a crawler must not follow it)."""
    return (f'<script src="http://{STATISTICS_HOST}/count/visit?callback=loadVisitCount'
            f'&siteid={site.nfcms_id}&id={escape(counter_id)}"></script>')


def chrome(site: SiteInfo, title: str, crumbs: list[tuple[str, str]], main: str, *,
           meta: str = "", generated: datetime | None = None, scripts: str = "", counter: bool = True,
           counter_id: str = "", nfcms: dict[str, str] | None = None) -> str:
    """A full page in the site's chrome: header, nav, breadcrumbs, main, footer.

    ``counter=True`` renders the visit counter, clock and form token in the HTML (a
    dynamic page the server rewrites per load); ``counter=False`` leaves them out (a
    static file whose counter is filled by the JSONP call). ``nfcms`` adds the CMS metas.
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
             if counter else '<p>总访问量：<span id="visit-count"></span></p>')
    metas = "".join(f'<meta name="{k}" content="{escape(v)}">\n' for k, v in (nfcms or {}).items())
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta http-equiv="X-UA-Compatible" content="IE=edge">
<meta name="SiteName" content="{escape(site.name)}">
<meta name="SiteDomain" content="{site.host}">
<meta name="SiteIDCode" content="{site.code}">
<meta name="ContentSource" content="本网">
{metas}{meta}<title>{escape(title)}_{escape(site.name)}</title>
<link rel="stylesheet" href="/css/common.css">
</head>
<body>
<div class="header"><div class="logo"><a href="/"><img src="/images/logo.png" alt="{escape(site.name)}"></a></div>
<div class="top-links"><a href="/zwgk/wza/index.html"><img src="/global/slhwzafw.jpg" alt="适老化无障碍服务"></a></div>
<div class="search"><form action="/search/index.html"><input name="q" placeholder="请输入关键词">{token}<button>搜索</button></form></div></div>
<div class="nav"><ul>{nav}</ul></div>
<div class="container">
<div class="crumbs">您当前的位置：{crumb}</div>
{main}
</div>
<div class="footer">
<div class="friend-links">友情链接：<a href="http://www.gov.cn/" target="_blank">中国政府网</a> <a href="http://www.gd.gov.cn/" target="_blank">广东省人民政府</a> <a href="http://www.gz.gov.cn/" target="_blank">广州市人民政府</a></div>
<div class="badges"><a href="http://{BADGE_HOST}/sitename?method=show&amp;id={site.code}" target="_blank"><img src="/global/dzjg.png" alt="党政机关"></a>
<a href="/zwgk/jc/index.html"><img src="/jyjglobal/jj.jpg" alt="网站纠错"></a></div>
<p>主办：{escape(site.name)}　承办：{escape(site.district)}政务服务数据管理局</p>
<p>网站标识码：{site.code}　粤ICP备05080{site.code[-3:]}号　粤公网安备 44011{site.code[-4:]}号</p>
{stats}
</div>
<script src="/js/common.js"></script>
{visit_script(site, counter_id or "page")}
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


def robots_txt() -> Page:
    text = "User-agent: *\nDisallow: /search/\nDisallow: /cms/\nDisallow: /hdjl/wsdc/\n"
    return Page(text.encode(), mime="text/plain; charset=utf-8", dynamic=False, kind="robots")


COMMON_CSS = """body{font-family:"Microsoft YaHei",sans-serif;margin:0}.container{width:1200px;margin:0 auto}
.nav ul{list-style:none;padding:0}.list_li{display:flex;justify-content:space-between}
.footer{background:#f2f2f2;text-align:center;font-size:12px;padding:12px}
"""
COMMON_JS = """function createPageHTML(id, total, current, prefix, ext) { /* links are rendered server-side */ }
function doZoom(size) { var el = document.getElementById('zoomcon'); if (el) { el.style.fontSize = size + 'px'; } }
function openUrl(el) { window.open(el.getAttribute('data-url')); }
function loadVisitCount(data) {  /* JSONP callback of the statistics service */
  var el = document.getElementById('visit-count');
  if (el && data && data.count) { el.textContent = data.count; }
}
"""
# A 1x1 transparent PNG (the logo and the badge: their bytes never matter, only that they exist).
LOGO_PNG = bytes.fromhex("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
                         "0000000d49444154789c6360606060000000050001a5f645400000000049454e44ae426082")
# A minimal baseline JPEG (1x1 grey), for the chrome's .jpg images.
TINY_JPG = bytes.fromhex(
    "ffd8ffe000104a46494600010100000100010000ffdb004300080606070605080707070909080a0c140d0c0b0b0c1912130f"
    "141d1a1f1e1d1a1c1c20242e2720222c231c1c2837292c30313434341f27393d38323c2e333432ffc0000b080001000101"
    "011100ffc4001f0000010501010101010100000000000000000102030405060708090a0bffc400b5100002010303020403"
    "050504040000017d01020300041105122131410613516107227114328191a1082342b1c11552d1f02433627282090a1617"
    "18191a25262728292a3435363738393a434445464748494a535455565758595a636465666768696a737475767778797a83"
    "8485868788898a92939495969798999aa2a3a4a5a6a7a8a9aab2b3b4b5b6b7b8b9bac2c3c4c5c6c7c8c9cad2d3d4d5d6d7"
    "d8d9dae1e2e3e4e5e6e7e8e9eaf1f2f3f4f5f6f7f8f9faffda0008010100003f00fbd3ffd9")


def static_assets() -> dict[str, Page]:
    """The chrome's stylesheet, script and images (site chrome, never attachments)."""
    return {"/css/common.css": Page(COMMON_CSS.encode(), mime="text/css; charset=utf-8", kind="asset"),
            "/js/common.js": Page(COMMON_JS.encode(), mime="application/javascript; charset=utf-8", kind="asset"),
            "/images/logo.png": Page(LOGO_PNG, mime="image/png", kind="asset"),
            "/global/dzjg.png": Page(LOGO_PNG, mime="image/png", kind="asset"),
            "/global/slhwzafw.jpg": Page(TINY_JPG, mime="image/jpeg", kind="asset"),
            "/jyjglobal/jj.jpg": Page(TINY_JPG, mime="image/jpeg", kind="asset")}
