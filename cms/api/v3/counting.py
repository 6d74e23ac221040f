"""API v3 counts search results in SQL instead of loading every match.

Ninja's paginators count with ``queryset.all().count()`` and fall back to ``len()`` when
that fails. Search results have ``count()`` but no ``all()``, so every ``?search=``
listing loaded each match as an object just to count them (1.9 s of 2.0 s at 10,000
pages), then kept one page of them. Asking the results for ``count()`` runs the
backend's own count (an SQL ``COUNT`` for the database backends, a count request for a
search cluster), and the page shown is then fetched with ``LIMIT``/``OFFSET``.
"""

from __future__ import annotations

from typing import Any

from modelsearch.backends.base import BaseSearchResults
from ninja.pagination import PaginationBase

_installed = False


def count_search_results() -> None:
    """Every v3 paginator counts search results with the backend's count, not ``len()``."""
    global _installed
    if _installed:
        return
    base = PaginationBase._items_count

    def _items_count(self: PaginationBase, queryset: Any) -> int:
        if isinstance(queryset, BaseSearchResults):
            return queryset.count()
        return base(self, queryset)

    PaginationBase._items_count = _items_count  # type: ignore[method-assign]
    _installed = True
