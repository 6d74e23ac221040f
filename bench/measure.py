"""SQL queries per request and profiles of the scenarios, measured in-process.

    python -m bench.measure --scenarios bench/out/scenarios.json --out bench/out/queries.json
    python -m bench.measure ... --profile "news list"   # pyinstrument HTML in bench/out/

Uses the same settings and database as the gunicorn run; "uncached" is measured with
the page cache off, "cached" as the second request with it on.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

import django
from django.core.cache import caches
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import setup_test_environment

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.production")
django.setup()

try:  # a development tool, needed only for --profile
    from pyinstrument import Profiler
except ImportError:
    Profiler = None


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scenarios", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--profile", action="append", default=[])
    args = parser.parse_args()
    setup_test_environment()
    scenarios = json.loads(args.scenarios.read_text())
    scenarios["framework floor"] = "/bench/floor/"
    client = Client(HTTP_HOST="127.0.0.1")
    results: dict[str, dict[str, object]] = {}
    for name, url in scenarios.items():
        with override_settings(PAGE_CACHE_SECONDS=0):
            client.get(url)  # warm per-process caches (templates, renditions)
            with QueryCounter() as uncached:
                response = client.get(url)
        with override_settings(PAGE_CACHE_SECONDS=600):
            client.get(url)
            with QueryCounter() as cached:
                hit = client.get(url)
        results[name] = {
            "url": url,
            "status": response.status_code,
            "bytes": len(response.content),
            "queries_uncached": uncached.count,
            "queries_cached": cached.count,
            "cache": hit.get("X-Page-Cache", "-"),
        }
        print(f"{name:20} {response.status_code} {results[name]['queries_uncached']:4} queries")
        if name in args.profile:
            _profile(client, name, url, args.out.parent)
    for alias in caches:
        caches[alias].clear()
    args.out.write_text(json.dumps(results, indent=2))


class QueryCounter:
    """Counts every SQL statement sent on the default connection (execute_wrapper)."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)

    def __enter__(self) -> QueryCounter:
        self._wrapper = connection.execute_wrapper(self)
        self._wrapper.__enter__()
        return self

    def __exit__(self, *exc_info) -> None:
        self._wrapper.__exit__(*exc_info)


def _profile(client, name: str, url: str, directory: Path) -> None:
    if Profiler is None:
        raise SystemExit("--profile needs pyinstrument, a development requirement")
    with override_settings(PAGE_CACHE_SECONDS=0):
        profiler = Profiler(interval=0.0005)
        profiler.start()
        for _ in range(20):
            client.get(url)
        profiler.stop()
    path = directory / f"profile-{name.replace(' ', '-')}.html"
    path.write_text(profiler.output_html())
    print(profiler.output_text(unicode=True, color=False, show_all=False)[:6000])
    print(f"profile of {name}: {path}")


if __name__ == "__main__":
    main()
