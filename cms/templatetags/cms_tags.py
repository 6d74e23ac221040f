"""Template tags for the site chrome: the locale's home page, menus and language links.

The chrome is the same on every page of a locale, so it is built once per request and
shared between workers through cms/caching/fragments.py until the content changes.
"""

from __future__ import annotations

from dataclasses import dataclass

from django import template
from django.conf import settings
from django.http import HttpRequest
from django.urls import translate_url
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from wagtail.models import Locale, Page, Site

from cms.caching.fragments import cached_fragment
from cms.core.models import SocialMediaSettings
from cms.core.representation import translation_status_and_source
from cms.translations.freshness import FALLBACK, OUTDATED

register = template.Library()


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


@dataclass(frozen=True)
class LocaleChrome:
    """What the header shows for one locale of one site."""

    home_url: str | None
    menu: tuple[MenuItem, ...]


def _site(request: HttpRequest) -> Site | None:
    return Site.find_for_request(request)


def _build_chrome(request: HttpRequest, site: Site, language: str) -> LocaleChrome:
    locale_id = _locale_ids(request).get(language)
    home = site.root_page.get_translation_or_none(locale_id) if locale_id else None
    if home is None:
        return LocaleChrome(home_url=None, menu=())
    items = home.get_children().live().public().in_menu().order_by("path")
    return LocaleChrome(
        home_url=home.get_url(request=request),
        menu=tuple(MenuItem(item.pk, item.title, item.get_url(request=request)) for item in items),
    )


def chrome_for(request: HttpRequest | None, language: str) -> LocaleChrome | None:
    """The header of `language` on the visitor's site, once per request."""
    if request is None:
        return None
    memo: dict[str, LocaleChrome | None] = request.__dict__.setdefault("_cms_chrome", {})
    if language not in memo:
        site = _site(request)
        memo[language] = (
            None
            if site is None
            else cached_fragment(
                "chrome", (site.pk, language), lambda: _build_chrome(request, site, language)
            )
        )
    return memo[language]


def _locale_ids(request: HttpRequest | None) -> dict[str, int]:
    def build() -> dict[str, int]:
        return dict(Locale.objects.values_list("language_code", "pk"))

    if request is None:
        return build()
    if "_cms_locale_ids" not in request.__dict__:
        request._cms_locale_ids = cached_fragment("locales", (), build)
    return request._cms_locale_ids


def chrome_fragments(site: Site, page: Page | None) -> list[tuple[str, tuple[object, ...]]]:
    """The fragments every page's chrome reads, for one prefetch (cms/caching/fragments.py)."""
    fragments: list[tuple[str, tuple[object, ...]]] = [
        ("locales", ()),
        ("social-links", (site.pk,)),
        *(("chrome", (site.pk, code)) for code, _name in settings.LANGUAGES),
    ]
    fragments.append(template_fragment_key(site, "footer", ()))
    if page is not None and page.pk is not None:
        fragments.append(("translations", (site.pk, page.pk)))
        fragments.append(template_fragment_key(site, "header", (page.pk,)))
    return fragments


@dataclass(frozen=True)
class SocialLinks:
    facebook_url: str
    twitter_url: str


@register.simple_tag(takes_context=True)
def social_links(context: template.Context) -> SocialLinks | None:
    """The footer's links (site settings), shared until the settings change."""
    request = context.get("request")
    site = _site(request) if request is not None else None
    if site is None:
        return None

    def build() -> SocialLinks:
        # A plain read first: Wagtail's for_site() is a get_or_create, which goes to
        # the primary database even when a read replica is configured.
        social = SocialMediaSettings.objects.filter(site=site).first()
        if social is None:
            social = SocialMediaSettings.for_site(site)
        return SocialLinks(social.facebook_url, social.twitter_url)

    return cached_fragment("social-links", (site.pk,), build)


@register.simple_tag(takes_context=True)
def locale_home(context: template.Context) -> LocaleChrome | None:
    """The header (home page address and menu) in the language being shown."""
    return chrome_for(context.get("request"), get_language())


@register.simple_tag(takes_context=True)
def menu_pages(context: template.Context) -> tuple[MenuItem, ...]:
    chrome = locale_home(context)
    return chrome.menu if chrome is not None else ()


def _translation_urls(request: HttpRequest | None, page: Page) -> dict[int, str]:
    """Locale id → address of the page's live, public translations (aliases excluded:
    an alias in another locale is the source shown untranslated, not a translation)."""

    def build() -> dict[int, str]:
        translations = page.get_translations(inclusive=True).live().public()
        return {
            translation.locale_id: translation.get_url(request=request)
            for translation in translations.filter(alias_of__isnull=True)
        }

    site = _site(request) if request is not None else None
    return cached_fragment("translations", (site.pk if site else "-", page.pk), build)


@register.simple_tag(takes_context=True)
def language_links(context: template.Context) -> list[LanguageLink]:
    """One link per site language: the same page in that language when it is live,
    otherwise that language's home page (and the link says it is not translated)."""
    request = context.get("request")
    page = context.get("page")
    current = get_language()
    locale_ids = _locale_ids(request)
    is_page = isinstance(page, Page) and page.pk is not None
    translations = _translation_urls(request, page) if is_page else {}
    links = []
    for code, name in settings.LANGUAGES:
        locale_id = locale_ids.get(code)
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


@register.simple_tag
def untranslated_source(page: object) -> Locale | None:
    """The locale a page is really written in, when it is shown as an untranslated alias."""
    if not isinstance(page, Page) or not page.alias_of_id:
        return None
    source = Page.objects.filter(pk=page.alias_of_id).select_related("locale").first()
    if source is None or source.locale_id == page.locale_id:
        return None
    return source.locale


@register.simple_tag(takes_context=True)
def translation_notice(context: template.Context, page: object) -> dict[str, str] | None:
    """What a visitor should know about the translation they read: that the original
    has been updated since (``outdated``) or that they read the original because there
    is no translation yet (``fallback``), with the original's address and language
    (cms/translations/freshness.py). None otherwise, and in previews.

    A fragment under the content generation: any publish (the source's included)
    recomputes it, and a warm page reads it without a query."""
    request = context.get("request")
    if not isinstance(page, Page) or not page.pk or getattr(request, "is_preview", False):
        return None
    return cached_fragment(
        "translation-notice",
        (page.pk, get_language(), request.get_host() if request else "-"),
        lambda: _translation_notice(page, request),
    )


def _translation_notice(page: Page, request: HttpRequest | None) -> dict[str, str] | None:
    status, source = translation_status_and_source(page)
    if status not in (OUTDATED, FALLBACK) or source is None:
        return None
    return {
        "status": status,
        "url": source.get_url(request) or "",
        "language": str(source.locale.get_display_name()),
        "language_code": source.locale.language_code,
    }


def template_fragment_key(
    site: Site | None, name: str, parts: tuple[object, ...]
) -> tuple[str, tuple[object, ...]]:
    """The (name, parts) under which ``{% fragment name parts %}`` keeps its markup in
    the language being shown, for ``cms.caching.fragments.prefetch``."""
    return f"tpl:{name}", (site.pk if site else "-", get_language(), *parts)


class FragmentNode(template.Node):
    """A piece of a template rendered once per generation, site and language."""

    def __init__(
        self, nodelist: template.NodeList, name: str, parts: list[template.base.FilterExpression]
    ) -> None:
        self.nodelist = nodelist
        self.name = name
        self.parts = parts

    def render(self, context: template.Context) -> str:
        request = context.get("request")
        # Previews render drafts (with the live page's id): never read nor store them.
        if request is None or getattr(request, "is_preview", False):
            return self.nodelist.render(context)
        parts = tuple(part.resolve(context) for part in self.parts)
        name, key_parts = template_fragment_key(_site(request), self.name, parts)
        html = cached_fragment(name, key_parts, lambda: str(self.nodelist.render(context)))
        return mark_safe(html)  # noqa: S308 - the template engine escaped it when rendering


@register.tag("fragment")
def do_fragment(parser: template.base.Parser, token: template.base.Token) -> FragmentNode:
    """``{% fragment "name" part ... %}…{% endfragment %}``: Russian-doll caching.

    The markup between the tags is kept in the fragment cache (cms/caching/fragments.py) under
    the content generation, the site, the language being shown and the given parts,
    which must name everything it depends on besides those (usually ``page.pk``; the
    host as well for absolute addresses). It must set no variable used outside it,
    depend on nobody's session or user, and show only what every visitor of the page
    may see: never a form with a CSRF token. Previews bypass it.
    """
    bits = token.split_contents()
    if len(bits) < 2 or bits[1][0] not in "\"'" or bits[1][-1] != bits[1][0]:
        raise template.TemplateSyntaxError("{% fragment %} needs a quoted name first.")
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    return FragmentNode(nodelist, bits[1][1:-1], [parser.compile_filter(bit) for bit in bits[2:]])
