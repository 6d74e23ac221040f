"""What a page tells search engines and sharing sites about itself: the address to index
(canonical), the picture to show when it is shared, where it sits (breadcrumbs) and its
language in Open Graph's form.

The rendered site puts these in ``<head>`` (cms/templates/includes/page_head.html); both
APIs give the same facts to front ends (``meta.canonical_url``, ``meta.social_image``), so
a front end's page is indexed and shared like ours.
"""

from __future__ import annotations

import copy
import json
from dataclasses import asdict, dataclass
from typing import Any

from django.http import HttpRequest
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import get_language, to_locale
from django.utils.translation import gettext as _
from typing_extensions import TypedDict  # pydantic (API v3) needs it on Python 3.11
from wagtail.images.models import SourceImageIOError
from wagtail.models import Page

from cms.caching.fragments import cached_fragment
from cms.chrome.navigation import chrome_for, site_for, social_links_for
from cms.core.image_text import text_of_image_field
from cms.core.models import CustomImage

SOCIAL_IMAGE_SPEC = "fill-1200x630|format-jpeg"
# The emblem on the brand colour, without words: right in every language.
DEFAULT_SOCIAL_IMAGE = ("img/share-default.png", 1200, 630)
# Open Graph wants a territory: the Council of Europe writes British English.
OPEN_GRAPH_TERRITORIES = {"en": "GB", "fr": "FR"}


class SocialImageDict(TypedDict):
    """The picture shown when a page is shared: an absolute address, its size (1200 × 630
    unless the original is smaller) and its alt text."""

    url: str
    width: int
    height: int
    alt: str


@dataclass(frozen=True)
class SocialImage:
    url: str
    width: int
    height: int
    alt: str

    def as_dict(self) -> SocialImageDict:
        return SocialImageDict(**asdict(self))


def absolute(request: HttpRequest | None, path: str) -> str:
    """``path`` on the site's public address (the Site record, which ``migrate`` keeps in
    step with ``WAGTAILADMIN_BASE_URL``), so that shared links never name the host a
    request happened to use."""
    if "://" in path:
        return path
    site = site_for(request)
    if site is not None:
        return site.root_url.rstrip("/") + path
    return request.build_absolute_uri(path) if request is not None else path


def canonical_url(page: Page, request: HttpRequest | None) -> str | None:
    """The address to index: the page's own, or its source's for an alias (an
    untranslated page shown in another language says the same as its source)."""
    target = page
    if page.alias_of_id:
        source = Page.objects.live().public().filter(pk=page.alias_of_id).first()
        target = source or page
    return target.get_full_url(request)


def _rendition(
    image: CustomImage, request: HttpRequest | None, alt: str | None = None
) -> SocialImage | None:
    prefetched = getattr(image, "_prefetched_objects_cache", {})
    if "renditions" in prefetched:
        # The APIs prefetch only their own sizes, and Wagtail then takes a size missing
        # from the prefetch for one never made, and fails to store it twice.
        image = copy.copy(image)
        image._prefetched_objects_cache = {
            name: objects for name, objects in prefetched.items() if name != "renditions"
        }
    try:
        rendition = image.get_rendition(SOCIAL_IMAGE_SPEC)
    except SourceImageIOError:
        return None  # cannot be made now: the next choice is shown instead
    return SocialImage(
        absolute(request, rendition.url),
        rendition.width,
        rendition.height,
        image.alt_text if alt is None else alt,
    )


def _default_image(request: HttpRequest | None) -> SocialImage:
    links = social_links_for(request)
    image_id = links.default_share_image_id if links else None
    if image_id is not None:
        site = site_for(request)

        def build() -> SocialImage | None:
            image = CustomImage.objects.filter(pk=image_id).first()
            return _rendition(image, request) if image is not None else None

        chosen = cached_fragment("default-social-image", (site.pk if site else "-",), build)
        if chosen is not None:
            return chosen
    path, width, height = DEFAULT_SOCIAL_IMAGE
    alt = _("Emblem of the European Alliance of Cities and Regions for Roma Inclusion")
    return SocialImage(absolute(request, static(path)), width, height, alt)


def social_image(page: Page | None, request: HttpRequest | None) -> SocialImage:
    """The page's own picture (its listing image), else the site's default sharing
    image, else the Alliance's emblem: never none, so every shared link has a picture."""
    get_image = getattr(page, "get_listing_image", None)
    image = get_image() if get_image is not None else None
    if image is not None:
        # The page's own words for its picture, in its language (cms/core/image_text.py).
        field_name = getattr(page, "listing_image_field", None)
        text = text_of_image_field(page, field_name) if field_name else None
        if (own := _rendition(image, request, text.alt if text else None)) is not None:
            return own
    return _default_image(request)


def breadcrumbs(page: Page, request: HttpRequest | None) -> list[tuple[str, str]]:
    """(title, absolute address) from the locale's home page down to the page itself;
    empty for a home page. The home page and the menu's pages come from the navigation
    already built; only ancestors deeper than the menu cost a query. An unpublished
    ancestor is left out, since its address would lead nowhere."""
    if page.depth <= 2:
        return []
    chrome = chrome_for(request, get_language())
    known: dict[str, tuple[str, str]] = {}
    if chrome is not None:
        for item in (chrome.home, *chrome.menu):
            if item is not None and item.path:
                known[item.path] = (item.title, item.url)
    steps = Page.steplen
    paths = [page.path[: steps * depth] for depth in range(2, page.depth)]
    if missing := [path for path in paths if path not in known]:
        for ancestor in Page.objects.filter(path__in=missing).live().select_related("locale"):
            known[ancestor.path] = (ancestor.title, ancestor.get_url(request) or "")
    trail = [known[path] for path in paths if path in known]
    trail.append((page.title, page.get_url(request) or ""))
    return [(title, absolute(request, url)) for title, url in trail if url]


def breadcrumb_json_ld(page: Page, request: HttpRequest | None) -> dict[str, Any] | None:
    """schema.org ``BreadcrumbList`` for the trail, or None for a home page."""
    trail = breadcrumbs(page, request)
    if len(trail) < 2:
        return None
    return {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": position, "name": title, "item": url}
            for position, (title, url) in enumerate(trail, start=1)
        ],
    }


def open_graph_locale(language_code: str) -> str:
    """``en_GB`` for ``en``: Open Graph's language_TERRITORY form."""
    locale = to_locale(language_code)
    if "_" in locale:
        return locale
    return f"{locale}_{OPEN_GRAPH_TERRITORIES.get(locale, locale.upper())}"


# The characters that could end the <script> element or open a comment in HTML.
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def json_ld_script(data: dict[str, Any] | None) -> SafeString:
    """``data`` as a JSON-LD element, escaped so that no value can end it."""
    if not data:
        return SafeString("")
    payload = json.dumps(data, ensure_ascii=False, default=str).translate(_SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', SafeString(payload))
