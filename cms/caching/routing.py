"""Page routing that remembers where an address leads until the content changes.

Wagtail finds the page for ``/en/news/some-article/`` by walking the tree on every
request: the site (a query ordered by a CASE expression), the active locale, the
root's translation, then a child lookup and a ``.specific`` fetch per level. That is
five to seven queries and more Django time than rendering a simple page, and the
answer only changes when a page is published, moved, renamed, deleted or a site is
edited, which is exactly when the page-cache generation changes (cms/caching/pages.py).

So the site of a host and the page of an address are kept in the fragment cache under
that generation (cms/caching/fragments.py), with the page as loaded from the database: its
live row, never a draft (drafts live in revisions), and a fresh copy for every request
that unpickles in a fiftieth of the time its query takes. The page is then asked to
route the request as Wagtail would (its own ``live`` check, a routable page's
``index_route``). Nothing here depends on the visitor, so anonymous and logged-in
visitors may share it; privacy is still checked on every request by Wagtail's
``before_serve_page`` hook.

Only addresses that end exactly at a page are kept: a routable page's sub-paths
(topics, feeds, calendar files) take the ordinary route, so made-up addresses cannot
fill the cache.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import partial

from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.http.request import split_domain_port
from django.utils.translation import get_language
from wagtail import hooks
from wagtail import views as wagtail_views
from wagtail.models import Page, PageViewRestriction, Site

from cms.caching import deps
from cms.caching.fragments import (
    FragmentKey,
    cached_current,
    cached_fragment,
    fragment_cache_seconds,
    prefetch,
)

# The route of an address, as kept: (the site, the specific page as loaded from the
# database, ids of the view restrictions on the page and its ancestors).
CachedRoute = tuple[Site, Page, tuple[int, ...]]

# Wagtail hook: ``fn(page, request, site) -> Iterable[FragmentKey]``, the fragments that
# every page's templates read beside the page's own (the chrome, the feed links), so that
# a routed request reads them in one round trip. Registered in the ``wagtail_hooks`` of
# the apps whose templates read them: the kernel knows none of those apps.
PAGE_FRAGMENTS = "page_fragments"

PageFragments = Callable[[Page | None, HttpRequest, Site], Iterable[FragmentKey]]


def serve(request: HttpRequest, path: str) -> HttpResponse:
    """Wagtail's ``serve`` view, with the site and route looked up in the cache first.

    Also when only the page cache collects what the page reads (cms/caching/deps.py):
    routing reads the page and its ancestors, which the page cache accounts for by the
    page's own tags, not as a read of every page."""
    if fragment_cache_seconds() or deps.collecting():
        prime_route(request, path)
    return wagtail_views.serve(request, path)


def find_site(request: HttpRequest) -> Site | None:
    """``Site.find_for_request`` through the fragment cache (same matching rules)."""
    if hasattr(request, "_wagtail_site"):
        return request._wagtail_site
    hostname = split_domain_port(request._get_raw_host())[0]
    port = request.get_port()

    def lookup() -> Site | None:
        # Wagtail's own lookup, as the project installs it (cms/core/reading.py): the
        # site settings every footer reads come in the same statement. Any change of a
        # setting or a site bumps the generation, so the kept site is never staler.
        return Site._find_for_request(request)

    request._wagtail_site = cached_fragment("site", (hostname, port), lookup)
    return request._wagtail_site


def prime_route(request: HttpRequest, path: str) -> None:
    """Set what ``Page.route_for_request`` would compute, from the cache when possible.

    The route is kept per host, port, language and path with the site it belongs to,
    and read in the same round trip as the generation (``cached_current``)."""
    if hasattr(request, "_wagtail_route_for_request"):
        return
    components = [component for component in path.split("/") if component]
    found: list[object] = []

    def walk() -> CachedRoute | None:
        """Wagtail's own routing; remembered only when the address ends at the page."""
        site = find_site(request)
        if site is None:
            return None
        try:
            root = site.root_page.localized.specific
            result = root.route(request, components)
        except Http404:
            result = None
        found.append(result)
        if result is None:
            return None
        page = result[0]
        if not page.url_path or not page.url_path.startswith(root.url_path):
            return None
        relative = page.url_path[len(root.url_path) :]
        if [part for part in relative.split("/") if part] != components:
            return None
        restrictions = tuple(sorted(page.get_view_restrictions().values_list("pk", flat=True)))
        found.append(restrictions)
        if not fragment_cache_seconds():
            return site, page, restrictions  # not kept: no copy needed
        # A clean copy: the routed one carries its parents and whatever serving adds.
        fresh = type(page)._default_manager.get(pk=page.pk)
        return site, fresh, restrictions

    hostname = split_domain_port(request._get_raw_host())[0]
    parts = (hostname, request.get_port(), get_language(), "/".join(components))
    cached = cached_current("route", parts, walk, keep=lambda route: route is not None)
    if found:
        # Computed just now: use Wagtail's own answer, whatever was kept, and the
        # restrictions just read (privacy changes bump the generation).
        request._wagtail_route_for_request = found[0]
        if len(found) > 1:
            found[0][0].get_view_restrictions = partial(_view_restrictions, found[1])
        return
    if cached is None:
        return  # not kept (a sub-path or no page): Wagtail routes it itself
    site = cached[0]
    request._wagtail_site = site
    page = _load(cached)
    try:
        request._wagtail_route_for_request = page.route(request, [])
    except Http404:
        request._wagtail_route_for_request = None
        return
    prefetch(_page_fragments(request, site, page))


def _load(route: CachedRoute) -> Page:
    _site, page, restriction_ids = route
    # Wagtail's before_serve_page hook asks the page for its view restrictions (two
    # queries: the ancestors, then their restrictions). Their ids were kept with the
    # route, under the same generation, which any privacy change bumps; only this
    # instance, served by this request, answers from them.
    page.get_view_restrictions = partial(_view_restrictions, restriction_ids)
    return page


def _view_restrictions(ids: tuple[int, ...]) -> QuerySet[PageViewRestriction]:
    if not ids:
        return PageViewRestriction.objects.none()
    return PageViewRestriction.objects.filter(pk__in=ids)


def page_tags(request: HttpRequest) -> list[str]:
    """The tags of the page a request was routed to: itself and its ancestors (breadcrumbs,
    address, privacy), its translations (language switcher, ``hreflang``)."""
    route = getattr(request, "_wagtail_route_for_request", None)
    page = route[0] if route else None
    if not isinstance(page, Page) or not page.path:
        return []
    return [*deps.tree_tags(page.path), deps.translation_tag(page.translation_key)]


# The site and route are read again after any change of a site or a page (the
# generation, the ``pages`` version); the page routed to is recorded by the page cache.
deps.describe("site", ())
deps.describe("route", ())


def shared_page_fragments(page: Page | None, request: HttpRequest, site: Site) -> list[FragmentKey]:
    """The fragments every page's templates read beside the page's own, as declared
    through the ``PAGE_FRAGMENTS`` hook by the apps that render them."""
    providers: list[PageFragments] = hooks.get_hooks(PAGE_FRAGMENTS)
    return [key for provider in providers for key in provider(page, request, site)]


def _page_fragments(request: HttpRequest, site: Site, page: Page) -> list[FragmentKey]:
    """What the page's templates will read from the fragment cache, read at once."""
    fragments = shared_page_fragments(page, request, site)
    own = getattr(page, "prefetch_fragments", None)
    if own is not None:
        fragments.extend(own(request, site))
    return fragments
