"""Zhejiang's JPaaS (Hanweb's newer platform): columns whose list comes from
``/api-gateway/jpaas-publish-server/front/page/build/unit?…&pageNo=N`` as JSON ``{"data": {"html": …}}``.

Domain: Zhejiang county sites (REAL_SITES.md "Publishing systems", item 2; hulelan/china-governance
crawlers/hangzhou.py: ``parseType=bulidstatic&webId&tplSetId&pageType=column&tagId&pageId&rows&pageNo``,
rows ``<li><a title href>…</a><b>date</b></li>``, the count as ``count="N"`` in the fragment).
Caveats: the column page itself lists nothing; the API URL is read from the page (a literal URL,
else ``webId``/``tplSetId``/``tagId`` from its scripts, else the registry's ``params``); pages are
asked for while they bring rows not seen before (the real API may repeat page 1 past the end).
Spider arguments: ``site``.
"""

from __future__ import annotations

import html as htmllib
import re
from typing import Any
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit

from scrapy.http import Response

from spiders.column import ColumnSpider
from spiders.detect import read_params

FAMILY = "jpaas"
API_PATH = "/api-gateway/jpaas-publish-server/front/page/build/unit"
API_URL = re.compile(r"""["']?((?:https?://[^"'\s<>]+)?/api-gateway/jpaas-publish-server/front/page/build/unit\?[^"'\s<>]{0,1000})""")
COLUMN_ID = re.compile(r"/col/col(\d+)/")


def api_request(url: str, html: str, params: dict[str, str] | None = None) -> tuple[str, dict[str, Any]] | None:
    """(first API page URL, pager) of a JPaaS column page, or None when the page names no API."""
    m = API_URL.search(html or "")
    if m:
        target = urljoin(url, htmllib.unescape(m.group(1)))
    else:
        found = {**(params or {}), **read_params(html, url)}
        if "jpaas" not in (html or "") and not found.get("tplSetId"):
            return None
        column = COLUMN_ID.search(url)
        query = {"parseType": "bulidstatic", "webId": found.get("webId", ""), "tplSetId": found.get("tplSetId", ""),
                 "pageType": "column", "tagId": found.get("tagId", ""),
                 "pageId": found.get("pageId") or (column.group(1) if column else ""), "rows": found.get("rows", "15")}
        target = urljoin(url, API_PATH + "?" + urlencode(query))
    per_page = next((int(v) for k, v in _query(target) if k.lower() == "rows" and v.isdigit()), None)
    pager = {"param": "pageNo", "value": 1, "per_page": per_page, "listing": url, "id": f"jpaas:{url}"}
    return target, pager


def _query(url: str) -> list[tuple[str, str]]:
    return parse_qsl(urlsplit(url).query, keep_blank_values=True)


class JpaasSpider(ColumnSpider):
    """A JPaaS column: the API's pages 1, 2 … read as JSON with HTML fragments."""

    family = FAMILY
    families = (FAMILY,)

    def api_first_page(self, response: Response) -> tuple[str, dict[str, Any]] | None:
        return api_request(response.url, response.text, self.site.parameters)
