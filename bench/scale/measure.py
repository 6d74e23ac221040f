"""Each endpoint of issue #23, timed in-process with every cache off.

Requests go through Django's test client (every middleware, the settings of the process:
production ones under bench/scale.sh), with the page and fragment caches off and every
configured cache cleared before each request, so that a figure is the cost of computing
the answer from the database. Each endpoint is requested once to warm the process
(templates, URL resolvers), then five times; the median wall time and CPU time of this
process are kept, with the SQL statements of the last request.
"""

from __future__ import annotations

import os
import re
import statistics
import time
import uuid
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.cache import caches
from django.db import connection, transaction
from django.db.models import Count
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import Locale

from articles.models import ArticleIndexPage, ArticlePage, ArticleParticipant, SeminarReportPage
from bench.scale.seeder import ARTICLE_SLUG
from participants.models import ParticipantPage

RUNS = 5
ADMIN_USERNAME = "scale-bench-admin"


@dataclass
class Measure:
    """One endpoint at one size."""

    name: str
    url: str
    status: int
    ms: float  # median wall time
    cpu_ms: float  # median CPU time of this process (the rest is waiting: database, others)
    queries: int
    db_cpu_ms: float | None = None  # median CPU time of the PostgreSQL backend, when local


def endpoints(client: Client) -> dict[str, str]:
    """The measured addresses at the database's current size."""
    english = Locale.objects.get(language_code="en")
    news = ArticleIndexPage.objects.get(locale=english)
    articles = ArticlePage.objects.filter(locale=english, live=True)
    topic = (
        articles.values("topic_links__topic__slug")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .values_list("topic_links__topic__slug", flat=True)
        .first()
    )
    busiest = (
        ArticleParticipant.objects.filter(participant__locale=english)
        .values("participant")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .values_list("participant", flat=True)
        .first()
    )
    profile = ParticipantPage.objects.get(pk=busiest)
    middle = articles.exact_type(ArticlePage).filter(slug__startswith=ARTICLE_SLUG).order_by("pk")
    article = middle[middle.count() // 2]
    report = SeminarReportPage.objects.filter(locale=english, live=True).order_by("pk").last()
    offset = max(0, min(9000, articles.count() - 20))
    urls = {
        "news index, page 1": news.url,
        "news by topic": f"{news.url}?topic={topic}",
        "news by year (2020)": f"{news.url}?year=2020",
        "participant profile (most mentioned)": profile.url,
        "search 'roma'": "/en/search/?q=roma",
        "autocomplete 'allian'": "/en/search/autocomplete/?q=allian",
        "sitemap index": "/sitemap.xml",
        "sitemap section (news, en)": _news_section(client),
        "API v2 ?search=roma": "/api/v2/pages/?search=roma",
        "API v3 ?search=roma": "/api/v3/pages/?search=roma",
        f"API v2 list offset {offset}": (
            f"/api/v2/pages/?type=articles.ArticlePage&offset={offset}&limit=20"
        ),
        "admin translation status": "/admin/reports/translation-status/",
        "article": article.url,
        "seminar report": report.url,
        "API v2 detail": f"/api/v2/pages/{article.pk}/",
    }
    return urls


def _news_section(client: Client) -> str:
    """The sitemap section that lists the English news (the longest one)."""
    locations = re.findall(r"<loc>([^<]+)</loc>", client.get("/sitemap.xml").content.decode())
    paths = ["/" + loc.split("/", 3)[3] for loc in locations]
    for path in paths:
        if "article" in path and "fr" not in path.rsplit("-", 1)[-1]:
            return path
    return paths[0]


def measure_all(only: set[str] | None = None) -> list[Measure]:
    """Every endpoint, then an editor's publication of a new article, and the
    unpublication and the deletion of the newest one."""
    client = Client(HTTP_HOST="127.0.0.1")
    admin, _created = get_user_model().objects.get_or_create(
        username=ADMIN_USERNAME, defaults={"is_superuser": True, "is_staff": True}
    )
    results = []
    with override_settings(PAGE_CACHE_SECONDS=0, FRAGMENT_CACHE_SECONDS=0):
        for name, url in endpoints(client).items():
            if only and name not in only:
                continue
            if url.startswith("/admin/"):
                client.force_login(admin)
            else:
                client.logout()
            results.append(_timed(name, url, lambda url=url: client.get(url).status_code))
        if not only or "publish a new article" in only:
            results.append(_timed("publish a new article", "(in-process)", _publish))
        # Each on an article published just before (untimed): the newest of its section,
        # so that its section's next latest ``lastmod`` is read (cms/publishing/sections.py).
        for name, action in [
            ("unpublish the newest article", _unpublish),
            ("delete the newest article", _delete),
        ]:
            if not only or name in only:
                results.append(_timed(name, "(in-process)", action, prepare=_published))
    return results


def _timed(
    name: str,
    url: str,
    call: Callable[..., int],
    prepare: Callable[[], object] | None = None,
) -> Measure:
    """``call()``, or ``call(prepare())`` with ``prepare`` run before each request and
    left out of its time and statements."""

    def run() -> int:
        return call(prepare()) if prepare else call()

    status = run()  # warm-up
    walls, cpus, db_cpus = [], [], []
    backend = _backend_pid()
    for _ in range(RUNS):
        for alias in caches:
            caches[alias].clear()
        given = prepare() if prepare else None
        with CaptureQueriesContext(connection) as queries:
            wall, cpu, db_cpu = time.perf_counter(), time.process_time(), _cpu_of(backend)
            status = call(given) if prepare else call()
            walls.append(time.perf_counter() - wall)
            cpus.append(time.process_time() - cpu)
            if db_cpu is not None:
                db_cpus.append(_cpu_of(backend) - db_cpu)
    return Measure(
        name=name,
        url=url,
        status=status,
        ms=round(statistics.median(walls) * 1000, 1),
        cpu_ms=round(statistics.median(cpus) * 1000, 1),
        queries=len(queries.captured_queries),
        db_cpu_ms=round(statistics.median(db_cpus) * 1000, 1) if db_cpus else None,
    )


def _backend_pid() -> int | None:
    """The PostgreSQL process serving this connection (the same for the whole run)."""
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


def _cpu_of(pid: int | None) -> float | None:
    """CPU seconds a local process has used (/proc; None when not on this machine): the
    database's share of a request, which other processes' load changes much less than
    the wall time. Counted in clock ticks (10 ms), hence the median of several runs."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, TypeError):
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


def _publish() -> int:
    """An editor's new article, created and published as the admin's action does, with
    what runs when the transaction commits (cache bumps, index updates); removed after
    the measurements (``remove_published()``), so that the size stays the same."""
    english = Locale.objects.get(language_code="en")
    news = ArticleIndexPage.objects.get(locale=english)
    page = ArticlePage(
        title="A new article",
        slug=f"scale-new-{uuid.uuid4().hex[:8]}",
        standfirst="Published during the scale benchmark.",
        publication_date=timezone.localdate(),
    )
    with transaction.atomic():
        news.add_child(instance=page)
        page.save_revision().publish()
    _REMOVE.append(page.pk)
    return 200


_REMOVE: list[int] = []


def _published() -> int:
    """A new article, published (untimed, before an unpublication or a deletion)."""
    _publish()
    return _REMOVE[-1]


def _unpublish(pk: int) -> int:
    """An editor unpublishes an article, with what runs when the transaction commits."""
    with transaction.atomic():
        ArticlePage.objects.get(pk=pk).unpublish()
    return 200


def _delete(pk: int) -> int:
    """An editor deletes an article, with what runs when the transaction commits."""
    with transaction.atomic():
        ArticlePage.objects.get(pk=pk).delete()
    _REMOVE.remove(pk)
    return 200


def remove_published() -> None:
    """Deletes the articles ``_publish()`` made, so that the next size starts even."""
    while _REMOVE:
        ArticlePage.objects.get(pk=_REMOVE.pop()).delete()


def as_dicts(results: list[Measure]) -> list[dict]:
    return [asdict(result) for result in results]
