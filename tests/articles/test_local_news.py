"""Published local news (#20): a member authority's news or good practice lives under its
profile, credits it everywhere ("Contributed by Veldhoven, Netherlands"), and is listed
on the profile, in the news index (filters by participant and country), the feeds and on
the home page; a draft never reaches an anonymous visitor."""

from __future__ import annotations

import datetime
import json

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page
from wagtail_localize.segments.extract import extract_segments

from articles.local_news import LocalNewsPage
from articles.models import ArticleIndexPage, ArticlePage, ArticleParticipant
from home.models import HomePage
from participants.models import ParticipantIndexPage, ParticipantPage
from tests.articles.conftest import soup_of
from tests.articles.factories import ArticlePageFactory
from tests.articles.local_news_factories import LocalNewsPageFactory
from tests.articles.test_listing import INDEX_QUERIES
from tests.participants.factories import ParticipantIndexPageFactory, ParticipantPageFactory
from tests.participants.test_latest_mentions import PROFILE_QUERIES

pytestmark = pytest.mark.django_db


@pytest.fixture
def participants_en(home_en) -> ParticipantIndexPage:
    return ParticipantIndexPageFactory(parent=home_en)


@pytest.fixture
def veldhoven(participants_en) -> ParticipantPage:
    return ParticipantPageFactory(
        parent=participants_en, title="Veldhoven", slug="veldhoven", country="NL"
    )


@pytest.fixture
def trakai(participants_en) -> ParticipantPage:
    return ParticipantPageFactory(
        parent=participants_en, title="Trakai", slug="trakai", country="LT"
    )


def titles(html) -> list[str]:
    return [a.get_text(strip=True) for a in html.select(".article-list .card-title a")]


def test_local_news_goes_only_under_a_participant_profile(
    home_en: HomePage, news_en: ArticleIndexPage, veldhoven: ParticipantPage
):
    assert LocalNewsPage.can_create_at(veldhoven)
    assert LocalNewsPage in ParticipantPage.allowed_subpage_models()
    for elsewhere in (home_en, news_en, Page.get_first_root_node()):
        assert not LocalNewsPage.can_create_at(elsewhere)
    assert LocalNewsPage not in ArticleIndexPage.allowed_subpage_models()
    assert LocalNewsPage.allowed_subpage_models() == []
    # Nothing else became creatable under a profile.
    assert ParticipantPage.allowed_subpage_models() == [LocalNewsPage]


def test_the_page_credits_its_authority(client: Client, news_en, veldhoven):
    news = LocalNewsPageFactory(parent=veldhoven, title="Mediators in Veldhoven", slug="mediators")
    assert news.contributing_authority == veldhoven
    assert news.written_in == "en"
    html = soup_of(client.get(news.url))
    credit = html.select_one(".article-credit a")
    assert credit.get_text(strip=True) == "Contributed by Veldhoven, Netherlands"
    assert credit["href"] == veldhoven.url
    assert html.select_one(".card-kind").get_text(strip=True) == "Local news"


def test_the_news_index_lists_and_credits_local_news(client: Client, news_en, veldhoven):
    ArticlePageFactory(parent=news_en, title="Secretariat news", slug="secretariat")
    LocalNewsPageFactory(parent=veldhoven, title="Good practice", slug="good", kind="good-practice")
    LocalNewsPageFactory(parent=veldhoven, title="School mediators", slug="mediators")
    html = soup_of(client.get("/en/news/"))
    assert sorted(titles(html)) == ["Good practice", "School mediators", "Secretariat news"]
    cards = {
        card.select_one(".card-title").get_text(strip=True): card
        for card in html.select(".article-card")
    }
    local = cards["Good practice"]
    assert local.select_one(".card-credit").get_text(strip=True) == (
        "Contributed by Veldhoven, Netherlands"
    )
    assert local.select_one(".card-kind").get_text(strip=True) == "Good practice"
    assert cards["School mediators"].select_one(".card-kind").get_text(strip=True) == "Local news"
    assert cards["Secretariat news"].select_one(".card-kind").get_text(strip=True) == "News"
    assert cards["Secretariat news"].select_one(".card-credit") is None


def test_filter_by_participant_lists_its_own_news_and_the_articles_naming_it(
    client: Client, news_en, veldhoven, trakai
):
    naming = ArticlePageFactory(parent=news_en, title="Naming Veldhoven", slug="naming")
    ArticleParticipant.objects.create(page=naming, participant=veldhoven)
    ArticlePageFactory(parent=news_en, title="Other news", slug="other")
    LocalNewsPageFactory(parent=veldhoven, title="From Veldhoven", slug="from-veldhoven")
    LocalNewsPageFactory(parent=trakai, title="From Trakai", slug="from-trakai")

    html = soup_of(client.get(f"/en/news/?participant={veldhoven.pk}"))
    assert sorted(titles(html)) == ["From Veldhoven", "Naming Veldhoven"]
    assert titles(soup_of(client.get(f"/en/news/?participant={trakai.pk}"))) == ["From Trakai"]


def test_filter_by_country(client: Client, news_en, veldhoven, trakai):
    naming = ArticlePageFactory(parent=news_en, title="Naming Trakai", slug="naming")
    ArticleParticipant.objects.create(page=naming, participant=trakai)
    LocalNewsPageFactory(parent=veldhoven, title="From Veldhoven", slug="from-veldhoven")
    LocalNewsPageFactory(parent=trakai, title="From Trakai", slug="from-trakai")

    dutch = soup_of(client.get("/en/news/?country=NL"))
    assert titles(dutch) == ["From Veldhoven"]
    assert dutch.select_one(".filter-country").get_text(strip=True) == "News from Netherlands"
    # The filter form keeps the choice, in its country list.
    assert dutch.select_one("select[name=country] option[selected]")["value"] == "NL"
    assert sorted(titles(soup_of(client.get("/en/news/?country=lt")))) == [
        "From Trakai",
        "Naming Trakai",
    ]
    assert titles(soup_of(client.get("/en/news/?country=FR"))) == []


@pytest.mark.parametrize(
    "query",
    [
        "country=XX",
        "country=Netherlands",
        "country=%00",
        "country=" + "N" * 500,
        "participant=abc",
        "participant=-1",
        "participant=99999999999999999999",
        "participant=999999",
        "country=NL&country=LT&participant=1.5",
    ],
)
def test_bad_filter_values_never_fail(client: Client, news_en, veldhoven, query: str):
    LocalNewsPageFactory(parent=veldhoven, title="From Veldhoven", slug="from-veldhoven")
    response = client.get(f"/en/news/?{query}")
    assert response.status_code == 200
    html = soup_of(response)
    # An unknown country is ignored: the list is not emptied by a typo.
    if query.startswith("country=") and "LT" not in query:
        assert titles(html) == ["From Veldhoven"]
        assert html.select_one(".filter-country") is None


def test_the_profile_lists_its_published_local_news(client: Client, news_en, veldhoven, trakai):
    LocalNewsPageFactory(parent=veldhoven, title="Ours", slug="ours")
    LocalNewsPageFactory(parent=trakai, title="Theirs", slug="theirs")
    draft = LocalNewsPageFactory(parent=veldhoven, title="Our draft", slug="draft")
    draft.unpublish()

    html = soup_of(client.get(veldhoven.url))
    listed = [a.get_text(strip=True) for a in html.select("ul.mentions a")]
    assert listed == ["Ours"]


def test_the_profile_links_to_all_of_its_news_when_there_are_more(
    client: Client, news_en, veldhoven
):
    for number in range(12):
        LocalNewsPageFactory(
            parent=veldhoven,
            title=f"News {number:02d}",
            slug=f"news-{number:02d}",
            publication_date=datetime.date(2024, 1, 1) + datetime.timedelta(days=number),
        )
    html = soup_of(client.get(veldhoven.url))
    assert len(html.select("ul.mentions li")) == 10
    link = html.select_one(".all-mentions a")
    assert link["href"] == f"/en/news/?participant={veldhoven.pk}"
    assert len(titles(soup_of(client.get(link["href"])))) == 12


def test_drafts_never_reach_anonymous_visitors(client: Client, news_en, veldhoven):
    draft = LocalNewsPageFactory(parent=veldhoven, title="Secret proposal", slug="secret")
    draft.unpublish()
    assert client.get("/en/veldhoven-draft/").status_code == 404
    assert client.get(draft.url or "/en/participants/veldhoven/secret/").status_code == 404
    for url in (
        "/en/news/",
        f"/en/news/?participant={veldhoven.pk}",
        "/en/news/?country=NL",
        "/en/news/feed/rss/",
        "/en/news/feed/atom/",
        veldhoven.url,
        "/en/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert b"Secret proposal" not in response.content, url


def test_feeds_credit_the_authority(client: Client, news_en, veldhoven):
    LocalNewsPageFactory(
        parent=veldhoven, title="Feed item", slug="feed-item", standfirst="What happened."
    )
    rss = client.get("/en/news/feed/rss/").content.decode()
    assert "Feed item" in rss
    assert "Contributed by Veldhoven, Netherlands. What happened." in rss
    atom = client.get("/en/news/feed/atom/").content.decode()
    assert "<author><name>Veldhoven</name></author>" in atom


def test_the_home_page_credits_local_news_and_links_the_news_index(
    client: Client, news_en, veldhoven
):
    LocalNewsPageFactory(parent=veldhoven, title="Latest local", slug="latest-local")
    html = soup_of(client.get("/en/"))
    section = html.select_one(".latest-news")
    assert section.select_one(".card-credit").get_text(strip=True) == (
        "Contributed by Veldhoven, Netherlands"
    )
    assert section.select("p a")[-1]["href"] == "/en/news/"


def test_local_news_is_an_article_everywhere_articles_are_read(news_en, veldhoven):
    news = LocalNewsPageFactory(parent=veldhoven)
    assert ArticlePage.objects.filter(pk=news.pk).exists()
    assert [article.pk for article in news_en.articles()] == [news.pk]


def test_the_editor_form_offers_the_kind_and_the_language_written_in(
    client: Client, administrator, veldhoven
):
    client.force_login(administrator)
    add = client.get(f"/admin/pages/add/articles/localnewspage/{veldhoven.pk}/")
    assert add.status_code == 200
    html = soup_of(add)
    languages = [option["value"] for option in html.select("select[name=written_in] option")]
    assert languages[:3] == ["en", "fr", "nl"]
    assert html.select_one("select[name=kind]") is not None
    news = LocalNewsPageFactory(parent=veldhoven, written_in="nl")
    assert client.get(f"/admin/pages/{news.pk}/edit/").status_code == 200


def _queries(client: Client, url: str) -> int:
    client.get(url)  # renditions and caches of a first view
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def _add_local_news(profiles: list[ParticipantPage], start: int, count: int) -> None:
    for number in range(start, start + count):
        LocalNewsPageFactory(
            parent=profiles[number % len(profiles)],
            title=f"Local {number:02d}",
            slug=f"local-{number:02d}",
            publication_date=datetime.date(2024, 1, 1) + datetime.timedelta(days=number),
        )


# The news index's pin (tests/articles/test_listing.py) less one: the authorities of the
# page's local news come with its cards' query (articles/credits.py ``with_credit``, #19:
# -1; they were a query of their own), whatever their number; this site has no topics.
INDEX_WITH_LOCAL_NEWS_QUERIES = INDEX_QUERIES - 1


def test_the_news_index_costs_the_same_for_3_and_15_local_news(
    client: Client, news_en, veldhoven, trakai
):
    profiles = [veldhoven, trakai]
    urls = ["/en/news/", f"/en/news/?participant={veldhoven.pk}", "/en/news/?country=NL"]
    _add_local_news(profiles, 0, 3)
    three = [_queries(client, url) for url in urls]
    _add_local_news(profiles, 3, 12)
    fifteen = [_queries(client, url) for url in urls]
    assert three == fifteen
    assert three[0] == INDEX_WITH_LOCAL_NEWS_QUERIES
    # The filtered addresses read one query fewer than the unfiltered page, at any size.
    assert three[1:] == [INDEX_WITH_LOCAL_NEWS_QUERIES - 1] * 2


def test_the_profile_and_the_feed_cost_the_same_for_3_and_15_local_news(
    client: Client, news_en, veldhoven
):
    _add_local_news([veldhoven], 0, 3)
    counts = [_queries(client, veldhoven.url), _queries(client, "/en/news/feed/rss/")]
    _add_local_news([veldhoven], 3, 12)
    assert [_queries(client, veldhoven.url), _queries(client, "/en/news/feed/rss/")] == counts
    # The profile's pin with mentions (tests/participants/test_latest_mentions.py):
    # its own local news are read by the same queries.
    assert counts[0] == PROFILE_QUERIES


def test_translators_get_the_words_and_never_the_kind_or_the_language(
    news_en, veldhoven, home_fr, locales
):
    news = LocalNewsPageFactory(
        parent=veldhoven, title="Taalcafé", slug="taalcafe", kind="good-practice", written_in="nl"
    )
    segments = {segment.path for segment in extract_segments(news)}
    assert {"title", "standfirst"} <= segments
    assert not segments & {"kind", "written_in"}
    french = news.copy_for_translation(locales["fr"], copy_parents=True)
    assert (french.kind, french.written_in) == ("good-practice", "nl")
    # The French page sits under the French profile: it credits the same authority.
    assert french.contributing_authority.translation_key == veldhoven.translation_key
    assert french.contributing_authority.locale == locales["fr"]


def test_search_engines_read_the_authority_as_the_author(client: Client, news_en, veldhoven):
    news = LocalNewsPageFactory(parent=veldhoven, title="Mediators", slug="mediators")
    html = soup_of(client.get(news.url))
    data = [
        json.loads(script.string) for script in html.select("script[type='application/ld+json']")
    ]
    article = next(item for item in data if item.get("@type") == "NewsArticle")
    assert article["author"]["name"] == "Veldhoven"
    assert article["author"]["url"].endswith(veldhoven.url)
    assert (
        article["publisher"]["name"] == "European Alliance of Cities and Regions for Roma Inclusion"
    )


def test_the_news_index_offers_the_authorities_countries_as_a_filter(
    client: Client, news_en, veldhoven, trakai
):
    """A visitor picks "Netherlands" in the news filters instead of typing ?country=NL."""
    _add_local_news([veldhoven], 0, 1)
    page = client.get("/en/news/").content.decode()
    select = page[page.index('<select id="filter-country"') :]
    select = select[: select.index("</select>")]
    assert '<option value="NL">Netherlands</option>' in select
    assert '<option value="LT">Lithuania</option>' in select
    chosen = client.get("/en/news/?country=NL").content.decode()
    assert '<option value="NL" selected>Netherlands</option>' in chosen
