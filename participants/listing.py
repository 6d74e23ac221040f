"""What the index page and the GeoJSON endpoint show: filtered profiles and map features.

Below the page models: ParticipantIndexPage (participants/models.py) builds its context
with this module, and this module reads the profiles through the index page it is given
(``index.profiles()``, ``index.profiles_by_pk()``, ``index.statistics()``), never by
importing the page types.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.paginator import Paginator
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import QuerySet
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.utils.encoding import iri_to_uri
from django.utils.html import format_html, json_script
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django_countries import countries
from wagtail.models import Site

from cms.caching.fragments import cached_fragment, cached_fragments, fragment_cache_seconds
from cms.chrome.head import absolute as public_address
from participants.choices import ParticipantKind, ParticipantStatus
from participants.forms import SORT_ORDER, ParticipantFilterForm

if TYPE_CHECKING:
    from participants.models import ParticipantIndexPage, ParticipantPage, Statistics

ROW_TEMPLATE = "participants/includes/participant_row.html"
# What a row and a marker show (``rows``, ``feature``, ROW_TEMPLATE): the index reads
# every profile of the choice for its map, 200 at a time, and the other columns (the
# description's StreamField, the contact, the figures) would be read and converted for
# nothing. Anything else a row comes to show must be added here, or it costs one query
# per profile (the listing's query-count tests catch it).
ROW_FIELDS = (
    "title", "slug", "url_path", "locale", "country", "kind", "status", "region",
    "date_joined", "latitude", "longitude",
)  # fmt: skip
# The table's rows per page: the map shows every participant of the choice (one cached
# fragment), the table a bounded number of rows (one cache entry each).
PARTICIPANTS_PER_PAGE = 100


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
        url = public_address(request, url)
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


def feature_collection_json(pages: Iterable[ParticipantPage], request: HttpRequest | None) -> str:
    """The FeatureCollection as JSON text, ready to be kept in the cache and served."""
    return _json(feature_collection(pages, request))


def features_of(table: Iterable[Row], request: HttpRequest | None) -> dict[str, Any]:
    return {
        "type": "FeatureCollection",
        "features": [
            feature(row, request)
            for row in table
            if row.page.status == ParticipantStatus.ACTIVE and row.page.has_location
        ],
    }


# One profile as the index shows it, kept until the content changes (Russian-doll
# caching): its table row and its map marker, both as text, ready to be joined (200 of
# them are read on every index view, and strings unpickle fastest). The marker is the
# feature's JSON as ``json_script`` writes it, in two parts around the place where the
# visitor's origin (scheme and host) goes before the profile's address; None when the
# profile is not on the map.
CachedProfile = tuple[str, tuple[str, str | None] | None]
_ORIGIN = "\x00origin\x00"
_ORIGIN_JSON = json.dumps(_ORIGIN)[1:-1]
MAP_DATA_ID = "participant-map-data"
# Without a tile server the map draws these country shapes (participants/map_data/),
# shading and naming the countries that have participants in the page's language.
MAP_SHAPES = "participants/europe-countries.geojson"
MAP_COUNTRY_NAMES_ID = "participant-map-countries"
# What django.utils.html.json_script escapes, so that the data cannot end its element.
_JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def _marker_json(marker: dict[str, Any]) -> tuple[str, str | None]:
    """The feature's JSON, split where the visitor's origin goes before its address:
    Wagtail gives a path for a page of the visitor's site (to which the site's public
    address is added), a full address for another site's."""
    url = marker["properties"]["url"]
    if not url or urlsplit(url).netloc:
        if url:
            marker["properties"]["url"] = iri_to_uri(url)
        return _json(marker), None
    marker["properties"]["url"] = _ORIGIN + iri_to_uri(url)
    before, _origin, after = _json(marker).rpartition(_ORIGIN_JSON)
    return before, after


def _json(value: Any) -> str:
    return json.dumps(value, cls=DjangoJSONEncoder).translate(_JSON_SCRIPT_ESCAPES)


def _marker(packed: tuple[str, str | None], origin: str) -> str:
    before, after = packed
    return before if after is None else before + origin + after


def map_data_script(markers: Iterable[str]) -> SafeString:
    """What ``json_script(FeatureCollection, MAP_DATA_ID)`` writes, from markers that
    are already JSON."""
    collection = '{"type": "FeatureCollection", "features": [' + ", ".join(markers) + "]}"
    json_text = mark_safe(collection)  # noqa: S308 - each marker escaped as json_script does
    script = '<script id="{}" type="application/json">{}</script>'
    return format_html(script, MAP_DATA_ID, json_text)


def index_countries(index: ParticipantIndexPage) -> list[tuple[str, str]]:
    """The countries of the index's visible profiles, named in the language shown."""

    def compute() -> list[tuple[str, str]]:
        profiles = index.profiles()
        codes = profiles.order_by().values_list("country", flat=True).distinct()
        return sorted(((code, str(countries.name(code))) for code in codes), key=lambda c: c[1])

    return cached_fragment(*countries_fragment(index), compute)


def countries_fragment(index: ParticipantIndexPage) -> tuple[str, tuple[object, ...]]:
    return "participant-countries", (index.pk, get_language())


def profiles_of(
    ids: list[int], request: HttpRequest, index: ParticipantIndexPage
) -> dict[int, CachedProfile]:
    """Every listed profile's row and marker with one cache round trip; the missing
    ones are built with one query."""
    site = Site.find_for_request(request)

    def build(missing: list[int]) -> dict[int, CachedProfile]:
        pages = index.profiles_by_pk(missing).select_related("locale").only(*ROW_FIELDS)
        return build_profiles(pages, request, index)

    site_id, language = (site.pk if site else "-"), get_language()
    return cached_fragments("participant-row", (site_id, language), ids, build)


def build_profiles(
    pages: Iterable[ParticipantPage],
    request: HttpRequest,
    index: ParticipantIndexPage,
    shown: Collection[int] | None = None,
) -> dict[int, CachedProfile]:
    """Each profile's row and marker; with ``shown``, the rows of only those profiles
    are rendered (the others' are empty): with nothing to keep them for, the rows of
    the pages of the table not shown would be rendered for nothing (every marker is
    on the map, every row is not)."""
    return {
        row.page.pk: (
            render_to_string(ROW_TEMPLATE, {"participant": row})
            if shown is None or row.page.pk in shown
            else "",
            _marker_json(feature(row, None)) if _on_map(row) else None,
        )
        for row in rows(pages, request, index.get_url(request))
    }


def _on_map(row: Row) -> bool:
    return row.page.status == ParticipantStatus.ACTIVE and row.page.has_location


def ids_fragment(
    index: ParticipantIndexPage, choice: tuple[str, ...]
) -> tuple[str, tuple[object, ...]]:
    """The ids listed for one choice of (country, kind, status, sort)."""
    return "participant-ids", (index.pk, *choice)


DEFAULT_CHOICE = ("", "", "", "name")


def markers_fragment(
    index: ParticipantIndexPage, choice: tuple[str, ...], site_id: object
) -> tuple[str, tuple[object, ...]]:
    """The map markers of one choice of filters, in the list's order: all of them on
    every page of the table, read as one value rather than one entry per profile."""
    return "participant-markers", (index.pk, site_id, get_language(), *choice)


def filter_form_key(request: HttpRequest) -> str:
    return "|".join(str(request.GET.get(name)) for name in ParticipantFilterForm.base_fields)


def index_context(index: ParticipantIndexPage, request: HttpRequest) -> dict[str, Any]:
    # Without a query string the form is needed only to render its fields, which are
    # usually a cached fragment: it is then built only if the template asks for it.
    def make_form() -> ParticipantFilterForm:
        return ParticipantFilterForm(request.GET or None, country_choices=index_countries(index))

    form = make_form() if request.GET else None
    choice = dict(zip(("country", "kind", "status", "sort"), DEFAULT_CHOICE, strict=True))
    if form is not None and form.is_valid():
        choice.update({name: value for name, value in form.cleaned_data.items() if value})

    def matching() -> QuerySet[ParticipantPage]:
        profiles = index.profiles()
        for name in ("country", "kind", "status"):
            if choice[name]:
                profiles = profiles.filter(**{name: choice[name]})
        return profiles.order_by(*SORT_ORDER[choice["sort"]])

    if fragment_cache_seconds():
        key = ids_fragment(index, tuple(choice.values()))
        ids = cached_fragment(*key, lambda: list(matching().values_list("pk", flat=True)))
        paginator = Paginator(ids, PARTICIPANTS_PER_PAGE)
        page_of_ids = paginator.get_page(request.GET.get("page"))
        shown = list(page_of_ids.object_list)
        profiles = profiles_of(shown, request, index)
        site = Site.find_for_request(request)

        def all_markers() -> list[tuple[str, str | None]]:
            every = profiles_of(ids, request, index)
            return [every[pk][1] for pk in ids if pk in every and every[pk][1]]

        site_id = site.pk if site else "-"
        markers = cached_fragment(
            *markers_fragment(index, tuple(choice.values()), site_id), all_markers
        )
    else:  # nothing to share: the profiles in the same query as their order
        pages = list(matching().select_related("locale").only(*ROW_FIELDS))
        ids = [page.pk for page in pages]
        paginator = Paginator(ids, PARTICIPANTS_PER_PAGE)
        page_of_ids = paginator.get_page(request.GET.get("page"))
        shown = list(page_of_ids.object_list)
        profiles = build_profiles(pages, request, index, shown=set(shown))
        markers = [profiles[pk][1] for pk in ids if pk in profiles and profiles[pk][1]]
    # What goes before a path: the site's public address (cms/chrome/head.py).
    origin = public_address(request, "/")[:-1]
    listed = [profiles[pk] for pk in shown if pk in profiles]
    query = request.GET.copy()
    query.pop("page", None)
    # The filter form as rendered: keyed by the raw values (an empty value and a
    # missing one render differently); a form with errors is rendered every time.
    form_key = filter_form_key(request) if form is None or form.is_valid() else None
    statistics = index.statistics()
    return {
        "filter_form": form if form is not None else cache(make_form),
        "filter_form_key": form_key,
        # Joined here rather than looped over in the template: 200 rows.
        "participant_rows": mark_safe("".join(f"\n        {row}\n        " for row, _ in listed)),  # noqa: S308 - rendered by the template engine
        "participant_count": paginator.count,
        "participant_page": page_of_ids,
        "page_query": query.urlencode(),
        "map_data_script": map_data_script(_marker(marker, origin) for marker in markers),
        "map_tile_url": settings.MAP_TILE_URL,
        "map_tile_attribution": settings.MAP_TILE_ATTRIBUTION,
        **({} if settings.MAP_TILE_URL else offline_map_context(statistics)),
        "statistics": statistics,
    }


def offline_map_context(statistics: Statistics) -> dict[str, Any]:
    """The country shapes' address (a static file the browser caches, not inlined) and
    the names of the countries with active participants, {alpha-2 code: name in the
    page's language}, which the map shades and labels."""
    names = {row.code: row.name for row in statistics.per_country}
    return {
        "map_shapes_url": static(MAP_SHAPES),
        "map_country_names_script": json_script(names, MAP_COUNTRY_NAMES_ID),
    }
