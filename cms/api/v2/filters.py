"""Filters of API v2 beyond Wagtail's own: participant, publication and event dates,
and the search of images and documents by words; and two of Wagtail's and search/api.py's
filters without the queries they ran when they had nothing to do.

Each parameter is validated; a malformed or unknown value is a 400 naming it.
(``topic``, ``country`` and ``search`` are handled by search/api.py.)
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework.filters import BaseFilterBackend
from wagtail.api.v2.filters import LocaleFilter
from wagtail.api.v2.utils import BadRequestError
from wagtail.search.backends import get_search_backend
from wagtail.search.backends.base import FilterFieldError, OrderByFieldError

from articles.models import ArticlePage, SeminarReportPage
from cms.api.errors import search_words
from cms.core.reading import all_locales
from participants.models import ParticipantPage
from search.api import LocalisedSearchFilter

DATE_PARAMETERS = ("published_after", "published_before", "event_after", "event_before")
FILTER_PARAMETERS = frozenset(["participant", *DATE_PARAMETERS])


def parse_date(request, name: str) -> datetime.date | None:
    raw = request.GET.get(name)
    if raw is None:
        return None
    try:
        return datetime.date.fromisoformat(raw)
    except ValueError as error:
        raise BadRequestError(
            _("%(name)s: expected a date as YYYY-MM-DD, got %(value)s")
            % {"name": name, "value": repr(raw[:50])}
        ) from error


def parse_participant(request):
    raw = request.GET.get("participant")
    if raw is None:
        return None
    if not raw.isdigit():
        raise BadRequestError(
            _("participant: expected the id of a participant page, got %(value)s")
            % {"value": repr(raw[:50])}
        )
    participant = ParticipantPage.objects.live().public().filter(pk=int(raw)).first()
    if participant is None:
        raise BadRequestError(
            _("participant: no published participant has the id %(id)s") % {"id": raw}
        )
    return participant


class AllianceFilter(BaseFilterBackend):
    """Narrows pages to articles and reports by participant, publication or event date."""

    def filter_queryset(self, request, queryset, view):
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


class WordSearchFilter(BaseFilterBackend):
    """Wagtail's SearchFilter (images, documents) on the words of the query only.

    Wagtail hands ``?search=`` to the backend as typed; a quote or a bracket is then a
    syntax error of SQLite's FTS5 (a 500). The pages endpoint already searches with the
    site search's rules (search/api.py); this gives the other endpoints the same rules.
    """

    def filter_queryset(self, request, queryset, view):
        if "search" not in request.GET:
            return queryset
        if not getattr(settings, "WAGTAILAPI_SEARCH_ENABLED", True):
            raise BadRequestError(_("search: searching is disabled"))
        if getattr(queryset, "_filtered_by_tag", False):
            raise BadRequestError(_("search: cannot be combined with a filter by tag"))
        words = search_words(request.GET["search"])
        if not words:
            return queryset.none()
        try:
            return get_search_backend().search(
                words,
                queryset,
                operator=request.GET.get("search_operator") or None,
                order_by_relevance="order" not in request.GET,
            )
        except (FilterFieldError, OrderByFieldError) as error:
            raise BadRequestError(
                _("%(name)s: cannot be used while searching (the field is not indexed)")
                % {"name": error.field_name}
            ) from error


class MemoLocaleFilter(LocaleFilter):
    """Wagtail's ``?locale=``, with the locale taken from the request's one read of the
    locales (cms/core/reading.py), which the parameter check and the chrome share:
    Wagtail read it again here (``get_object_or_404``). Same 404 for an unknown code."""

    def filter_queryset(self, request, queryset, view):
        if "locale" not in request.GET:
            return queryset
        locale = all_locales().get(request.GET["locale"])
        if locale is None:
            raise Http404("No Locale matches the given query.")
        child_of = getattr(queryset, "_filtered_by_child_of", None)
        queryset = queryset.filter(locale=locale)
        if child_of:
            queryset._filtered_by_child_of = child_of
        return queryset


class SearchWhenAsked(LocalisedSearchFilter):
    """search/api.py's ``search``, ``topic`` and ``country``, run only when one of them
    is given. Without them it changes nothing, but it read the default locale (one
    query on every listing and detail) to build filters it then did not apply."""

    def filter_queryset(self, request, queryset, view):
        if "search" in request.GET or any(
            request.GET.get(name, "").strip() for name in ("topic", "country")
        ):
            return super().filter_queryset(request, queryset, view)
        return queryset
