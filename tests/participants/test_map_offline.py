"""The participants map without a tile server: the country shapes shipped as a static
file (participants/map_data/), and the index page that points the map at them and
names the countries with participants in the visitor's language."""

from __future__ import annotations

import json
from itertools import pairwise
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.contrib.staticfiles import finders
from django.templatetags.static import static

from participants.demo import PROFILES
from participants.listing import MAP_SHAPES

SIZE_BUDGET = 300_000
# The 46 member states of the Council of Europe (since March 2022).
COUNCIL_OF_EUROPE = {
    *("AD", "AL", "AM", "AT", "AZ", "BA", "BE", "BG", "CH", "CY", "CZ", "DE", "DK", "EE"),
    *("ES", "FI", "FR", "GB", "GE", "GR", "HR", "HU", "IE", "IS", "IT", "LI", "LT", "LU"),
    *("LV", "MC", "MD", "ME", "MK", "MT", "NL", "NO", "PL", "PT", "RO", "RS", "SE", "SI"),
    *("SK", "SM", "TR", "UA"),
}


@pytest.fixture(scope="module")
def shapes_file() -> Path:
    found = finders.find(MAP_SHAPES)
    assert found, f"{MAP_SHAPES} is not a static file"
    return Path(found)


@pytest.fixture(scope="module")
def shapes(shapes_file) -> dict:
    return json.loads(shapes_file.read_text(encoding="utf-8"))


def polygons(geometry: dict) -> list:
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"]]
    assert geometry["type"] == "MultiPolygon"
    return geometry["coordinates"]


def test_the_shapes_are_a_small_geojson_feature_collection(shapes_file, shapes):
    assert shapes_file.stat().st_size < SIZE_BUDGET
    assert shapes["type"] == "FeatureCollection"
    assert "Natural Earth" in shapes["source"]
    assert len(shapes["features"]) > 60
    codes = [feature["properties"]["iso_a2"] for feature in shapes["features"]]
    assert len(codes) == len(set(codes)), "one feature per country"
    for feature in shapes["features"]:
        code = feature["properties"]["iso_a2"]
        assert feature["type"] == "Feature"
        assert len(code) == 2 and code.isascii() and code.isupper(), code
        for polygon in polygons(feature["geometry"]):
            for ring in polygon:
                assert len(ring) >= 4 and ring[0] == ring[-1], code
                assert all(-180 <= lon <= 180 and -90 <= lat <= 90 for lon, lat in ring), code
        lon, lat = feature["properties"]["label"]
        assert -40 <= lon <= 70 and 26 <= lat <= 75, code


def test_every_council_of_europe_member_and_demo_country_is_drawn(shapes):
    codes = {feature["properties"]["iso_a2"] for feature in shapes["features"]}
    assert COUNCIL_OF_EUROPE - codes == set()
    assert {profile.country for profile in PROFILES} - codes == set()
    assert {"FR", "LT", "RO", "BG", "SK", "HU", "ES", "NL"} <= codes


def test_a_label_lies_inside_its_country(shapes):
    """Where a member country's name is written: inside it, not in a neighbour."""

    def inside(point: list[float], ring: list[list[float]]) -> bool:
        x, y = point
        crossings = 0
        for (ax, ay), (bx, by) in pairwise(ring):
            if (ay > y) != (by > y) and x < (bx - ax) * (y - ay) / (by - ay) + ax:
                crossings += 1
        return crossings % 2 == 1

    for feature in shapes["features"]:
        point = feature["properties"]["label"]
        assert any(inside(point, polygon[0]) for polygon in polygons(feature["geometry"])), feature[
            "properties"
        ]["iso_a2"]


def test_how_the_shapes_were_made_is_written_down():
    notes = Path(__file__).resolve().parents[2] / "participants" / "map_data"
    readme = (notes / "README.md").read_text(encoding="utf-8")
    assert "public domain" in readme and "world-atlas" in readme and "2.0.2" in readme
    assert (notes / "convert.mjs").is_file()


def map_of(client, url: str) -> tuple[BeautifulSoup, dict[str, str]]:
    response = client.get(url)
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    names = soup.find("script", id="participant-map-countries")
    return soup, json.loads(names.string) if names else {}


@pytest.mark.django_db
def test_index_points_to_the_shapes_and_names_member_countries_in_its_language(
    client, index_fr, make_participant, locales
):
    for country in ("LT", "FR"):
        english = make_participant(country=country)
        english.copy_for_translation(locales["fr"]).save_revision().publish()
    make_participant(country="HU", status="former")

    soup, names = map_of(client, "/en/participants/")
    assert soup.find(id="participant-map")["data-shapes-url"] == static(MAP_SHAPES)
    # Countries with active participants only: a former one shades nothing.
    assert names == {"FR": "France", "LT": "Lithuania"}
    help_text = soup.find(id="map-help").get_text()
    assert "Countries with active participants are shaded and named." in help_text

    soup, names = map_of(client, "/fr/participants/")
    assert soup.find(id="participant-map")["data-shapes-url"] == static(MAP_SHAPES)
    assert names == {"FR": "France", "LT": "Lituanie"}
    assert "Les pays ayant des participants actifs sont colorés et portent leur nom." in (
        soup.find(id="map-help").get_text()
    )


@pytest.mark.django_db
def test_with_a_tile_server_no_shapes_are_sent(client, index_en, make_participant, settings):
    settings.MAP_TILE_URL = "https://tile.example.org/{z}/{x}/{y}.png"
    make_participant(country="LT")
    soup, names = map_of(client, "/en/participants/")
    assert soup.find(id="participant-map")["data-tile-url"] == settings.MAP_TILE_URL
    assert not soup.find(id="participant-map").has_attr("data-shapes-url")
    assert names == {}
    assert "shaded" not in soup.find(id="map-help").get_text()
