"""Separate disclosure sub-sites (``xxgk.*``, ``zfxxgk.*``): annual-report columns paged by
``index_N.html``, ``N.html``, ``list.shtml``/``list_N.shtml`` or ``.aspx?cid=…&page=N``.

Domain: a county's own 政府信息公开 site on another host (REAL_SITES.md "Publishing systems",
item 4). Caveats: the sub-site's host must be in the entry (``host`` or ``extra_hosts``); pages
come from pager links (下一页/尾页/numbers) and, for a page parameter, from the stated page
count ("共N页"); department sub-columns below the entry page are walked. Spider arguments: ``site``.
"""

from __future__ import annotations

from spiders.column import ColumnSpider

FAMILY = "xxgk"


class XxgkSpider(ColumnSpider):
    """An xxgk sub-site column: the shared walk (pager links, page counts, sub-columns) is all it needs."""

    family = FAMILY
    families = (FAMILY,)
