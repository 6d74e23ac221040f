"""The news index and topic pages: order, filters, bad query strings, pagination and
a constant number of SQL queries whatever the number of articles."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import PageViewRestriction

from cms.core.models import CustomImage
from tests.articles.conftest import soup_of
from tests.articles.factories import (
    ArticlePageFactory,
    SeminarReportPageFactory,
    TopicFactory,
    tag,
)

pytestmark = pytest.mark.django_db


def titles(html) -> list[str]:
    return [h3.get_text(strip=True) for h3 in html.select(".article-list .card-title")]


@pytest.fixture
def mixed_news(news_en):
    housing = TopicFactory(name="Housing", slug="housing")
    education = TopicFactory(name="Education", slug="education")
    old = ArticlePageFactory(
        parent=news_en, title="Old news", publication_date=datetime.date(2015, 1, 10)
    )
    report = SeminarReportPageFactory(
        parent=news_en, title="Lithuania report", publication_date=datetime.date(2015, 12, 20)
    )
    recent = ArticlePageFactory(
        parent=news_en, title="Recent news", publication_date=datetime.date(2024, 6, 1)
    )
    tag(old, housing)
    tag(report, housing, education)
    tag(recent, education)
    ArticlePageFactory(parent=news_en, title="Draft news", live=False)
    private = ArticlePageFactory(parent=news_en, title="Private news")
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="x")
    return {"housing": housing, "education": education}


def test_index_lists_live_public_items_newest_first(client: Client, mixed_news):
    html = soup_of(client.get("/en/news/"))
    assert titles(html) == ["Recent news", "Lithuania report", "Old news"]
    assert html.find("p", class_="result-count").get_text() == "3 items"
    kinds = [p.get_text() for p in html.select(".article-list .card-kind")]
    assert kinds == ["News", "Seminar report", "News"]
    assert html.select(".article-list time")[0]["datetime"] == "2024-06-01"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?topic=housing", ["Lithuania report", "Old news"]),
        ("?topic=education&type=report", ["Lithuania report"]),
        ("?year=2015", ["Lithuania report", "Old news"]),
        ("?year=2015&type=article", ["Old news"]),
        ("?type=report", ["Lithuania report"]),
        ("?topic=housing&year=2024", []),
    ],
)
def test_filters(client: Client, mixed_news, query, expected):
    html = soup_of(client.get("/en/news/" + query))
    assert titles(html) == expected
    if not expected:
        assert html.find("p", class_="empty-list").get_text() == "No news matches these filters."


@pytest.mark.parametrize(
    ("query", "expected_count"),
    [
        ("?page=abc", 3),
        ("?page=-1", 3),
        ("?page=99999", 3),
        ("?page=1.5", 3),
        ("?year=abc", 3),
        ("?year=99999999999999999999", 3),
        ("?year=0", 3),
        ("?type=%00<script>", 3),
        ("?topic=no-such-topic", 0),
        ("?topic=" + "x" * 5000, 0),
        ("?year=1800", 0),
        ("?topic=housing&topic=education", 2),  # the last value wins, as in Django forms
    ],
)
def test_bad_query_strings_never_fail(client: Client, mixed_news, query, expected_count):
    html = soup_of(client.get("/en/news/" + query))
    assert len(titles(html)) == expected_count


def test_pagination_survives_bad_page_numbers(client: Client, news_en):
    for number in range(30):
        ArticlePageFactory(
            parent=news_en,
            title=f"Item {number:02d}",
            publication_date=datetime.date(2020, 1, 1) + datetime.timedelta(days=number),
        )
    first = soup_of(client.get("/en/news/"))
    assert len(titles(first)) == 12
    assert titles(first)[0] == "Item 29"
    nav = first.find("nav", class_="pagination")
    assert nav.find(attrs={"aria-current": "page"}).get_text() == "Page 1 of 3"
    assert nav.find("a", rel="next")["href"] == "?page=2"
    assert titles(soup_of(client.get("/en/news/?page=abc"))) == titles(first)
    last = soup_of(client.get("/en/news/?page=99999"))
    assert titles(last) == [f"Item {n:02d}" for n in range(5, -1, -1)]
    assert last.find("nav", class_="pagination").find(
        attrs={"aria-current": "page"}
    ).get_text() == ("Page 3 of 3")
    filtered = soup_of(client.get("/en/news/?year=2020&type=article"))
    assert filtered.find("a", rel="next")["href"] == "?year=2020&type=article&page=2"


def test_topic_page_lists_its_articles(client: Client, mixed_news):
    html = soup_of(client.get("/en/news/topic/education/"))
    assert html.h1.get_text() == "Topic: Education"
    assert titles(html) == ["Recent news", "Lithuania report"]
    assert client.get("/en/news/topic/unknown/").status_code == 404


def test_unpublished_topic_has_no_page(client: Client, news_en):
    TopicFactory(name="Secret", slug="secret", live=False)
    assert client.get("/en/news/topic/secret/").status_code == 404
    html = soup_of(client.get("/en/news/"))
    assert "Secret" not in html.find("select", id="filter-topic").get_text()


def test_french_index_lists_french_items_with_french_topics(
    client: Client, news_en, news_fr, locales
):
    housing = TopicFactory(name="Housing", slug="housing")
    logement = housing.copy_for_translation(locales["fr"])
    logement.name, logement.slug = "Logement", "logement"
    logement.save()
    article = ArticlePageFactory(parent=news_en, title="Housing news", slug="housing")
    tag(article, housing)
    ArticlePageFactory(parent=news_en, title="English only", slug="english-only")
    french = article.copy_for_translation(locales["fr"])
    french.title, french.slug = "Logement : actualité", "logement"
    french.save_revision().publish()

    html = soup_of(client.get("/fr/actualites/?topic=logement"))
    assert titles(html) == ["Logement : actualité"]
    assert [li.get_text() for li in html.select(".article-list .topic-tags li")] == ["Logement"]
    assert html.find("p", class_="card-date").get_text() == "1 mai 2024"
    assert titles(soup_of(client.get("/fr/actualites/?topic=housing"))) == []


def _index_queries(client: Client) -> int:
    client.get("/en/news/")  # renditions are created on the first view
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/en/news/")
    assert response.status_code == 200
    return len(queries)


def _add_articles(news_en, topics, image, count: int) -> None:
    for number in range(count):
        article = (SeminarReportPageFactory if number % 2 else ArticlePageFactory)(
            parent=news_en, listing_image=image
        )
        tag(article, *topics)


# The page chrome (menu, language links, feed links, settings: 10, the translation
# notice's group: 1, and the live alert banners: 1, fragments when the fragment cache is
# on) included; the list is a count, the page's ids, the page of items, renditions,
# topic links, topics, the span of the articles' dates and the years with news (one
# query of index probes: #23, +2, when the ids of every match and the years were read by
# grouping every article; the header's home page and menu in one query, 9ba286e, -2);
# the upcoming events above it are the private sections and the next three reports (2,
# #21). A reading request reads the private sections, the locales and the news page
# once, and on a site without view restrictions serving the page reads no ancestors for
# them (cms/core/reading.py: 30 before, when the menu, the events, the feed link and the
# list each read them). The country filter's options are the participants index's count
# per country (one query with caches off, kept per publish otherwise: #20, +1). The
# footer's site settings come with the request's site, and the header of every language
# (the language links' fallback to the French home page) with the English one's, in one
# read of the homes and the pages below them (cms/core/reading.py, #19: -2), as is the
# feed links' news page, the one below the home page (#19: -1). The count rides on the
# page's ids, one statement (#19: -1). Routing takes the root as a home page with the
# site and the news page from the homes' read, which also holds the news page's
# translations (#19: -2). The years' probes carry the span of the dates (#19: -1).
INDEX_QUERIES = 15


def test_index_runs_the_same_number_of_queries_for_5_and_50_articles(client: Client, news_en):
    topics = [TopicFactory(), TopicFactory()]
    image = CustomImage.objects.create(title="Photo", file=get_test_image_file())
    _add_articles(news_en, topics, image, 5)
    five = _index_queries(client)
    _add_articles(news_en, topics, image, 45)
    fifty = _index_queries(client)
    assert (five, fifty) == (INDEX_QUERIES, INDEX_QUERIES)
