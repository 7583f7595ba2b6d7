"""Benchmark: a full crawl of the replica (night1) with politeness on and off.

Prints, for each mode, the requests sent, reports found, sites ok and the wall time,
as measured on this machine. Run: .venv/bin/python bench/bench_crawl.py
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

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


def main() -> int:
    from replica.server import start_in_thread

    server = start_in_thread(port=0, state="night1")
    try:
        expected = {u for r in server.manifest()["reports"] for u in r["page_urls"]}
        print(f"replica night1: {len(expected)} report pages on 5 sites")
        print(f"{'mode':<16} {'requests':>8} {'reports':>8} {'sites ok':>8} {'wall s':>8} {'crawl s':>8}")
        for name, overrides in MODES.items():
            items: list[dict] = []
            with tempfile.TemporaryDirectory() as tmp:
                started = time.monotonic()
                summary = crawl(Config(Path(tmp)), replica_url=server.url, item_sink=items.append,
                                settings_overrides=overrides)
                wall = time.monotonic() - started
            found = {i["url"] for i in items}
            ok = sum(1 for r in summary.sites.values() if r.status == "ok")
            print(f"{name:<16} {summary.requests:>8} {len(found & expected):>4}/{len(expected):<3} "
                  f"{ok:>6}/5 {wall:>8.1f} {summary.wall_seconds:>8.1f}")
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
