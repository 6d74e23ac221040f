"""Milliseconds per API request, measured in-process (no gunicorn, no wrk).

    python -m bench.api.inprocess [--scenarios bench/out/scenarios.json] [-n 60]
        [--only "API v2 list"] [--profile "API v2 list"] [--cold]

Runs each API scenario through Django's test client (every middleware, the production
settings of the environment) with the full-page cache off, as the benchmark's
"uncached" column does, and prints the median wall and CPU time per request and the
SQL queries of one request. Wall time includes waiting for PostgreSQL and Redis, and
for the CPU when other processes load the machine; CPU time is this process's own work
(Django, serializers), the part that decides throughput on a busy server.

``--cold`` bumps the content generation before every request, as a publish does
(cms/caching/pages.py): nothing shared under the generation (fragments, API representations)
helps; the first request after a publish pays this. Compare before and after a change
on the same machine at the same moment: other processes change both columns.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

import django
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import setup_test_environment

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.production")
os.environ.setdefault("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")  # required in production
django.setup()

# After django.setup(): the project's modules import models, which need the app registry.
from articles.models import ArticlePage  # noqa: E402
from cms.caching.pages import bump_now  # noqa: E402

try:  # a development tool, needed only for --profile
    from pyinstrument import Profiler
except ImportError:
    Profiler = None


def scenarios_from(path: Path | None) -> dict[str, str]:
    """The API scenarios of bench/seed.py's output, plus the v3 list."""
    urls: dict[str, str] = {}
    if path is not None and path.exists():
        seeded = json.loads(path.read_text())
        urls = {k: v for k, v in seeded.items() if k.startswith("API")}
    if "API v2 list" not in urls:
        urls["API v2 list"] = "/api/v2/pages/?type=articles.ArticlePage&fields=*&limit=20"
    if "API v2 detail" not in urls:
        article = ArticlePage.objects.live().filter(locale__language_code="en").last()
        urls["API v2 detail"] = f"/api/v2/pages/{article.pk}/"
    urls["API v3 list"] = "/api/v3/pages/?type=articles.ArticlePage&limit=20"
    return urls


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scenarios", type=Path, default=None)
    parser.add_argument("-n", type=int, default=60, help="timed requests per scenario")
    parser.add_argument("--only", default="", help="comma-separated scenario names")
    parser.add_argument("--profile", action="append", default=[])
    parser.add_argument("--cold", action="store_true", help="bump the generation each time")
    args = parser.parse_args()
    setup_test_environment()
    client = Client(HTTP_HOST="127.0.0.1")
    only = {name.strip() for name in args.only.split(",") if name.strip()}
    with override_settings(PAGE_CACHE_SECONDS=0):
        for name, url in scenarios_from(args.scenarios).items():
            if only and name not in only:
                continue
            for _ in range(3):
                assert client.get(url).status_code == 200, url
            if args.cold:
                bump_now()
            queries = QueryLog()
            with connection.execute_wrapper(queries):
                client.get(url)
            wall, cpu = [], []
            for _ in range(args.n):
                if args.cold:
                    bump_now()
                started, started_cpu = time.perf_counter(), time.process_time()
                client.get(url)
                cpu.append((time.process_time() - started_cpu) * 1000)
                wall.append((time.perf_counter() - started) * 1000)
            print(
                f"{name:14} wall median {statistics.median(wall):7.2f} ms, "
                f"CPU median {statistics.median(cpu):7.2f} ms, min {min(cpu):6.2f} ms; "
                f"{len(queries):3} queries  {url}"
            )
            if name in args.profile:
                _profile(client, url, args.cold)


class QueryLog(list):
    """The SQL statements sent while it wraps the connection (execute_wrapper)."""

    def __call__(self, execute, sql, params, many, context):
        self.append(sql)
        return execute(sql, params, many, context)


def _profile(client, url: str, cold: bool) -> None:
    if Profiler is None:
        raise SystemExit("--profile needs pyinstrument, a development requirement")
    profiler = Profiler(interval=0.0002)
    profiler.start()
    for _ in range(30):
        if cold:
            bump_now()
        client.get(url)
    profiler.stop()
    print(profiler.output_text(unicode=True, color=False, show_all=False))


if __name__ == "__main__":
    main()
