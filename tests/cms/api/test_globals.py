"""``/api/v2/globals/`` and ``/api/v3/globals/``: the chrome of the site in one language,
the same in both APIs and the same as the rendered header and footer."""

from __future__ import annotations

import pytest
from django.core.cache import caches
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction, Site

pytestmark = pytest.mark.django_db
APIS = ("/api/v2/globals/", "/api/v3/globals/")


def both(client: Client, query: str = "", **headers: str) -> dict:
    """The v2 answer, after checking that v3 gives exactly the same."""
    answers = []
    for api in APIS:
        response = client.get(f"{api}{query}", headers=headers)
        assert response.status_code == 200, (api, response.content[:300])
        answers.append(response.json())
    assert answers[0] == answers[1]
    return answers[0]


@pytest.fixture
def origin(site) -> str:
    return Site.objects.get(is_default_site=True).root_url


@pytest.fixture
def in_menu(site):
    for page in (site.news_en, site.news_fr):
        page.show_in_menus = True
        page.save_revision().publish()
    return site


def test_french_chrome_is_in_french_with_public_addresses(client, in_menu, origin):
    data = both(client, "?locale=fr")
    assert data["locale"] == "fr"
    assert data["site_name"].startswith("Alliance européenne des villes")
    assert data["home"]["url"] == f"{origin}/fr/"
    assert {"id": in_menu.news_fr.pk, "title": "Actualités", "url": f"{origin}/fr/actualites/"} in (
        data["navigation"]
    )
    assert data["footer"]["text"].startswith("L’Alliance agit sous l’égide du Congrès")
    assert data["footer"]["feeds"]["rss"] == f"{origin}/fr/actualites/feed/rss/"
    assert [(lang["code"], lang["url"], lang["is_current"]) for lang in data["languages"]] == [
        ("en", f"{origin}/en/", False),
        ("fr", f"{origin}/fr/", True),
    ]
    assert data["alerts"] == []


def test_the_site_default_language_without_a_locale(client, in_menu):
    data = both(client)
    assert data["locale"] == "en"
    assert "News" in [item["title"] for item in data["navigation"]]


def test_the_header_of_the_rendered_site_lists_the_same_menu(client, in_menu, origin):
    menu = [(item["title"], item["url"]) for item in both(client, "?locale=fr")["navigation"]]
    html = client.get("/fr/").content.decode()
    for title, url in menu:
        assert f'href="{url.removeprefix(origin)}"' in html and title in html


def test_languages_give_the_same_page_in_each_language(client, site, origin):
    languages = both(client, f"?locale=fr&page={site.report_fr.pk}")["languages"]
    assert [(lang["code"], lang["url"], lang["is_translated"]) for lang in languages] == [
        ("en", f"{origin}/en/news/lithuania-seminar/", True),
        ("fr", f"{origin}/fr/actualites/seminaire-lituanie/", True),
    ]
    # An untranslated page: French links to the French home page, and says so.
    languages = both(client, f"?locale=en&page={site.article.pk}")["languages"]
    assert [(lang["code"], lang["url"], lang["is_translated"]) for lang in languages] == [
        ("en", f"{origin}/en/news/housing-news/", True),
        ("fr", f"{origin}/fr/", False),
    ]


def test_a_draft_or_private_page_is_not_found(client, site):
    restricted = site.report
    PageViewRestriction.objects.create(page=restricted, restriction_type="login")
    for page in (site.draft, restricted):
        for api in APIS:
            response = client.get(f"{api}?page={page.pk}")
            assert response.status_code == 404, (api, page)
            assert "lithuania" not in response.content.decode().lower()


@pytest.mark.parametrize(
    ("query", "named"),
    [
        ("?locale=xx", "locale"),
        ("?page=abc", "page"),
        ("?page=0", "page"),
        ("?page=9" * 12, "page"),
    ],
)
def test_bad_input_is_a_400_in_the_clients_language(client, site, query, named):
    v2 = client.get(f"/api/v2/globals/{query}", headers={"Accept-Language": "fr"})
    v3 = client.get(f"/api/v3/globals/{query}", headers={"Accept-Language": "fr"})
    assert (v2.status_code, v3.status_code) == (400, 400)
    assert v2.json()["message"].startswith(f"{named} : ")
    assert v3.json()["detail"] == v2.json()["message"]
    assert v3["Content-Type"] == "application/problem+json"


def test_one_cached_answer_until_something_is_published(
    client, in_menu, settings, django_capture_on_commit_callbacks
):
    settings.FRAGMENT_CACHE_SECONDS = 600
    caches["default"].clear()
    both(client, "?locale=fr")
    with CaptureQueriesContext(connection) as queries:
        client.get("/api/v2/globals/?locale=fr")
    warm = len(queries)
    assert warm <= 3, [query["sql"][:120] for query in queries]
    news = in_menu.news_fr
    news.title = "Les nouvelles"
    with django_capture_on_commit_callbacks(execute=True):
        news.save_revision().publish()
    titles = [item["title"] for item in both(client, "?locale=fr")["navigation"]]
    assert "Les nouvelles" in titles and "Actualités" not in titles
    caches["default"].clear()


def test_the_contract_documents_the_endpoint(client):
    document = client.get("/api/v3/openapi.json").json()
    operation = document["paths"]["/api/v3/globals/"]["get"]
    assert set(operation["responses"]) >= {"200", "400", "404"}
    assert "security" not in operation or {} in operation["security"]
