"""What the index page and the GeoJSON endpoint show: filtered profiles and map features."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django_countries import countries

from participants.forms import SORT_ORDER, ParticipantFilterForm
from participants.models import ParticipantIndexPage, ParticipantPage, ParticipantStatus
from participants.queries import participant_statistics, visible_profiles


def feature(page: ParticipantPage, request: HttpRequest | None) -> dict[str, Any]:
    """One GeoJSON Point feature; GeoJSON puts longitude first."""
    url = page.get_url(request)
    if request is not None and url:
        url = request.build_absolute_uri(url)
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [float(page.longitude), float(page.latitude)]},
        "properties": {
            "name": page.title,
            "country": page.country.code,
            "country_name": str(page.country.name),
            "kind": page.kind,
            "kind_label": str(page.get_kind_display()),
            "url": url,
            "locale": page.locale.language_code,
        },
    }


def feature_collection(
    pages: Iterable[ParticipantPage], request: HttpRequest | None
) -> dict[str, Any]:
    return {
        "type": "FeatureCollection",
        "features": [
            feature(page, request)
            for page in pages
            if page.status == ParticipantStatus.ACTIVE and page.has_location
        ],
    }


def index_context(index: ParticipantIndexPage, request: HttpRequest) -> dict[str, Any]:
    profiles = visible_profiles(index.locale).child_of(index).select_related("locale")
    codes = profiles.order_by().values_list("country", flat=True).distinct()
    country_choices = sorted(
        ((code, str(countries.name(code))) for code in codes), key=lambda item: item[1]
    )
    form = ParticipantFilterForm(request.GET or None, country_choices=country_choices)
    sort = "name"
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        if data["country"]:
            profiles = profiles.filter(country=data["country"])
        if data["kind"]:
            profiles = profiles.filter(kind=data["kind"])
        if data["status"]:
            profiles = profiles.filter(status=data["status"])
        sort = data["sort"] or "name"
    participants = list(profiles.order_by(*SORT_ORDER[sort]))
    return {
        "filter_form": form,
        "participants": participants,
        "map_data": feature_collection(participants, request),
        "map_tile_url": settings.MAP_TILE_URL,
        "map_tile_attribution": settings.MAP_TILE_ATTRIBUTION,
        "statistics": participant_statistics(index.locale),
    }
