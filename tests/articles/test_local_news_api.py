"""Local news (#20) in search and both APIs: the search page credits the contributing
authority, API v2 and v3 name it (``contributed_by``: id, title, country, url), drafts
never appear, and the new field reads the authorities of a listing in one query,
whatever its length."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from participants.models import ParticipantPage
from tests.articles.local_news_factories import LocalNewsPageFactory
from tests.participants.factories import ParticipantIndexPageFactory, ParticipantPageFactory

pytestmark = pytest.mark.django_db

V2_LISTING = "/api/v2/pages/?type=articles.LocalNewsPage&fields=contributed_by,written_in,kind"


@pytest.fixture
def veldhoven(home_en) -> ParticipantPage:
    participants = ParticipantIndexPageFactory(parent=home_en)
    return ParticipantPageFactory(
        parent=participants, title="Veldhoven", slug="veldhoven", country="NL"
    )


def published(parent, **fields):
    """Local news published as an editor would (publication dates, search index)."""
    page = LocalNewsPageFactory(parent=parent, **fields)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def drafted(parent, **fields):
    page = LocalNewsPageFactory(parent=parent, **fields)
    page.unpublish()
    return page


def expected_authority(profile: ParticipantPage) -> dict:
    return {
        "id": profile.pk,
        "title": "Veldhoven",
        "country": "NL",
        "url": f"http://testserver{profile.url}",
    }


def test_search_page_credits_the_authority_and_hides_drafts(client: Client, veldhoven):
    published(veldhoven, title="Mediators in schools", slug="mediators", standfirst="Mediators.")
    drafted(veldhoven, title="Mediators draft", slug="mediators-draft", standfirst="Mediators.")
    response = client.get("/en/search/?q=mediators")
    assert response.status_code == 200
    html = BeautifulSoup(response.content, "html.parser")
    results = html.select(".search-result")
    assert [r.select_one("h3 a").get_text() for r in results] == ["Mediators in schools"]
    assert results[0].select_one(".result-credit").get_text() == (
        "Contributed by Veldhoven, Netherlands"
    )
    assert results[0].select_one(".result-type").get_text() == "Local news"


def test_api_v2_search_finds_published_local_news_only(client: Client, veldhoven):
    published(veldhoven, title="Mediators in schools", slug="mediators", standfirst="Mediators.")
    drafted(veldhoven, title="Mediators draft", slug="mediators-draft", standfirst="Mediators.")
    response = client.get(f"{V2_LISTING}&search=mediators")
    assert response.status_code == 200, response.content
    items = response.json()["items"]
    assert [item["title"] for item in items] == ["Mediators in schools"]
    assert items[0]["contributed_by"] == expected_authority(veldhoven)


def test_api_v2_names_the_contributing_authority(client: Client, veldhoven):
    news = published(veldhoven, title="Good practice", slug="good", kind="good-practice")
    drafted(veldhoven, title="Draft", slug="draft")
    listing = client.get(V2_LISTING).json()["items"]
    assert [item["title"] for item in listing] == ["Good practice"]
    assert listing[0]["contributed_by"] == expected_authority(veldhoven)
    assert listing[0]["kind"] == "good-practice"
    assert listing[0]["written_in"] == "en"
    detail = client.get(f"/api/v2/pages/{news.pk}/").json()
    assert detail["contributed_by"] == expected_authority(veldhoven)
    assert detail["meta"]["type"] == "articles.LocalNewsPage"


def test_api_v3_names_the_contributing_authority(client: Client, veldhoven):
    news = published(veldhoven, title="Good practice", slug="good")
    draft = drafted(veldhoven, title="Draft", slug="draft")
    detail = client.get(f"/api/v3/pages/{news.pk}/")
    assert detail.status_code == 200, detail.content
    assert detail.json()["contributed_by"] == expected_authority(veldhoven)
    assert client.get(f"/api/v3/pages/{draft.pk}/").status_code == 404
    items = client.get("/api/v3/pages/?limit=100").json()["items"]
    assert "Draft" not in [item["title"] for item in items]


def test_the_authority_is_null_when_its_profile_is_not_public(client: Client, veldhoven):
    news = published(veldhoven, title="Good practice", slug="good")
    veldhoven.unpublish()
    # The news is still live (Wagtail leaves children alone) but credits no hidden page.
    assert client.get(f"/api/v2/pages/{news.pk}/").json()["contributed_by"] is None


def _listing_queries(client: Client) -> int:
    client.get(V2_LISTING)  # caches of a first request
    with CaptureQueriesContext(connection) as queries:
        response = client.get(V2_LISTING)
    assert response.status_code == 200
    return len(queries)


def test_the_field_costs_the_same_for_2_and_12_items(client: Client, veldhoven, home_en):
    other = ParticipantPageFactory(parent=veldhoven.get_parent(), title="Trakai", country="LT")
    for number in range(2):
        published(veldhoven if number % 2 else other, slug=f"news-{number}")
    two = _listing_queries(client)
    for number in range(2, 12):
        published(veldhoven if number % 2 else other, slug=f"news-{number}")
    twelve = _listing_queries(client)
    items = client.get(V2_LISTING).json()["items"]
    assert len(items) == 12
    assert {item["contributed_by"]["title"] for item in items} == {"Veldhoven", "Trakai"}
    assert two == twelve


def test_the_search_page_narrows_to_local_news(client: Client, veldhoven):
    published(veldhoven, title="Mediators in schools", slug="mediators", standfirst="Mediators.")
    html = BeautifulSoup(client.get("/en/search/?q=mediators").content, "html.parser")
    offered = [a.get_text(" ", strip=True) for a in html.select(".search-facet a")]
    assert any(text.startswith("Local news") for text in offered), offered
    narrowed = client.get("/en/search/?q=mediators&type=articles.localnewspage")
    titles = [
        a.get_text()
        for a in BeautifulSoup(narrowed.content, "html.parser").select(".search-result h3 a")
    ]
    assert titles == ["Mediators in schools"]
