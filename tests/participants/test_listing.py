"""Statistics, the index page and the GeoJSON endpoint: what visitors may see, and counted."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from bs4 import BeautifulSoup
from wagtail.models import PageViewRestriction

from participants.listing import PARTICIPANTS_PER_PAGE
from participants.models import participant_statistics
from tests.participants.factories import ParticipantPageFactory

pytestmark = pytest.mark.django_db


def headline(client, url="/en/participants/") -> str:
    response = client.get(url)
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    return soup.find(class_="participant-headline").get_text(strip=True)


def test_statistics_follow_publishing_and_status(client, index_en, make_participant, locales):
    make_participant(country="NL")
    make_participant(country="NL")
    lithuanian = make_participant(country="LT")
    assert headline(client) == "3 cities and regions from 2 countries"

    draft = make_participant(country="FR")
    draft.unpublish()
    assert headline(client) == "3 cities and regions from 2 countries"

    draft.save_revision().publish()
    assert headline(client) == "4 cities and regions from 3 countries"

    lithuanian.unpublish()
    assert headline(client) == "3 cities and regions from 2 countries"

    lithuanian.save_revision().publish()
    lithuanian.status = "former"
    lithuanian.save_revision().publish()
    assert headline(client) == "3 cities and regions from 2 countries"
    stats = participant_statistics(locales["en"])
    assert [(row.code, row.count) for row in stats.per_country] == [("NL", 2), ("FR", 1)]


def test_singular_headline_and_home_page_headline_in_french(
    client, index_fr, make_participant, home_fr, locales
):
    english = make_participant(country="NL")
    french = english.copy_for_translation(locales["fr"])
    french.save_revision().publish()
    assert headline(client) == "1 city or region from 1 country"
    assert headline(client, "/fr/participants/") == "1 ville ou région de 1 pays"
    assert headline(client, "/en/") == "1 city or region from 1 country"
    assert headline(client, "/fr/") == "1 ville ou région de 1 pays"


def test_private_profiles_are_not_counted_or_listed(client, index_en, make_participant):
    make_participant(title="Public town")
    hidden = make_participant(title="Hidden town")
    PageViewRestriction.objects.create(page=hidden, restriction_type="login")
    body = client.get("/en/participants/").content.decode()
    assert "Public town" in body
    assert "Hidden town" not in body
    assert headline(client) == "1 city or region from 1 country"
    names = [
        f["properties"]["name"] for f in client.get("/api/participants.geojson").json()["features"]
    ]
    assert names == ["Public town"]


def test_index_filters_and_sorts(client, index_en, make_participant):
    make_participant(title="Alpha", country="NL", kind="city", date_joined="2016-03-01")
    make_participant(title="Bravo", country="LT", kind="municipality", date_joined="2014-05-01")
    make_participant(title="Charlie", country="LT", kind="region", status="former")

    def rows(query: str) -> list[str]:
        soup = BeautifulSoup(client.get("/en/participants/" + query).content, "html.parser")
        return [a.get_text() for a in soup.select(".participant-table tbody th a")]

    assert rows("") == ["Alpha", "Bravo", "Charlie"]
    assert rows("?country=LT") == ["Bravo", "Charlie"]
    assert rows("?kind=region") == ["Charlie"]
    assert rows("?status=active&country=LT") == ["Bravo"]
    assert rows("?sort=-name") == ["Charlie", "Bravo", "Alpha"]
    assert rows("?sort=joined&status=active") == ["Bravo", "Alpha"]


def test_bad_filter_values_are_reported_not_fatal(client, index_en, make_participant):
    make_participant(title="Alpha")
    response = client.get("/en/participants/?country=XX&sort=<script>")
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    errors = soup.find(class_="form-errors").get_text()
    assert "Country" in errors and "Sort by" in errors
    assert [a.get_text() for a in soup.select(".participant-table tbody th a")] == ["Alpha"]


def test_map_data_lists_active_located_profiles(client, index_en, make_participant):
    make_participant(title="Located", latitude=Decimal("51.4167"), longitude=Decimal("5.4"))
    make_participant(title="Unlocated", latitude=None, longitude=None)
    make_participant(title="Former", status="former")
    soup = BeautifulSoup(client.get("/en/participants/").content, "html.parser")

    data = json.loads(soup.find("script", id="participant-map-data").string)
    assert [f["properties"]["name"] for f in data["features"]] == ["Located"]
    assert data["features"][0]["geometry"]["coordinates"] == [5.4, 51.4167]
    # Everyone is still listed in HTML, for visitors without JavaScript.
    rows = [a.get_text() for a in soup.select(".participant-table tbody th a")]
    assert rows == ["Former", "Located", "Unlocated"]
    assert soup.find("script", src=lambda s: s and s.endswith("leaflet/leaflet.js"))
    assert not soup.find("script", src=lambda s: s and "://" in s)
    assert not [
        s
        for s in soup.find_all("script")
        if not s.get("src") and s.get("type") not in ("application/json", "application/ld+json")
    ]


def test_geojson_is_valid_and_excludes_drafts_and_other_locales(
    client, index_fr, make_participant, locales
):
    veldhoven = make_participant(
        title="Veldhoven", country="NL", latitude=Decimal("51.4167"), longitude=Decimal("5.4")
    )
    veldhoven_fr = veldhoven.copy_for_translation(locales["fr"])
    veldhoven_fr.save_revision().publish()
    draft = make_participant(title="Draft town")
    draft.unpublish()
    make_participant(title="Former town", status="former")

    response = client.get("/api/participants.geojson?locale=en")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    data = response.json()
    assert data["type"] == "FeatureCollection"
    assert [f["properties"]["name"] for f in data["features"]] == ["Veldhoven"]
    (feature,) = data["features"]
    assert feature["type"] == "Feature"
    assert feature["geometry"] == {"type": "Point", "coordinates": [5.4, 51.4167]}
    lon, lat = feature["geometry"]["coordinates"]
    assert -180 <= lon <= 180 and -90 <= lat <= 90
    assert feature["properties"]["country"] == "NL"
    assert feature["properties"]["kind"] == "city"
    assert feature["properties"]["locale"] == "en"
    assert feature["properties"]["url"] == "http://testserver/en/participants/veldhoven/"

    french = client.get("/api/participants.geojson?locale=fr").json()
    assert [f["properties"]["url"] for f in french["features"]] == [
        "http://testserver/fr/participants/veldhoven/"
    ]
    assert french["features"][0]["properties"]["country_name"] == "Pays-Bas"


@pytest.mark.parametrize("locale", ["xx", "../etc", "EN"])
def test_geojson_bad_locale_is_a_clear_400(client, index_en, locale):
    response = client.get("/api/participants.geojson", {"locale": locale})
    assert response.status_code == 400
    assert "Unknown locale" in response.json()["error"]
    assert "en, fr" in response.json()["error"]


def test_geojson_refuses_post(client, index_en):
    assert client.post("/api/participants.geojson").status_code == 405


def _bulk(index, count: int) -> None:
    for n in range(count):
        ParticipantPageFactory(
            parent=index, title=f"Town {n:03d}", country=["NL", "LT", "FR"][n % 3]
        )


@pytest.mark.parametrize("count", [10, 200])
def test_index_page_query_count_is_constant(client, index_en, count, django_assert_num_queries):
    _bulk(index_en, count)
    client.get("/en/participants/")  # warm the site-root cache, as on a running site
    with django_assert_num_queries(INDEX_QUERIES):
        response = client.get("/en/participants/")
    # The table shows one page of rows (deliberate change, #23); the map all of them.
    rows = min(count, PARTICIPANTS_PER_PAGE)
    assert response.content.decode().count('<th scope="row"><a href=') == rows


@pytest.mark.parametrize("count", [10, 200])
def test_geojson_query_count_is_constant(client, index_en, count, django_assert_num_queries):
    _bulk(index_en, count)
    client.get("/api/participants.geojson")
    with django_assert_num_queries(GEOJSON_QUERIES):
        response = client.get("/api/participants.geojson?locale=en")
    assert len(response.json()["features"]) == count


# Includes the translation notice's one query and the live alert banners' one (each a
# fragment when the fragment cache is on). The private sections and the locales are read
# once per request, and serving the page reads no ancestors for restrictions on a site
# without any (cms/core/reading.py; 26 before); the home page and its menu are one
# query, and the language links share the translation notice's group (17 before). The
# footer's site settings come with the request's site, and the French home page the
# language links fall back to with the English header (one read of the homes and the
# pages below them, cms/core/reading.py; #19: 15 before). Routing takes the root as a
# home page with the site and the participants page from the homes' read (#19: -2).
INDEX_QUERIES = 11
GEOJSON_QUERIES = 4
