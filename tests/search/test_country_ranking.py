"""A country named in a query weighs more than body text, on both databases (issue #19).

A profile's country name was one of its body fields: "Lithuania" ranked a Dutch city's
profile that mentions Lithuania in its text above the Lithuanian members' own. Now the
pages of a country the query names (its members' profiles, its seminar reports, articles
its members took part in, its members' local news) come after pages with more of the
query's words in their title, and before pages that only mention the country.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.test import Client
from wagtail.models import Locale, Page
from wagtail.rich_text import RichText

from articles.links import ArticleParticipant
from search.countries import named_countries
from tests.articles.factories import (
    ArticleIndexPageFactory,
    ArticlePageFactory,
    SeminarReportPageFactory,
)
from tests.articles.local_news_factories import LocalNewsPageFactory
from tests.participants.factories import ParticipantIndexPageFactory, ParticipantPageFactory
from tests.search.conftest import standard_page
from tests.search.test_countries import french_version
from tests.search.test_search_page import result_titles
from tests.shared_data import bilingual_home, rolled_back

pytestmark = pytest.mark.django_db

# Mentions a country five times in its text: the best body match of the query.
TALKATIVE = "Lithuania, Lithuania and Lithuania: mediators back from Lithuania and Lithuania."


def publish(page: Page) -> Page:
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def paragraph(text: str) -> list:
    return [("paragraph", RichText(f"<p>{text}</p>"))]


def build_country_pages() -> dict[str, Page]:
    home_en, home_fr = bilingual_home()
    locales = {"fr": Locale.objects.get(language_code="fr")}
    index = publish(ParticipantIndexPageFactory(parent=home_en))
    french_version(index, locales)
    news = publish(ArticleIndexPageFactory(parent=home_en))
    alytus = publish(
        ParticipantPageFactory(
            parent=index, title="Alytus", country="LT", description=paragraph("Roma mediators.")
        )
    )
    pages = {
        "profile": alytus,
        "french profile": french_version(alytus, locales, "Alytus (fr)"),
        "report": publish(
            SeminarReportPageFactory(
                parent=news, title="Mediators meet", country="LT", body=paragraph("Lithuania.")
            )
        ),
        "article": publish(
            ArticlePageFactory(parent=news, title="Exchange visit", body=paragraph("Lithuania."))
        ),
        "local news": publish(
            LocalNewsPageFactory(parent=alytus, title="Homework club", body=paragraph("Lithuania."))
        ),
        # A Dutch member's profile and a page that talk about Lithuania at length.
        "dutch profile": publish(
            ParticipantPageFactory(
                parent=index, title="Veldhoven", country="NL", description=paragraph(TALKATIVE)
            )
        ),
        "talkative": standard_page(home_en, "Mediators abroad", TALKATIVE),
        "french talkative": standard_page(
            home_fr, "Médiateurs à l’étranger", "Lituanie, Lituanie et encore la Lituanie."
        ),
    }
    ArticleParticipant.objects.create(page=pages["article"], participant=alytus)
    return pages


@pytest.fixture(scope="module")
def country_pages(django_db_setup, django_db_blocker) -> Iterator[dict[str, Page]]:
    """Built once for the module (they were built for each test: over a second apiece
    on PostgreSQL) inside a transaction rolled back when the module ends; each test's own
    transaction is rolled back after it, so every test starts from these same pages
    (tests/shared_data.py, `rolled_back`). The tests read titles only."""
    yield from rolled_back(django_db_blocker, build_country_pages)


def test_pages_of_the_country_come_before_pages_that_mention_it(client: Client, country_pages):
    titles = result_titles(client.get("/en/search/?q=Lithuania"))
    of_lithuania = {"Alytus", "Mediators meet", "Exchange visit", "Homework club"}
    assert set(titles[:4]) == of_lithuania, titles
    assert set(titles[4:]) == {"Veldhoven", "Mediators abroad"}, titles


def test_the_french_name_ranks_the_french_profile_first(client: Client, country_pages):
    titles = result_titles(client.get("/fr/search/?q=Lituanie"))
    assert titles == ["Alytus (fr)", "Médiateurs à l’étranger"]


def test_a_title_with_the_word_still_comes_before_the_country(
    client: Client, home_en, country_pages
):
    standard_page(home_en, "Lithuania at a glance", "Facts and figures.")
    titles = result_titles(client.get("/en/search/?q=Lithuania"))
    assert titles[0] == "Lithuania at a glance"
    assert set(titles[1:5]) == {"Alytus", "Mediators meet", "Exchange visit", "Homework club"}


def test_title_words_then_the_country_then_body_text(client: Client, country_pages):
    # Pages with both words: a title with "mediators" and of Lithuania, a title with
    # "mediators", a Lithuanian profile, then a Dutch one whose text says both.
    titles = result_titles(client.get("/en/search/?q=mediators+Lithuania"))
    assert titles == ["Mediators meet", "Mediators abroad", "Alytus", "Veldhoven"]


@pytest.mark.parametrize(
    ("query", "codes"),
    [
        ("Lithuania", {"LT"}),
        ("lituanie", {"LT"}),
        ("Pays-Bas schools", {"NL"}),
        ("pays bas", {"NL"}),
        ("Royaume-Uni", {"GB"}),
        ("seminar in the united kingdom", {"GB"}),
        ("Spain and Romania", {"ES", "RO"}),
        ("Lithuanian members", set()),
        ("Roma mediators", set()),
        ("", set()),
    ],
)
def test_country_names_in_either_language(query, codes):
    assert named_countries(query) == codes
