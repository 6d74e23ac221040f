"""iCalendar (RFC 5545) export of seminars' dates, written by hand: all-day VEVENTs
need no library, only correct escaping, line folding and CRLF line ends. One report's
download and the feed of a language's upcoming events (articles/events.py) share it."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.http import HttpRequest
from django.utils import timezone

if TYPE_CHECKING:
    from articles.models import SeminarReportPage

MAX_LINE_OCTETS = 75


def escape_text(value: str) -> str:
    """TEXT value escaping of RFC 5545 section 3.3.11."""
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def fold(line: str) -> str:
    """Split a content line into lines of at most 75 octets, never inside a UTF-8
    character; continuation lines start with a space (RFC 5545 section 3.1)."""
    parts: list[str] = []
    current, size = "", 0
    for char in line:
        octets = len(char.encode())
        limit = MAX_LINE_OCTETS if not parts else MAX_LINE_OCTETS - 1
        if size + octets > limit:
            parts.append(current)
            current, size = "", 0
        current += char
        size += octets
    parts.append(current)
    return "\r\n ".join(parts)


PRODID = "-//European Alliance of Cities and Regions for Roma Inclusion//Alliance CMS//EN"


def event_lines(page: SeminarReportPage, request: HttpRequest | None = None) -> list[str]:
    """One all-day VEVENT of a dated report, in the report's language. The UID names
    the translation, so a calendar holds the English and French events apart."""
    start = page.start_date
    assert start is not None
    # DTEND of an all-day event is exclusive: the day after the last day.
    end = (page.end_date or start) + datetime.timedelta(days=1)
    stamp = (page.last_published_at or timezone.now()).astimezone(datetime.UTC)
    location = ", ".join(
        part for part in (page.venue, page.place, str(page.country.name or "")) if part
    )
    lines = [
        "BEGIN:VEVENT",
        f"UID:seminar-{page.translation_key}-{page.locale.language_code}@alliance-cms",
        f"DTSTAMP:{stamp:%Y%m%dT%H%M%SZ}",
        f"DTSTART;VALUE=DATE:{start:%Y%m%d}",
        f"DTEND;VALUE=DATE:{end:%Y%m%d}",
        f"SUMMARY:{escape_text(page.title)}",
    ]
    if location:
        lines.append(f"LOCATION:{escape_text(location)}")
    if summary := page.get_listing_summary():
        lines.append(f"DESCRIPTION:{escape_text(summary)}")
    lines.append(f"URL:{page.get_full_url(request)}")
    lines.append("END:VEVENT")
    return lines


def calendar(events: Iterable[list[str]], name: str = "") -> str:
    """A VCALENDAR of these VEVENTs (none is valid: an empty calendar to subscribe to),
    folded, with CRLF line ends; ``name`` is what calendar apps call it."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
    ]
    if name:
        lines.append(f"X-WR-CALNAME:{escape_text(name)}")
    lines += [line for event in events for line in event]
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)


def seminar_calendar(page: SeminarReportPage, request: HttpRequest | None = None) -> str:
    """The calendar of one report (its "Add to calendar" download)."""
    return calendar([event_lines(page, request)])
