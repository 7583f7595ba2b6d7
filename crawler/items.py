"""The item every spider yields: one report page found on a site (docs/CONTRACTS.md "Spider items").

One item per *page*; the archive merges pages of the same agency × year into one
logical report, so the same report reached through both systems stays one report.
"""

from __future__ import annotations

import scrapy


class ReportItem(scrapy.Item):
    site = scrapy.Field()            # registry key
    district = scrapy.Field()
    agency = scrapy.Field()          # 发布机关
    year = scrapy.Field()            # int, report year from title/body (never the publish date)
    title = scrapy.Field()
    url = scrapy.Field()             # real site URL of the article page
    publish_date = scrapy.Field()    # ISO YYYY-MM-DD or None
    source_system = scrapy.Field()   # "portal" | "gkmlpt"
    attachments = scrapy.Field()     # [{"url", "name", "mime"}]
    page = scrapy.Field()            # {"url", "final_url", "redirects", "status", "headers", "body", "fetched_at"}
    listing_url = scrapy.Field()     # where the report was found
    source = scrapy.Field()          # the column entry URL or catalogue base URL (…/gkmlpt/) it was found through
