"""PostgreSQL: each locale is stemmed in its own language and accents do not matter."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.db import connection
from django.test import Client

from tests.search.conftest import standard_page
from tests.search.test_search_page import result_titles
from tests.shared_data import bilingual_home, rolled_back

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


def build_bilingual() -> None:
    home_en, home_fr = bilingual_home()
    standard_page(home_en, "Seminar in Vilnius", "A seminar on housing for Roma families.")
    standard_page(home_fr, "Séminaire à Vilnius", "Un séminaire sur le logement des Roms.")
    standard_page(home_fr, "Scolarisation", "Des médiateurs scolaires à Kirtimų.")


@pytest.fixture(scope="module")
def bilingual(django_db_setup, django_db_blocker) -> Iterator[None]:
    """Built once for the module (they were built for each test) inside a transaction
    rolled back when the module ends; each test's own transaction is rolled back after
    it, so every test starts from these same pages (tests/shared_data.py)."""
    yield from rolled_back(django_db_blocker, build_bilingual)


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/en/search/?q=seminars", ["Seminar in Vilnius"]),
        ("/en/search/?q=houses", ["Seminar in Vilnius"]),
        ("/fr/search/?q=logements", ["Séminaire à Vilnius"]),
        ("/fr/search/?q=seminaires", ["Séminaire à Vilnius"]),
        ("/fr/search/?q=seminaire", ["Séminaire à Vilnius"]),
        ("/fr/search/?q=SÉMINAIRE", ["Séminaire à Vilnius"]),
        ("/fr/search/?q=mediateur", ["Scolarisation"]),
        ("/fr/search/?q=Kirtimu", ["Scolarisation"]),
    ],
)
def test_stemming_and_accents(client: Client, bilingual, path, expected):
    assert result_titles(client.get(path)) == expected


def test_each_locale_is_indexed_with_its_own_configuration(bilingual):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT p.title, e.body::text FROM wagtailsearch_indexentry e"
            " JOIN wagtailcore_page p ON p.id::text = e.object_id"
            " WHERE p.title IN ('Seminar in Vilnius', 'Séminaire à Vilnius')"
        )
        bodies = dict(cursor.fetchall())
    assert "'hous'" in bodies["Seminar in Vilnius"]  # English stemmer, stop words dropped
    assert "'log'" in bodies["Séminaire à Vilnius"]  # French stemmer
    assert "seminair" in bodies["Séminaire à Vilnius"]  # unaccented


def test_autocomplete_ignores_accents(client: Client, bilingual):
    results = client.get("/fr/search/autocomplete/?q=semin").json()["results"]
    assert [result["title"] for result in results] == ["Séminaire à Vilnius"]


def test_api_searches_in_the_requested_language(client: Client, bilingual):
    response = client.get("/api/v2/pages/?search=logements&locale=fr&fields=title")
    assert [item["title"] for item in response.json()["items"]] == ["Séminaire à Vilnius"]
