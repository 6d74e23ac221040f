"""Filters of API v2 beyond Wagtail's own: participant, publication and event dates.

Each parameter is validated; a malformed or unknown value is a 400 naming it.
(``topic``, ``country``, ``locale`` and ``search`` are handled by search/api.py.)
"""

from __future__ import annotations

import datetime

from django.db.models import Q
from rest_framework.filters import BaseFilterBackend
from wagtail.api.v2.utils import BadRequestError

DATE_PARAMETERS = ("published_after", "published_before", "event_after", "event_before")
FILTER_PARAMETERS = frozenset(["participant", *DATE_PARAMETERS])


def parse_date(request, name: str) -> datetime.date | None:
    raw = request.GET.get(name)
    if raw is None:
        return None
    try:
        return datetime.date.fromisoformat(raw)
    except ValueError as error:
        raise BadRequestError(f"{name}: expected a date as YYYY-MM-DD, got {raw!r}") from error


def parse_participant(request):
    from participants.models import ParticipantPage

    raw = request.GET.get("participant")
    if raw is None:
        return None
    if not raw.isdigit():
        raise BadRequestError(f"participant: expected the id of a participant page, got {raw!r}")
    participant = ParticipantPage.objects.live().public().filter(pk=int(raw)).first()
    if participant is None:
        raise BadRequestError(f"participant: no published participant has the id {raw}")
    return participant


class AllianceFilter(BaseFilterBackend):
    """Narrows pages to articles and reports by participant, publication or event date."""

    def filter_queryset(self, request, queryset, view):
        from articles.models import ArticlePage, SeminarReportPage

        dates = {name: parse_date(request, name) for name in DATE_PARAMETERS}
        participant = parse_participant(request)

        if participant is not None:
            # Links are synchronised between translations: match any language's profile.
            articles = ArticlePage.objects.filter(
                participant_links__participant__translation_key=participant.translation_key
            )
            queryset = queryset.filter(pk__in=articles.values("pk"))

        published = Q()
        if dates["published_after"]:
            published &= Q(publication_date__gte=dates["published_after"])
        if dates["published_before"]:
            published &= Q(publication_date__lte=dates["published_before"])
        if published:
            queryset = queryset.filter(pk__in=ArticlePage.objects.filter(published).values("pk"))

        event = Q()
        if dates["event_after"]:
            # An event is "after" a date when it has not ended before it.
            event &= Q(end_date__gte=dates["event_after"]) | Q(
                end_date__isnull=True, start_date__gte=dates["event_after"]
            )
        if dates["event_before"]:
            event &= Q(start_date__lte=dates["event_before"])
        if event:
            queryset = queryset.filter(pk__in=SeminarReportPage.objects.filter(event).values("pk"))
        return queryset
