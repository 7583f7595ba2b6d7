"""First pipeline: reject malformed items with a clear reason, tidy the rest.

Why: spiders for unknown sites will emit odd items (a year as text, a relative
attachment URL, no agency). One bad item must be logged and dropped, never crash the
night; a tidy item lets the later pipelines stay simple.
"""

from __future__ import annotations

import logging
import re
from typing import Any
from urllib.parse import urljoin

from scrapy.exceptions import DropItem

log = logging.getLogger(__name__)


def _year(value: Any) -> int | None:
    if isinstance(value, int):
        return value if 1990 <= value <= 2100 else None
    m = re.search(r"(19|20)\d{2}", str(value or ""))
    return int(m.group(0)) if m else None


def clean_item(item: Any) -> Any:
    """Validate and tidy one ReportItem in place (DropItem with the reason when unusable)."""
    for key in ("site", "url"):
        if not item.get(key):
            raise DropItem(f"report item without {key}: {dict(item).get('url') or dict(item).get('title')!r}")
    url = str(item["url"])
    if not url.startswith(("http://", "https://")):
        raise DropItem(f"report item with a non-http url: {url!r}")
    item["year"] = _year(item.get("year"))
    if item.get("year") is None:
        log.warning("report item without a year: %s", url)
    if not item.get("agency"):
        log.warning("report item without an agency: %s", url)
    page = item.get("page")
    if page is not None and not isinstance(page, dict):
        raise DropItem(f"report item whose page is not a dict: {url}")
    attachments = []
    seen = set()
    for att in item.get("attachments") or []:
        if isinstance(att, str):
            att = {"url": att}
        if not isinstance(att, dict) or not att.get("url"):
            log.warning("attachment without url on %s: %r", url, att)
            continue
        absolute = urljoin((page or {}).get("final_url") or url, str(att["url"]).strip())
        if not absolute.startswith(("http://", "https://")) or absolute in seen:
            continue
        seen.add(absolute)
        attachments.append({"url": absolute, "name": att.get("name"), "mime": att.get("mime")})
    item["attachments"] = attachments
    return item


class ValidatePipeline:
    """Scrapy pipeline wrapper of :func:`clean_item`."""

    def process_item(self, item: Any) -> Any:
        return clean_item(item)
