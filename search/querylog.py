"""Query logging for the admin reports: hits per query (Wagtail) and results per locale."""

from __future__ import annotations

from django.core.cache import cache
from django.db import connection, transaction
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import Locale

from cms.fragments import fragment_cache_seconds
from search.engine import searchable_pages
from search.models import QueryOutcome

# How often one query's outcome row is rewritten: a popular search rewrote the same
# row on every request, and 32 visitors at once queued behind its lock.
OUTCOME_REFRESH_SECONDS = 60


def log_query(query: str, locale: Locale, result_count: int) -> Query:
    """Counts one search of `query` and remembers how many results it found.

    Hit counts are statistics, not content: their commit does not wait for the disk
    (PostgreSQL's ``synchronous_commit = off``; a crash may lose the last second of
    counts, never anything else).
    """
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL synchronous_commit TO OFF")
        logged = Query.get(query)
        logged.add_hit()
        if _outcome_is_due(logged, locale, result_count):
            QueryOutcome.objects.update_or_create(
                query=logged, locale=locale, defaults={"result_count": result_count}
            )
    return logged


def _outcome_is_due(logged: Query, locale: Locale, result_count: int) -> bool:
    """True at most once a minute per query, language and result count (so a change in
    the number of results is recorded at once); always true without a shared cache."""
    if not fragment_cache_seconds():
        return True
    key = f"search-outcome:{logged.pk}:{locale.pk}:{result_count}"
    try:
        return cache.add(key, 1, timeout=OUTCOME_REFRESH_SECONDS)
    except Exception:
        return True


def promotions(logged: Query, locale: Locale) -> list[SearchPromotion]:
    """Editor's picks for a query: external links, and live public pages of the locale."""
    picks = list(logged.editors_picks.select_related("page").order_by("sort_order"))
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
