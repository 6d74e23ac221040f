"""What the index page and the GeoJSON endpoint show: filtered profiles and map features."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django_countries import countries

from participants.forms import SORT_ORDER, ParticipantFilterForm
from participants.models import (
    ParticipantIndexPage,
    ParticipantKind,
    ParticipantPage,
    ParticipantStatus,
)
from participants.queries import participant_statistics, visible_profiles


@dataclass(frozen=True)
class Row:
    """What a table row and a map marker show, with every label translated once per
    request: Django's `get_FOO_display` and django-countries' names re-translate the
    whole list of choices at each call, which cost more than the rest of the page."""

    page: ParticipantPage
    url: str | None
    kind_label: str
    status_label: str
    country_name: str


def rows(
    pages: Iterable[ParticipantPage], request: HttpRequest | None, parent_url: str | None = None
) -> list[Row]:
    """`parent_url`: the address of the index all `pages` are children of, whose URLs
    are then the parent's plus their slug (Wagtail's url_path), without a routing
    lookup per profile."""
    kinds = {value: str(label) for value, label in ParticipantKind.choices}
    statuses = {value: str(label) for value, label in ParticipantStatus.choices}
    names: dict[str, str] = {}
    result = []
    for page in pages:
        code = page.country.code
        if code not in names:
            names[code] = str(countries.name(code))
        result.append(
            Row(
                page=page,
                url=f"{parent_url}{page.slug}/" if parent_url else page.get_url(request),
                kind_label=kinds.get(page.kind, page.kind),
                status_label=statuses.get(page.status, page.status),
                country_name=names[code],
            )
        )
    return result


def feature(row: Row, request: HttpRequest | None) -> dict[str, Any]:
    """One GeoJSON Point feature; GeoJSON puts longitude first."""
    page, url = row.page, row.url
    if request is not None and url:
        url = request.build_absolute_uri(url)
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [float(page.longitude), float(page.latitude)]},
        "properties": {
            "name": page.title,
            "country": page.country.code,
            "country_name": row.country_name,
            "kind": page.kind,
            "kind_label": row.kind_label,
            "url": url,
            "locale": page.locale.language_code,
        },
    }


def feature_collection(
    pages: Iterable[ParticipantPage], request: HttpRequest | None
) -> dict[str, Any]:
    return features_of(rows(pages, request), request)


def features_of(table: Iterable[Row], request: HttpRequest | None) -> dict[str, Any]:
    return {
        "type": "FeatureCollection",
        "features": [
            feature(row, request)
            for row in table
            if row.page.status == ParticipantStatus.ACTIVE and row.page.has_location
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
    table = rows(profiles.order_by(*SORT_ORDER[sort]), request, index.get_url(request))
    return {
        "filter_form": form,
        "participants": table,
        "map_data": features_of(table, request),
        "map_tile_url": settings.MAP_TILE_URL,
        "map_tile_attribution": settings.MAP_TILE_ATTRIBUTION,
        "statistics": participant_statistics(index.locale),
    }
