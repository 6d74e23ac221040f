"""The "Upcoming events" block: the next seminars of the page's language, optionally of
one country or topic, with a link to the calendar feed of all of them.

Kernel: the events come from whoever registered a source (cms/core/events.py; the
``articles`` app's seminar reports), never from an import of ``articles``. The topic is
chosen by the snippet's model label, which Wagtail resolves when the block is used.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from typing_extensions import TypedDict
from wagtail import blocks
from wagtail.models import Locale
from wagtail.snippets.blocks import SnippetChooserBlock

from cms.core.events import (
    MAX_EVENTS,
    UpcomingEvent,
    UpcomingEvents,
    clamp_limit,
    upcoming_events,
)

DEFAULT_EVENT_COUNT = 5


class EventCountryDict(TypedDict):
    code: str
    name: str


class UpcomingEventDict(TypedDict):
    """One event in the APIs, in the language of the page that shows the block."""

    title: str
    url: str
    start_date: str
    end_date: str | None
    place: str
    country: EventCountryDict | None
    locale: str


class UpcomingEventsDict(TypedDict):
    """The block in the APIs: its heading and the events it lists today."""

    heading: str
    events: list[UpcomingEventDict]
    feed_url: str | None


def country_choices() -> list[tuple[str, str]]:
    """Every country, named in the editor's language (read when the form is drawn)."""
    return [(code, str(name)) for code, name in countries]


def _preview_value() -> dict[str, Any]:
    return {"heading": str(_("Upcoming events")), "count": 3}


def _sample_events() -> UpcomingEvents:
    """What the block picker's preview lists when no event is planned yet."""
    start = timezone.localdate() + datetime.timedelta(days=30)
    return UpcomingEvents(
        events=(
            UpcomingEvent(
                title=str(_("National seminar on Roma inclusion")),
                url="#",
                full_url="#",
                start_date=start,
                end_date=start + datetime.timedelta(days=1),
                place="Kaunas",
                country_code="LT",
                locale=translation.get_language() or "",
            ),
        )
    )


class UpcomingEventsBlock(blocks.StructBlock):
    heading = blocks.CharBlock(
        label=_("heading"),
        required=False,
        max_length=255,
        help_text=_("Left empty, the heading is “Upcoming events”."),
    )
    country = blocks.ChoiceBlock(
        label=_("country"),
        choices=country_choices,
        required=False,
        help_text=_("Only events in this country. Left empty, events in every country."),
    )
    topic = SnippetChooserBlock(
        "articles.Topic",
        label=_("topic"),
        required=False,
        help_text=_("Only events on this topic. Left empty, events on every topic."),
    )
    count = blocks.IntegerBlock(
        label=_("number of events"),
        default=DEFAULT_EVENT_COUNT,
        min_value=1,
        max_value=MAX_EVENTS,
    )

    # The type of get_api_representation(), for API v3's OpenAPI document.
    api_type = UpcomingEventsDict

    class Meta:
        icon = "date"
        label = _("Upcoming events")
        template = "blocks/upcoming_events_block.html"
        description = _(
            "The next seminars in this page's language, by date, with a link to the "
            "calendar of all upcoming events. Past events leave the list by themselves."
        )
        preview_value = {"heading": "", "count": 3}
        # The global preview page (the project's, where it has one): named so that the
        # block is previewable whether or not the project overrides it.
        preview_template = "wagtailcore/shared/block_preview.html"

    def get_preview_value(self) -> Any:
        # The preview's heading is translated when the preview is drawn, not at start-up.
        return self.normalize(_preview_value())

    def events(self, value: Any, context: dict | None) -> UpcomingEvents:
        """The events this block lists in the language of the page that shows it
        (``context["page"]``, else the language being shown)."""
        context = context or {}
        page = context.get("page")
        locale_id = getattr(page, "locale_id", None) or Locale.get_active().pk
        return upcoming_events(
            locale_id,
            country=value.get("country") or None,
            topic=value.get("topic"),
            limit=clamp_limit(value.get("count"), DEFAULT_EVENT_COUNT),
            request=context.get("request"),
        )

    def get_context(self, value: Any, parent_context: dict | None = None) -> dict:
        context = super().get_context(value, parent_context=parent_context)
        events = self.events(value, parent_context)
        if not events and context.get("block_def") is self:
            events = _sample_events()  # the block picker's preview
        context["events"] = events
        return context

    def get_api_representation(self, value: Any, context: dict | None = None) -> UpcomingEventsDict:
        """The heading and today's events, with countries named in the page's language."""
        context = context if context is not None else {}
        page = context.get("page")
        events = self.events(value, context)
        language = getattr(getattr(page, "locale", None), "language_code", None)
        with translation.override(language or translation.get_language()):
            return {
                "heading": value.get("heading") or str(_("Upcoming events")),
                "events": [_event_dict(event) for event in events],
                "feed_url": events.feed_full_url or None,
            }


def _event_dict(event: UpcomingEvent) -> UpcomingEventDict:
    return {
        "title": event.title,
        "url": event.full_url,
        "start_date": event.start_date.isoformat(),
        "end_date": event.end_date.isoformat() if event.end_date else None,
        "place": event.place,
        "country": {"code": event.country_code, "name": event.country_name}
        if event.country_code
        else None,
        "locale": event.locale,
    }
