"""API v3's ``?search=`` ranked, cut and counted in the database, as API v2 and the search page.

The backend's search results were handed to ninja's paginator as they were: the page
shown was ranked among every match and the count was the backend's ``COUNT`` of every
match (before that, ninja's ``len()`` loaded each match as an object: 1.9 s of 2.0 s at
10,000 pages). A word on every page therefore cost 16 times more at 50,000 articles
than at 1,000 (issue #23). The database backends' results now go through
``search.ranking.ranked``, the bounded path of API v2 and the search page: the
``SEARCH_MATCHES_RANKED`` most recent matches are ranked and counted in one statement
(their ids in order, and the total exact up to that bound: ``count_exact`` false past
it, API v2's ``total_count_exact``), and the page shown is read by its ids.

A search cluster's results are not a queryset: they keep the cluster's ranking and are
counted with the backend's ``count()`` (a count request), never ``len()``.
"""

from __future__ import annotations

from typing import Any

from modelsearch.backends.base import BaseSearchResults
from ninja.pagination import PaginationBase
from wagtail.api.v3.schemas import params
from wagtail.models import Page

from search.api import pages_in_order
from search.ranking import RankedResults, ranked

_installed = False


def no_facets(match_ids: Any) -> list:
    """v3 has no facets: the summary of a search counts its pages per type only."""
    return []


def rank_search_results(queryset: Any, results: Any) -> Any:
    """The database backends' page ``results`` as RankedResults whose pages come from
    the API's own ``queryset`` (its page type, joins and batching), best first; a search
    cluster's results, images and documents (counted by the backend) as they are."""
    if not isinstance(results, BaseSearchResults) or not issubclass(queryset.model, Page):
        return results  # images and documents: no content type to count pages by
    found = ranked(results, lambda rows: pages_in_order(queryset, rows), no_facets)
    return results if found is None else found


def search_page(results: RankedResults, offset: int, limit: int) -> dict[str, Any]:
    """One page of ranked results and the SQL count of the candidates: two statements
    (the count with the ranked ids, the pages) whatever the number of matches."""
    return {
        "items": results[offset : offset + limit],
        "count": results.count(),
        "count_exact": results.exact,
    }


def count_search_results() -> None:
    """Every v3 ``search`` is ranked in the database; what is not (a search cluster) is
    counted with the backend's count, not ``len()``. After ``search_by_words``."""
    global _installed
    if _installed:
        return
    base_count = PaginationBase._items_count

    def _items_count(self: PaginationBase, queryset: Any) -> int:
        if isinstance(queryset, (BaseSearchResults, RankedResults)):
            return queryset.count()
        return base_count(self, queryset)

    PaginationBase._items_count = _items_count  # type: ignore[method-assign]

    base_schema = params.SearchSchema

    class SearchSchema(base_schema):  # type: ignore[valid-type,misc]
        def search_queryset(self, request: Any, queryset: Any) -> Any:
            results = base_schema.search_queryset(self, request, queryset)
            return rank_search_results(queryset, results)

    params.SearchSchema = SearchSchema
    _installed = True
