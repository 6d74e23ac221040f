"""The GeoJSON of the participants is kept per publish: a second request reads it from
the cache, and a publish, unpublish or move shows at once (issue #23)."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext

from participants.listing import PARTICIPANTS_PER_PAGE
from tests.participants.factories import ParticipantPageFactory
from tests.shared_data import clear_caches

pytestmark = pytest.mark.django_db
URL = "/api/participants.geojson?locale=en"
# With the fragment cache on, a second view of the index reads all it shows from it
# (route, chrome, ids, rows and markers, statistics), whatever the number of profiles.
INDEX_QUERIES_CACHED = 0


def town(index, title: str, **fields):
    return ParticipantPageFactory(
        parent=index,
        title=title,
        slug=title.lower().replace(" ", "-"),
        latitude=Decimal("51.4"),
        longitude=Decimal("5.4"),
        **fields,
    )


def names(client) -> list[str]:
    response = client.get(URL)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    return [feature["properties"]["name"] for feature in response.json()["features"]]


@pytest.mark.parametrize("count", [5, 60])
def test_second_request_reads_no_database(client, fragments, index_en, count):
    for number in range(count):
        town(index_en, f"Town {number:03d}")
    first = client.get(URL).content
    with CaptureQueriesContext(connection) as queries:
        second = client.get(URL)
    assert second.content == first
    assert len(second.json()["features"]) == count
    assert len(queries) == 0
    assert second["Access-Control-Allow-Origin"] == "*"


def test_publish_unpublish_and_move_show_at_once(
    client, fragments, index_en, home_en, django_capture_on_commit_callbacks
):
    """The generation is bumped when the publish's transaction commits."""
    veldhoven = town(index_en, "Veldhoven")
    assert names(client) == ["Veldhoven"]

    trakai = town(index_en, "Trakai", live=False)
    assert names(client) == ["Veldhoven"]
    with django_capture_on_commit_callbacks(execute=True):
        trakai.save_revision().publish()
    assert names(client) == ["Trakai", "Veldhoven"]

    trakai.refresh_from_db()  # live since the publish of its revision
    with django_capture_on_commit_callbacks(execute=True):
        trakai.unpublish()
    assert names(client) == ["Veldhoven"]

    veldhoven.title = "Veldhoven (NL)"
    with django_capture_on_commit_callbacks(execute=True):
        veldhoven.save_revision().publish()
    assert names(client) == ["Veldhoven (NL)"]

    other_index = index_en.copy(
        to=home_en, update_attrs={"slug": "participants-2", "title": "Others"}
    )
    with django_capture_on_commit_callbacks(execute=True):
        veldhoven.move(other_index, pos="last-child")
    urls = [f["properties"]["url"] for f in client.get(URL).json()["features"]]
    assert urls == ["http://testserver/en/participants-2/veldhoven/"]


def index_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/en/participants/")
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("count", [5, 60])
def test_index_reads_its_list_from_the_cache(client, fragments, index_en, count):
    for number in range(count):
        town(index_en, f"Town {number:03d}")
    client.get("/en/participants/")
    assert index_queries(client) == INDEX_QUERIES_CACHED


def test_index_shows_a_new_participant_at_once(
    client, fragments, index_en, django_capture_on_commit_callbacks
):
    town(index_en, "Veldhoven")
    client.get("/en/participants/")
    trakai = town(index_en, "Trakai", live=False)
    with django_capture_on_commit_callbacks(execute=True):
        trakai.save_revision().publish()
    html = client.get("/en/participants/").content.decode()
    assert "Trakai" in html
    assert '"name": "Trakai"' in html  # on the map too


def table_names(html: str) -> list[str]:
    soup = BeautifulSoup(html, "html.parser")
    return [a.get_text() for a in soup.select(".participant-table tbody th a")]


def map_names(html: str) -> list[str]:
    soup = BeautifulSoup(html, "html.parser")
    data = json.loads(soup.find("script", id="participant-map-data").string)
    return [feature["properties"]["name"] for feature in data["features"]]


@pytest.mark.parametrize("cache_on", [False, True])
def test_index_table_is_paginated_and_the_map_shows_everyone(client, settings, index_en, cache_on):
    settings.FRAGMENT_CACHE_SECONDS = 600 if cache_on else 0
    clear_caches()
    total = PARTICIPANTS_PER_PAGE + 5
    for number in range(total):
        town(index_en, f"Town {number:03d}")

    first = client.get("/en/participants/").content.decode()
    assert table_names(first) == [f"Town {n:03d}" for n in range(PARTICIPANTS_PER_PAGE)]
    assert len(map_names(first)) == total
    assert f"{total} participants" in first
    assert 'href="?page=2"' in first

    second = client.get("/en/participants/?page=2").content.decode()
    assert table_names(second) == [f"Town {n:03d}" for n in range(PARTICIPANTS_PER_PAGE, total)]
    assert len(map_names(second)) == total
    assert 'href="?page=1"' in second

    filtered = client.get("/en/participants/?sort=name&page=2").content.decode()
    assert 'href="?sort=name&amp;page=1"' in filtered
    clear_caches()
