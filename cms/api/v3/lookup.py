"""Where pages are, in API v3: lookup by path with language prefixes, and a page's parent
only when the consumer may see it.

Wagtail 8's v3 answers both from its own rules, which front ends could not use here:

- ``pages/find/?html_path=`` routed from the site's root page only, so neither
  ``/en/...`` paths nor a French path (``/fr/actualites/...``, ``/actualites/...``) were
  found (issue #18). It now uses the lookup API v2 uses (cms/api/paths.py); visibility
  and the redirect to the detail are Wagtail's, unchanged.
- ``meta.parent`` is the parent whatever it is: the home page's was the tree's root
  (``/api/v3/pages/1/``, a 404), and a live page under an unpublished one named the draft.
  For an anonymous consumer it is now the parent only when that parent is visible, as in
  API v2 (``PageParentField``); a token's user gets Wagtail's answer.
- ``pages/<id>/`` read a page three times (base, specific, locale) and its relations once
  per field showing them; an anonymous consumer's page is now read once as its own type
  with its relations prefetched (cms/api/relations.py), issue #19.

The views are swapped into Wagtail's router by :func:`install`, from ``v3_urls``, before
django-ninja binds the routers to the API (it copies each operation then); the
operations keep the parameters and OpenAPI description Wagtail declared.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ImproperlyConfigured
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from wagtail.api.v3.routers import pages as pages_router
from wagtail.api.v3.schemas.pages import PageMetaSchema
from wagtail.api.validators import SiteFilterValidator
from wagtail.models import Page

from cms.api import paths
from cms.api.relations import optimise


def replace_view(router: Any, path: str, name: str, view: Callable[..., Any]) -> None:
    """Puts ``view`` in place of the view function named ``name`` at ``path``."""
    for operation in router.path_operations[path].operations:
        if operation.view_func.__name__ == name:
            operation.view_func = view
            return
    raise ImproperlyConfigured(f"Wagtail's v3 router has no view {name!r} at {path!r}.")


def find_page(
    request: HttpRequest,
    id: int | None = None,
    html_path: str | None = None,
    site: str | None = None,
    version: str | None = "live",
) -> HttpResponse:
    """Wagtail's ``pages_find`` with our path lookup: a redirect to the page's detail."""
    visible = pages_router.get_pages_queryset(request)  # ours: cms/api/v3/schemas.py
    page = None
    if html_path:
        try:
            site_obj = SiteFilterValidator(site=site, request=request).site_obj
        except Http404:
            site_obj = None
        page = paths.route(request, site_obj, html_path)
        if page is not None and not visible.filter(pk=page.pk).exists():
            page = None
    if page is None and id:
        page = get_object_or_404(visible, pk=id)
    if page is None:
        raise Http404(f"No {Page._meta.object_name} matches the given query.")
    return redirect_to_detail(request, "wagtailapi_v3:detail_page", page_id=page.pk)


def redirect_to_detail(request: HttpRequest, url_name: str, **kwargs: int) -> HttpResponse:
    """What a ``find/`` answers: the found object's detail, with the request's other
    parameters (``fields``, ``locale``…) and without the lookup's own."""
    query = request.GET.copy()
    query.pop("id", None)
    query.pop("html_path", None)
    return redirect(f"{reverse(url_name, kwargs=kwargs)}?{query.urlencode()}")


def visible_parent(obj: Page, context: dict) -> Page | None:
    """The parent of ``obj`` when this consumer may see it: the visible page at the
    parent's path (one query); Wagtail's answer for a token's user."""
    request = context.get("request")
    if request is None or request.user.is_authenticated:
        return obj.get_parent()
    if obj.depth <= 1:
        return None
    visible = pages_router.get_pages_queryset(request)
    return visible.filter(path=obj.path[: -obj.steplen]).first()


def get_page(
    request: HttpRequest,
    page_id: int,
    version: str | None = "live",
    rich_text_format: str | None = None,
) -> Page:
    """Wagtail's ``pages_detail``, reading an anonymous consumer's page once as its own
    type with every relation its fields show (cms/api/relations.py): Wagtail read the
    base page, the specific page, its locale, and each relation once per field showing
    it (an article's links twice, its topics three times). A token's user, and drafts,
    get Wagtail's own reads."""
    visible = pages_router.get_pages_queryset(request)
    if request.user.is_authenticated:
        page = get_object_or_404(visible, pk=page_id)
        if version == "draft":
            return page.get_latest_revision_as_object()
        return page.specific
    content_type_id = visible.filter(pk=page_id).values_list("content_type_id", flat=True).first()
    if content_type_id is None:
        raise Http404(f"No {Page._meta.object_name} matches the given query.")
    model = ContentType.objects.get_for_id(content_type_id).model_class() or Page
    pages = optimise(pages_router.get_pages_queryset(request, model).filter(pk=page_id))
    page = pages.first()
    if page is None:  # unpublished between the two reads
        raise Http404(f"No {Page._meta.object_name} matches the given query.")
    return page


def install(api: Any) -> None:
    """Called from ``v3_urls`` before ``api.urls``."""
    if getattr(api, "_bound_routers_cache", None) is not None:
        raise ImproperlyConfigured("cms.api.v3.lookup.install() must run before api.urls.")
    replace_view(pages_router.router, "/find/", "find_page", find_page)
    replace_view(pages_router.router, "/{page_id}/", "get_page", get_page)
    # Every page meta schema (ours derive from Wagtail's) shares this resolver object.
    PageMetaSchema._ninja_resolvers["parent"]._func = visible_parent
