"""开普云 Ucap columns: the list is JSON from ``/common/search/{channel}?page=N&_pageSize=M&_isJson=true``.

Domain: county sites on Ucap (REAL_SITES.md "Publishing systems", item 5; hulelan/china-governance
crawlers/heilongjiang.py, gov.py; public clients of the same API read ``data.results[]`` with
``title``, ``url``, ``publishedTimeStr`` and ``data.total``). Caveats: the channel id is read from the
column page (a ``/common/search/{channel}`` URL in a script or link), else from the registry's
``params.channel``; article bodies sit in ``#UCAP-CONTENT`` (read by the shared article code).
Spider arguments: ``site``.
"""

from __future__ import annotations

import html as htmllib
import re
from typing import Any
from urllib.parse import urljoin

from scrapy.http import Response

from spiders import listing as L
from spiders.column import ColumnSpider

FAMILY = "ucap"
SEARCH_URL = re.compile(r"""((?:https?://[^"'\s<>]+)?/common/search/([0-9A-Za-z]{8,64})(?:\?[^"'\s<>]{0,500})?)""")
PAGE_SIZE = 20


def api_request(url: str, html: str, params: dict[str, str] | None = None) -> tuple[str, dict[str, Any]] | None:
    """(first JSON page URL, pager) of a Ucap column page, or None when it names no channel."""
    m = SEARCH_URL.search(html or "")
    if m:
        target = urljoin(url, htmllib.unescape(m.group(1)))
    elif (params or {}).get("channel"):
        target = urljoin(url, f"/common/search/{params['channel']}")
    else:
        return None
    target = L.with_param(target, "_isJson", "true")
    size = next((int(v) for k, v in L.query_pairs(target) if k == "_pageSize" and v.isdigit()), None)
    if size is None:
        size = PAGE_SIZE
        target = L.with_param(target, "_pageSize", size)
    return target, {"param": "page", "value": 1, "per_page": size, "listing": url, "id": f"ucap:{url}"}


class UcapSpider(ColumnSpider):
    """A Ucap column: JSON pages 1, 2 … until ``data.total`` rows or a page with nothing new."""

    family = FAMILY
    families = (FAMILY,)

    def api_first_page(self, response: Response) -> tuple[str, dict[str, Any]] | None:
        return api_request(response.url, response.text, self.site.parameters)
