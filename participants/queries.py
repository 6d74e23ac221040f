"""The one definition of “a participant visitors may see”, shared by every listing.

Statistics, the index page, the map, the GeoJSON endpoint and the home page headline all
count the same profiles: live, not behind a view restriction, in one locale.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count
from django.utils.translation import get_language
from django_countries import countries
from wagtail.models import Locale

from cms.caching.fragments import cached_fragment
from participants.models import ParticipantPage, ParticipantStatus


def visible_profiles(locale: Locale | int):
    """Live, public profiles of `locale` (or a locale id), active or former."""
    return ParticipantPage.objects.live().public().filter(locale=locale)


def active_profiles(locale: Locale | int):
    """The profiles that make up the Alliance today."""
    return visible_profiles(locale).filter(status=ParticipantStatus.ACTIVE)


@dataclass(frozen=True)
class CountryCount:
    code: str
    name: str
    count: int


@dataclass(frozen=True)
class Statistics:
    """“N cities and regions from M countries”, and the breakdown per country."""

    participants: int
    countries: int
    per_country: list[CountryCount]


def participant_statistics(locale: Locale | int) -> Statistics:
    """Shared between workers until a profile changes (cms/caching/fragments.py)."""
    return cached_fragment(*statistics_fragment(locale), lambda: _count(locale))


def statistics_fragment(locale: Locale | int) -> tuple[str, tuple[object, ...]]:
    # Country names are in the language being shown, which is part of the key.
    return "participant-statistics", (getattr(locale, "pk", locale), get_language())


def _count(locale: Locale | int) -> Statistics:
    rows = (
        active_profiles(locale)
        .order_by()
        .values("country")
        .annotate(count=Count("pk"))
        .values_list("country", "count")
    )
    per_country = sorted(
        (CountryCount(code, str(countries.name(code)), count) for code, count in rows),
        key=lambda row: (-row.count, row.name),
    )
    return Statistics(
        participants=sum(row.count for row in per_country),
        countries=len(per_country),
        per_country=per_country,
    )
