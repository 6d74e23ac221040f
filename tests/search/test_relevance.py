"""The relevance set: what visitors type, and the page that must come first.

Runs against the demo content on both database backends (PostgreSQL with its stemmers,
SQLite FTS5 with search/backend_sqlite.py's weights and light stemming) and pins
precision@1 and precision@3 (share of queries whose expected page comes first, or among
the first three); run with `-s` to see each query's ranking.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from wagtail.models import Locale

from search.engine import normalise_query, search_pages
from tests.shared_data import load_demo, rolled_back

pytestmark = pytest.mark.django_db

# A query naming a country ranks that country's pages (profiles, seminar reports,
# articles with its members, its members' local news) after titles with the query's
# words and before pages that only mention it (issue #19, search.countries.country_pages).
# Each of these must come first on both backends (test_country_queries_rank_...).
COUNTRY_QUERIES = [
    ("en", "Lithuania", "First national seminar on Roma inclusion at local level held in Lithuania"),  # noqa: E501
    ("fr", "Lituanie", "Premier séminaire national sur l’inclusion des Roms au niveau local en Lituanie"),  # noqa: E501
    ("en", "Slovakia families", "Nový Breh"),
    ("fr", "Slovaquie familles", "Nový Breh"),
    ("en", "Bulgaria housing", "Zlatna Reka"),
    ("fr", "Bulgarie logement", "Zlatna Reka"),
    ("en", "Netherlands", "Veldhoven"),
    ("fr", "Pays-Bas", "Veldhoven"),
]  # fmt: skip

# (language, query, title of the page that must come first)
RELEVANCE_SET = [
    ("en", "housing Lithuania", "First national seminar on Roma inclusion at local level held in Lithuania"),  # noqa: E501
    ("en", "seminar Spain", "National seminar on Roma inclusion in Spain"),
    ("en", "seminars Serbia", "National seminar on Roma inclusion in Serbia"),
    ("en", "seminar France", "National seminar on Roma inclusion in France"),
    ("en", "Veldhoven", "Veldhoven"),
    ("en", "Vilnius", "Vilnius City Municipality"),
    ("en", "Trakai", "Trakai District Municipality"),
    ("en", "Kaunas district", "Kaunas District Municipality"),
    ("en", "vote", "Roma representatives encouraged to stand for office and to vote"),
    ("en", "join", "Join the Alliance"),
    ("en", "privacy", "Privacy notice"),
    ("en", "legal notice", "Legal notice"),
    ("en", "working languages", "Working languages"),
    ("en", "about the alliance", "About the Alliance"),
    ("en", "Lithuanian members", "Veldhoven shares its experience with Lithuanian members"),
    ("en", "Campoalto", "Campoalto"),
    ("en", "Zlatna Reka", "Zlatna Reka"),
    ("en", "news", "News"),
    ("en", "participants", "Participants"),
    # Participant profiles by country name (indexed in the page's language).
    ("en", "Kaunas Lithuania", "Kaunas District Municipality"),
    ("en", "Romania county", "Dealu Mare County"),
    ("en", "Spain region", "Sierra Media Region"),
    ("fr", "logement Lituanie", "Premier séminaire national sur l’inclusion des Roms au niveau local en Lituanie"),  # noqa: E501
    ("fr", "séminaire Espagne", "Séminaire national sur l’inclusion des Roms en Espagne"),
    ("fr", "seminaire serbie", "Séminaire national sur l’inclusion des Roms en Serbie"),
    ("fr", "séminaires France", "Séminaire national sur l’inclusion des Roms en France"),
    ("fr", "rejoindre", "Rejoindre l’Alliance"),
    ("fr", "confidentialite", "Politique de confidentialité"),
    ("fr", "mentions legales", "Mentions légales"),
    ("fr", "a propos", "À propos de l’Alliance"),
    ("fr", "candidats voter", "Les représentants roms encouragés à se porter candidats et à voter"),
    ("fr", "niveaux de gouvernement", "Les séminaires nationaux réunissent tous les niveaux de gouvernement"),  # noqa: E501
    ("fr", "Veldhoven experience", "Veldhoven partage son expérience avec les membres lituaniens"),
    ("fr", "Horna Lucka", "Horná Lúčka"),
    ("fr", "actualites", "Actualités"),
    ("fr", "Saint-Aubin-des-Pres", "Saint-Aubin-des-Prés"),
    ("fr", "Valea Verde", "Valea Verde"),
    ("fr", "Kaunas Lituanie", "Kaunas District Municipality"),
    ("fr", "Espagne région", "Sierra Media Region"),
    # A query naming a kind of content favours that kind (search.engine.KIND_WORDS).
    ("en", "Lithuania seminar", "First national seminar on Roma inclusion at local level held in Lithuania"),  # noqa: E501
    ("fr", "séminaire Lituanie", "Premier séminaire national sur l’inclusion des Roms au niveau local en Lituanie"),  # noqa: E501
    ("en", "Veldhoven news", "Veldhoven shares its experience with Lithuanian members"),
    ("fr", "actualités Veldhoven", "Veldhoven partage son expérience avec les membres lituaniens"),
    *COUNTRY_QUERIES,
]  # fmt: skip


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker) -> Iterator[None]:
    yield from rolled_back(django_db_blocker, load_demo)


def top_three(language: str, query: str) -> list[str]:
    locale = Locale.objects.get(language_code=language)
    outcome = search_pages(normalise_query(query), locale)
    return [page.title for page in outcome.results[:3]]


def test_relevance_set_on_the_demo_content(demo):
    at_1 = at_3 = 0
    misses = []
    for language, query, expected in RELEVANCE_SET:
        top = top_three(language, query)
        print(f"{language} {query!r}: {top}")
        at_1 += bool(top) and top[0] == expected
        at_3 += expected in top
        if not top or top[0] != expected:
            misses.append((language, query, expected, top))
    total = len(RELEVANCE_SET)
    print(f"precision@1 = {at_1}/{total} = {at_1 / total:.2f}")
    print(f"precision@3 = {at_3}/{total} = {at_3 / total:.2f}")
    assert total >= 40
    assert {language for language, _, _ in RELEVANCE_SET} == {"en", "fr"}
    # Both backends place every expected page in the first three, and all but a few
    # first (43/43 at both ranks on PostgreSQL and SQLite when written; 51/51 with the
    # country queries of #19).
    assert at_1 / total >= 0.9, misses
    assert at_3 / total >= 0.95, misses


def test_country_queries_rank_the_countrys_page_first(demo):
    """Before #19, "Lithuania" put "Veldhoven shares its experience with Lithuanian
    members" first on SQLite, and "Slovakia families" or "Bulgaria housing" a seminar
    report that mentions the country first on PostgreSQL."""
    misses = []
    for language, query, expected in COUNTRY_QUERIES:
        top = top_three(language, query)
        if top[:1] != [expected]:
            misses.append((language, query, expected, top))
    assert not misses
