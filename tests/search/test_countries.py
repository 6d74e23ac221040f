"""Participant profiles are found by their country's name, in the visitor's language.

Profiles store an ISO code ("LT"); visitors type "Lithuania" or "Lituanie". The name is
indexed in the language of each page, so the French site answers to the French name and
the English site to the English one (both databases; stemming is PostgreSQL's bonus).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.test import Client
from wagtail.models import Locale, Page

from tests.participants.factories import ParticipantIndexPageFactory, ParticipantPageFactory
from tests.search.test_search_page import result_titles
from tests.shared_data import bilingual_home, rolled_back

pytestmark = pytest.mark.django_db


def publish(page: Page) -> Page:
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def french_version(page: Page, locales, title: str | None = None) -> Page:
    """The page's French translation, as a translator would publish it."""
    french = page.get_translation_or_none(locales["fr"]) or page.copy_for_translation(locales["fr"])
    french = french.specific
    french.alias_of = None  # the tree sync made an alias: make it a real translation
    french.title = title or page.title
    return publish(french)


def build_profiles() -> dict[str, Page]:
    home_en, _home_fr = bilingual_home()
    locales = {"fr": Locale.objects.get(language_code="fr")}
    index = publish(ParticipantIndexPageFactory(parent=home_en))
    french_version(index, locales)
    found = {
        title: publish(ParticipantPageFactory(parent=index, title=title, country=country))
        for title, country in [
            ("Vilnius City Municipality", "LT"),
            ("Trakai District Municipality", "LT"),
            ("Veldhoven", "NL"),
        ]
    }
    for title in ("Vilnius City Municipality", "Trakai District Municipality"):
        found[f"fr {title}"] = french_version(found[title], locales, f"{title} (fr)")
    found["fr Veldhoven"] = french_version(found["Veldhoven"], locales, "Veldhoven (fr)")
    return found


@pytest.fixture(scope="module")
def shared_profiles(django_db_setup, django_db_blocker) -> Iterator[dict[str, Page]]:
    """Built once for the module (they were built for each test: about a second apiece
    on PostgreSQL) inside a transaction rolled back when the module ends; each test's own
    transaction is rolled back after it, so every test starts from these same profiles
    (tests/shared_data.py, `rolled_back`)."""
    yield from rolled_back(django_db_blocker, build_profiles)


@pytest.fixture
def profiles(shared_profiles: dict[str, Page]) -> dict[str, Page]:
    """The shared profiles read afresh: a test that changes one in memory (a corrected
    country) leaves nothing behind for the next."""
    return {key: type(page).objects.get(pk=page.pk) for key, page in shared_profiles.items()}


LITHUANIAN_EN = ["Trakai District Municipality", "Vilnius City Municipality"]
LITHUANIAN_FR = ["Trakai District Municipality (fr)", "Vilnius City Municipality (fr)"]


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/en/search/?q=Lithuania", LITHUANIAN_EN),
        ("/en/search/?q=lithuania", LITHUANIAN_EN),
        ("/fr/search/?q=Lituanie", LITHUANIAN_FR),
        ("/en/search/?q=Netherlands", ["Veldhoven"]),
        ("/fr/search/?q=Pays-Bas", ["Veldhoven (fr)"]),
        # The name is indexed in the page's language, not in every language.
        ("/en/search/?q=Lituanie", []),
        ("/fr/search/?q=Netherlands", []),
    ],
)
def test_country_name_finds_the_profiles_in_the_visitors_language(
    client: Client, profiles, path, expected
):
    assert sorted(result_titles(client.get(path))) == expected


def test_country_name_narrows_together_with_other_words(client: Client, profiles):
    assert result_titles(client.get("/en/search/?q=Vilnius+Lithuania")) == [
        "Vilnius City Municipality"
    ]
    assert result_titles(client.get("/fr/search/?q=Trakai+Lituanie")) == [
        "Trakai District Municipality (fr)"
    ]


def test_api_search_finds_profiles_by_the_french_country_name(client: Client, profiles):
    response = client.get(
        "/api/v2/pages/?search=Lituanie&locale=fr&type=participants.ParticipantPage&fields=title"
    )
    assert response.status_code == 200, response.content
    assert sorted(item["title"] for item in response.json()["items"]) == LITHUANIAN_FR
    countries = response.json()["meta"]["facets"]["country"]
    assert countries == [{"value": "LT", "label": "Lituanie", "count": 2}]


def test_a_corrected_country_is_searchable_once_published(client: Client, profiles):
    veldhoven = profiles["Veldhoven"]
    veldhoven.country = "BE"
    publish(veldhoven)
    assert result_titles(client.get("/en/search/?q=Belgium")) == ["Veldhoven"]
    assert result_titles(client.get("/en/search/?q=Netherlands")) == []
