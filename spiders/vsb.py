"""Boda VSB (博达站群) columns: ``/info/iList.jsp?cat_id=…&cur_page=N`` lists, articles ``/info/{col}/{id}.htm``.

Domain: county sites on Boda's Visual SiteBuilder (REAL_SITES.md "Publishing systems", item 6).
Caveats: the pager links carry ``cur_page``; "共N页" gives the count, so every page is asked for
once even when the pager shows only a window of page numbers. Static VSB lists (``nb.htm`` then
``nb/1.htm`` …) are followed through their pager links. Spider arguments: ``site``.
"""

from __future__ import annotations

from collections.abc import Iterator

import scrapy
from scrapy.http import Response

from spiders import listing as L
from spiders.column import ColumnSpider

FAMILY = "vsb"


class VsbSpider(ColumnSpider):
    """A VSB column: rows, pager links, and ``cur_page`` 2..N when the page states N."""

    family = FAMILY
    families = (FAMILY,)

    def more_requests(self, response: Response, links: list[L.Link]) -> Iterator[scrapy.Request]:
        count = L.total_pages(response.text)
        if not count or L.page_param(response.url):
            return
        if "ilist.jsp" in response.url.lower() or "cat_id=" in response.url:
            for n in range(2, count + 1):
                req = self.follow_listing(L.with_param(response.url, "cur_page", n), response, self.parse_column)
                if req is not None:
                    yield req
