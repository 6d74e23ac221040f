"""Template tags for the site chrome: the locale's home page, menus and language links."""

from __future__ import annotations

from dataclasses import dataclass

from django import template
from django.conf import settings
from django.http import HttpRequest
from django.urls import translate_url
from django.utils.translation import get_language
from wagtail.models import Locale, Page, Site

register = template.Library()


@dataclass(frozen=True)
class LanguageLink:
    code: str
    name: str
    url: str
    is_current: bool
    is_translated: bool


def _locale_home(request: HttpRequest, locale: Locale) -> Page | None:
    site = Site.find_for_request(request)
    if site is None:
        return None
    return site.root_page.get_translation_or_none(locale)


@register.simple_tag(takes_context=True)
def locale_home(context: template.Context) -> Page | None:
    """The home page in the language being shown, for the logo and the menu."""
    request = context.get("request")
    if request is None:
        return None
    return _locale_home(request, Locale.get_active())


@register.simple_tag(takes_context=True)
def menu_pages(context: template.Context) -> list[Page]:
    home = locale_home(context)
    if home is None:
        return []
    return list(home.get_children().live().public().in_menu().specific())


@register.simple_tag(takes_context=True)
def language_links(context: template.Context) -> list[LanguageLink]:
    """One link per site language: the same page in that language when it is live,
    otherwise that language's home page (and the link says it is not translated)."""
    request = context.get("request")
    page = context.get("page")
    current = get_language()
    locales = {locale.language_code: locale for locale in Locale.objects.all()}
    translations: dict[str, Page] = {}
    if isinstance(page, Page) and page.pk:
        # An alias in another locale is the source shown untranslated, not a translation.
        for translation in page.get_translations(inclusive=True).live().public():
            if translation.alias_of_id is None:
                translations[translation.locale_id] = translation
    links = []
    for code, name in settings.LANGUAGES:
        locale = locales.get(code)
        is_current = code == current
        url, translated = "", False
        if isinstance(page, Page) and locale is not None:
            translation = translations.get(locale.pk)
            if translation is not None:
                url, translated = translation.get_url(request=request), True
            else:
                home = _locale_home(request, locale) if request else None
                url = home.get_url(request=request) if home else f"/{code}/"
        elif request is not None:
            url, translated = translate_url(request.get_full_path(), code), True
        links.append(LanguageLink(code, name, url or f"/{code}/", is_current, translated))
    return links


@register.simple_tag
def untranslated_source(page: object) -> Locale | None:
    """The locale a page is really written in, when it is shown as an untranslated alias."""
    if not isinstance(page, Page) or not page.alias_of_id:
        return None
    source = Page.objects.filter(pk=page.alias_of_id).select_related("locale").first()
    if source is None or source.locale_id == page.locale_id:
        return None
    return source.locale
