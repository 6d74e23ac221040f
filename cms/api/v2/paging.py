"""API v2's pagination: Wagtail's ``limit`` and ``offset``, plus ``cursor``, read by keys.

The rules are cms/api/paging.py's; this adapts them to Wagtail's v2 views. ``meta``
gains ``total_count_exact``, ``next`` (the address of the next page, with its cursor)
and ``next_cursor`` (the cursor alone), both ``null`` at the end of the listing or when
its order has no cursor (search results, ``order=random``, several or unindexed fields).
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from rest_framework.response import Response
from wagtail.api.v2.pagination import WagtailPagination
from wagtail.api.v2.utils import BadRequestError

from cms.api.paging import PagingError, Window, check_offset, next_url, read_page, window


def limit_and_offset(request: Any) -> tuple[int, int]:
    """Wagtail's rules: ``limit`` at most ``WAGTAILAPI_LIMIT_MAX``, 20 by default."""
    limit_max = getattr(settings, "WAGTAILAPI_LIMIT_MAX", 20)
    try:
        offset = int(request.GET.get("offset", 0))
        if offset < 0:
            raise ValueError
    except ValueError as error:
        raise BadRequestError("offset must be a positive integer") from error
    try:
        limit = int(request.GET.get("limit", 20 if not limit_max else min(20, limit_max)))
        if limit < 0:
            raise ValueError
    except ValueError as error:
        raise BadRequestError("limit must be a positive integer") from error
    if limit_max and limit > limit_max:
        raise BadRequestError(f"limit cannot be higher than {limit_max}")
    return limit, offset


class KeysetPagination(WagtailPagination):
    """Wagtail's pagination with a stable order, keys first, bounded counts and cursors.

    A view may define ``count_cache_parts()`` (what its rows depend on, or None) to keep
    its counts under the content generation."""

    window: Window | None = None

    def keys(
        self, queryset: QuerySet, request: Any, view: Any, extra=()
    ) -> tuple[QuerySet, Window]:
        """The page's window of ``queryset``: ids and ``extra`` columns, no full row."""
        limit, offset = limit_and_offset(request)
        self.request, self.view = request, view
        parts = view.count_cache_parts() if hasattr(view, "count_cache_parts") else None
        try:
            queryset, self.window = window(
                queryset,
                offset=offset,
                limit=limit,
                cursor=request.GET.get("cursor") or None,
                cache_parts=parts,
                extra=extra,
            )
        except PagingError as error:
            raise BadRequestError(str(error)) from error
        self.total_count = self.window.total
        return queryset, self.window

    def paginate_queryset(self, queryset, request, view=None):
        if not isinstance(queryset, QuerySet):  # search results: counted by their backend
            self.window, self.request = None, request
            if request.GET.get("cursor"):
                raise BadRequestError(
                    _("cursor: not available with search; page search results with offset")
                )
            try:
                check_offset(limit_and_offset(request)[1], None)
            except PagingError as error:
                raise BadRequestError(str(error)) from error
            return super().paginate_queryset(queryset, request, view)
        limit, offset = limit_and_offset(request)
        self.request, self.view = request, view
        parts = view.count_cache_parts() if hasattr(view, "count_cache_parts") else None
        try:
            objects, self.window = read_page(
                queryset,
                offset=offset,
                limit=limit,
                cursor=request.GET.get("cursor") or None,
                cache_parts=parts,
            )
        except PagingError as error:
            raise BadRequestError(str(error)) from error
        self.total_count = self.window.total
        return objects

    def get_paginated_response(self, data):
        found = self.window
        cursor = found.next_cursor if found is not None else None
        exact = found.exact if found is not None else True
        meta = OrderedDict(
            [
                ("total_count", self.total_count),
                ("total_count_exact", exact),
                ("next", next_url(self.request, cursor)),
                ("next_cursor", cursor),
            ]
        )
        return Response(OrderedDict([("meta", meta), ("items", data)]))


__all__ = ["KeysetPagination", "limit_and_offset", "next_url"]
