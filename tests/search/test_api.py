"""Search through API v2: the locale's language, the same visibility rules, facets."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def api(client: Client, query: str):
    return client.get(f"/api/v2/pages/?{query}")


def titles(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [item["title"] for item in response.json()["items"]]


def test_search_is_limited_to_the_requested_locale(client: Client, pages):
    assert titles(api(client, "search=Kirtimai&locale=fr&fields=title")) == [
        "Le logement à Kirtimai"
    ]
    assert titles(api(client, "search=Kirtimai&locale=en&fields=title")) == ["Housing in Kirtimai"]


def test_drafts_and_private_pages_are_never_found(client: Client, pages):
    assert titles(api(client, "search=housing&locale=en")) == ["Housing in Kirtimai"]
    assert titles(api(client, "search=secret")) == []
    assert titles(api(client, "search=memo")) == []


def test_facets_are_in_the_meta(client: Client, pages):
    meta = api(client, "search=housing&locale=en").json()["meta"]
    assert meta["total_count"] == 1
    assert meta["facets"]["type"] == [
        {"value": "home.standardpage", "label": "Standard pages", "count": 1}
    ]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("search=housing&country=ZZ", "unknown country"),
        ("search=housing&topic=nope", "unknown topic"),
        ("search=housing&search_operator=xor", "search_operator"),
        ("search=housing&locale=en&unknown=1", "not an operation or a recognised field"),
        ("search=housing&locale=en&order=random", "cannot order by '?' while searching"),
    ],
)
def test_bad_parameters_get_a_400_with_a_reason(client: Client, pages, query, message):
    response = api(client, query)
    assert response.status_code == 400
    assert message in response.json()["message"]


@pytest.mark.parametrize("search", ["", "%27%3B--", "%7B%7B7*7%7D%7D", "x" * 1000, "%22%28*"])
def test_odd_queries_return_json_not_errors(client: Client, pages, search):
    response = api(client, f"search={search}&locale=en")
    assert response.status_code == 200
    assert response.json()["items"] == []
