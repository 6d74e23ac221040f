"""API v2's ``pages/find/?html_path=``: the page at a path of the site, in any language
(cms/api/paths.py: with or without the language prefix), answered as Wagtail answers:
a ``302`` to its detail URL on the public origin, query parameters such as ``fields``
kept; a ``404`` for anything an anonymous consumer may not see.
"""

from __future__ import annotations

from typing import Any

from wagtail.models import Page, Site

from cms.api import paths


class FindByPath:
    """Mixin of the pages endpoint (before Wagtail's viewset in the bases)."""

    def find_object(self, queryset: Any, request: Any) -> Page | None:
        if "html_path" not in request.GET:
            return super().find_object(queryset, request)  # type: ignore[misc]
        site = Site.find_for_request(request)
        page = paths.route(request, site, request.GET["html_path"])
        return page if page is not None and queryset.filter(pk=page.pk).exists() else None
