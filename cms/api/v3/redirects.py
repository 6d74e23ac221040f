"""API v3's redirects (Wagtail 8's ``/api/v3/redirects/``, mounted by
``wagtail.contrib.redirects``), as an anonymous consumer may see them.

Wagtail's router lists, finds and shows every redirect to anyone: a redirect to a draft
or a private page gave its page id and the old path it was reached by (an old address
of a private page says what it was about). For a consumer without a token, the three
reads now give what API v2's ``/api/v2/redirects/`` gives (cms/api/paths.py,
``public_redirects``): the requesting site's redirects to a visible page or to another
address; ``find/?html_path=`` also accepts a path without its language prefix. With a
token, Wagtail's own views answer (its permission policies apply to writes).

Swapped into Wagtail's router by :func:`install`, from ``v3_urls``, before django-ninja
binds the routers (cms/api/v3/lookup.py, ``replace_view``); parameters, pagination and
the OpenAPI description stay Wagtail's.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from ninja.pagination import paginate
from wagtail.api.v3.pagination import WagtailLimitOffsetPagination
from wagtail.api.v3.routers import pages as pages_router
from wagtail.contrib.redirects.api.v3 import router as ROUTER  # the Router object
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Site

from cms.api import paths
from cms.api.v3.lookup import redirect_to_detail, replace_view


def _public(request: HttpRequest) -> Any:
    visible = pages_router.get_pages_queryset(request)  # first: it finds the site
    return paths.public_redirects(Site.find_for_request(request), visible)


def _operation_view(path: str, name: str) -> Callable[..., Any]:
    for operation in ROUTER.path_operations[path].operations:
        if operation.view_func.__name__ == name:
            return operation.view_func
    raise LookupError(name)


def public_list(wagtails: Callable[..., Any]) -> Callable[..., Any]:
    """Wagtail's listing (filters and ordering), narrowed for anonymous consumers."""

    def list_redirects(request: HttpRequest, **kwargs: Any) -> Any:
        queryset = wagtails(request, **kwargs)
        if request.user.is_authenticated:
            return queryset
        return queryset.filter(pk__in=_public(request).values("pk"))

    paginated = paginate(WagtailLimitOffsetPagination, pass_parameter="pagination_info")  # noqa: S106
    return paginated(list_redirects)


def public_detail(wagtails: Callable[..., Any]) -> Callable[..., Any]:
    def get_redirect_detail(request: HttpRequest, redirect_id: int) -> Any:
        if request.user.is_authenticated:
            return wagtails(request, redirect_id=redirect_id)
        return get_object_or_404(_public(request), pk=redirect_id)

    return get_redirect_detail


def public_find(wagtails: Callable[..., Any]) -> Callable[..., Any]:
    def find_redirect(
        request: HttpRequest, id: int | None = None, html_path: str | None = None
    ) -> HttpResponse:
        if request.user.is_authenticated:
            return wagtails(request, id=id, html_path=html_path)
        found = None
        if html_path:
            visible = pages_router.get_pages_queryset(request)
            found = paths.find_redirect(Site.find_for_request(request), html_path, visible)
        if found is None and id:
            found = get_object_or_404(_public(request), pk=id)
        if found is None:
            raise Http404(f"No {Redirect._meta.object_name} matches the given query.")
        return redirect_to_detail(request, "wagtailapi_v3:detail_redirect", redirect_id=found.pk)

    return find_redirect


_installed = False


def install() -> None:
    """Called from ``v3_urls`` before ``api.urls``; once."""
    global _installed
    if _installed:
        return
    _installed = True
    listing = _operation_view("/", "list_redirects")
    replace_view(ROUTER, "/", "list_redirects", public_list(listing.__wrapped__))
    detail = _operation_view("/{redirect_id}/", "get_redirect_detail")
    replace_view(ROUTER, "/{redirect_id}/", "get_redirect_detail", public_detail(detail))
    found = _operation_view("/find/", "find_redirect")
    replace_view(ROUTER, "/find/", "find_redirect", public_find(found))
