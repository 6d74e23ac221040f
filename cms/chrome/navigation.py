"""The navigation of a locale: its home page, menu, language links and social links.

The same for every page of a locale, so built once per request and shared between
workers under the content generation (cms/caching/fragments.py): any publish, move or
settings change rebuilds it.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest
from django.urls import translate_url
from django.utils.translation import get_language
from wagtail.models import Page, Site

from cms.caching.fragments import FragmentKey, cached_fragment
from cms.core.models import SocialMediaSettings
from cms.core.reading import (
    MISSING,
    all_locales,
    in_private_section,
    joined_setting,
    top_pages,
    view_restrictions,
)
from cms.core.representation import live_translation_group


@dataclass(frozen=True)
class LanguageLink:
    code: str
    name: str
    url: str
    is_current: bool
    is_translated: bool


@dataclass(frozen=True)
class MenuItem:
    pk: int
    title: str
    url: str
    path: str = ""  # the tree path, which breadcrumbs look ancestors up by


@dataclass(frozen=True)
class LocaleChrome:
    """What the header shows for one locale of one site."""

    home_url: str | None
    menu: tuple[MenuItem, ...]
    home: MenuItem | None = None


@dataclass(frozen=True)
class SocialLinks:
    facebook_url: str
    twitter_url: str
    default_share_image_id: int | None = None


def site_for(request: HttpRequest | None) -> Site | None:
    return Site.find_for_request(request) if request is not None else None


def _build_chrome(request: HttpRequest, site: Site, language: str) -> LocaleChrome:
    locale_id = locale_ids(request).get(language)
    if not locale_id:
        return LocaleChrome(home_url=None, menu=())
    home, items = _home_and_menu(site, locale_id)
    if home is None:
        return LocaleChrome(home_url=None, menu=())
    home_url = home.get_url(request=request)
    return LocaleChrome(
        home_url=home_url,
        menu=tuple(
            MenuItem(item.pk, item.title, item.get_url(request=request), item.path)
            for item in items
        ),
        home=MenuItem(home.pk, home.title, home_url or "", home.path),
    )


def _home_and_menu(site: Site, locale_id: int) -> tuple[Page | None, list[Page]]:
    """The site's home page in a locale and its live, public children shown in menus
    (from ``top_pages``, cms/core/reading.py: no query of its own)."""
    pages = top_pages(site.root_page)
    home = pages.home_in(locale_id)
    if home is None:
        return None, []
    restrictions = view_restrictions()
    items = [
        page
        for page in pages.below(home)
        if page.show_in_menus
        and not any(page.path.startswith(item.page.path) for item in restrictions)
    ]
    return home, items


def chrome_for(request: HttpRequest | None, language: str) -> LocaleChrome | None:
    """The header of `language` on the visitor's site, once per request."""
    if request is None:
        return None
    memo: dict[str, LocaleChrome | None] = request.__dict__.setdefault("_cms_chrome", {})
    if language not in memo:
        site = site_for(request)
        memo[language] = (
            None
            if site is None
            else cached_fragment(
                "chrome", (site.pk, language), lambda: _build_chrome(request, site, language)
            )
        )
    return memo[language]


def locale_ids(request: HttpRequest | None) -> dict[str, int]:
    """Language code → locale id, once per request."""

    def build() -> dict[str, int]:
        return {code: locale.pk for code, locale in all_locales().items()}

    if request is None:
        return build()
    if "_cms_locale_ids" not in request.__dict__:
        request._cms_locale_ids = cached_fragment("locales", (), build)
    return request._cms_locale_ids


def social_links_for(request: HttpRequest | None) -> SocialLinks | None:
    """The footer's links (site settings), shared until the settings change."""
    site = site_for(request)
    if site is None:
        return None
    if "_cms_social_links" in request.__dict__:  # the footer and the page head both ask
        return request._cms_social_links

    def build() -> SocialLinks:
        # Read with the site when it was found for this request (cms/core/reading.py),
        # otherwise a plain read first: Wagtail's for_site() is a get_or_create, which
        # goes to the primary database even when a read replica is configured.
        social = joined_setting(site, "socialmediasettings")
        if social is MISSING:
            social = SocialMediaSettings.objects.filter(site=site).first()
        if social is None:
            social = SocialMediaSettings.for_site(site)
        return SocialLinks(social.facebook_url, social.twitter_url, social.default_share_image_id)

    request._cms_social_links = cached_fragment("social-links", (site.pk,), build)
    return request._cms_social_links


def translation_urls(request: HttpRequest | None, page: Page) -> dict[int, str]:
    """Locale id → address of the page's live, public translations (aliases excluded:
    an alias in another locale is the source shown untranslated, not a translation).

    A translation with no address (below no site's root: a live page moved out of the
    site, or whose stored address names no site) cannot be linked to, so it is left out
    like a missing one: the switcher, hreflang and og:locale:alternate all read this, and
    they used to count it as translated while linking that language's home page."""

    def build() -> dict[int, str]:
        # The group the translation notice reads too (one query for both).
        urls: dict[int, str] = {}
        for translation in live_translation_group(page):
            if in_private_section(translation):
                continue
            url = translation.get_url(request=request)
            if url:
                urls[translation.locale_id] = url
        return urls

    memo: dict[int, dict[int, str]] = (
        request.__dict__.setdefault("_cms_translation_urls", {}) if request is not None else {}
    )
    if page.pk not in memo:
        site = site_for(request)
        memo[page.pk] = cached_fragment("translations", (site.pk if site else "-", page.pk), build)
    return memo[page.pk]


def language_links_for(
    request: HttpRequest | None, page: Page | None, current: str | None = None
) -> list[LanguageLink]:
    """One link per site language: the same page in that language when it is live,
    otherwise that language's home page (and the link says it is not translated).
    Without a page, the same address in each language (Django's ``translate_url``)."""
    current = current or get_language()
    ids = locale_ids(request)
    is_page = isinstance(page, Page) and page.pk is not None
    translations = translation_urls(request, page) if is_page else {}
    links = []
    for code, name in settings.LANGUAGES:
        locale_id = ids.get(code)
        url, translated = "", False
        if is_page and locale_id is not None:
            if locale_id in translations:
                url, translated = translations[locale_id], True
            else:
                chrome = chrome_for(request, code)
                url = (chrome.home_url if chrome else None) or f"/{code}/"
        elif request is not None:
            url, translated = translate_url(request.get_full_path(), code), True
        links.append(LanguageLink(code, name, url or f"/{code}/", code == current, translated))
    return links


def chrome_fragments(site: Site, page: Page | None) -> list[FragmentKey]:
    """The fragments every page's navigation reads, for one prefetch
    (cms/caching/fragments.py); the templates' own are added by cms_tags."""
    fragments: list[FragmentKey] = [
        ("locales", ()),
        ("social-links", (site.pk,)),
        *(("chrome", (site.pk, code)) for code, _name in settings.LANGUAGES),
    ]
    if page is not None and page.pk is not None:
        fragments.append(("translations", (site.pk, page.pk)))
    return fragments
