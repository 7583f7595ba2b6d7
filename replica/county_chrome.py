"""What every county site shares: page shell, navigation pages, robots.txt and the robots trap.

County sites are reached only by navigation: home → 政务公开 → 信息公开 → the report
column (names vary per site), each page linking the next among distractors. robots.txt
disallows a trap (the site search, as on real sites) that the home page links and that
lists every report; a polite crawler never requests it, and the replica's log shows
whether one did. Hanweb pages are GBK with no charset in Content-Type (``encode_page``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from html import escape

from replica.county_data import CountySite
from replica.pages import Page, fmt_date

UTF8_HTML = "text/html; charset=utf-8"


@dataclass
class NavStep:
    """One page on the way from the home page to the report column."""

    host: str
    path: str
    title: str  # the page's own title
    link_text: str  # how the previous page names the link to it

    @property
    def url(self) -> str:
        return f"http://{self.host}{self.path}"


def encode_page(text: str, site: CountySite, *, kind: str, modified: datetime | None,
                expected: dict | None = None) -> Page:
    """Bytes and Content-Type as the system sends them: Hanweb GBK with a bare ``text/html``."""
    if site.system == "hanweb":
        return Page(text.encode("gbk", errors="xmlcharrefreplace"), mime="text/html", modified=modified,
                    dynamic=False, kind=kind, expected=expected)
    return Page(text.encode("utf-8"), mime=UTF8_HTML, modified=modified, dynamic=False, kind=kind,
                expected=expected)


def shell(site: CountySite, title: str, main: str, *, meta: str = "", head: str = "", scripts: str = "",
          charset: str | None = "utf-8", home: str = "/") -> str:
    """A county page: header with the site name, nav, main, footer with 网站标识码 and ICP line.

    ``charset=None`` leaves out any meta charset (as Hanweb pages do); a wrong one can be given.
    """
    cs = f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">\n' if charset else ""
    return f"""<!DOCTYPE html>
<html>
<head>
{cs}<meta name="SiteName" content="{escape(site.name)}">
<meta name="SiteDomain" content="{site.host}">
<meta name="SiteIDCode" content="{site.code}">
{meta}<title>{escape(title)}</title>
{head}</head>
<body>
<div class="header"><a href="{home}"><img src="/images/logo.png" alt="{escape(site.name)}"></a>
<span class="site-name">{escape(site.name)}</span></div>
<div class="main">
{main}
</div>
<div class="footer"><p>主办：{escape(site.name)}办公室　网站标识码：{site.code}</p>
<p><a href="http://www.gov.cn/" target="_blank">中国政府网</a></p></div>
{scripts}</body>
</html>
"""


def link_ul(links: list[tuple[str, str]], cls: str = "links") -> str:
    return f'<ul class="{cls}">' + "".join(f'<li><a href="{escape(h)}">{escape(t)}</a></li>' for t, h in links) + "</ul>"


def nav_pages(site: CountySite, steps: list[NavStep], trap_url: str, generated: datetime,
              charset: str | None = "utf-8") -> dict[str, Page]:
    """Home and the pages between it and the column (the column itself is the system's)."""
    pages: dict[str, Page] = {}
    home_links = [(steps[0].link_text, steps[0].url if steps[0].host != site.host else steps[0].path),
                  ("政务服务", "/zwfw/index.html"), ("互动交流", "/hdjl/index.html"), ("走进" + site.district, "/zjxq/index.html")]
    main = (f'<div class="nav">{link_ul(home_links, "nav-list")}</div>'
            f'<div class="news"><h3>{escape(site.district)}要闻</h3>{link_ul([(f"{site.district}召开政府常务会议", "/zwgk/zwdt/index.html")])}</div>'
            f'<div class="search"><a href="{escape(trap_url)}">年报检索</a></div>')
    home = encode_page(shell(site, site.name, main, charset=charset), site, kind="page", modified=generated)
    pages[f"http://{site.host}/"] = pages[f"http://{site.host}/index.html"] = home
    distractors = [("政策解读", "/zwgk/zcjd/index.html"), ("人事信息", "/zwgk/rsxx/index.html"),
                   ("财政预决算", "/zwgk/czyjs/index.html")]
    for i, step in enumerate(steps[:-1]):
        nxt = steps[i + 1]
        href = nxt.url if nxt.host != step.host else nxt.path
        links = [distractors[0], (nxt.link_text, href), *distractors[1:]]
        if i == len(steps) - 2:  # the page linking the column also links the guide and the catalogue
            links += [("政府信息公开指南", "/zwgk/xxgkzn/index.html"), ("政府信息公开制度", "/zwgk/xxgkzd/index.html")]
        main = f'<div class="crumbs"><a href="/">首页</a> &gt; {escape(step.title)}</div>' \
               f'<h2>{escape(step.title)}</h2>{link_ul(links, "column-list")}'
        pages[step.url] = encode_page(shell(site, f"{step.title}_{site.name}", main, charset=charset), site,
                                      kind="page", modified=generated)
        for title, path in links:
            if path.startswith("/") and f"http://{step.host}{path}" not in pages:
                pages[f"http://{step.host}{path}"] = plain_page(site, title, charset)
    for title, path in home_links[1:] + [(f"{site.district}召开政府常务会议", "/zwgk/zwdt/index.html")]:
        pages[f"http://{site.host}{path}"] = plain_page(site, title, charset)
    return pages


def plain_page(site: CountySite, title: str, charset: str | None) -> Page:
    """A page off the way to the reports (services, guide, news): prose, no reports."""
    main = (f'<div class="crumbs"><a href="/">首页</a> &gt; {escape(title)}</div><h2>{escape(title)}</h2>'
            f"<p>{escape(site.name)}{escape(title)}。本栏目内容依照《中华人民共和国政府信息公开条例》发布。</p>")
    return encode_page(shell(site, f"{title}_{site.name}", main, charset=charset), site, kind="page", modified=None)


def robots(site: CountySite) -> Page:
    text = f"User-agent: *\nDisallow: {site.robots_trap}\nDisallow: /admin/\n"
    return Page(text.encode(), mime="text/plain", dynamic=False, kind="robots")


def trap_page(site: CountySite, links: list[tuple[str, str, datetime]], charset: str | None = "utf-8") -> Page:
    """The site search answering "年度报告": every report of every year on one page (robots-disallowed)."""
    rows = "".join(f'<li><a href="{escape(u)}">{escape(t)}</a><span>{fmt_date(d)}</span></li>' for t, u, d in links)
    main = f'<h2>搜索结果：年度报告</h2><p>共找到{len(links)}条结果</p><ul class="search-result">{rows}</ul>'
    return encode_page(shell(site, "站内搜索", main, charset=charset), site, kind="trap", modified=None)


def article_meta(site: CountySite, title: str, published: datetime, agency: str, column: str, extra: str = "") -> str:
    """The metas county CMSs put on article pages (ContentSource names the agency here)."""
    return (f'<meta name="ArticleTitle" content="{escape(title)}">\n'
            f'<meta name="PubDate" content="{published.strftime("%Y-%m-%d %H:%M")}">\n'
            f'<meta name="ContentSource" content="{escape(agency)}">\n'
            f'<meta name="ColumnName" content="{escape(column)}">\n{extra}')


def info_line(published: datetime, agency: str) -> str:
    return (f'<div class="info"><span>发布时间：{published.strftime("%Y-%m-%d")}</span>'
            f'<span>来源：{escape(agency)}</span></div>')
