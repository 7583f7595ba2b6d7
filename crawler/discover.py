"""``nianbao discover URL``: find an unknown site's annual-report column and print a registry entry.

Runs :class:`spiders.discover.DiscoverSpider` with the crawl's politeness settings and
turns what it confirmed into a YAML entry the operator can paste into sites.yaml.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from crawler.crawl import run_isolated
from crawler.registry import entry_yaml


@dataclass
class Discovery:
    """What discovery found on one site (picklable, so it can come back from a child process)."""

    url: str
    name: str = ""
    columns: list[dict[str, Any]] = field(default_factory=list)  # FoundColumn as dicts
    requests: int = 0

    @property
    def found(self) -> bool:
        return bool(self.columns)

    def entry(self) -> dict[str, Any]:
        """A registry entry for this site (key, name, district, host, scheme, columns, gkmlpt)."""
        parts = urlsplit(self.url)
        host = (parts.hostname or "").lower()
        labels = [p for p in host.split(".") if p not in {"www", "gov", "cn", "com", "org"}]
        name = next((n.strip() for n in re.split(r"[-_|｜—–]", self.name or "") if "政府" in n), "")
        district = re.search(r"([^市州省]{1,5}[区县])人民政府$", name) or re.search(r"([^省]{1,5}[市州])人民政府$", name)
        portal = [urlsplit(c["url"]).path for c in self.columns if c["system"] == "portal"]
        gk = [{"prefix": urlsplit(c["url"]).path, "categories": c["categories"]}
              for c in self.columns if c["system"] == "gkmlpt"]
        return {"key": labels[0] if labels else host, "name": name or host,
                "district": district.group(1) if district else "", "host": host,
                "scheme": parts.scheme or "https", "portal": {"columns": portal}, "gkmlpt": gk}


def _discover_here(urls: list[str], replica_url: str | None, max_depth: int,
                   settings_overrides: dict[str, Any] | None) -> list[Discovery]:
    from dataclasses import asdict

    from scrapy.crawler import CrawlerProcess

    from crawler.settings import build_settings
    from spiders.discover import DiscoverSpider

    hosts = {(urlsplit(u).hostname or "").lower() for u in urls}
    breadth_first = {"DEPTH_PRIORITY": 1, "SCHEDULER_DISK_QUEUE": "scrapy.squeues.PickleFifoDiskQueue",
                     "SCHEDULER_MEMORY_QUEUE": "scrapy.squeues.FifoMemoryQueue"}
    settings = build_settings(replica_url, {**breadth_first, **(settings_overrides or {})}, browser_hosts=hosts)
    process = CrawlerProcess(settings)
    crawlers = []
    for url in urls:
        crawler = process.create_crawler(DiscoverSpider)
        process.crawl(crawler, start_url=url, max_depth=max_depth)
        crawlers.append((url, crawler))
    process.start()
    out = []
    for url, crawler in crawlers:
        spider = crawler.spider
        stats = crawler.stats.get_stats() or {}
        out.append(Discovery(url=url, name=spider.home_title, columns=[asdict(c) for c in spider.found],
                             requests=int(stats.get("downloader/request_count", 0))))
    return out


def discover(urls: list[str], *, replica_url: str | None = None, max_depth: int = 3,
             settings_overrides: dict[str, Any] | None = None, isolate: bool | None = None) -> list[Discovery]:
    """Discover the report columns of several sites in one Scrapy process (see ``crawl``'s ``isolate``)."""
    return run_isolated(_discover_here, (list(urls), replica_url, max_depth, settings_overrides), isolate=isolate)


def format_discovery(d: Discovery) -> str:
    lines = [f"Site: {d.url} ({d.name or 'no title'}), {d.requests} requests"]
    if not d.found:
        lines.append("No annual-report column found within the click limit.")
        return "\n".join(lines) + "\n"
    for c in d.columns:
        via = " → ".join(c["path"]) or "home page"
        extra = f" (SID {c['sid']}, categories {c['categories']})" if c["system"] == "gkmlpt" else ""
        lines.append(f"Found {c['system']} column {c['url']}{extra}, via {via}: {len(c['reports'])} report(s)")
        lines += [f"  note: {n}" for n in c.get("notes") or []]
        for r in sorted(c["reports"], key=lambda r: (-(r["year"] or 0), r["title"])):
            lines.append(f"  {r['year'] or '????'}  {r['title']}  {r['url']}")
    lines += ["", "Registry entry (paste under `sites:` in crawler/sites.yaml):", entry_yaml(d.entry())]
    return "\n".join(lines)


def discover_site(url: str, *, replica_url: str | None = None, max_depth: int = 3) -> int:
    """CLI entry: print what was found and a registry entry; exit code 0 when a column was found."""
    overrides = {"LOG_LEVEL": "WARNING"}
    try:
        (result,) = discover([url], replica_url=replica_url, max_depth=max_depth, settings_overrides=overrides)
    except Exception as exc:  # noqa: BLE001 - the operator gets a message, not a traceback
        print(f"error: discovery of {url} failed: {exc}", file=sys.stderr)
        return 2
    sys.stdout.write(format_discovery(result))
    return 0 if result.found else 1
