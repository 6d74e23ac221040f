"""API v3's pagination: ``limit``, ``offset`` and ``cursor``, read by keys.

The rules are cms/api/paging.py's. Wagtail's v3 listings paginate with
``WagtailLimitOffsetPagination`` (ninja's ``{"count", "items"}``); its ``Input`` gains
``cursor`` and its ``Output`` ``count_exact``, ``next`` (the next page's address, with
its cursor) and ``next_cursor``, so every listing of the OpenAPI document says so. Must
be installed before Wagtail's routers are imported: each builds its query and response
schemas from these classes when its module loads (cms/api/v3/schemas.py).

Search results (not a queryset) are paged by offset among the ranked candidates and
counted in SQL, ``count_exact`` false past ``SEARCH_MATCHES_RANKED``
(cms/api/v3/counting.py); a cursor with them is a 400.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Schema
from ninja.errors import HttpError
from wagtail.api.v3.pagination import WagtailLimitOffsetPagination

from cms.api.paging import PagingError, check_offset, filter_key, next_url, read_page
from cms.api.v3.counting import search_page
from search.ranking import RankedResults

CURSOR_HELP = (
    "Continue a listing from the `next_cursor` of its previous page (same order and "
    "filters, no `offset`): every item once, however far."
)


def _cache_parts(request: HttpRequest) -> tuple[object, ...] | None:
    """An anonymous listing read through the cached visibility rules (cms/api/visibility.py)
    depends only on its endpoint, host and filters: its count is kept per generation."""
    if getattr(request, "_cms_anonymous_visibility", None) is None:
        return None
    if getattr(request, "user", None) is not None and request.user.is_authenticated:
        return None
    return ("v3", filter_key(request.path, request.get_host(), dict(request.GET.lists())))


def install() -> None:
    """Cursor, keys-first windows and bounded counts on every v3 listing."""
    base_input = WagtailLimitOffsetPagination.Input

    class Input(base_input):  # type: ignore[valid-type,misc]
        cursor: str | None = Field(default=None, max_length=2000, description=CURSOR_HELP)

    Input.__name__ = Input.__qualname__ = base_input.__name__

    class Output(Schema):
        items: list[Any]
        count: int = Field(description="Exact up to the offset window (10,000), else the window.")
        count_exact: bool = Field(description="False when counting stopped at the window.")
        next: str | None = Field(description="The next page's address, or null at the end.")
        next_cursor: str | None = Field(description="The `cursor` of the next page.")

    def paginate_queryset(
        self: WagtailLimitOffsetPagination,
        queryset: Any,
        pagination: Any,
        request: HttpRequest,
        **params: Any,
    ) -> dict[str, Any]:
        # ``limit`` is bounded by the schema (cms/api/v3/errors.py: bound_pagination).
        cursor = pagination.cursor or None
        try:
            if not isinstance(queryset, QuerySet):
                if cursor:
                    raise PagingError(
                        _("cursor: not available with search; page search results with offset")
                    )
                check_offset(pagination.offset, None)
                if isinstance(queryset, RankedResults):  # bounded: count_exact may be false
                    page = search_page(queryset, pagination.offset, pagination.limit)
                    return {**page, "next": None, "next_cursor": None}
                page = base_paginate(self, queryset, pagination, request, **params)
                return {**page, "count_exact": True, "next": None, "next_cursor": None}
            items, found = read_page(
                queryset,
                offset=pagination.offset,
                limit=pagination.limit,
                cursor=cursor,
                cache_parts=_cache_parts(request),
            )
        except PagingError as error:
            raise HttpError(400, str(error)) from error
        return {
            "items": items,
            "count": found.total,
            "count_exact": found.exact,
            "next": next_url(request, found.next_cursor),
            "next_cursor": found.next_cursor,
        }

    base_paginate = WagtailLimitOffsetPagination.paginate_queryset
    WagtailLimitOffsetPagination.Input = Input
    WagtailLimitOffsetPagination.Output = Output
    WagtailLimitOffsetPagination.paginate_queryset = paginate_queryset  # type: ignore[method-assign]
