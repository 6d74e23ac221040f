"""A profile shows its newest mentions only, read with a LIMIT, and links to the news
list filtered to the participant when there are more: the most mentioned participants
are named by a thousand articles at scale (issue #23)."""

from __future__ import annotations

import datetime
import re

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from articles.models import ArticleParticipant
from participants.hooks import LATEST_MENTIONS
from tests.articles.factories import ArticleIndexPageFactory, ArticlePageFactory
from tests.plans import plan

pytestmark = pytest.mark.django_db

FIRST_DAY = datetime.date(2024, 1, 1)
# The page chrome included; the mentions are three queries (the profile's translations'
# ids, the newest ten, their total: a COUNT kept per publish, #23, +2, when one query
# counted them by a window over every mention; the header in one query, 9ba286e, -2) and
# the view restrictions ``public()`` reads; one for the live alert banners (a fragment
# when the fragment cache is on). The private sections and the locales are read once per
# request, and serving the page reads no ancestors for restrictions on a site without
# any (cms/core/reading.py; 25 before). The footer's site settings come with the
# request's site, and the French home page the language links fall back to with the
# English header (one read of the homes and the pages below them), as is the feed
# links' news page (#19: 18 before). Routing takes the root as a home page with the site
# and the participants page from the homes' read (#19: -2).
PROFILE_QUERIES = 13


def soup_of(response) -> BeautifulSoup:
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def add_mentions(news, participant, count: int, start: int = 0) -> list:
    """``count`` articles naming ``participant``, one day apart (the last the newest)."""
    articles = []
    for number in range(start, start + count):
        article = ArticlePageFactory(
            parent=news,
            title=f"Article {number:02d}",
            slug=f"article-{number:02d}",
            publication_date=FIRST_DAY + datetime.timedelta(days=number),
        )
        ArticleParticipant.objects.create(page=article, participant=participant)
        articles.append(article)
    return articles


def profile_queries(client: Client, url: str) -> int:
    client.get(url)  # renditions and caches of a first view
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.fixture
def news_en(home_en):
    return ArticleIndexPageFactory(parent=home_en, title="News", slug="news")


def test_profile_costs_the_same_with_3_and_30_mentions(client, news_en, make_participant):
    few = make_participant(title="Few", slug="few")
    many = make_participant(title="Many", slug="many")
    add_mentions(news_en, few, 3)
    add_mentions(news_en, many, 30, start=3)

    assert profile_queries(client, "/en/participants/few/") == PROFILE_QUERIES
    assert profile_queries(client, "/en/participants/many/") == PROFILE_QUERIES


def test_profile_shows_the_newest_ten_and_links_to_all(client, news_en, make_participant):
    veldhoven = make_participant(title="Veldhoven", slug="veldhoven")
    add_mentions(news_en, veldhoven, 30)

    html = soup_of(client.get("/en/participants/veldhoven/"))
    shown = [a.get_text() for a in html.select(".mentions a")]
    assert shown == [f"Article {number:02d}" for number in range(29, 19, -1)]
    assert len(shown) == LATEST_MENTIONS
    link = html.select_one(".all-mentions a")
    assert link.get_text() == "All 30 news items mentioning Veldhoven"
    assert link["href"] == f"/en/news/?participant={veldhoven.pk}"

    listed = soup_of(client.get(link["href"]))
    cards = [
        a.get_text(strip=True) for a in listed.select(".article-list h2 a, .article-list h3 a")
    ]
    assert len(cards) == 12  # the news list's first page
    assert cards[0] == "Article 29"
    assert listed.select_one('input[name="participant"]')["value"] == str(veldhoven.pk)
    last = soup_of(client.get(f"{link['href']}&page=3"))
    assert len(last.select(".article-list h2 a, .article-list h3 a")) == 6


def test_no_link_when_every_mention_is_shown(client, news_en, make_participant):
    veldhoven = make_participant(title="Veldhoven", slug="veldhoven")
    add_mentions(news_en, veldhoven, LATEST_MENTIONS)

    html = soup_of(client.get("/en/participants/veldhoven/"))
    assert len(html.select(".mentions a")) == LATEST_MENTIONS
    assert html.select(".all-mentions") == []


def test_news_list_filtered_to_a_participant_lists_only_its_articles(
    client, news_en, make_participant
):
    veldhoven = make_participant(title="Veldhoven", slug="veldhoven")
    other = make_participant(title="Elsewhere", slug="elsewhere")
    add_mentions(news_en, veldhoven, 2)
    add_mentions(news_en, other, 1, start=2)
    ArticlePageFactory(parent=news_en, title="Nobody", slug="nobody")

    def titles(query: str) -> list[str]:
        html = soup_of(client.get(f"/en/news/{query}"))
        return [
            a.get_text(strip=True) for a in html.select(".article-list h2 a, .article-list h3 a")
        ]

    assert titles(f"?participant={veldhoven.pk}") == ["Article 01", "Article 00"]
    assert titles(f"?participant={other.pk}") == ["Article 02"]
    assert len(titles("?participant=abc")) == 4  # ignored, never an error


def test_french_profile_links_to_the_french_news_list(
    client, home_fr, locales, index_fr, news_en, make_participant
):
    veldhoven = make_participant(title="Veldhoven", slug="veldhoven")
    veldhoven_fr = veldhoven.copy_for_translation(locales["fr"])
    veldhoven_fr.save_revision().publish()
    news_fr = news_en.copy_for_translation(locales["fr"])
    news_fr.title, news_fr.slug = "Actualités", "actualites"
    news_fr.save_revision().publish()
    for article in add_mentions(news_en, veldhoven, 12):
        french = article.copy_for_translation(locales["fr"])
        french.title = article.title.replace("Article", "Actualité")
        french.save_revision().publish()

    html = soup_of(client.get("/fr/participants/veldhoven/"))
    assert [a.get_text() for a in html.select(".mentions a")][:2] == [
        "Actualité 11",
        "Actualité 10",
    ]
    link = html.select_one(".all-mentions a")
    assert link.get_text() == "Les 12 actualités qui mentionnent Veldhoven"
    assert link["href"] == f"/fr/actualites/?participant={veldhoven_fr.pk}"
    listed = soup_of(client.get(link["href"]))
    cards = [
        a.get_text(strip=True) for a in listed.select(".article-list h2 a, .article-list h3 a")
    ]
    assert cards[:2] == ["Actualité 11", "Actualité 10"]
    assert len(cards) == 12


@pytest.mark.skipif(connection.vendor != "postgresql", reason="query plans are PostgreSQL's")
def test_the_newest_mentions_are_read_newest_first_through_the_date_index(
    client, news_en, make_participant
):
    """The newest ten stop after ten rows: no window over every mention, and an index
    can give them in date order (plans with sequential scans and sorts discouraged, as
    in tests/articles/test_query_plans.py)."""
    named = make_participant(title="Named", slug="named")
    add_mentions(news_en, named, 12)
    client.get("/en/participants/named/")
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/en/participants/named/").status_code == 200
    (newest,) = [
        query["sql"]
        for query in queries
        # LIMIT 10, not the count's LIMIT 1001 (counted up to a bound, #23)
        if "articles_articleparticipant" in query["sql"] and re.search(r"LIMIT 10\b", query["sql"])
    ]
    newest_plan = plan(newest)
    assert "WindowAgg" not in newest_plan
    assert "articles_newest_first" in newest_plan
