"""Query logging for the admin reports: hits per query (Wagtail) and results per locale.

Visitors choose what is logged, so the log is bounded whatever they send:

* a query longer than ``SEARCH_LOG_MAX_LENGTH`` characters (default 100) is searched
  but never stored: real searches are short; long ones are junk, or pasted text that
  may hold personal data;
* at most ``SEARCH_LOG_MAX_QUERIES`` distinct queries (default 10,000) are kept. When a
  new one goes over, the least recently searched are deleted with their daily hits and
  outcomes (1% of the limit more, so that the next new queries find room), never a
  query that has editor's picks. Rows are counted only for a new query whose id is past
  the limit, in the statement that logs it on PostgreSQL. So rows stay below the limit:
  queries and outcomes (one per language) at once, daily hits at most one per kept
  query per day. Wagtail's ``searchpromotions_garbage_collect`` command trims old
  daily hits further when run from cron.
"""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import F, Max
from django.utils import timezone
from wagtail.contrib.search_promotions.models import Query, QueryDailyHits, SearchPromotion
from wagtail.models import Locale
from wagtail.search.utils import normalise_query_string

from cms.caching.fragments import fragment_cache_seconds
from search.engine import searchable_pages
from search.models import QueryOutcome

# How often one query's outcome row is rewritten: a popular search rewrote the same
# row on every request, and 32 visitors at once queued behind its lock.
OUTCOME_REFRESH_SECONDS = 60

# Wagtail's Query.get() and add_hit() as one statement: the ORM's four statements
# (two of them get_or_create's) cost more than the search itself once the results are
# shared. Rewriting the query's row on a conflict is what makes RETURNING give its id.
# `xmax = 0` tells a row this statement inserted from one it updated: only a new query
# can take the log over its limit. The rows are counted in the same statement (before
# the insert: one snapshot), and only when the new id is past the limit (there cannot be
# more rows than the highest id), so that a search costs no extra statement.
COUNT_HIT_SQL = f"""
WITH logged AS (
    INSERT INTO {Query._meta.db_table} (query_string) VALUES (%(query)s)
    ON CONFLICT (query_string) DO UPDATE SET query_string = EXCLUDED.query_string
    RETURNING id, (xmax = 0) AS inserted
), counted AS (
    INSERT INTO {QueryDailyHits._meta.db_table} (query_id, date, hits)
    SELECT id, %(date)s, 1 FROM logged
    ON CONFLICT (query_id, date)
    DO UPDATE SET hits = {QueryDailyHits._meta.db_table}.hits + 1
    RETURNING query_id
)
SELECT id, inserted,
    CASE WHEN inserted AND id > %(limit)s
    THEN (SELECT count(*) FROM {Query._meta.db_table}) + 1 END
FROM logged
"""  # noqa: S608 - table names from our models; values are parameters

DEFAULT_MAX_QUERIES = 10_000
DEFAULT_MAX_LENGTH = 100


def max_queries() -> int:
    return max(1, int(getattr(settings, "SEARCH_LOG_MAX_QUERIES", DEFAULT_MAX_QUERIES)))


def max_length() -> int:
    return int(getattr(settings, "SEARCH_LOG_MAX_LENGTH", DEFAULT_MAX_LENGTH))


def log_query(query: str, locale: Locale, result_count: int) -> None:
    """Counts one search of `query` and remembers how many results it found.

    Hit counts are statistics, not content: their commit does not wait for the disk
    (PostgreSQL's ``synchronous_commit = off``; a crash may lose the last second of
    counts, never anything else).
    """
    query_string = normalise_query_string(query)
    if not query_string or len(query_string) > max_length():
        return
    limit = max_queries()
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    "SET LOCAL synchronous_commit TO OFF; " + COUNT_HIT_SQL,
                    {"query": query_string, "date": timezone.now().date(), "limit": limit},
                )
                query_id, _inserted, total = cursor.fetchone()
        else:
            logged, inserted = Query.objects.get_or_create(query_string=query_string)
            logged.add_hit()
            query_id = logged.pk
            total = Query.objects.count() if inserted and query_id > limit else None
        if total is not None and total > limit:
            _prune(total - limit, limit)
        if _outcome_is_due(query_id, locale, result_count):
            QueryOutcome.objects.update_or_create(
                query_id=query_id, locale=locale, defaults={"result_count": result_count}
            )


def _prune(excess: int, limit: int) -> None:
    """Delete the `excess` least recently searched queries (ties: the oldest), and 1% of
    the limit more, so that the next new queries find room without a prune."""
    doomed = list(
        Query.objects.filter(editors_picks__isnull=True)
        .annotate(last_searched=Max("daily_hits__date"))
        .order_by(F("last_searched").asc(nulls_first=True), "pk")
        .values_list("pk", flat=True)[: excess + limit // 100]
    )
    Query.objects.filter(pk__in=doomed).delete()


def _outcome_is_due(query_id: int, locale: Locale, result_count: int) -> bool:
    """True at most once a minute per query, language and result count (so a change in
    the number of results is recorded at once); always true without a shared cache."""
    if not fragment_cache_seconds():
        return True
    key = f"search-outcome:{query_id}:{locale.pk}:{result_count}"
    try:
        return cache.add(key, 1, timeout=OUTCOME_REFRESH_SECONDS)
    except Exception:
        return True


def promotions(query: str, locale: Locale) -> list[SearchPromotion]:
    """Editor's picks for a query: external links, and live public pages of the locale."""
    picks = list(
        SearchPromotion.objects.filter(query__query_string=normalise_query_string(query))
        .select_related("page")
        .order_by("sort_order")
    )
    page_ids = [pick.page_id for pick in picks if pick.page_id]
    visible_ids = (
        set(searchable_pages(locale).filter(pk__in=page_ids).values_list("pk", flat=True))
        if page_ids
        else set()
    )
    return [
        pick
        for pick in picks
        if (pick.page_id is None and pick.external_link_url) or pick.page_id in visible_ids
    ]
