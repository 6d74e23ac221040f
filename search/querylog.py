"""Query logging for the admin reports: hits per query (Wagtail) and results per locale."""

from __future__ import annotations

from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import Locale

from search.engine import searchable_pages
from search.models import QueryOutcome


def log_query(query: str, locale: Locale, result_count: int) -> Query:
    """Counts one search of `query` and remembers how many results it found."""
    logged = Query.get(query)
    logged.add_hit()
    QueryOutcome.objects.update_or_create(
        query=logged, locale=locale, defaults={"result_count": result_count}
    )
    return logged


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
