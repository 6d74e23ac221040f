"""The autocomplete endpoint behind the search boxes."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def titles(client: Client, url: str) -> list[str]:
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    return [result["title"] for result in response.json()["results"]]


def test_suggests_titles_of_the_locale_from_a_prefix(client: Client, pages):
    assert titles(client, "/en/search/autocomplete/?q=Hous") == ["Housing in Kirtimai"]
    assert titles(client, "/fr/search/autocomplete/?q=loge") == ["Le logement à Kirtimai"]
    result = client.get("/en/search/autocomplete/?q=kirt").json()["results"][0]
    assert result["url"] == pages["en"].url
    assert result["type"] == "standard page"


def test_never_suggests_drafts_or_private_pages(client: Client, pages):
    assert titles(client, "/en/search/autocomplete/?q=secret") == []
    assert titles(client, "/en/search/autocomplete/?q=private") == []


@pytest.mark.parametrize("query", ["", "a", "%27%22%3B--", "%7B%7B", "x" * 1000])
def test_bad_input_gives_an_empty_list(client: Client, pages, query):
    assert titles(client, f"/en/search/autocomplete/?q={query}") == []
