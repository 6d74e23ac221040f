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

``install()`` makes Wagtail's own ``private_q()``, ``Page.get_view_restrictions()`` and
``Locale.get_active()`` use the memo, so every caller (ours, Wagtail's serve view and API
filters, wagtail-localize) shares it: one place, not a helper to remember at each call
site.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, TypeVar

from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, Page, PageViewRestriction
from wagtail.query import PageQuerySet

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


def install() -> None:
    """Wagtail's private sections and active locale, through the request's memo."""
    PageQuerySet.private_q = _private_q
    Page.get_view_restrictions = _get_view_restrictions
    Locale.get_active = classmethod(_get_active)
