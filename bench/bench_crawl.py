"""Benchmark: a full crawl of the replica (night1) with politeness on and off.

Prints, for each mode, the requests sent, reports found, sites ok, the wall time, and
the busiest host's peak (most requests the replica saw for one host within any one
second, from the replica's own request log), as measured on this machine; then, per
site, the catalogues and columns the crawl found (departments' included), the report
pages and the agencies, and the requests to hosts no site owns (must be 0).
Run: .venv/bin/python bench/bench_crawl.py
"""

from __future__ import annotations

import sys
import tempfile
import time
from collections import defaultdict
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from crawler.config import Config  # noqa: E402
from crawler.crawl import crawl  # noqa: E402

MODES = {
    # The nightly defaults: ~1 request/second per host, AutoThrottle, robots.txt.
    "politeness on": {"LOG_LEVEL": "WARNING"},
    "politeness off": {"LOG_LEVEL": "WARNING", "DOWNLOAD_DELAY": 0, "AUTOTHROTTLE_ENABLED": False,
                       "ROBOTSTXT_OBEY": False, "CONCURRENT_REQUESTS_PER_DOMAIN": 8,
                       "NIANBAO_GKMLPT_BACKOFF": 0.3},
}


def peak_per_host(log: list[dict]) -> tuple[str, int]:
    """The host with the most requests inside one 1-second window, and that count."""
    times: dict[str, list[float]] = defaultdict(list)
    for entry in log:
        host = urlsplit(entry["url"]).hostname or "?"
        times[host].append(datetime.fromisoformat(entry["time"]).timestamp())
    best = ("-", 0)
    for host, ts in times.items():
        ts.sort()
        start = 0
        for end, t in enumerate(ts):
            while t - ts[start] >= 1.0:
                start += 1
            if end - start + 1 > best[1]:
                best = (host, end - start + 1)
    return best


def per_site(summary: Any, items: list[dict], log: list[dict]) -> None:
    """What the last crawl found on each site, from its sources stat and its items."""
    from crawler.registry import get_sites

    sites = get_sites(replica_only=True)
    print(f"\n{'site':<6} {'catalogues':>10} {'of them depts':>13} {'columns':>7} {'report pages':>12} {'agencies':>8}")
    for site in sites:
        sources = summary.stats.get(f"nianbao/{site.key}/sources", [])
        cats = [s for s in sources if s["kind"] == "catalogue" and s["ok"]]
        mine = [i for i in items if i["site"] == site.key]
        print(f"{site.key:<6} {len(cats):>10} {sum(not s['configured'] for s in cats):>13} "
              f"{sum(s['kind'] == 'column' for s in sources):>7} {len({i['url'] for i in mine}):>12} "
              f"{len({i['agency'] for i in mine}):>8}")
        for s in sorted(cats, key=lambda s: s["url"]):
            print(f"       {s['url']:<42} SID {s['sid'] or '?':<7} {s['reports']:>3} reports  {s['name'] or '(own)'}")
    offsite = [e["url"] for e in log if not any(s.owns(e["url"]) for s in sites)]
    print(f"requests to hosts no site owns: {len(offsite)}")


def main() -> int:
    from replica.server import start_in_thread

    server = start_in_thread(port=0, state="night1")
    try:
        expected = {u for r in server.manifest()["reports"] for u in r["page_urls"]}
        print(f"replica night1: {len(expected)} report pages on 5 sites")
        print(f"{'mode':<16} {'requests':>8} {'reports':>8} {'sites ok':>8} {'wall s':>8} {'crawl s':>8}"
              "  peak req/s on one host")
        for name, overrides in MODES.items():
            items: list[dict] = []
            server.requests(clear=True)
            with tempfile.TemporaryDirectory() as tmp:
                started = time.monotonic()
                summary = crawl(Config(Path(tmp)), replica_url=server.url, item_sink=items.append,
                                settings_overrides=overrides)
                wall = time.monotonic() - started
            found = {i["url"] for i in items}
            log = server.requests(clear=True)
            peak = peak_per_host(log)
            ok = sum(1 for r in summary.sites.values() if r.status == "ok")
            print(f"{name:<16} {summary.requests:>8} {len(found & expected):>4}/{len(expected):<3} "
                  f"{ok:>6}/5 {wall:>8.1f} {summary.wall_seconds:>8.1f}  {peak[1]} ({peak[0]})")
        per_site(summary, items, log)
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
