"""A query that names a kind of content ranks that kind first, on either database (#19):
"Lithuania seminar" is the seminar report, not the Lithuanian cities' profiles that also
mention a seminar; "Veldhoven news" the news item, not the city's profile; "news" alone
is still the news list."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from wagtail.models import Locale

from search.engine import normalise_query, search_pages
from tests.shared_data import load_demo, rolled_back

pytestmark = pytest.mark.django_db

REPORT_EN = "First national seminar on Roma inclusion at local level held in Lithuania"
REPORT_FR = "Premier séminaire national sur l’inclusion des Roms au niveau local en Lituanie"


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker) -> Iterator[None]:
    yield from rolled_back(django_db_blocker, load_demo)


def titles(language: str, query: str) -> list[str]:
    locale = Locale.objects.get(language_code=language)
    return [page.title for page in search_pages(normalise_query(query), locale).results[:5]]


@pytest.mark.parametrize(
    "language, query, first",
    [
        ("en", "Lithuania seminar", REPORT_EN),
        ("fr", "séminaire Lituanie", REPORT_FR),
        ("fr", "seminaire lituanie", REPORT_FR),
        ("en", "Veldhoven news", "Veldhoven shares its experience with Lithuanian members"),
        (
            "fr",
            "actualites Veldhoven",
            "Veldhoven partage son expérience avec les membres lituaniens",
        ),
        ("en", "news", "News"),
        # No kind named: the city's profile, the best match, stays first.
        ("en", "Vilnius", "Vilnius City Municipality"),
    ],
)
def test_a_query_naming_a_kind_ranks_that_kind_first(demo, language, query, first):
    assert titles(language, query)[0] == first
