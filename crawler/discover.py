"""``nianbao discover URL``: find an unknown site's annual-report column and print a registry entry.

Runs :class:`spiders.discover.DiscoverSpider` with the crawl's politeness settings and
turns what it confirmed into a YAML entry the operator can paste into sites.yaml.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from crawler.crawl import run_isolated
from crawler.registry import RegistryError, entry_yaml, load_registry, netloc_of
from crawler.sitesfile import append_entry, key_for


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

    def entry(self, taken: Iterable[str] = ()) -> dict[str, Any]:
        """A registry entry for this site (key, name, district, host, scheme, columns, gkmlpt).

        The host keeps a non-default port (``host:port`` is another server); the key is derived
        from the host and is never one of ``taken`` (see :func:`crawler.sitesfile.key_for`).
        A column on another host is kept as a full URL; a catalogue on another host is left out
        (the crawl finds department catalogues itself).
        """
        parts = urlsplit(self.url)
        scheme = parts.scheme or "https"
        host = netloc_of(self.url)
        name = next((n.strip() for n in re.split(r"[-_|｜—–]", self.name or "") if "政府" in n), "")
        district = re.search(r"([^市州省]{1,5}[区县])人民政府$", name) or re.search(r"([^省]{1,5}[市州])人民政府$", name)
        portal = [urlsplit(c["url"]).path if netloc_of(c["url"]) == host else c["url"]
                  for c in self.columns if c["system"] == "portal"]
        gk = [{"prefix": urlsplit(c["url"]).path, "categories": c["categories"]}
              for c in self.columns if c["system"] == "gkmlpt" and netloc_of(c["url"]) == host]
        entry: dict[str, Any] = {"key": key_for(self.url, taken), "name": name or host,
                                 "district": district.group(1) if district else "", "host": host,
                                 "scheme": scheme, "portal": {"columns": portal}, "gkmlpt": gk}
        entry.update(self.county_entry(host))
        return entry

    def county_entry(self, host: str) -> dict[str, Any]:
        """``system``, ``columns``, ``params`` (and ``extra_hosts`` for a disclosure sub-site) of the
        county column that listed the most reports; ``{}`` when discovery found none."""
        county = [c for c in self.columns if c["system"] not in ("portal", "gkmlpt")]
        if not county:
            return {}
        best = max(county, key=lambda c: len(c["reports"]))
        same = [c for c in county if c["system"] == best["system"]]
        columns = [urlsplit(c["url"]).path + (f"?{urlsplit(c['url']).query}" if urlsplit(c["url"]).query else "")
                   if netloc_of(c["url"]) == host else c["url"] for c in same]
        out: dict[str, Any] = {"system": best["system"], "columns": list(dict.fromkeys(columns)),
                               "params": {k: v for k, v in sorted((best.get("params") or {}).items())}}
        others = sorted({netloc_of(c["url"]) for c in same} - {host})
        if others:
            out["extra_hosts"] = others
        return out


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


def discover(urls: list[str], *, replica_url: str | None = None, max_depth: int = 4,
             settings_overrides: dict[str, Any] | None = None, isolate: bool | None = None) -> list[Discovery]:
    """Discover the report columns of several sites in one Scrapy process (see ``crawl``'s ``isolate``)."""
    return run_isolated(_discover_here, (list(urls), replica_url, max_depth, settings_overrides), isolate=isolate)


def format_discovery(d: Discovery, entry: dict[str, Any] | None = None) -> str:
    lines = [f"Site: {d.url} ({d.name or 'no title'}), {d.requests} requests"]
    if not d.found:
        lines.append("No annual-report column found within the click limit.")
        return "\n".join(lines) + "\n"
    for c in d.columns:
        via = " → ".join(c["path"]) or "home page"
        extra = f" (SID {c['sid']}, categories {c['categories']})" if c["system"] == "gkmlpt" else ""
        if c.get("params"):
            extra += " (" + ", ".join(f"{k}={v}" for k, v in sorted(c["params"].items())) + ")"
        if c.get("evidence"):
            extra += f" [recognised by: {', '.join(c['evidence'])}]"
        lines.append(f"Found {c['system']} column {c['url']}{extra}, via {via}: {len(c['reports'])} report(s)")
        lines += [f"  note: {n}" for n in c.get("notes") or []]
        for r in sorted(c["reports"], key=lambda r: (-(r["year"] or 0), r["title"])):
            lines.append(f"  {r['year'] or '????'}  {r['title']}  {r['url']}")
    lines += ["", "Registry entry (paste under `sites:` in crawler/sites.yaml):", entry_yaml(entry or d.entry())]
    return "\n".join(lines)


def registry_entry(d: Discovery, taken: Iterable[str]) -> dict[str, Any]:
    """The entry to append to an operator file: valid as it stands (a district the home page's
    title does not give is the site's name, with a note saying so) and dated."""
    entry = d.entry(taken)
    notes = [f"found by nianbao discover from {d.url} on {dt.date.today().isoformat()}"]
    if not entry["district"]:
        entry["district"] = entry["name"]
        notes.append("district not named in the home page's title: check it")
    entry["notes"] = "; ".join(notes)
    return entry


def _taken_keys(sites_file: Path | None) -> set[str]:
    """Keys of the package registry and of the operator's file (when it exists yet)."""
    existing = sites_file if sites_file is not None and sites_file.is_file() else None
    return {s.key for s in load_registry(operator=existing, use_env=False)}


def discover_site(url: str, *, replica_url: str | None = None, max_depth: int = 4,
                  sites_file: Path | None = None) -> int:
    """CLI entry: print what was found and a registry entry; exit code 0 when a column was found.

    With ``sites_file`` the entry is also appended to that file (created when missing) under a
    key no site uses yet, so that ``nianbao run --sites FILE --site KEY`` crawls it next.
    """
    overrides = {"LOG_LEVEL": "WARNING"}
    try:
        taken = _taken_keys(sites_file)
    except RegistryError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    try:
        (result,) = discover([url], replica_url=replica_url, max_depth=max_depth, settings_overrides=overrides)
    except Exception as exc:  # noqa: BLE001 - the operator gets a message, not a traceback
        print(f"error: discovery of {url} failed: {exc}", file=sys.stderr)
        return 2
    entry = registry_entry(result, taken) if result.found else None
    sys.stdout.write(format_discovery(result, entry))
    if entry is None or sites_file is None:
        return 0 if result.found else 1
    try:
        kept = append_entry(sites_file, entry)
    except (OSError, RegistryError) as exc:
        print(f"error: could not add the entry to {sites_file}: {exc}", file=sys.stderr)
        return 2
    how = "" if kept else " (the file's list had to be rewritten: its comments were not kept)"
    print(f"\nAdded site {entry['key']!r} to {sites_file}{how}.\n"
          f"Crawl it with: nianbao run --sites {sites_file} --site {entry['key']}")
    return 0
