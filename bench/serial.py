"""One request at a time: what a single visitor waits for each scenario, over HTTP.

    python -m bench.serial --base http://127.0.0.1:8800 --scenarios bench/out/scenarios.json \
        --out bench/out/serial.json [-n 30] [--only "home,news list"]

The load test (wrk, 32 connections) measures throughput: what the server does when
busy. Issue #19 also gave the wait of one visitor alone, every cache off ("home 105 ms,
news list 105 ms, ..."), which a throughput figure hides: this is that measurement, so
the same numbers can be read before and after a change (bench/run.sh runs it against
the server with every cache off). Each scenario is requested twice to warm the worker,
then ``-n`` times one after the other on one keep-alive connection; the medians and the
90th percentiles are printed and written as JSON. Only the standard library: the same
script measures an older checkout's server.
"""

from __future__ import annotations

import argparse
import http.client
import json
import statistics
import time
from pathlib import Path
from urllib.parse import urlsplit


def timed_requests(base: str, path: str, count: int) -> list[float]:
    """Milliseconds of ``count`` GETs of ``path``, each read to the end."""
    address = urlsplit(base)
    connection = http.client.HTTPConnection(address.hostname, address.port or 80, timeout=30)
    timings = []
    try:
        for index in range(count + 2):
            start = time.perf_counter()
            connection.request("GET", path, headers={"Accept-Language": "en"})
            response = connection.getresponse()
            response.read()
            elapsed = (time.perf_counter() - start) * 1000
            if response.status != 200:
                raise SystemExit(f"{path}: HTTP {response.status}")
            if index >= 2:  # the first two warm the worker (templates, compiled patterns)
                timings.append(elapsed)
    finally:
        connection.close()
    return timings


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", required=True, help="the server, e.g. http://127.0.0.1:8800")
    parser.add_argument("--scenarios", required=True, type=Path, help="bench.seed's scenarios.json")
    parser.add_argument("--out", type=Path, help="where to write the figures as JSON")
    parser.add_argument("-n", type=int, default=30, help="timed requests per scenario")
    parser.add_argument("--only", default="", help="comma-separated scenario names")
    args = parser.parse_args()
    only = [name for name in args.only.split(",") if name]
    scenarios = json.loads(args.scenarios.read_text())
    results = {}
    print(f"{'scenario':20} {'median ms':>9} {'p90 ms':>7}")
    for name, path in scenarios.items():
        if only and name not in only:
            continue
        timings = timed_requests(args.base, path, args.n)
        results[name] = {
            "path": path,
            "median_ms": round(statistics.median(timings), 1),
            "p90_ms": round(percentile(timings, 0.9), 1),
            "requests": len(timings),
        }
        print(f"{name:20} {results[name]['median_ms']:9.1f} {results[name]['p90_ms']:7.1f}")
    if args.out:
        args.out.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
