"""Which page answers a path of the rendered site: the lookup behind API v2's
``pages/find/?html_path=`` and API v3's ``pages/find/``.

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

Queries: three for the home pages of every language, then Wagtail's routing (one query
per path segment and one for the specific page), per language tried.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.http import Http404
from wagtail.models import Page, Site

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
