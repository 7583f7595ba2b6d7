"""Benchmark: `discover` then a crawl of every county site of the replica, one per publishing system.

For each system (TRS, Hanweb JCMS, JPaaS, Ucap, Boda VSB, an xxgk sub-site) prints what discovery
recognised, then — with its family module and with the generic spider alone (``NIANBAO_GENERIC_FOR``)
— the reports found of the replica's, decoys taken, requests made (the replica's own log),
requests under the robots.txt trap, and the wall time, politeness off, as measured here.
Run: .venv/bin/python bench/bench_county.py
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

FAST = {"DOWNLOAD_DELAY": 0, "AUTOTHROTTLE_ENABLED": False, "LOG_LEVEL": "ERROR"}


def main() -> int:
    from crawler.config import Config
    from crawler.crawl import crawl
    from crawler.discover import discover, registry_entry
    from crawler.sitesfile import append_entry
    from replica.server import start_in_thread

    server = start_in_thread(port=0, state="night1", faults={})
    try:
        manifest = server.manifest()
        sites = manifest["county_sites"]
        sites_file = Path(tempfile.mkdtemp()) / "sites.yaml"
        started = time.monotonic()
        results = discover([s["home"] for s in sites], replica_url=server.url, settings_overrides=FAST, isolate=True)
        print(f"discover: {len(sites)} home pages in {time.monotonic() - started:.1f} s")
        for site, result in zip(sites, results, strict=True):
            entry = registry_entry(result, set())
            entry["key"] = site["key"]
            append_entry(sites_file, entry)
            print(f"  {site['key']:8} {site['system']:7} → recognised {entry.get('system', '-'):7} "
                  f"columns {entry.get('columns')} params {entry.get('params')}")
        os.environ["NIANBAO_SITES"] = str(sites_file)
        reports = {s["key"]: {u for r in manifest["county_reports"] if r["site"] == s["key"] for u in r["page_urls"]}
                   for s in sites}
        decoys = {u for d in manifest["county_decoys"] for u in (d.get("urls") or [d["url"]])}
        print(f"\n{'mode':8} {'system':7} {'site':8} {'reports':>8} {'decoys':>6} {'requests':>8} {'trap':>4} {'wall s':>7}")
        for mode in ("module", "generic"):
            if mode == "generic":
                os.environ["NIANBAO_GENERIC_FOR"] = "all"
            for site in sites:
                server.requests(clear=True)
                items: list[dict] = []
                started = time.monotonic()
                crawl(Config(Path(tempfile.mkdtemp())), sites=[site["key"]], replica_url=server.url,
                      item_sink=items.append, settings_overrides=FAST, isolate=True)
                wall = time.monotonic() - started
                log = server.requests(clear=True)
                got = {i["url"] for i in items}
                trap = sum(1 for e in log if urlsplit(e["url"]).path.startswith(site["robots_trap"]))
                print(f"{mode:8} {site['system']:7} {site['key']:8} {len(got & reports[site['key']]):>4}/{len(reports[site['key']]):<3} "
                      f"{len(got & decoys):>6} {len(log):>8} {trap:>4} {wall:>7.1f}")
            os.environ.pop("NIANBAO_GENERIC_FOR", None)
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
