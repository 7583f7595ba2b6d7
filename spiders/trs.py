"""TRS WCM / 海云 columns: static list pages ``index.html``, ``index_1.html`` … announced by ``createPageHTML``.

Domain: county portals built with TRS WCM (the most common system in public crawler code:
hulelan/china-governance crawlers/govcms.py, trs.py, chongqing.py). Caveats: the pager is written
by a script, ``createPageHTML(count, current, "index", "html")`` counting from 0 (``index_1.html``
is the second page), or ``createPageHTML('id', count, current, 'index', 'html', rows)`` counting
from 1; articles are ``./YYYYMM/tYYYYMMDD_ID.html`` with attachments ``./P0…pdf`` (read by the
shared article code). Spider arguments: ``site`` — registry key or Site.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import urljoin

import scrapy
from scrapy.http import Response

from spiders import listing as L
from spiders.column import ColumnSpider

FAMILY = "trs"
PAGE_SCRIPT = re.compile(r"createPage(?:HTML)?\s*\(([^)]{0,300})\)")
# TRS templates usually pass variables: ``var countPage = 3//共多少页; createPageHTML(countPage, currentPage, …)``
NUMBER_VAR = re.compile(r"\b(?:var\s+)?([A-Za-z_$][\w$]*)\s*=\s*(\d{1,5})\b")


def script_pages(url: str, html: str) -> list[str]:
    """The pages a ``createPageHTML``/``createPage`` call announces (none when the call is absent)."""
    m = PAGE_SCRIPT.search(html or "")
    if not m:
        return []
    values = dict(NUMBER_VAR.findall(html[max(0, m.start() - 2000):m.start()]))
    args = [values.get(a.strip(), a.strip().strip("'\"")) for a in m.group(1).split(",")]
    numbers = [int(a) for a in args if a.isdigit()]
    if not numbers:
        return []
    count = min(numbers[0], L.MAX_PAGES)
    names = [a for a in args if a and not a.isdigit()]
    prefix = names[-2] if len(names) >= 3 else (names[0] if len(names) == 2 else "index")
    ext = names[-1] if len(names) >= 2 else "html"
    base = url.split("?")[0].rsplit("/", 1)[0] + "/"
    first = 1 if args[0].isdigit() else 2  # createPageHTML(6, 0, …) counts from 0; ('id', 6, 1, …) from 1
    return [urljoin(base, f"{prefix}_{n}.{ext}") for n in range(first, count + first - 1)]


class TrsSpider(ColumnSpider):
    """A TRS column: list rows plus the pages its ``createPageHTML`` script announces."""

    family = FAMILY
    families = (FAMILY,)

    def more_requests(self, response: Response, links: list[L.Link]) -> Iterator[scrapy.Request]:
        for url in script_pages(response.url, response.text):
            req = self.follow_listing(url, response, self.parse_column)
            if req is not None:
                yield req
