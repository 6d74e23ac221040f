"""Where pages are, in API v3: a page's parent only when the consumer may see it.

Wagtail 8's v3 gives ``meta.parent`` whatever it is: the home page's was the tree's root
(``/api/v3/pages/1/``, a 404), and a live page under an unpublished one named the draft.
For an anonymous consumer it is now the parent only when that parent is visible, as in
API v2 (``PageParentField``); a token's user gets Wagtail's answer.

Installed by :func:`install`, from ``v3_urls``, before django-ninja binds the routers
to the API (it copies each operation then).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ImproperlyConfigured
from wagtail.api.v3.routers import pages as pages_router
from wagtail.api.v3.schemas.pages import PageMetaSchema
from wagtail.models import Page


def visible_parent(obj: Page, context: dict) -> Page | None:
    """The parent of ``obj`` when this consumer may see it (one query); Wagtail's
    answer for a token's user."""
    parent = obj.get_parent()
    request = context.get("request")
    if parent is None or request is None or request.user.is_authenticated:
        return parent
    visible = pages_router.get_pages_queryset(request)
    return parent if visible.filter(pk=parent.pk).exists() else None


def install(api: Any) -> None:
    """Called from ``v3_urls`` before ``api.urls``."""
    if getattr(api, "_bound_routers_cache", None) is not None:
        raise ImproperlyConfigured("cms.api.v3.lookup.install() must run before api.urls.")
    # Every page meta schema (ours derive from Wagtail's) shares this resolver object.
    PageMetaSchema._ninja_resolvers["parent"]._func = visible_parent
