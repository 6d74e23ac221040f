"""Query logging for the admin reports: hits per query (Wagtail) and results per locale.

Visitors choose what is logged, so the log is bounded whatever they send:

* a query longer than ``SEARCH_LOG_MAX_LENGTH`` characters (default 100) is searched
  but never stored: real searches are short; long ones are junk, or pasted text that
  may hold personal data;
* at most ``SEARCH_LOG_MAX_QUERIES`` distinct queries (default 10,000) are kept. When a
  new one goes over, the least recently searched are deleted with their daily hits and
  outcomes (1% of the limit more, so that the next new queries find room), never a
  query that has editor's picks. Rows are counted only when the query's id is past
  the limit (only for a new query on PostgreSQL), in the statement that logs it. So
  rows stay below the limit:
  queries and outcomes (one per language) at once, daily hits at most one per kept
  query per day. Wagtail's ``searchpromotions_garbage_collect`` command trims old
  daily hits further when run from cron.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Exists, F, Max, OuterRef
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

_QUERY = Query._meta.db_table
_HITS = QueryDailyHits._meta.db_table
_OUTCOME = QueryOutcome._meta.db_table
_PICKS = SearchPromotion._meta.db_table

# Wagtail's Query.get() and add_hit() with the outcome, as one statement: the ORM's nine
# statements (get_or_create's and update_or_create's savepoints) cost more than the
# search itself once the results are shared. Rewriting the query's row on a conflict is
# what makes RETURNING give its id. `xmax = 0` tells a row this statement inserted from
# one it updated: only a new query can take the log over its limit. The rows are counted
# in the same statement (before the insert: one snapshot), and only when the new id is
# past the limit (there cannot be more rows than the highest id), so that a search costs
# no extra statement. The outcome is written when due (``_outcome_is_due``) or for a new
# query. The statement also says whether the query has editor's picks: most have none,
# and then the page needs no query for them.
COUNT_HIT_SQL = f"""
WITH logged AS (
    INSERT INTO {_QUERY} (query_string) VALUES (%(query)s)
    ON CONFLICT (query_string) DO UPDATE SET query_string = EXCLUDED.query_string
    RETURNING id, (xmax = 0) AS inserted
), counted AS (
    INSERT INTO {_HITS} (query_id, date, hits)
    SELECT id, %(date)s, 1 FROM logged
    ON CONFLICT (query_id, date)
    DO UPDATE SET hits = {_HITS}.hits + 1
    RETURNING query_id
), outcome AS (
    INSERT INTO {_OUTCOME} (query_id, locale_id, result_count, last_searched_at)
    SELECT id, %(locale)s, %(results)s, %(now)s FROM logged WHERE %(due)s OR inserted
    ON CONFLICT (query_id, locale_id) DO UPDATE
    SET result_count = EXCLUDED.result_count, last_searched_at = EXCLUDED.last_searched_at
    RETURNING query_id
)
SELECT CASE WHEN inserted AND id > %(limit)s
    THEN (SELECT count(*) FROM {_QUERY}) + 1 END,
    EXISTS (SELECT 1 FROM {_PICKS} WHERE query_id = logged.id)
FROM logged
"""  # noqa: S608 - table names from our models; values are parameters

# SQLite has no data-modifying WITH: three statements in one transaction. Its RETURNING
# tells no insert from an update, so the rows are counted whenever the id is past the
# limit (a count of a small table, in the same statement).
SQLITE_QUERY_SQL = f"""
INSERT INTO {_QUERY} (query_string) VALUES (%(query)s)
ON CONFLICT (query_string) DO UPDATE SET query_string = excluded.query_string
RETURNING id, CASE WHEN id > %(limit)s THEN (SELECT count(*) FROM {_QUERY}) END,
    EXISTS (SELECT 1 FROM {_PICKS} WHERE query_id = id)
"""  # noqa: S608
SQLITE_HIT_SQL = f"""
INSERT INTO {_HITS} (query_id, date, hits) VALUES (%(id)s, %(date)s, 1)
ON CONFLICT (query_id, date) DO UPDATE SET hits = {_HITS}.hits + 1
"""  # noqa: S608
SQLITE_OUTCOME_SQL = f"""
INSERT INTO {_OUTCOME} (query_id, locale_id, result_count, last_searched_at)
VALUES (%(id)s, %(locale)s, %(results)s, %(now)s)
ON CONFLICT (query_id, locale_id) DO UPDATE
SET result_count = excluded.result_count, last_searched_at = excluded.last_searched_at
"""  # noqa: S608

DEFAULT_MAX_QUERIES = 10_000
DEFAULT_MAX_LENGTH = 100


def max_queries() -> int:
    return max(1, int(getattr(settings, "SEARCH_LOG_MAX_QUERIES", DEFAULT_MAX_QUERIES)))


def max_length() -> int:
    return int(getattr(settings, "SEARCH_LOG_MAX_LENGTH", DEFAULT_MAX_LENGTH))


def log_query(query: str, locale: Locale, result_count: int) -> bool | None:
    """Counts one search of `query` and remembers how many results it found; whether
    the query has editor's picks (None: not logged, so not known).

    One statement on PostgreSQL, three in one transaction on SQLite (one commit: three
    took 50 ms where one takes 16 on the demo's disk). Hit counts are
    statistics, not content: their commit does not wait for the disk (PostgreSQL's
    ``synchronous_commit = off``; a crash may lose the last second of counts, never
    anything else).
    """
    query_string = normalise_query_string(query)
    if not query_string or len(query_string) > max_length():
        return None
    limit = max_queries()
    now = timezone.now()
    params = {
        "query": query_string,
        "date": connection.ops.adapt_datefield_value(now.date()),
        "now": connection.ops.adapt_datetimefield_value(now),
        "locale": locale.pk,
        "results": result_count,
        "due": _outcome_is_due(query_string, locale, result_count),
        "limit": limit,
    }
    if connection.vendor == "postgresql":
        # One statement is its own transaction (SET LOCAL lasts for that statement's).
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit TO OFF; " + COUNT_HIT_SQL, params)
            total, has_picks = cursor.fetchone()
    else:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(SQLITE_QUERY_SQL, params)
            params["id"], total, has_picks = cursor.fetchone()
            cursor.execute(SQLITE_HIT_SQL, params)
            if params["due"]:
                cursor.execute(SQLITE_OUTCOME_SQL, params)
    if total is not None and total > limit:
        with transaction.atomic():
            _prune(total - limit, limit)
    return bool(has_picks)


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


def _outcome_is_due(query_string: str, locale: Locale, result_count: int) -> bool:
    """True at most once a minute per query, language and result count (so a change in
    the number of results is recorded at once); always true without a shared cache."""
    if not fragment_cache_seconds():
        return True
    digest = hashlib.sha256(query_string.encode("utf-8", "surrogateescape")).hexdigest()
    key = f"search-outcome:{digest[:32]}:{locale.pk}:{result_count}"
    try:
        return cache.add(key, 1, timeout=OUTCOME_REFRESH_SECONDS)
    except Exception:
        return True


def promotions(query: str, locale: Locale) -> list[SearchPromotion]:
    """Editor's picks for a query: external links, and live public pages of the locale.
    One query: each pick's page and whether a visitor of the locale may see it."""
    visible = searchable_pages(locale).filter(pk=OuterRef("page_id"))
    picks = (
        SearchPromotion.objects.filter(query__query_string=normalise_query_string(query))
        .select_related("page")
        .annotate(visible=Exists(visible))
        .order_by("sort_order")
    )
    return [
        pick
        for pick in picks
        if (pick.page_id is None and pick.external_link_url) or (pick.page_id and pick.visible)
    ]
