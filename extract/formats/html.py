"""HTML articles: inline tables with rowspan/colspan, GBK or UTF-8."""

from __future__ import annotations

import re
from pathlib import Path

from bs4 import BeautifulSoup

from extract.document import IMAGE_MARK, Document
from extract.formats.encoding import decode
from extract.formats.grid import expand, grid_lines
from extract.formats.jsconfig import ConfigError, config_detail, read_config


def _span(value: str | None) -> int:
    m = re.match(r"\s*(\d+)", value or "")
    return int(m.group(1)) if m else 1


def _cell_text(cell) -> str:
    return re.sub(r"[ \t\r\f\v\u3000\xa0]+", " ", cell.get_text("\n")).strip()


def table_grid(table) -> list[list[str | None]]:
    rows = []
    for tr in table.find_all("tr"):
        if tr.find_parent("table") is not table:
            continue
        cells = [(_cell_text(td), _span(td.get("rowspan")), _span(td.get("colspan")))
                 for td in tr.find_all(["td", "th"], recursive=False)]
        rows.append(cells)
    return expand(rows)


def local_image(src: str, page: Path) -> Path | None:
    """Find an <img src> among local files: a mirror layout (…/<host>/<path>) or beside
    the page. The archive passes its own resolver for its blobs."""
    src = (src or "").strip()
    if not src or src.startswith("data:"):
        return None
    m = re.match(r"^(?:https?:)?//([^/]+)(/[^?#]*)", src)
    host, rel = (m.group(1), m.group(2)) if m else (None, src.split("?")[0].split("#")[0])
    candidates = []
    for anc in [page.parent, *page.parent.parents][:12]:
        if host and anc.name == host:
            candidates.append(anc / rel.lstrip("/"))
        elif not host and rel.startswith("/") and anc.name.count(".") >= 1:
            candidates.append(anc / rel.lstrip("/"))
    if not host and not rel.startswith("/"):
        candidates.append(page.parent / rel)
    for c in candidates:
        try:
            if c.is_file():
                return c
        except OSError:
            continue
    return None


def detail_body(html: str) -> str | None:
    """The body HTML in ``window._CONFIG.DETAIL.content`` (gkmlpt article pages), if any."""
    try:
        content = config_detail(read_config(html)).get("content")
    except ConfigError:
        return None
    return content if isinstance(content, str) and content.strip() else None


def _with_detail_body(soup: BeautifulSoup, html: str) -> None:
    """Put DETAIL's body where the page left its container empty (the real gkmlpt pages),
    or after the page when the page itself carries no table; never twice."""
    body = detail_body(html) if "_CONFIG" in html else None
    if body is None:
        return
    container = soup.select_one(".article-content")
    if container is not None and not container.get_text(strip=True) and not container.find(["table", "img"]):
        container.append(BeautifulSoup(body, "lxml").body or "")
    elif not soup.find("table") and soup.body is not None:
        soup.body.append(BeautifulSoup(body, "lxml").body or "")


def read_html(path: Path, resolve=None) -> Document:
    html = decode(path.read_bytes())
    soup = BeautifulSoup(html, "lxml")
    _with_detail_body(soup, html)
    for tag in soup(["script", "style", "noscript", "template"]):
        tag.decompose()
    title = None
    for sel in ("meta[name=ArticleTitle]", "h1", "title"):
        el = soup.select_one(sel)
        if el is not None:
            title = (el.get("content") if el.name == "meta" else el.get_text(" ")).strip() or None
            if title:
                break
    grids = []
    for table in soup.find_all("table"):
        if table.find("table"):
            continue  # a layout table around a data table: read the inner one
        grid = table_grid(table)
        grids.append(grid)
        table.replace_with(soup.new_string("\n" + grid_lines(grid) + "\n"))
    images = []
    resolve = resolve or (lambda src: local_image(src, path))
    for img in soup.find_all("img"):
        found = resolve(img.get("src") or "")
        if found is not None and found not in images and _content_image(img):
            img.replace_with(soup.new_string(IMAGE_MARK.format(len(images))))
            images.append(found)
    for br in soup.find_all(["br", "p", "div", "h1", "h2", "h3", "li", "tr"]):
        br.insert_after("\n")
    text = re.sub(r"\n\s*\n+", "\n", soup.get_text())
    return Document("html", text, grids, title=title, images=images)


def _content_image(img) -> bool:
    """Skip logos and icons: an image inside the page's header/nav, or declared tiny."""
    for attr in ("width", "height"):
        m = re.match(r"\s*(\d+)", str(img.get(attr) or ""))
        if m and int(m.group(1)) < 80:
            return False
    return not img.find_parent(["header", "nav"])
