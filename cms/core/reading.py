"""What one request reads several times, read once for that request.

With every cache off (the path each visitor takes after a publish has emptied them), a
page asked the database the same questions from each part of it: which sections are
private (Wagtail's ``PageQuerySet.public()`` reads every view restriction, and the
menu, the news list, the events, the participants headline and the routing each call
it) and which locale a language code is (``Locale.get_active()``, asked by the chrome,
the blocks and the headline). On the demo's home page that was 7 reads of the
restrictions and 5 of locales out of 40 queries; and serving any page read its
ancestors and their restrictions, even on a site that has none. ``all_locales()`` and
``locale_by_id()`` answer from one read of the (few) locales.

A memo opened by ``RequestMemoMiddleware`` for each GET and HEAD request keeps the
answers until the response is made. Only reading requests get one: nothing they do can
change a restriction or a locale while they run. Outside such a request (commands,
POSTs, tests calling code directly) every call reads the database, as Wagtail does.

The homes of every locale and the live pages right below them are one read
(``top_pages``), which routing shares with the header: the site's root comes as its own
class with the site (``register_root_model``), the first step down from a home page is
found among those pages (``child_among_top_pages``), and so is the translation group of a
page among them when it holds one member per locale (``group_among_top_pages``); each
falls back to Wagtail's own query when the read cannot answer.

``install()`` makes Wagtail's own ``private_q()``, ``Page.get_view_restrictions()`` and
``Locale.get_active()`` use the memo, so every caller (ours, Wagtail's serve view and API
filters, wagtail-localize) shares it: one place, not a helper to remember at each call
site.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, TypeVar

from django.db.models import Case, Exists, IntegerField, OuterRef, Q, QuerySet, When
from django.http import HttpRequest, HttpResponse
from django.http.request import split_domain_port
from django.utils import translation
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, Page, PageViewRestriction, Site, TranslatableMixin
from wagtail.models.sites import (
    MATCH_DEFAULT,
    MATCH_HOSTNAME,
    MATCH_HOSTNAME_DEFAULT,
    MATCH_HOSTNAME_PORT,
)
from wagtail.query import PageQuerySet
from wagtail_localize.models import TranslationSource

T = TypeVar("T")

_memo: ContextVar[dict[str, Any] | None] = ContextVar("cms_request_memo", default=None)

READING_METHODS = frozenset({"GET", "HEAD"})


def remembered(key: str, compute: Callable[[], T]) -> T:
    """``compute()``, once per reading request (``key`` names what it computes)."""
    memo = _memo.get()
    if memo is None:
        return compute()
    if key not in memo:
        memo[key] = compute()
    return memo[key]


def in_reading_memo() -> bool:
    """Whether reads are remembered now (a reading request, ``reading_once``): a read
    shared with the rest of the request is then free, outside it a query like any other."""
    return _memo.get() is not None


@contextmanager
def reading_once() -> Iterator[None]:
    """A memo for a block of reads outside a request (a block rendered on its own, a
    feed built by a command); inside a request's memo, that one is used."""
    if _memo.get() is not None:
        yield
        return
    token = _memo.set({})
    try:
        yield
    finally:
        _memo.reset(token)


class RequestMemoMiddleware:
    """Opens the memo for a GET or HEAD request and closes it with the response."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method not in READING_METHODS:
            return self.get_response(request)
        token = _memo.set({})
        try:
            return self.get_response(request)
        finally:
            _memo.reset(token)


_wagtail_private_q = PageQuerySet.private_q
_wagtail_get_view_restrictions = Page.get_view_restrictions
_wagtail_get_active = Locale.get_active.__func__


def view_restrictions() -> list[PageViewRestriction]:
    """Every view restriction with its page: few rows on any site, read once."""
    return remembered(
        "view restrictions", lambda: list(PageViewRestriction.objects.select_related("page"))
    )


def in_private_section(page: Page) -> bool:
    """Whether ``page`` is a restricted page or below one: what ``public()`` leaves out,
    decided over the restrictions read once."""
    return any(page.path.startswith(item.page.path) for item in view_restrictions())


def _private_q(self: PageQuerySet) -> Q:
    if _memo.get() is None:
        return _wagtail_private_q(self)
    # Wagtail's own rule, over the restrictions read once (the Q does not depend on the
    # queryset it is asked of).
    private = Q()
    for restriction in view_restrictions():
        private |= self.descendant_of_q(restriction.page, inclusive=True)
    return private if private else Q(pk__in=[])


def _get_view_restrictions(self: Page) -> QuerySet[PageViewRestriction]:
    # A site without any restriction needs neither the page's ancestors (read to follow
    # aliases to their sources) nor a query of the restrictions among them. With some,
    # Wagtail's own method decides.
    if _memo.get() is not None and not view_restrictions():
        return PageViewRestriction.objects.none()
    return _wagtail_get_view_restrictions(self)


def all_locales() -> dict[str, Locale]:
    """Every locale by language code: a handful of rows, read once per request."""
    return remembered(
        "locales", lambda: {locale.language_code: locale for locale in Locale.objects.all()}
    )


def locale_by_id(locale_id: int) -> Locale:
    for locale in all_locales().values():
        if locale.pk == locale_id:
            return locale
    return Locale.objects.get(pk=locale_id)


def _get_active(cls: type[Locale]) -> Locale:
    if _memo.get() is None:
        return _wagtail_get_active(cls)
    try:
        code = get_supported_content_language_variant(translation.get_language())
    except LookupError:
        code = None
    locales = all_locales()
    if code in locales:
        return locales[code]
    return _wagtail_get_active(cls)


@dataclass(frozen=True)
class TopPages:
    """A site's home page in every locale and the live pages right below them."""

    homes: tuple[Page, ...]
    sections: tuple[Page, ...]

    def home_in(self, locale_id: int) -> Page | None:
        return next((home for home in self.homes if home.locale_id == locale_id), None)

    def below(self, home: Page) -> list[Page]:
        return [page for page in self.sections if page.path.startswith(home.path)]

    def find(self, pk: int) -> Page | None:
        return next((page for page in (*self.homes, *self.sections) if page.pk == pk), None)

    def translation_in(self, page: Page, locale_id: int) -> Page | None:
        """``page`` in that locale, if it is among these pages."""
        if page.locale_id == locale_id:
            return page
        return next(
            (
                other
                for other in (*self.homes, *self.sections)
                if other.translation_key == page.translation_key and other.locale_id == locale_id
            ),
            None,
        )


# The page models at the root of a site (the home page), registered by the app that
# defines them (``register_root_model``): the kernel joins their rows wherever it reads a
# site's root or its translations, so that routing asks no query for the root's own
# class. The kernel does not import that app.
_root_models: list[type[Page]] = []


def register_root_model(model: type[Page]) -> None:
    """Join ``model``'s row to the site's root page and to its translations."""
    if model not in _root_models:
        _root_models.append(model)


def _root_relations() -> tuple[str, ...]:
    """The reverse one-to-one names (``homepage``) from a page row to the root models."""
    names = []
    for model in _root_models:
        link = model._meta.get_ancestor_link(Page)
        if link is not None and link.model is model:  # a direct child class of Page
            names.append(link.related_query_name())
    return tuple(names)


def _joined_specific(page: Page) -> Page:
    """The page as its own class when a root model's row was joined to it, else as is."""
    cache = page._state.fields_cache
    for name in _root_relations():
        specific = cache.get(name)
        if specific is not None:
            if hasattr(page, "is_translation_source"):
                specific.is_translation_source = page.is_translation_source
            return specific
    return page


def translation_source_exists() -> Exists:
    """Whether wagtail-localize translated a page's group from it: it keeps, per
    translated object, the locale it was translated from."""
    return Exists(
        TranslationSource.objects.filter(
            object_id=OuterRef("translation_key"), locale_id=OuterRef("locale_id")
        )
    )


def child_among_top_pages(home: Page, slug: str) -> Page | None:
    """The live page ``slug`` right below ``home``, from the read of the homes and the
    pages below them that the header makes anyway; None outside a reading request or
    when it is not there (a draft, a page moved in since: Wagtail's own lookup decides)."""
    if _memo.get() is None:
        return None
    for page in top_pages(home).below(home):
        if page.slug == slug and page.depth == home.depth + 1:
            page._cached_parent_obj = home  # as Wagtail's route() does
            return page
    return None


def group_among_top_pages(page: Page) -> list[Page] | None:
    """``page``'s whole translation group when it is a home or a page right below one and
    every locale's member is among the top pages read in this request; None otherwise.
    A page has one translation per locale, so with one per locale there is no other."""
    memo = _memo.get()
    if memo is None:
        return None
    for value in list(memo.values()):
        if not isinstance(value, TopPages) or value.find(page.pk) is None:
            continue
        group = [
            other
            for other in (*value.homes, *value.sections)
            if other.translation_key == page.translation_key
        ]
        if len({other.locale_id for other in group}) == len(all_locales()):
            return group
    return None


def _top_pages_key(root: Page) -> str:
    return f"top pages {root.translation_key} {root.depth}"


def top_pages(root: Page) -> TopPages:
    """The homes of every locale of the site whose root is ``root`` and their live
    children, in one query per reading request.

    Routing to the root's translation, the header's home link and menu, the language
    links' fallback to another language's home page and what a home page links to (the
    join page, in the reader's language) all come from this one read. The homes are the
    root's translations at the root's depth, under the same parent; their live children
    are the pages one level down under that parent (a few per locale), kept when they
    sit under one of the homes. Private sections are left to the callers (a menu leaves
    them out, a link an editor chose does not)."""

    def read() -> TopPages:
        parent_path = root.path[: -Page.steplen]
        rows = list(
            Page.objects.filter(
                Q(translation_key=root.translation_key, depth=root.depth)
                | Q(depth=root.depth + 1, live=True, path__startswith=parent_path)
            )
            .select_related(*_root_relations())
            .annotate(is_translation_source=translation_source_exists())
            .order_by("path")
        )
        homes = tuple(_joined_specific(row) for row in rows if row.depth == root.depth)
        sections = tuple(
            row
            for row in rows
            if row.depth == root.depth + 1 and any(row.path.startswith(h.path) for h in homes)
        )
        return TopPages(homes, sections)

    return remembered(_top_pages_key(root), read)


_wagtail_localized_draft = TranslatableMixin.localized_draft


def _localized_draft(self: Page) -> Page:
    # Routing asks a site's root page for its translation in the visitor's language on
    # every request: answered from the home pages the header reads anyway. Only plain
    # Page rows (a specific page must stay of its class) that are a site's root, inside
    # a reading request; anything else as Wagtail does.
    memo = _memo.get()
    if memo is None or type(self) is not Page or self.depth != 2 or not self.pk:
        return _wagtail_localized_draft.fget(self)
    try:
        locale = Locale.get_active()
    except (LookupError, Locale.DoesNotExist):
        return self
    if locale.pk == self.locale_id:
        return _joined_specific(self)
    found = top_pages(self).translation_in(self, locale.pk)
    # None among the homes (no translation, or one moved elsewhere): Wagtail decides.
    return found if found is not None else _wagtail_localized_draft.fget(self)


# The site settings every page's footer reads, fetched with the site: one query for
# both (BaseSiteSetting's one-to-one, followed backwards).
SITE_SETTINGS_JOINED = ("socialmediasettings",)


def _find_for_request(request: HttpRequest) -> Site | None:
    """Wagtail's ``Site._find_for_request`` (same matching rules, in the same query),
    with the site settings of ``SITE_SETTINGS_JOINED`` joined: the footer asked for them
    in a query of their own on every page."""
    hostname = split_domain_port(request._get_raw_host())[0]
    port = request.get_port()
    sites = list(
        Site.objects.annotate(
            match=Case(
                When(hostname=hostname, port=port, then=MATCH_HOSTNAME_PORT),
                When(hostname=hostname, is_default_site=True, then=MATCH_HOSTNAME_DEFAULT),
                When(is_default_site=True, then=MATCH_DEFAULT),
                default=MATCH_HOSTNAME,
                output_field=IntegerField(),
            )
        )
        .filter(Q(hostname=hostname) | Q(is_default_site=True))
        .order_by("match")
        .select_related(
            "root_page",
            *(f"root_page__{name}" for name in _root_relations()),
            *SITE_SETTINGS_JOINED,
        )
    )
    if not sites:
        return None
    if len(sites) == 1 or sites[0].match in (MATCH_HOSTNAME_PORT, MATCH_HOSTNAME_DEFAULT):
        return sites[0]
    if sites[0].match == MATCH_DEFAULT:
        # The only site of this hostname wins over the default one; several do not.
        return sites[len(sites) == 2]
    return None  # several sites of this hostname on other ports, and no default


def joined_setting(site: Site, name: str) -> Any:
    """The site setting ``name`` as ``_find_for_request`` joined it: the row, None when
    the site has none yet, ``MISSING`` when it was not joined (a site found otherwise)."""
    return site._state.fields_cache.get(name, MISSING)


MISSING = object()


def install() -> None:
    """Wagtail's private sections and active locale, through the request's memo; the
    site of a request with its settings."""
    PageQuerySet.private_q = _private_q
    Page.get_view_restrictions = _get_view_restrictions
    Locale.get_active = classmethod(_get_active)
    Site._find_for_request = staticmethod(_find_for_request)
    Page.localized_draft = property(_localized_draft)
