"""Which page, or which editor's redirect, answers a path of the rendered site: the lookup
behind API v2's ``pages/find/?html_path=`` and API v3's ``pages/find/`` and
``redirects/find/``.

Wagtail routes ``html_path`` from the site's root page and knows nothing of the language
prefix our URLs start with (``/fr/actualites/``: ``i18n_patterns``, wagtail#6679), so
front ends could not look up the addresses they are asked for. The rules here
(docs/api.md, "Lookup by path"):

- the path is taken as a browser or a router gives it: percent-encoded or not, with or
  without its trailing slash; a query string or fragment is ignored for pages;
- with a language prefix (``/fr/...``) it is routed from that language's home page (the
  site root's translation); without one, from the site's home page, then from each other
  language's home page in the order of ``LANGUAGES``: the first that routes wins, so
  ``/news/x/`` finds the English page and ``/actualites/x/`` the French one;
- routing is Wagtail's ``Page.route`` (live pages only; a routable page answers its
  sub-paths, as on the site). The caller decides visibility: these functions find,
  they do not publish.

Queries: two for the home pages of every language, then Wagtail's routing (one query
per path segment and one for the specific page), per language tried; one for redirects.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.db.models import Q, QuerySet
from django.http import Http404
from django.urls import Resolver404
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page, Site

from cms.core.sites import public_url

# No page of ours is deeper than this; a longer path is not routed at all (each segment
# costs a query), whatever it is made of.
MAX_SEGMENTS = 32


@dataclass(frozen=True)
class HtmlPath:
    """A path split as the site routes it."""

    language: str | None  # the language prefix, when the path has one
    segments: tuple[str, ...]  # the slugs after it, decoded

    @property
    def unprefixed(self) -> str:
        return "/" + "".join(f"{segment}/" for segment in self.segments)


def languages() -> list[str]:
    """Language codes in the order of ``LANGUAGES``, the default one first."""
    codes = [code for code, _name in settings.LANGUAGES]
    return sorted(codes, key=lambda code: code != settings.LANGUAGE_CODE)


def parse_html_path(raw: str) -> HtmlPath | None:
    """``raw`` as prefix and decoded slugs; None when it cannot be a page's path."""
    path = urlsplit(raw.strip()).path
    segments = [unquote(part) for part in path.split("/") if part]
    language = None
    if segments and segments[0].lower() in languages():
        language, segments = segments[0].lower(), segments[1:]
    if len(segments) > MAX_SEGMENTS or any("/" in segment for segment in segments):
        return None
    return HtmlPath(language, tuple(segments))


def home_pages(site: Site, language: str | None) -> list[Page]:
    """The pages to route from: the site root's translation in ``language``, or, for a
    path without a prefix, every language's, the default first (two queries)."""
    root = site.root_page
    translations = Page.objects.filter(translation_key=root.translation_key).select_related(
        "locale"
    )
    by_language = {page.locale.language_code: page for page in translations}  # root included
    order = [language] if language else languages()
    wanted = [by_language[code] for code in order if code in by_language]
    specific = Page.objects.filter(pk__in=[page.pk for page in wanted]).specific().in_bulk()
    return [specific[page.pk] for page in wanted if page.pk in specific]


def route(request: Any, site: Site | None, raw: str) -> Page | None:
    """The live page the site serves at ``raw``, in any language (rules above)."""
    parsed = parse_html_path(raw) if site is not None else None
    if parsed is None:
        return None
    for home in home_pages(site, parsed.language):
        try:
            page, _args, _kwargs = home.route(request, list(parsed.segments))
        except Http404:
            continue
        return page
    return None


def redirect_paths(raw: str) -> list[str]:
    """The ``old_path`` values that may hold a redirect from ``raw``, best first: as given
    (query string included, as Wagtail's middleware tries), without the query string,
    then, for a path without a language prefix, with each language's."""
    normalised = Redirect.normalise_path(raw)
    paths = [normalised, Redirect.normalise_path(urlsplit(normalised).path)]
    parsed = parse_html_path(raw)
    if parsed is not None and parsed.language is None:
        suffix = parsed.unprefixed
        paths += [Redirect.normalise_path(f"/{code}{suffix}") for code in languages()]
    return list(dict.fromkeys(paths))


def public_redirects(site: Site | None, visible_pages: QuerySet) -> QuerySet:
    """The redirects of ``site`` (its own and those for every site) that lead somewhere
    this consumer may go: a page among ``visible_pages``, or another address. A redirect
    to a draft, a private or a deleted page is left out entirely: even its old path
    would tell that something is there."""
    leads_somewhere = Q(redirect_page__isnull=True) & ~Q(redirect_link="")
    leads_somewhere |= Q(redirect_page__in=visible_pages.values("pk"))
    return Redirect.get_for_site(site).filter(leads_somewhere)


def find_redirect(site: Site | None, raw: str, visible_pages: QuerySet) -> Redirect | None:
    """The public redirect from ``raw`` (one query), the site's own before one for every
    site, as Wagtail's middleware prefers."""
    if "\x00" in raw:
        return None
    candidates = redirect_paths(raw)
    found = public_redirects(site, visible_pages).filter(old_path__in=candidates)
    found = found.select_related("redirect_page", "redirect_page__locale")
    rows = sorted(
        found,
        key=lambda r: (candidates.index(r.old_path), r.site_id is None),
    )
    return rows[0] if rows else None


def redirect_location(redirect: Redirect, request: Any) -> str | None:
    """Where the redirect sends visitors, absolute on the public origin: the page's
    address (with its route, when the page answers it, as Wagtail's ``Redirect.link``
    decides) or the other address as the editor typed it."""
    page = redirect.redirect_page
    if page is not None:
        base = page.get_full_url(request)
        route_path = redirect.redirect_page_route_path
        if not route_path or base is None:
            return base
        try:
            page.specific_deferred.resolve_subpage(route_path)
        except (AttributeError, Resolver404):
            return base
        return base.rstrip("/") + route_path
    link = redirect.redirect_link
    if not link:
        return None
    return public_url(link) if link.startswith("/") and not link.startswith("//") else link
