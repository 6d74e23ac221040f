"""Template tags for the site chrome (the locale's home page, menus, language and social
links: cms/chrome/navigation.py, shared with the globals endpoints of the APIs), the
translation notice and ``{% fragment %}``, the templates' Russian-doll cache.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import template
from django.http import HttpRequest
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from wagtail.models import Locale, Page, Site

from cms.caching.fragments import cached_fragment
from cms.chrome import head, navigation
from cms.chrome.navigation import LanguageLink, LocaleChrome, MenuItem, SocialLinks
from cms.core.image_text import ImageText, text_of_image_field
from cms.core.language_names import language_name
from cms.core.representation import translation_status_and_source
from cms.translations.freshness import FALLBACK, OUTDATED

register = template.Library()


def chrome_fragments(site: Site, page: Page | None) -> list[tuple[str, tuple[object, ...]]]:
    """The fragments every page's chrome reads, for one prefetch (cms/caching/fragments.py)."""
    fragments = navigation.chrome_fragments(site, page)
    fragments.append(template_fragment_key(site, "footer", ()))
    if page is not None and page.pk is not None:
        fragments.append(template_fragment_key(site, "header", (page.pk,)))
    return fragments


@register.simple_tag(takes_context=True)
def social_links(context: template.Context) -> SocialLinks | None:
    """The footer's links (site settings)."""
    return navigation.social_links_for(context.get("request"))


@register.simple_tag(takes_context=True)
def locale_home(context: template.Context) -> LocaleChrome | None:
    """The header (home page address and menu) in the language being shown."""
    return navigation.chrome_for(context.get("request"), get_language())


@register.simple_tag(takes_context=True)
def menu_pages(context: template.Context) -> tuple[MenuItem, ...]:
    chrome = locale_home(context)
    return chrome.menu if chrome is not None else ()


@register.simple_tag(takes_context=True)
def language_links(context: template.Context) -> list[LanguageLink]:
    """One link per site language (cms/chrome/navigation.py)."""
    return navigation.language_links_for(context.get("request"), context.get("page"))


@dataclass(frozen=True)
class PageHead:
    """What ``<head>`` says about the page to search engines and sharing sites."""

    canonical_url: str
    og_locale: str
    og_locale_alternates: tuple[str, ...]
    image: head.SocialImage
    breadcrumbs: dict[str, Any] | None


@register.simple_tag(takes_context=True)
def page_head(context: template.Context) -> PageHead:
    """The page's canonical address, Open Graph locales, sharing image and breadcrumbs
    (cms/chrome/head.py). A view that is not a page (search) or a page's own sub-view
    (a topic of the news index) is its own canonical address."""
    request = context.get("request")
    page = context.get("page")
    is_page = isinstance(page, Page) and page.pk is not None
    own_path = request.path if request is not None else ""
    canonical = None
    if is_page and page.get_url(request) == own_path:
        canonical = head.canonical_url(page, request)
    alternates = tuple(
        head.open_graph_locale(link.code)
        for link in navigation.language_links_for(request, page if is_page else None)
        if link.is_translated and not link.is_current
    )
    return PageHead(
        canonical_url=canonical or head.absolute(request, own_path),
        og_locale=head.open_graph_locale(get_language()),
        og_locale_alternates=alternates if is_page else (),
        image=head.social_image(page if is_page else None, request),
        breadcrumbs=head.breadcrumb_json_ld(page, request) if is_page else None,
    )


@register.simple_tag(takes_context=True)
def public_url(context: template.Context, path: str) -> str:
    """``path`` on the site's public address (cms/chrome/head.py), whatever host the
    request used: what hreflang links and shared metadata must name."""
    return head.absolute(context.get("request"), path)


@register.filter
def json_ld(data: dict[str, Any] | None) -> str:
    """``<script type="application/ld+json">`` for ``data`` (nothing for None), escaped
    so that no value can end the element."""
    return head.json_ld_script(data)


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
        "language": language_name(source.locale.language_code),
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
        name, key_parts = template_fragment_key(navigation.site_for(request), self.name, parts)
        html = cached_fragment(name, key_parts, lambda: str(self.nodelist.render(context)))
        return mark_safe(html)  # noqa: S308 - the template engine escaped it when rendering


@register.simple_tag
def image_text(page: Any, field_name: str) -> ImageText | None:
    """``{% image_text page "listing_image" as text %}``: the page's own words for the
    image in that field (alt text, caption, credit), the library's where it has none."""
    return text_of_image_field(page, field_name)


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
