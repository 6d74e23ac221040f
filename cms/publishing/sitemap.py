"""Sitemaps: ``/sitemap.xml`` is an index of sections, one per page type and language.

One sitemap of every page cost a query per URL (``.specific()`` dropped the locale's
``select_related``: 65,735 queries and 50 s at 50,000 articles) and Django cut it at
50,000 URLs into ``?p=2``, which nothing linked to. So ``/sitemap.xml`` is a sitemap
index (the document of ``django.contrib.sitemaps.views.index``) and lists one section per page
type and language that has live public pages on the site, such as
``/sitemap-news-articles-fr.xml``; a section longer than ``SectionSitemap.limit``
(1,000 URLs) is split into ``?p=2``, ``?p=3``..., each listed in the index.

What a section lists is what the old sitemap listed, type by type: every live page of
that exact type (a seminar report is not a news article) that no view restriction
covers (``PageQuerySet.public()``; aliases carry their source's restrictions,
cms/publishing/privacy.py), is not expired and not scheduled, under the site's home page
for that language (Wagtail's own sitemap only walks the default language's tree: the
other languages' trees are its siblings). Each URL is the page's own absolute address
on the site's public origin (cms/core/sites.py), its ``lastmod`` the page's
``last_published_at``, and its hreflang alternates the page's listed translations with
``x-default`` for the default language, so a draft or private translation is never
advertised.

Cost: a section page is read with a constant number of queries whatever its length (the
site's view restrictions, the count, the page of rows with their locale, their listed
translations); addresses come from the site root paths Wagtail keeps, read once per
request. The index reads the sections' sizes kept as pages change
(cms/publishing/sections.py): one query for a few rows, not a count of every listed
page (#23: 140 ms at 50,000 articles, 31 ms at 1,000). Both are kept as fragments
(cms/caching/fragments.py) under the content generation, which every publish,
unpublish, move, delete or privacy change bumps, and never past the expiry of a page
they list: a publish shows in the next sitemap read, and a warm section costs no query.

Kernel: pages are handled through Wagtail's ``Page`` and content types, never by
importing an app.
"""

from __future__ import annotations

import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from math import ceil
from typing import Any, TypeVar

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.contrib.sitemaps import views as django_views
from django.core.paginator import EmptyPage, PageNotAnInteger
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.http import http_date
from django.utils.text import slugify
from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Page, Site, get_page_models
from wagtail.models.sites import SiteRootPath

from cms.caching.fragments import cached_fragment
from cms.caching.routing import find_site
from cms.publishing import sections

T = TypeVar("T")

SECTION_URL_NAME = "sitemap-section"
SITEMAPS_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
# What Wagtail's Page builds a sitemap entry and an address from: the rest of the row
# (and the page type's own table) is not read for types that keep Wagtail's methods.
URL_FIELDS = (
    "id",
    "path",
    "depth",
    "url_path",
    "translation_key",
    "last_published_at",
    "latest_revision_created_at",
    "expire_at",
    "locale",
    "locale__language_code",
)
URL_METHODS = ("get_sitemap_urls", "get_url_parts", "get_full_url")


@dataclass(frozen=True)
class Section:
    """Pages of one exact type under the site's home page for one language."""

    name: str
    model: type[Page]
    language: str
    root_path: str


@dataclass(frozen=True)
class SectionFacts:
    """What the index says of a section: its size (for its ``?p=`` pages) and lastmod."""

    name: str
    count: int
    lastmod: datetime | None


@dataclass(frozen=True)
class IndexFacts:
    sections: list[SectionFacts]
    expires: float | None  # when a listed page expires: the facts change then


@dataclass(frozen=True)
class SectionPage:
    urls: list[dict[str, Any]] = field(default_factory=list)
    expires: float | None = None


def type_slug(model: type[Page]) -> str:
    """A page type's part of a section name: its plural name in English, as readers of
    the index know it (``news-articles``, ``seminar-reports``)."""
    with translation.override("en"):
        return slugify(str(model._meta.verbose_name_plural))


def _type_slugs() -> dict[type[Page], str]:
    models = get_page_models()
    slugs = {model: type_slug(model) for model in models}
    taken = Counter(slugs.values())
    # Two types with the same plural name keep apart by their labels.
    return {
        model: slug if taken[slug] == 1 else f"{model._meta.app_label}-{model._meta.model_name}"
        for model, slug in slugs.items()
    }


def site_root_paths(request: HttpRequest) -> list[SiteRootPath]:
    """Wagtail's site root paths (its cache), kept on the request where every page's
    ``get_url_parts`` looks for them: no query per address."""
    try:
        return request._wagtail_cached_site_root_paths  # type: ignore[attr-defined]
    except AttributeError:
        paths = Site.get_site_root_paths()
        request._wagtail_cached_site_root_paths = paths  # type: ignore[attr-defined]
        return paths


def site_roots(request: HttpRequest, site: Site) -> list[SiteRootPath]:
    """The site's home page in each of its languages (the trees the sitemap walks)."""
    return [path for path in site_root_paths(request) if path.site_id == site.pk]


def site_sections(request: HttpRequest, site: Site) -> dict[str, Section]:
    """Every section the site could have (each page type in each of its languages), by
    name; known without a query, so an unknown name is a 404 at once."""
    roots = site_roots(request, site)
    return {
        f"{slug}-{root.language_code}": Section(
            f"{slug}-{root.language_code}", model, root.language_code, root.root_path
        )
        for model, slug in _type_slugs().items()
        for root in roots
    }


def _private(request: HttpRequest) -> Q:
    """Pages under any view restriction, read once per request (one query)."""
    if not hasattr(request, "_cms_sitemap_private"):
        request._cms_sitemap_private = Page.objects.all().private_q()  # type: ignore[attr-defined]
    return request._cms_sitemap_private  # type: ignore[attr-defined]


def listed(request: HttpRequest, model: type[Page], root_paths: Iterable[str]) -> QuerySet[Page]:
    """The pages of exactly ``model`` that the sitemap lists under these home pages:
    live, public, neither expired nor scheduled, with their locale."""
    in_trees = Q()
    for root_path in root_paths:
        in_trees |= Q(url_path__startswith=root_path)
    overrides = any(getattr(model, name) is not getattr(Page, name) for name in URL_METHODS)
    # Wagtail's methods need a few columns of the page table; a type with its own may
    # read anything of its row (its own table joined), streams aside.
    pages = model.objects.defer_streamfields() if overrides else Page.objects.only(*URL_FIELDS)
    # The type by id (Django keeps the content types per process): PostgreSQL then
    # knows from its statistics that the type is common and reads a page of it in path
    # order through the path index, instead of every page of the type then sorting
    # (#23: 45,000 rows for the first 1,000 news at 50,000 articles).
    return _visible(request, pages.filter(in_trees)).filter(
        content_type=ContentType.objects.get_for_model(model, for_concrete_model=False)
    )


def _visible(request: HttpRequest, pages: QuerySet[Page]) -> QuerySet[Page]:
    """The one rule of what search engines are told of (cms/publishing/sections.py),
    shared with the counts the index reads, so that it never promises a page that a
    section leaves out."""
    return sections.visible(pages, _private(request), timezone.now()).select_related("locale")


def _soonest(expiries: Iterable[datetime | None]) -> float | None:
    dates = [expiry for expiry in expiries if expiry is not None]
    return min(dates).timestamp() if dates else None


def _fresh(name: str, parts: tuple[object, ...], compute: Callable[[], T]) -> T:
    """A fragment kept under the generation, computed again once a page it lists has
    expired (expiry changes no row, so it bumps no generation)."""
    value = cached_fragment(name, parts, compute)
    expires = getattr(value, "expires", None)
    if expires is not None and expires <= time.time():
        return compute()
    return value


class SectionSitemap(Sitemap):
    """One section: its items for Django's paginator, its URLs one page at a time."""

    # sitemaps.org allows 50,000; smaller files are read and refreshed more cheaply,
    # and a file costs the same whatever the size of the site (issue #23: 10,000 URLs
    # took 2.3 s of Python at 50,000 articles, against 0.2 s for a site of 1,000).
    limit = 1_000

    def __init__(self, request: HttpRequest, site: Site, section: Section) -> None:
        super().__init__(request)
        self.site = site
        self.section = section

    def items(self) -> QuerySet[Page]:
        return listed(self.request, self.section.model, [self.section.root_path]).order_by("path")

    def _urls(self, page: int | str, protocol: str, domain: str) -> list[dict[str, Any]]:
        # Addresses come from the pages' site, not the request's protocol and domain.
        try:
            number = int(page)
        except (TypeError, ValueError):
            raise PageNotAnInteger(page) from None
        parts = (self.site.pk, self.section.name, number, self.limit)
        urls = _fresh("sitemap-section", parts, lambda: self._page(number)).urls
        lastmods = [url.get("lastmod") for url in urls]
        if lastmods and None not in lastmods:
            self.latest_lastmod = max(lastmods)
        return urls

    def _page(self, number: int) -> SectionPage:
        """The URLs of one page of the section: three queries after the restrictions'."""
        # A slice, not Paginator.page(): that counted the whole section first. A page
        # past the end (or below 1) is empty, as the paginator would say: a 404.
        if number < 1:
            raise EmptyPage(number)
        start = (number - 1) * self.limit
        items = list(self.items()[start : start + self.limit])
        if not items and number > 1:
            raise EmptyPage(number)
        translations = self._translations(items)
        default_language = settings.LANGUAGE_CODE
        urls: list[dict[str, Any]] = []
        for item in items:
            found = translations.get(item.translation_key, [])
            alternates: list[dict[str, str]] = []
            if len(found) > 1:
                alternates = [{"lang_code": code, "location": url} for code, url in found]
                alternates += [
                    {"lang_code": "x-default", "location": url}
                    for code, url in found
                    if code == default_language
                ]
            for url_info in item.get_sitemap_urls(self.request):
                urls.append({**url_info, "alternates": alternates})
        expiries = [item.expire_at for item in items]
        expiries += [expiry for pages in translations.values() for expiry in pages.expiries]
        return SectionPage(urls=urls, expires=_soonest(expiries))

    def _translations(self, items: list[Page]) -> dict[Any, _Translations]:
        """The listed translations of these pages in every language of the site (the
        pages themselves included), by translation key: one query."""
        if not items:
            return {}
        roots = [root.root_path for root in site_roots(self.request, self.site)]
        keys = {item.translation_key for item in items}
        translations = listed(self.request, self.section.model, roots)
        by_key: dict[Any, _Translations] = defaultdict(_Translations)
        for page in translations.filter(translation_key__in=keys):
            url = page.get_full_url(self.request)
            if url is not None:
                by_key[page.translation_key].append((page.locale.language_code, url))
                by_key[page.translation_key].expiries.append(page.expire_at)
        for found in by_key.values():
            found.sort()
        return by_key


class _Translations(list[tuple[str, str]]):
    """(language, address) pairs of one page's translations, and when they expire."""

    def __init__(self) -> None:
        super().__init__()
        self.expiries: list[datetime | None] = []


def index_facts(request: HttpRequest, site: Site) -> IndexFacts:
    """Each non-empty section's size and latest change, as kept on publish
    (cms/publishing/sections.py): one query for a handful of rows, whatever the size
    of the site."""
    sections_by_name = site_sections(request, site)
    slugs = _type_slugs()
    languages = {root.root_path: root.language_code for root in site_roots(request, site)}
    if not languages:
        return IndexFacts(sections=[], expires=None)
    facts: list[SectionFacts] = []
    changes: list[datetime | None] = []
    for row in sections.read(languages):
        changes.append(row.next_change)  # a scheduled page may fill an empty section
        if not row.url_count:
            continue
        # Django keeps the content types per process: no query.
        model = ContentType.objects.get_for_id(row.content_type_id).model_class()
        if model is None or model not in slugs:
            continue  # a type whose app is gone: its pages have no address either
        name = f"{slugs[model]}-{languages[row.root_path]}"
        if name in sections_by_name:
            facts.append(SectionFacts(name=name, count=row.url_count, lastmod=row.lastmod))
    facts.sort(key=lambda section: section.name)
    return IndexFacts(sections=facts, expires=_soonest(changes))


def _site(request: HttpRequest) -> Site:
    """The site answering the request's host, or the default site (as Wagtail's
    sitemap falls back to it), so a front end's internal host name still works."""
    site = find_site(request)
    if site is None:
        raise Http404("No site.")
    return site


def index(request: HttpRequest) -> HttpResponse:
    """``/sitemap.xml``: the sitemap index of the site's non-empty sections, each
    ``?p=`` page of a section with the section's ``lastmod``.

    Written here rather than by Django's index view and template: a site of 50,000
    articles has some 80 section pages, and the template cost 0.3 ms for each (a
    third of the request, #23); the document is the same."""
    site = _site(request)
    known = site_sections(request, site)
    facts = _fresh("sitemap-index", (site.pk,), lambda: index_facts(request, site))
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', f'<sitemapindex xmlns="{SITEMAPS_NS}">']
    lastmods: list[datetime | None] = []
    for found in facts.sections:
        if found.name not in known:
            continue
        # The site's public origin, the address search engines are given everywhere
        # else (cms/core/sites.py), not the request's host.
        location = site.root_url + reverse(SECTION_URL_NAME, kwargs={"section": found.name})
        lastmod = ""
        if found.lastmod is not None:
            lastmod = f"<lastmod>{timezone.localtime(found.lastmod).isoformat()}</lastmod>"
        lastmods.append(found.lastmod)
        for number in range(1, ceil(found.count / SectionSitemap.limit) + 1):
            address = location if number == 1 else f"{location}?p={number}"
            lines.append(f"<sitemap><loc>{escape(address)}</loc>{lastmod}</sitemap>")
    lines.append("</sitemapindex>")
    response = HttpResponse("\n".join(lines), content_type="application/xml")
    # As Django's index: a Last-Modified header when every section has a lastmod, for
    # ConditionalGetMiddleware's 304.
    if lastmods and None not in lastmods:
        response["Last-Modified"] = http_date(max(lastmods).timestamp())  # type: ignore[type-var]
    return response


def section(request: HttpRequest, section: str) -> HttpResponse:
    """``/sitemap-<type>-<language>.xml``: one section, ``?p=`` for its later pages."""
    site = _site(request)
    known = site_sections(request, site)
    if section not in known:
        raise Http404("No such sitemap section.")
    sitemaps = {section: SectionSitemap(request, site, known[section])}
    return django_views.sitemap(request, sitemaps, section=section)
