"""Measure the replica server: latency and throughput through the proxy, and replica/data's size.

Also: the multi-MB gkmlpt page (a crawler's worst page) and what solving the 加速乐 stage-2
challenge costs without a browser (the brute force a crawler would run).

Run: .venv/bin/python bench/bench_replica_server.py [--requests 2000] [--threads 8]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from replica.server import DATA_DIR, proxy_get, start_in_thread  # noqa: E402


def _pct(values: list[float], q: float) -> float:
    return sorted(values)[min(len(values) - 1, int(q * len(values)))]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--requests", type=int, default=2000)
    ap.add_argument("--threads", type=int, default=8)
    args = ap.parse_args()
    size = sum(p.stat().st_size for p in DATA_DIR.rglob("*") if p.is_file())
    files = sum(1 for p in DATA_DIR.rglob("*") if p.is_file())
    print(f"replica/data: {files} files, {size / 1e6:.1f} MB")
    with start_in_thread(port=0, faults={}) as replica:
        routes = [u for u, r in replica.manifest()["routes"].items() if "file" in r and "cookie" not in r]
        urls = [routes[i % len(routes)] for i in range(args.requests)]

        def one(url: str) -> tuple[float, int]:
            t = time.perf_counter()
            status, _, body = proxy_get(replica.url, url)
            assert status == 200, (url, status)
            return time.perf_counter() - t, len(body)

        for u in routes:  # warm the file cache
            one(u)
        started = time.perf_counter()
        with ThreadPoolExecutor(args.threads) as pool:
            results = list(pool.map(one, urls))
        wall = time.perf_counter() - started
        big = next(r for r in replica.manifest()["reports"] if r.get("big_page"))["page_urls"][0]
        t = time.perf_counter()
        body = proxy_get(replica.url, big)[2]
        big_ms = (time.perf_counter() - t) * 1000
    from replica.challenges import jsl_clearance, jsl_params

    hosts = ["www.panyu.gov.cn", "www.by.gov.cn", "www.gzns.gov.cn", "www.hp.gov.cn", "www.gz.gov.cn"]
    t = time.perf_counter()
    for h in hosts:
        jsl_params.cache_clear()
        jsl_clearance.cache_clear()
        jsl_clearance(h)
    solve_ms = (time.perf_counter() - t) * 1000 / len(hosts)
    lat = [r[0] * 1000 for r in results]
    mb = sum(r[1] for r in results) / 1e6
    print(f"{args.requests} proxied GETs over {len(routes)} routes, {args.threads} client threads: "
          f"{args.requests / wall:.0f} req/s, {mb / wall:.1f} MB/s")
    print(f"latency ms: median {statistics.median(lat):.2f}, p95 {_pct(lat, 0.95):.2f}, max {max(lat):.2f}")
    print(f"multi-MB gkmlpt page: {len(body) / 1e6:.1f} MB in {big_ms:.0f} ms")
    print(f"challenge521 stage 2 solved in Python: {solve_ms:.1f} ms per host (brute force over chars²)")


if __name__ == "__main__":
    main()
