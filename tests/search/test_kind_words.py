"""A query that names a kind of content ranks that kind first, on either database (#19):
"Lithuania seminar" is the seminar report, not the Lithuanian cities' profiles that also
mention a seminar."""

from __future__ import annotations

import pytest
from wagtail.models import Locale

from search.engine import normalise_query, search_pages
from tests.shared_data import load_demo

pytestmark = pytest.mark.django_db

REPORT = {
    "en": "First national seminar on Roma inclusion at local level held in Lithuania",
    "fr": "Premier séminaire national sur l’inclusion des Roms au niveau local en Lituanie",
}


def titles(language: str, query: str) -> list[str]:
    locale = Locale.objects.get(language_code=language)
    return [page.title for page in search_pages(normalise_query(query), locale).results[:5]]


@pytest.mark.parametrize(
    "language, query",
    [("en", "Lithuania seminar"), ("fr", "séminaire Lituanie"), ("fr", "seminaire lituanie")],
)
def test_a_query_naming_seminars_ranks_the_seminar_report_first(language, query):
    load_demo()
    assert titles(language, query)[0] == REPORT[language]


def test_without_a_kind_word_the_backends_order_stands():
    load_demo()
    # "Vilnius" names no kind: the city's profile, the best match, stays first.
    assert titles("en", "Vilnius")[0] == "Vilnius City Municipality"
