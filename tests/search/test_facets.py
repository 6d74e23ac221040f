"""Facets and paging over every match: what a visitor sees when a search finds more pages
than one result page shows, and what it costs the database.

A search is matched and ranked once (search/engine.py): the ranked ids give the pages of
results, the count and the facets. These tests say what that must look like: counts over
all matches on every result page, topics named in the visitor's language, countries of
profiles and seminar reports added up, the best match first, no page shown twice.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from wagtail.models import Locale

from articles.models import ArticleTopic
from search.backend import SearchDocument
from search.engine import Filters, backend_for, facets, search_pages, searchable_pages
from search.lookups import SET_THRESHOLD
from tests.articles.factories import (
    ArticleIndexPageFactory,
    ArticlePageFactory,
    SeminarReportPageFactory,
    TopicFactory,
    tag,
)
from tests.participants.factories import ParticipantIndexPageFactory, ParticipantPageFactory
from tests.search.conftest import standard_page
from tests.shared_data import bilingual_home, rolled_back

pytestmark = pytest.mark.django_db


def publish(page):
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def build_site() -> dict:
    """Twelve English pages about mediators (more than one page of results): eight
    articles, two seminar reports, one profile and one standard page; topics in English
    with a French name; one French article tagged with the English topic."""
    home_en, _home_fr = bilingual_home()
    locales = {"fr": Locale.objects.get(language_code="fr")}
    news = publish(ArticleIndexPageFactory(parent=home_en))
    education = TopicFactory(name="Education", slug="education")
    housing = TopicFactory(name="Housing", slug="housing")
    education_fr = education.copy_for_translation(locales["fr"])
    education_fr.name, education_fr.slug = "Éducation", "education"
    education_fr.save()
    articles = [
        publish(
            ArticlePageFactory(
                parent=news,
                title="Mediators at work" if number == 0 else f"Article {number}",
                standfirst="Roma mediators in schools.",
            )
        )
        for number in range(8)
    ]
    for article in articles[:5]:
        tag(article, education)
    for article in articles[:2]:
        tag(article, housing)
    seminars = [
        publish(
            SeminarReportPageFactory(
                parent=news,
                title=f"Seminar in {country}",
                standfirst="Mediators met.",
                country=country,
            )
        )
        for country in ("LT", "ES")
    ]
    tag(seminars[0], education)
    profiles = publish(ParticipantIndexPageFactory(parent=home_en))
    publish(ParticipantPageFactory(parent=profiles, title="Vilnius mediators", country="LT"))
    standard_page(home_en, "Unrelated notes", "Work of the mediators.")

    news_fr = news.copy_for_translation(locales["fr"])
    news_fr.title, news_fr.slug = "Actualités", "actualites"
    publish(news_fr)
    article_fr = publish(
        ArticlePageFactory(parent=news_fr, title="Les médiateurs", standfirst="Des médiateurs.")
    )
    tag(article_fr, education)
    return {"articles": articles, "education": education}


@pytest.fixture(scope="module")
def shared_site(django_db_setup, django_db_blocker) -> Iterator[dict]:
    """Built once for the module's tests (it was built for each: about two seconds
    apiece on PostgreSQL) inside a transaction rolled back when the module ends; each
    test's own transaction is rolled back after it, so every test starts from this same
    site (tests/shared_data.py, `rolled_back`)."""
    yield from rolled_back(django_db_blocker, build_site)


@pytest.fixture
def site(shared_site: dict) -> dict:
    return shared_site


def facets_on(response) -> dict[str, dict[str, int]]:
    """{facet heading: {choice label: count}} as the visitor reads them."""
    assert response.status_code == 200, response.status_code
    page = BeautifulSoup(response.content, "html.parser")
    shown = {}
    for section in page.select(".search-facet"):
        choices = {}
        for link in section.select("a"):
            for hidden in link.select(".visually-hidden"):  # "Remove filter:" when selected
                hidden.decompose()
            count = link.select_one(".facet-count").get_text()
            label = link.get_text().replace(count, "").strip()
            choices[label] = int(count.strip("()"))
        shown[section.select_one("h3").get_text()] = choices
    return shown


def titles_on(response) -> list[str]:
    page = BeautifulSoup(response.content, "html.parser")
    return [a.get_text() for a in page.select(".search-result h3 a")]


EXPECTED_FACETS = {
    "Content type": {
        "Article pages": 8,
        "Seminar reports": 2,
        "Participant pages": 1,
        "Standard pages": 1,
    },
    "Topic": {"Education": 6, "Housing": 2},
    "Country": {"Lithuania": 2, "Spain": 1},
}


def test_facets_count_every_match_on_every_page_of_results(client: Client, site):
    first = client.get("/en/search/?q=mediators")
    second = client.get("/en/search/?q=mediators&page=2")
    assert facets_on(first) == facets_on(second)
    shown = facets_on(first)
    # Labels come from the models' names; counts are what matter here.
    assert sorted(shown["Content type"].values()) == sorted(
        EXPECTED_FACETS["Content type"].values()
    )
    assert shown["Topic"] == EXPECTED_FACETS["Topic"]
    assert shown["Country"] == EXPECTED_FACETS["Country"]


def test_pages_of_results_neither_repeat_nor_skip_a_match(client: Client, site):
    first = titles_on(client.get("/en/search/?q=mediators"))
    second = titles_on(client.get("/en/search/?q=mediators&page=2"))
    assert len(first) == 10
    assert len(second) == 2
    assert len(set(first + second)) == 12


@pytest.mark.postgres
def test_the_page_with_the_word_in_its_title_comes_first(client: Client, site):
    assert titles_on(client.get("/en/search/?q=mediators"))[0] == "Mediators at work"


def test_a_topic_is_named_in_the_visitors_language(client: Client, site):
    assert facets_on(client.get("/fr/search/?q=mediateurs"))["Thème"] == {"Éducation": 1}


def test_narrowing_by_a_facet_shows_as_many_results_as_it_counted(client: Client, site):
    narrowed = client.get("/en/search/?q=mediators&topic=education")
    assert len(titles_on(narrowed)) == EXPECTED_FACETS["Topic"]["Education"]
    assert facets_on(narrowed)["Topic"]["Education"] == 6
    by_country = client.get("/en/search/?q=mediators&country=LT")
    assert sorted(titles_on(by_country)) == ["Seminar in LT", "Vilnius mediators"]


def test_api_pages_of_search_results_follow_the_ranking(client: Client, site):
    every = client.get("/api/v2/pages/?search=mediators&locale=en&limit=20").json()
    assert every["meta"]["total_count"] == 12
    ranked = [item["id"] for item in every["items"]]
    assert len(set(ranked)) == 12
    window = client.get("/api/v2/pages/?search=mediators&locale=en&limit=5&offset=5").json()
    assert [item["id"] for item in window["items"]] == ranked[5:10]
    assert window["meta"]["total_count"] == 12
    topics = {choice["label"]: choice["count"] for choice in window["meta"]["facets"]["topic"]}
    assert topics == EXPECTED_FACETS["Topic"]
    countries = {c["value"]: c["count"] for c in window["meta"]["facets"]["country"]}
    assert countries == {"LT": 2, "ES": 1}


def test_api_search_keeps_an_explicit_order(client: Client, site):
    response = client.get("/api/v2/pages/?search=mediators&locale=en&order=title&fields=title")
    titles = [item["title"] for item in response.json()["items"]]
    assert titles == sorted(titles)
    assert len(titles) == 12


def test_facets_cost_one_query_with_the_topics_names(site):
    locale = Locale.objects.get(language_code="en")
    outcome = search_pages("mediators", locale)
    with CaptureQueriesContext(connection) as counted:
        found = facets(outcome, locale, Filters())
    assert len(counted) == 1  # two before #19: the topics' names were read apart
    assert {facet.name for facet in found} == {"type", "topic", "country"}


def test_facets_cost_no_query_when_no_match_can_have_a_topic_or_country(site):
    locale = Locale.objects.get(language_code="en")
    outcome = search_pages("unrelated", locale)  # only the standard page
    assert outcome.results.count() == 1
    with CaptureQueriesContext(connection) as counted:
        found = facets(outcome, locale, Filters())
    assert len(counted) == 0
    assert [facet.name for facet in found] == ["type"]


def test_a_long_list_of_ids_finds_the_same_rows_as_a_short_one(site):
    articles = site["articles"]
    ids = [article.pk for article in articles[:3]]
    padding = list(range(10**8, 10**8 + SET_THRESHOLD + 1))
    short = set(ArticleTopic.objects.filter(page_id__in_array=ids).values_list("pk", flat=True))
    long = set(
        ArticleTopic.objects.filter(page_id__in_array=ids + padding).values_list("pk", flat=True)
    )
    assert short == long
    assert len(short) == 5  # three articles with Education, two of them with Housing


@pytest.mark.postgres
def test_matching_can_use_the_document_index(site):
    """The match must be the expression migration search.0004 indexed, or PostgreSQL
    reads every index entry. Asked in two steps, so that the answer does not depend on
    table statistics (on a few test rows, after ANALYZE, the planner rightly prefers the
    content-type index): the search's SQL matches exactly the indexed expression, and a
    match on that expression is answered through the GIN index."""
    locale = Locale.objects.get(language_code="en")
    results = backend_for(locale).search("mediators", searchable_pages(locale))
    sql, _params = results.get_queryset().values_list("pk").query.sql_with_params()
    matched = re.findall(rf"{SearchDocument.function}\(([^()]*)\)", sql)
    assert matched, sql
    indexed = '"wagtailsearch_indexentry"."title", "wagtailsearch_indexentry"."body"'
    assert set(matched) == {indexed}, matched
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
        cursor.execute("SET LOCAL enable_seqscan = off")
        match = f"{SearchDocument.function}({indexed}) @@ to_tsquery('simple', 'mediat')"
        cursor.execute("EXPLAIN SELECT id FROM wagtailsearch_indexentry WHERE " + match)  # noqa: S608 (constants)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "search_indexentry_document_gin" in plan, plan
