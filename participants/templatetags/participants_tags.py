"""Template tags that put the participant figures on any page (the home page headline)."""

from __future__ import annotations

from django import template
from django.contrib.contenttypes.models import ContentType
from django.http import HttpRequest
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext, ngettext
from wagtail.models import Locale, Site

from cms.caching.fragments import cached_fragment
from cms.core.reading import in_private_section, locale_by_id, top_pages
from participants.models import ParticipantIndexPage, Statistics, participant_statistics

register = template.Library()


def sentence(statistics: Statistics) -> str:
    """“N cities and regions from M countries”, with both plurals in the language."""
    places = ngettext(
        "%(count)s city or region", "%(count)s cities and regions", statistics.participants
    ) % {"count": statistics.participants}
    countries = ngettext("%(count)s country", "%(count)s countries", statistics.countries) % {
        "count": statistics.countries
    }
    return gettext("%(places)s from %(countries)s") % {"places": places, "countries": countries}


@register.simple_tag
def statistics_sentence(statistics: Statistics) -> str:
    return sentence(statistics)


@register.simple_tag(takes_context=True)
def participant_headline(context) -> SafeString:
    """The headline for the current page's locale, linked to that locale's index."""
    page = context.get("page")
    locale_id = getattr(page, "locale_id", None) or Locale.get_active().pk
    request = context.get("request")
    site = Site.find_for_request(request) if request is not None else None
    name, parts = headline_fragment(site, locale_id)
    return mark_safe(  # noqa: S308 - built by format_html below, cached as a string
        cached_fragment(name, parts, lambda: _headline(locale_id, request))
    )


def headline_fragment(site: Site | None, locale_id: int) -> tuple[str, tuple[object, ...]]:
    """The headline's fragment in the language being shown (also for prefetching)."""
    return "participant-headline", (site.pk if site else "-", locale_id, get_language())


def _index_of(locale_id: int, request: HttpRequest | None) -> ParticipantIndexPage | None:
    """The participants page of a locale: the live, public one right below the home page,
    read with the header's homes and top pages (no query of its own, cms/core/reading.py);
    on a site that keeps it deeper, or without a request, the first one of the locale."""
    site = Site.find_for_request(request) if request is not None else None
    pages = top_pages(site.root_page) if site is not None else None
    home = pages.home_in(locale_id) if pages is not None else None
    if pages is not None and home is not None:
        index_type = ContentType.objects.get_for_model(ParticipantIndexPage).pk
        for page in pages.below(home):
            if page.content_type_id == index_type and not in_private_section(page):
                # Only its address is needed, which follows from the page row.
                return page.specific_deferred
    return ParticipantIndexPage.objects.live().public().filter(locale_id=locale_id).first()


def _headline(locale_id: int, request: HttpRequest | None) -> str:
    locale = locale_by_id(locale_id)
    text = sentence(participant_statistics(locale))
    index = _index_of(locale_id, request)
    if index is None:
        return format_html('<p class="participant-headline">{}</p>', text)
    return format_html(
        '<p class="participant-headline"><a href="{}">{}</a></p>', index.get_url(request), text
    )
