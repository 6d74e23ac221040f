"""Search benchmark: 10,000 pages in two locales on PostgreSQL; p50/p95 of the search page
and of the API search; the time `update_index` takes. Run by hand, not by the test suite:

    createdb alliance_bench
    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/alliance_bench
    .venv/bin/python manage.py migrate
    .venv/bin/python bench/search/run.py [--pages 10000] [--requests 200]

Pages are seeded once (half English, half French, under a "Bench" page of each home) and
kept for later runs; requests go through Django's test client in this process, so the
figures are server time (URL routing, middleware, queries, template) without network.
"queries" is the number of SQL statements per request (mean over the scenario's URLs);
"app CPU" and "DB CPU" the mean CPU time a request costs this process and its PostgreSQL
backend (when PostgreSQL runs on this machine): on a shared machine the wall clock also
measures the neighbours' load, CPU time much less.
Where the time goes in one request: bench/search/profile.py.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from dataclasses import dataclass
from io import StringIO
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.dev")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from wagtail.models import Locale, Page  # noqa: E402
from wagtail.rich_text import RichText  # noqa: E402

from home.models import HomePage, StandardPage  # noqa: E402

WORDS = {
    "en": (
        "housing education employment health seminar mediator school family city region "
        "municipality council inclusion discrimination participation community youth women "
        "funding strategy action plan report local national Roma Travellers settlement "
        "water electricity road registration documents vaccination library teacher budget "
        "partnership network training elections representatives dialogue culture language"
    ),
    "fr": (
        "logement éducation emploi santé séminaire médiateur école famille ville région "
        "commune conseil inclusion discrimination participation communauté jeunesse femmes "
        "financement stratégie plan action rapport local national Roms Gens du voyage "
        "campement eau électricité route inscription documents vaccination bibliothèque "
        "enseignant budget partenariat réseau formation élections représentants dialogue"
    ),
}
QUERIES = {
    "en": ["housing", "seminars", "mediator school", "health vaccination", "funding plan",
           "youth training", "electricity water", "elections representatives", "library",
           "Roma inclusion strategy"],
    "fr": ["logements", "séminaire", "seminaire", "médiateur école", "santé vaccination",
           "financement plan", "formation jeunesse", "eau électricité", "bibliotheque",
           "stratégie inclusion Roms"],
}  # fmt: skip


def sentence(rng: random.Random, language: str, length: int) -> str:
    words = WORDS[language].split()
    return " ".join(rng.choice(words) for _ in range(length)).capitalize() + "."


def bench_parent(home: Page, language: str) -> Page:
    existing = home.get_children().filter(slug=f"bench-{language}").first()
    if existing:
        return existing
    parent = StandardPage(title=f"Bench {language}", slug=f"bench-{language}")
    home.add_child(instance=parent)
    return parent


def seed(total: int) -> None:
    """Half the pages in each locale; auto-indexing off so update_index is timed alone."""
    rng = random.Random(8)  # noqa: S311 - reproducible text, not secrets
    settings.WAGTAILSEARCH_BACKENDS["default"]["AUTO_UPDATE"] = False
    for language in ("en", "fr"):
        locale = Locale.objects.get(language_code=language)
        home = HomePage.objects.get(locale=locale)
        parent = bench_parent(home, language)
        have = parent.get_children().count()
        wanted = total // 2
        started = time.perf_counter()
        for start in range(have, wanted, 500):
            with transaction.atomic():
                for number in range(start, min(start + 500, wanted)):
                    text = " ".join(sentence(rng, language, 12) for _ in range(6))
                    parent.add_child(
                        instance=StandardPage(
                            title=sentence(rng, language, 5)[:-1],
                            slug=f"bench-{language}-{number}",
                            introduction=sentence(rng, language, 20),
                            body=[("paragraph", RichText(f"<p>{text}</p>"))],
                            first_published_at=django.utils.timezone.now(),
                        )
                    )
                    parent.numchild += 1
            print(f"  {language}: {min(start + 500, wanted)}/{wanted} pages", flush=True)
        if have < wanted:
            seconds = time.perf_counter() - started
            print(f"  seeded {wanted - have} {language} pages in {seconds:.0f} s")
    settings.WAGTAILSEARCH_BACKENDS["default"]["AUTO_UPDATE"] = True


def percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return statistics.median(ordered), p95


@dataclass
class Measured:
    p50: float
    p95: float
    queries: float  # SQL statements per request
    app_cpu: float  # CPU ms per request of this process (mean)
    db_cpu: float | None  # CPU ms per request of the PostgreSQL backend (mean), if local


def backend_cpu_seconds(pid: int | None) -> float | None:
    """CPU time used so far by the PostgreSQL backend serving this connection, when it
    runs on this machine (/proc); None otherwise."""
    if pid is None:
        return None
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


def measure(client: Client, urls: list[str], requests: int) -> Measured:
    """Wall-clock percentiles, and the mean CPU a request costs the app and the database:
    on a shared machine the wall clock also measures the neighbours, CPU time much less."""
    queries = []
    for url in urls:  # warm-up: connection, caches, query plans; SQL statements counted
        with CaptureQueriesContext(connection) as captured:
            client.get(url)
        queries.append(len(captured))
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        backend_pid = cursor.fetchone()[0]
    samples = []
    db_started = backend_cpu_seconds(backend_pid)
    app_started = time.process_time()
    for number in range(requests):
        url = urls[number % len(urls)]
        started = time.perf_counter()
        response = client.get(url)
        samples.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    app_cpu = (time.process_time() - app_started) * 1000 / requests
    db_ended = backend_cpu_seconds(backend_pid)
    db_cpu = (
        (db_ended - db_started) * 1000 / requests
        if db_started is not None and db_ended is not None
        else None
    )
    p50, p95 = percentiles(samples)
    return Measured(p50, p95, statistics.mean(queries), app_cpu, db_cpu)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--skip-index", action="store_true", help="do not run update_index")
    parser.add_argument("--skip-demo", action="store_true", help="do not (re)load the demo")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("The search benchmark needs PostgreSQL: set DATABASE_URL=postgres://…")
    # As in production: no query log kept in memory, the test client's host accepted.
    settings.DEBUG = False
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]

    if not args.skip_demo:
        print("Demo content (site, both home pages)…", flush=True)
        call_command("load_demo_content", stdout=StringIO())
    print(f"Seeding {args.pages} pages…", flush=True)
    seed(args.pages)
    pages = Page.objects.filter(slug__startswith="bench-").count()
    print(f"{pages} bench pages, {Page.objects.count()} pages in all")

    if not args.skip_index:
        started = time.perf_counter()
        call_command("update_index")
        print(f"update_index: {time.perf_counter() - started:.1f} s")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # as autovacuum would soon: planner statistics for new rows

    client = Client()
    scenarios = []
    for language in ("en", "fr"):
        queries = QUERIES[language]
        scenarios += [
            (f"search page ({language})", [f"/{language}/search/?q={q}" for q in queries]),
            (
                f"API search ({language})",
                [f"/api/v2/pages/?search={q}&locale={language}" for q in queries],
            ),
            (
                f"search page, facet ({language})",
                [f"/{language}/search/?q={q}&type=home.standardpage" for q in queries],
            ),
        ]
    print(
        f"\n{'scenario':34} {'p50 ms':>8} {'p95 ms':>8} {'queries':>8}"
        f" {'app CPU':>8} {'DB CPU':>8}   ({args.requests} requests each; CPU: ms per request)"
    )
    for name, urls in scenarios:
        found = measure(client, urls, args.requests)
        db_cpu = f"{found.db_cpu:8.1f}" if found.db_cpu is not None else f"{'-':>8}"
        print(
            f"{name:34} {found.p50:8.1f} {found.p95:8.1f} {found.queries:8.1f}"
            f" {found.app_cpu:8.1f} {db_cpu}",
            flush=True,
        )


if __name__ == "__main__":
    main()
