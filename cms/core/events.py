"""Upcoming events: what the kernel's blocks may list of them, without knowing who has
them.

The "Upcoming events" block (cms/core/blocks/events.py) lives in the kernel, while the
events are seminar reports of the ``articles`` app, which the kernel must never import
(import-linter's layers contract in pyproject.toml). ``articles`` registers a source
for the ``UPCOMING_EVENT_SOURCES`` hook (``register_event_source``, called from its
``AppConfig.ready``), the way ``home.hooks`` and ``participants.hooks`` invert the other
dependencies; the block asks ``upcoming_events`` and gets plain values.

The list changes when a date passes without anybody publishing anything, so what is
kept in the fragment cache is keyed by today's date (``timezone.localdate()``, the
project's time zone) as well as by the content generation, and never kept past the
moment one of its pages expires.
"""

from __future__ import annotations

import datetime
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Protocol

from django.http import HttpRequest
from django.utils import timezone
from django_countries import countries
from wagtail import hooks
from wagtail.models import Locale, Site

from cms.caching.fragments import cached_fragment
from cms.caching.pages import keep_until

UPCOMING_EVENT_SOURCES = "upcoming_event_sources"

# The most events one list shows (the block's "number of events" is capped by it).
MAX_EVENTS = 20


@dataclass(frozen=True)
class UpcomingEvent:
    """One event as lists, feeds and the APIs show it, in its page's language.

    ``url`` is the page's address for links on the site (relative on a one-site
    install), ``full_url`` the absolute one for the APIs and calendars."""

    title: str
    url: str
    full_url: str
    start_date: datetime.date
    end_date: datetime.date | None
    place: str
    country_code: str
    locale: str

    @property
    def country_name(self) -> str:
        """The country's name in the language being shown (django-countries)."""
        return str(countries.name(self.country_code)) if self.country_code else ""

    @property
    def several_days(self) -> bool:
        return self.end_date is not None and self.end_date != self.start_date


@dataclass(frozen=True)
class UpcomingEvents:
    """The next events of one locale, and where the calendar of all of them is.

    ``feed_url`` is the iCalendar feed's address on the site, ``feed_full_url`` the
    absolute one; both empty when no source offers a feed in that language.
    ``expires`` is when the first listed page expires (a timestamp), if any."""

    events: tuple[UpcomingEvent, ...] = ()
    feed_url: str = ""
    feed_full_url: str = ""
    expires: float | None = None

    def __bool__(self) -> bool:
        return bool(self.events)

    def __iter__(self) -> Iterator[UpcomingEvent]:
        return iter(self.events)

    def __len__(self) -> int:
        return len(self.events)


@dataclass(frozen=True)
class EventQuery:
    """What a block asks for: a locale's next ``limit`` events from ``today`` on,
    optionally in one country (ISO code) or on one topic (the chosen snippet, of any
    language: a source matches it by translation key)."""

    locale_id: int
    today: datetime.date
    limit: int = 5
    country: str = ""
    topic: Any = None
    request: HttpRequest | None = field(default=None, compare=False)


class EventSource(Protocol):
    """``fn(query) -> UpcomingEvents``: at most ``query.limit`` events, ordered by
    start date, of live, public pages only, read with a fixed number of queries."""

    def __call__(self, query: EventQuery) -> UpcomingEvents: ...


def register_event_source(fn: EventSource) -> EventSource:
    """Make ``fn`` a source of upcoming events: called from an app's ``wagtail_hooks``
    module, which Wagtail imports before it first answers ``get_hooks``."""
    hooks.register(UPCOMING_EVENT_SOURCES, fn)
    return fn


def _merged(query: EventQuery) -> UpcomingEvents:
    """Every source's events, by date, cut to the limit; the first feed offered."""
    found: list[UpcomingEvents] = [fn(query) for fn in hooks.get_hooks(UPCOMING_EVENT_SOURCES)]
    events = sorted(
        (event for result in found for event in result.events),
        key=lambda event: (event.start_date, event.title),
    )[: query.limit]
    feed = next((result for result in found if result.feed_url), UpcomingEvents())
    expiries = [result.expires for result in found if result.expires is not None]
    return UpcomingEvents(
        events=tuple(events),
        feed_url=feed.feed_url,
        feed_full_url=feed.feed_full_url,
        expires=min(expiries) if expiries else None,
    )


def clamp_limit(limit: Any, default: int = 5) -> int:
    """A number of events between 1 and ``MAX_EVENTS`` (bad values: the default)."""
    try:
        number = int(limit)
    except (TypeError, ValueError):
        return default
    return max(1, min(number, MAX_EVENTS))


def upcoming_events(
    locale: Locale | int,
    country: str | None = None,
    topic: Any = None,
    limit: int = 5,
    request: HttpRequest | None = None,
) -> UpcomingEvents:
    """The next ``limit`` events of ``locale`` (a Locale or its id) whose start date
    is today or later, shared by every worker until the content changes or the day
    does."""
    query = EventQuery(
        locale_id=locale if isinstance(locale, int) else locale.pk,
        today=timezone.localdate(),
        limit=clamp_limit(limit),
        country=(country or "").upper(),
        topic=topic,
        request=request,
    )
    site = Site.find_for_request(request) if request is not None else None
    parts = (
        site.pk if site else "-",
        query.locale_id,
        query.today.isoformat(),
        query.limit,
        query.country,
        getattr(topic, "translation_key", "") or "",
    )
    result = cached_fragment("upcoming-events", parts, lambda: _merged(query))
    if result.expires is not None and result.expires <= time.time():
        result = _merged(query)
    keep_page_until_the_list_changes(result)
    return result


def keep_page_until_the_list_changes(events: UpcomingEvents) -> None:
    """A page or API answer that lists upcoming events is not served from the page
    cache past the next midnight (an event starting today leaves the list tomorrow) or
    past the first listed page's expiry, though nobody publishes anything."""
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    midnight = datetime.datetime.combine(tomorrow, datetime.time.min)
    keep_until(timezone.make_aware(midnight))
    if events.expires is not None:
        keep_until(datetime.datetime.fromtimestamp(events.expires, tz=datetime.UTC))
