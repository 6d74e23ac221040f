"""SQL queries and milliseconds of each page type and API endpoint with every cache off.

    python -m bench.cold                      # the development settings' database (SQLite)
    DATABASE_URL=postgres://... python -m bench.cold
    python -m bench.cold --only "home en,news index" -n 9 --profile "home en"

What the first visitor after a publish pays (issue #19): the page cache and the fragment
cache are off (``PAGE_CACHE_SECONDS=0``, ``FRAGMENT_CACHE_SECONDS=0``) and the default
cache is emptied before every request, except Wagtail's own list of site roots, which a
publish leaves in place. The renditions cache is left as it is: a publish does not
empty it either. Each request is made once to warm what a process keeps (templates,
compiled URL patterns), then timed ``-n`` times (5 by default); the table gives the
queries of one request and the medians of wall and CPU time. Measured in-process
through Django's test client (every middleware), so the figures compare before and
after a change on the same machine and data, not with the HTTP benchmark's.

DEBUG is off unless the environment sets it: with DEBUG on Django keeps every query's SQL
and the template engine records origins, which adds time that production never pays.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.dev")
os.environ.setdefault("DEBUG", "false")

import django

django.setup()

# After django.setup(): the project's modules import models, which need the app registry.
from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from wagtail.models import Page  # noqa: E402
from wagtail.models.sites import (  # noqa: E402
    SITE_ROOT_PATHS_CACHE_KEY,
    SITE_ROOT_PATHS_CACHE_VERSION,
)

from articles.models import ArticleIndexPage, ArticlePage, SeminarReportPage  # noqa: E402
from participants.models import ParticipantIndexPage, ParticipantPage  # noqa: E402

try:  # a development tool, needed only for --profile
    from pyinstrument import Profiler
except ImportError:
    Profiler = None


def _first_url(model: type[Page], *, exact: bool = False) -> str:
    pages = model.objects.live().public().filter(locale__language_code="en")
    if exact:
        pages = pages.exact_type(model)
    page = pages.order_by("path").first()
    if page is None:
        raise SystemExit(f"No live English {model.__name__}: load the demo content first.")
    return page.url


def scenarios() -> dict[str, str]:
    """The requests measured, found in the database (the demo's, or the bench seed's)."""
    article = (
        ArticlePage.objects.live()
        .public()
        .filter(locale__language_code="en")
        .exact_type(ArticlePage)
        .order_by("path")
        .first()
    )
    if article is None:
        raise SystemExit("No live English article: load the demo content first.")
    return {
        "home en": "/en/",
        "home fr": "/fr/",
        "news index": _first_url(ArticleIndexPage),
        "article": article.url,
        "seminar report": _first_url(SeminarReportPage),
        "participants index": _first_url(ParticipantIndexPage),
        "profile": _first_url(ParticipantPage),
        "search roma": "/en/search/?q=roma",
        "API v2 list": "/api/v2/pages/?type=articles.ArticlePage&fields=*&limit=20",
        "API v2 detail": f"/api/v2/pages/{article.pk}/",
        "API v3 list": "/api/v3/pages/?type=articles.ArticlePage&limit=20",
    }


def empty_caches() -> None:
    """The default cache emptied, as after a publish, but for Wagtail's site roots."""
    key, version = SITE_ROOT_PATHS_CACHE_KEY, SITE_ROOT_PATHS_CACHE_VERSION
    roots = cache.get(key, version=version)
    cache.clear()
    if roots is not None:
        cache.set(key, roots, 3600, version=version)


class QueryCount:
    """Counts the SQL statements sent on the default connection (execute_wrapper)."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def cold_get(client: Client, url: str) -> tuple[int, float, float]:
    """One request with the caches emptied: (queries, wall ms, CPU ms of this process).

    CPU time is this process's own work (Django, templates, the ORM; SQLite's too, as it
    runs in-process): on a machine other processes load, it moves much less than wall
    time, which includes waiting for a core."""
    empty_caches()
    counter = QueryCount()
    with connection.execute_wrapper(counter):
        started, started_cpu = time.perf_counter(), time.process_time()
        response = client.get(url)
        cpu = (time.process_time() - started_cpu) * 1000
        elapsed = (time.perf_counter() - started) * 1000
    if response.status_code != 200:
        raise SystemExit(f"{url}: {response.status_code}")
    return counter.count, elapsed, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("-n", type=int, default=5, help="timed requests per scenario")
    parser.add_argument("--only", default="", help="comma-separated scenario names")
    parser.add_argument("--profile", action="append", default=[], help="a scenario to profile")
    args = parser.parse_args()
    setup_test_environment()
    client = Client(HTTP_HOST="127.0.0.1")
    only = {name.strip() for name in args.only.split(",") if name.strip()}
    with override_settings(PAGE_CACHE_SECONDS=0, FRAGMENT_CACHE_SECONDS=0):
        urls = scenarios()
        print(f"database: {connection.vendor}, {args.n} timed requests each, every cache off")
        print(f"| {'request':18} | queries | median ms | CPU ms | address")
        print(f"|{'-' * 20}|---------|-----------|--------|--------")
        for name, url in urls.items():
            if only and name not in only:
                continue
            cold_get(client, url)  # warm-up: templates, URL patterns, renditions
            runs = [cold_get(client, url) for _ in range(args.n)]
            queries = runs[-1][0]
            median = statistics.median(elapsed for _count, elapsed, _cpu in runs)
            cpu = statistics.median(cpu for _count, _elapsed, cpu in runs)
            print(f"| {name:18} | {queries:7} | {median:9.1f} | {cpu:6.1f} | {url}", flush=True)
            if name in args.profile:
                _profile(client, url)


def _profile(client: Client, url: str) -> None:
    if Profiler is None:
        raise SystemExit("--profile needs pyinstrument (pip install pyinstrument)")
    profiler = Profiler(interval=0.0002)
    profiler.start()
    for _ in range(20):
        empty_caches()
        client.get(url)
    profiler.stop()
    print(profiler.output_text(unicode=True, color=False, show_all=False))


if __name__ == "__main__":
    main()
