"""Template tags that put the participant figures on any page (the home page headline)."""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext, ngettext
from wagtail.models import Locale

from participants.models import ParticipantIndexPage
from participants.queries import Statistics, participant_statistics

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
    locale = getattr(page, "locale", None) or Locale.get_active()
    text = sentence(participant_statistics(locale))
    index = ParticipantIndexPage.objects.live().public().filter(locale=locale).first()
    request = context.get("request")
    if index is None:
        return format_html('<p class="participant-headline">{}</p>', text)
    return format_html(
        '<p class="participant-headline"><a href="{}">{}</a></p>', index.get_url(request), text
    )
