"""The pages an anonymous API consumer may see, without three queries on every request.

Wagtail's ``get_public_pages_queryset`` (wagtail/api/querysets.py) reads, on every
request, every view restriction, the site that answers the request's host and the
translations of that site's home page: three queries and a third of an API request's
time, for data that changes only when an editor changes privacy, sites or the page
tree. For a visitor without a session cookie or an ``Authorization`` header (every
anonymous front end) no restriction accepts the request, so the result depends only on
that data and the host: it is kept as a fragment (cms/caching/fragments.py), under the content
generation that any privacy, site or page change bumps, and the same condition
(``descendant_of`` / ``not_descendant_of`` of wagtail/query.py) is built from it.
Everyone else (signed-in users, ``?site=``) gets Wagtail's own function, which asks
each restriction whether it accepts the request.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet
from django.http.request import split_domain_port
from wagtail.api.querysets import get_public_pages_queryset
from wagtail.models import Page, Site

from cms.caching.fragments import cached_current
from cms.core.reading import in_private_section, view_restrictions


class _AnonymousRequest:
    """What a restriction looks at in a request of someone who has not signed in and
    has not entered any page password: no user, an empty session."""

    user = AnonymousUser()
    session: dict[str, Any] = {}


def _is_anonymous(request: Any) -> bool:
    # Without a session there is no signed-in user and no page password entered; without
    # an Authorization header no API authentication (DRF's basic authentication) applies.
    return (
        settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "HTTP_AUTHORIZATION" not in request.META
    )


def _visibility(request: Any) -> dict[str, Any]:
    """The site for this host, the trees it serves and the trees no anonymous visitor sees.
    The site is found by Wagtail's rules as the project installs them (cms/core/reading.py),
    its settings in the same statement: a front end's site globals read them."""
    restricted = [
        (restriction.page.path, restriction.page.depth)
        # The request's one read of the restrictions (cms/core/reading.py), which the
        # translations and linked pages' public() checks share.
        for restriction in view_restrictions()
        if not restriction.accept_request(_AnonymousRequest())
    ]
    site = Site._find_for_request(request)
    roots: list[tuple[str, int]] = []
    if site is not None:
        roots.append((site.root_page.path, site.root_page.depth))
        if getattr(settings, "WAGTAIL_I18N_ENABLED", False):
            roots.extend(site.root_page.get_translations().values_list("path", "depth"))
    return {"site": site, "restricted": restricted, "roots": roots}


def anonymous_visibility(request: Any) -> Q | None:
    """The condition on pages that Wagtail's ``get_public_pages_queryset`` applies for an
    anonymous visitor: live, outside every view restriction, in the tree of the request's
    site or of a translation of its home page. None when the request is not anonymous or
    names another site (``?site=``): use Wagtail's function then.

    A condition rather than a queryset, so that a listing of one page type filters its own
    table's join instead of testing ``pk IN (visible pages)``: the same rows, without
    PostgreSQL joining the page table to itself."""
    if not _is_anonymous(request) or request.GET.get("site"):
        return None
    # Asked again within a request (v3's page queryset and its parent check, v2's pages
    # and redirects): the same answer, without reading the data again.
    memo = getattr(request, "_cms_anonymous_visibility", None)
    if memo is not None:
        return memo
    request._cms_anonymous_visibility = _condition(request)
    return request._cms_anonymous_visibility


def _condition(request: Any) -> Q:
    hostname = split_domain_port(request._get_raw_host())[0]
    port = int(request.get_port())
    # Read in the same round trip as the content generation (the first read of a request).
    data = cached_current("api-visibility", (hostname, port), lambda: _visibility(request))
    site = data["site"]
    # Wagtail's own look-ups (child_of=root, html_path, URLs) use the site found here.
    request._wagtail_site = site
    if hasattr(request, "_request"):
        request._request._wagtail_site = site
    if not data["roots"]:
        return Q(pk__in=[])  # no site answers this host: nothing is visible
    condition = Q(live=True)
    for path, depth in data["restricted"]:
        condition &= ~Q(path__startswith=path, depth__gte=depth)
    trees = Q()
    for path, depth in data["roots"]:
        trees |= Q(path__startswith=path, depth__gte=depth)
    return condition & trees


def visible_pages(request: Any) -> QuerySet:
    """The pages this consumer may see, for what refers to pages (redirects): the cached
    condition for an anonymous one, Wagtail's ``get_public_pages_queryset`` otherwise."""
    visible = anonymous_visibility(request)
    if visible is None:
        return get_public_pages_queryset(request)
    return Page.objects.filter(visible)


def is_live_and_public(page: Page) -> bool:
    """What ``Page.objects.live().public().filter(pk=page.pk).exists()`` answers, from
    the page as read (joined with what links to it) and the request's one read of the
    view restrictions (cms/core/reading.py): no query per linked page."""
    return bool(page.live) and not in_private_section(page)
