"""The shared chrome cache (cms/caching/fragments.py): fewer queries, never stale."""

from __future__ import annotations

import datetime
import json
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test import Client, TestCase
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_redis.cache import RedisCache
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import Page, PageViewRestriction, Site

from articles.models import ArticlePage, ArticleParticipant
from cms.caching.fragments import plain_django_redis, read_many
from participants.models import ParticipantPage
from search.models import QueryOutcome
from tests.articles.factories import (
    ArticleIndexPageFactory,
    ArticlePageFactory,
    SeminarReportPageFactory,
)
from tests.home.factories import StandardPageFactory
from tests.participants.factories import ParticipantIndexPageFactory, ParticipantPageFactory
from tests.shared_data import bilingual_home, rolled_back

pytestmark = pytest.mark.django_db


def build_site() -> dict[str, Page]:
    home_en, _home_fr = bilingual_home()
    with TestCase.captureOnCommitCallbacks(execute=True):
        news = ArticleIndexPageFactory(parent=home_en, show_in_menus=True)
        for number in range(5):
            ArticlePageFactory(parent=news, title=f"Story {number}", slug=f"story-{number}")
        participants = ParticipantIndexPageFactory(parent=home_en, show_in_menus=True)
        for number in range(3):
            ParticipantPageFactory(
                parent=participants, title=f"Town {number}", slug=f"town-{number}", country="LT"
            )
    return {"news": news, "participants": participants}


@pytest.fixture(scope="module")
def shared_site(django_db_setup, django_db_blocker) -> Iterator[dict[str, Page]]:
    """Built once for the module (it was built for each test: about half a second apiece
    on PostgreSQL) inside a transaction rolled back when the module ends; each test's own
    transaction is rolled back after it, and `fragments` empties the caches, so every
    test starts from this same site and cold caches (tests/shared_data.py)."""
    yield from rolled_back(django_db_blocker, build_site)


@pytest.fixture
def site(shared_site: dict[str, Page]) -> dict[str, Page]:
    """The shared pages read afresh: a test that unpublishes one in memory leaves
    nothing behind for the next."""
    return {key: page.specific_class.objects.get(pk=page.pk) for key, page in shared_site.items()}


def queries(client: Client, path: str) -> tuple[int, bytes]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200, path
    return len(captured), response.content


# Routing (with the page itself), chrome, feed links, footer links, statistics, latest
# news, cards and the article's header and links are served from the cache: a warm
# page needs the database for nothing.
WARM_HOME_QUERIES = 0
WARM_NEWS_INDEX_QUERIES = 0
WARM_ARTICLE_QUERIES = 0
WARM_PARTICIPANT_INDEX_QUERIES = 0


def test_warm_fragments_take_the_chrome_out_of_every_page(fragments, site, client: Client):
    cold_home, home_html = queries(client, "/en/")
    warm_home, warm_home_html = queries(client, "/en/")
    assert warm_home_html == home_html
    assert (cold_home, warm_home) == (cold_home, WARM_HOME_QUERIES)
    assert cold_home > warm_home
    queries(client, "/en/news/")
    warm_news, news_html = queries(client, "/en/news/")
    assert warm_news == WARM_NEWS_INDEX_QUERIES
    assert b"Story 4" in news_html and b'href="/en/participants/"' in news_html
    queries(client, "/en/news/story-4/")
    warm_article, article_html = queries(client, "/en/news/story-4/")
    assert warm_article == WARM_ARTICLE_QUERIES
    assert b"<h1>Story 4</h1>" in article_html


def test_a_new_menu_page_appears_at_once(
    fragments, site, home_en, client: Client, django_capture_on_commit_callbacks
):
    assert b"Our history" not in client.get("/en/news/").content
    with django_capture_on_commit_callbacks(execute=True):
        StandardPageFactory(parent=home_en, title="Our history", slug="history", show_in_menus=True)
    assert b"Our history" in client.get("/en/news/").content


def test_an_unpublished_menu_page_leaves_the_menu_at_once(
    fragments, site, client: Client, django_capture_on_commit_callbacks
):
    assert b'href="/en/participants/"' in client.get("/en/news/").content
    with django_capture_on_commit_callbacks(execute=True):
        site["participants"].unpublish()
    assert b'href="/en/participants/"' not in client.get("/en/news/").content


def test_participant_counts_follow_a_new_profile(
    fragments, site, client: Client, django_capture_on_commit_callbacks
):
    assert b"3 cities and regions from 1 country" in client.get("/en/").content
    with django_capture_on_commit_callbacks(execute=True):
        ParticipantPageFactory(parent=site["participants"], title="Town 9", country="ES")
    assert b"4 cities and regions from 2 countries" in client.get("/en/").content


def test_latest_news_is_never_kept_past_an_articles_expiry(fragments, site, client: Client):
    story = ArticlePageFactory(
        parent=site["news"], title="Short-lived notice", publication_date=datetime.date(2030, 1, 1)
    )
    # Expiry is a point in time, not an edit: nothing bumps the cache when it passes.
    story.expire_at = timezone.now() + datetime.timedelta(seconds=1)
    story.save()
    assert b"Short-lived notice" in client.get("/en/").content
    time.sleep(1.1)
    assert b"Short-lived notice" not in client.get("/en/").content


def test_french_visitors_get_french_fragments(fragments, site, client: Client):
    english = client.get("/en/").content
    french = client.get("/fr/").content
    assert b"cities and regions" in english
    # French profiles are created by translating; none are here, and the count says so.
    assert "0 ville ou région de 0 pays".encode() in french
    assert b"cities and regions" not in french


def test_a_repeated_search_is_shared_but_still_counted(
    fragments, site, home_en, client: Client, django_capture_on_commit_callbacks
):
    cold, first = queries(client, "/en/search/?q=story")
    warm, second = queries(client, "/en/search/?q=story")
    assert warm < cold
    assert b"Story 4" in first and b"Story 4" in second
    assert Query.get("story").hits == 2  # the admin's report sees both searches
    with django_capture_on_commit_callbacks(execute=True):
        ArticlePageFactory(parent=site["news"], title="Story of a newcomer")
    assert b"Story of a newcomer" in client.get("/en/search/?q=story").content


# A repeated search reads its results and their markup from the cache: what is left is
# counting the hit, one statement on PostgreSQL (its own transaction, no savepoint), the
# query and daily-hits upserts with the savepoint and release of their transaction on
# SQLite. 3 and 5 before search/querylog.py logged a hit in one statement (#19).
WARM_SEARCH_QUERIES = 1 if connection.vendor == "postgresql" else 4


def test_a_repeated_search_needs_the_database_only_to_count_it(fragments, site, client: Client):
    promoted = ArticlePage.objects.get(title="Story 2")
    SearchPromotion.objects.create(query=Query.get("story"), page=promoted, sort_order=0)
    cold, first = queries(client, "/en/search/?q=story")
    warm, second = queries(client, "/en/search/?q=story")
    assert warm == WARM_SEARCH_QUERIES, f"{cold} cold"
    assert second == first
    assert b"search-promotions" in second and b"Story 2" in second
    assert Query.get("story").hits == 2


def test_shared_search_markup_repeats_each_visitors_own_query(fragments, site, client: Client):
    # Neither has a word to search for, so both find nothing: each page must still say
    # what its visitor typed, not what the first one did.
    first = client.get("/en/search/?q=%21%21%21").content.decode()
    second = client.get("/en/search/?q=%3F%3F%3F").content.decode()
    assert "No results found for “!!!”" in first
    assert "No results found for “???”" in second and "“!!!”" not in second


def test_a_popular_search_rewrites_its_outcome_once_a_minute_but_counts_every_hit(
    fragments, site, client: Client
):
    for _ in range(3):
        client.get("/en/search/?q=story")
    outcome = QueryOutcome.objects.get(query__query_string="story")
    assert outcome.result_count == 5
    assert Query.get("story").hits == 3
    first_written = outcome.last_searched_at
    client.get("/en/search/?q=story")
    assert QueryOutcome.objects.get(pk=outcome.pk).last_searched_at == first_written


def test_the_shared_news_filters_show_each_visitors_own_choice(fragments, site, client: Client):
    def selected(path: str) -> dict[str, str]:
        soup = BeautifulSoup(client.get(path).content, "html.parser")
        return {
            select["name"]: option["value"]
            for select in soup.select(".article-filters select")
            for option in select.select("option[selected]")
        }

    year = str(ArticlePage.objects.get(title="Story 0").publication_date.year)
    assert selected(f"/en/news/?year={year}") == {"year": year}
    assert selected("/en/news/") == {}
    assert selected("/en/news/?type=report") == {"type": "report"}
    assert selected(f"/en/news/?year={year}") == {"year": year}


def _card_titles(client: Client, path: str = "/en/news/") -> list[str]:
    soup = BeautifulSoup(client.get(path).content, "html.parser")
    return [a.get_text() for a in soup.select(".article-list .card-title a")]


def test_a_news_card_follows_a_published_change_at_once(
    fragments, site, client: Client, django_capture_on_commit_callbacks
):
    assert "Story 4" in _card_titles(client)
    story = ArticlePage.objects.get(title="Story 4")
    with django_capture_on_commit_callbacks(execute=True):
        story.title = "Story four, revised"
        story.save_revision().publish()
    titles = _card_titles(client)
    assert "Story four, revised" in titles and "Story 4" not in titles


def test_an_unpublished_or_private_article_leaves_the_news_at_once(
    fragments, site, client: Client, django_capture_on_commit_callbacks
):
    assert {"Story 3", "Story 4"} <= set(_card_titles(client))
    with django_capture_on_commit_callbacks(execute=True):
        ArticlePage.objects.get(title="Story 4").unpublish()
    assert "Story 4" not in _card_titles(client)
    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.create(
            page=ArticlePage.objects.get(title="Story 3"),
            restriction_type=PageViewRestriction.LOGIN,
        )
    titles = _card_titles(client)
    assert "Story 3" not in titles and "Story 2" in titles
    assert b"3 items" in client.get("/en/news/").content


def test_an_article_leaves_the_news_list_when_it_expires(fragments, site, client: Client):
    story = ArticlePageFactory(parent=site["news"], title="Short-lived story")
    # Expiry is a point in time, not an edit: nothing bumps the cache when it passes.
    expiry = timezone.now() + datetime.timedelta(seconds=3)
    story.expire_at = expiry
    story.save()
    assert "Short-lived story" in _card_titles(client)
    time.sleep(max(0.0, (expiry - timezone.now()).total_seconds()) + 0.1)
    assert "Short-lived story" not in _card_titles(client)
    assert b"5 items" in client.get("/en/news/").content


def test_a_preview_never_reads_nor_stores_shared_fragments(fragments, site, client: Client):
    story = ArticlePage.objects.get(title="Story 2")
    story.title = "Unpublished headline"
    draft = story.save_revision().as_object()  # a draft: the live page keeps its title

    preview = draft.make_preview_request()
    assert b"<h1>Unpublished headline</h1>" in preview.content
    live = client.get("/en/news/story-2/").content
    assert b"<h1>Story 2</h1>" in live and b"Unpublished headline" not in live
    assert b"<h1>Unpublished headline</h1>" in draft.make_preview_request().content
    assert b"Unpublished headline" not in client.get("/en/news/").content


def test_a_seminar_report_drops_a_member_who_is_unpublished_at_once(
    fragments, site, client: Client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        report = SeminarReportPageFactory(parent=site["news"], title="Seminar in Trakai")
        town = ParticipantPage.objects.get(title="Town 1")
        ArticleParticipant.objects.create(page=report, participant=town)
    assert b">Town 1</a>" in client.get(report.url).content
    with django_capture_on_commit_callbacks(execute=True):
        town.unpublish()
    assert b">Town 1</a>" not in client.get(report.url).content


def _participants(client: Client, path: str = "/en/participants/", **extra) -> tuple[list, list]:
    """The table's names and the map's (name, address) pairs."""

    soup = BeautifulSoup(client.get(path, **extra).content, "html.parser")
    names = [a.get_text() for a in soup.select(".participant-table tbody th a")]
    data = json.loads(soup.find("script", id="participant-map-data").string)
    markers = [(f["properties"]["name"], f["properties"]["url"]) for f in data["features"]]
    return names, markers


def test_a_warm_participant_index_needs_no_query(fragments, site, client: Client):
    cold, html = queries(client, "/en/participants/")
    warm, warm_html = queries(client, "/en/participants/")
    assert warm_html == html
    assert warm == WARM_PARTICIPANT_INDEX_QUERIES < cold


def test_participant_rows_and_markers_follow_the_content_at_once(
    fragments, site, client: Client, django_capture_on_commit_callbacks
):
    names, markers = _participants(client)
    assert names == ["Town 0", "Town 1", "Town 2"]
    assert ("Town 1", "http://testserver/en/participants/town-1/") in markers
    town = ParticipantPage.objects.get(title="Town 1")
    with django_capture_on_commit_callbacks(execute=True):
        town.title = "Town One"
        town.save_revision().publish()
    names, markers = _participants(client)
    assert names == ["Town 0", "Town 2", "Town One"]
    assert [name for name, _url in markers] == names
    with django_capture_on_commit_callbacks(execute=True):
        town.unpublish()
    assert _participants(client) == (
        ["Town 0", "Town 2"],
        [
            (name, f"http://testserver/en/participants/{slug}/")
            for name, slug in [("Town 0", "town-0"), ("Town 2", "town-2")]
        ],
    )
    assert _participants(client, "/en/participants/?sort=-name")[0] == ["Town 2", "Town 0"]


def test_map_addresses_name_the_public_origin_whatever_host(fragments, site, client: Client):
    """One cached list for every visitor, and its addresses on the site's public address
    (cms/chrome/head.py), not on the host a visitor happened to use."""
    origin = Site.objects.get(is_default_site=True).root_url
    first = _participants(client, HTTP_HOST="alliance.example.org")[1]
    second = _participants(client, HTTP_HOST="www.alliance.example.org")[1]
    expected = {f"{origin}/en/participants/town-{n}/" for n in range(3)}
    assert {url for _name, url in first} == expected
    assert {url for _name, url in second} == expected


@pytest.fixture
def redis_cache(tmp_path):
    """django-redis on a private, throwaway Redis server (the production backend)."""

    binary = shutil.which("redis-server")
    if binary is None:
        pytest.skip("redis-server is not installed (apt-get install -y redis-server)")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [binary, "--bind", "127.0.0.1", "--port", str(port), "--save", "", "--dir", str(tmp_path)],
        stdout=subprocess.DEVNULL,
    )
    try:
        cache = RedisCache(f"redis://127.0.0.1:{port}/0", {"KEY_PREFIX": "test"})
        for _ in range(50):
            try:
                cache.set("ready", 1)
                break
            except Exception:
                time.sleep(0.1)
        yield cache
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_the_fast_bulk_read_returns_what_django_redis_returns(redis_cache):
    values = {
        "row": ("<tr>…</tr>", ("{", "}")),
        "count": 42,  # stored by django-redis as a plain integer, not a pickle
        "text": "Vilnius",
        "none": None,
        "nested": {"ids": [3, 2, 1], "expires": 1.5},
    }
    redis_cache.set_many(values, 60)
    keys = [*values, "absent"]
    assert plain_django_redis(redis_cache.client)
    assert read_many(redis_cache, keys) == redis_cache.get_many(keys)
    assert read_many(redis_cache, keys)["count"] == 42
    assert read_many(redis_cache, []) == {}


def test_filtered_news_and_their_years_follow_a_new_report_at_once(
    fragments, site, client: Client, django_capture_on_commit_callbacks
):
    assert _card_titles(client, "/en/news/?type=report") == []
    assert b'<option value="2019">' not in client.get("/en/news/").content
    with django_capture_on_commit_callbacks(execute=True):
        SeminarReportPageFactory(
            parent=site["news"],
            title="Seminar in Trakai",
            publication_date=datetime.date(2019, 5, 2),
        )
    assert _card_titles(client, "/en/news/?type=report") == ["Seminar in Trakai"]
    assert b'<option value="2019">' in client.get("/en/news/").content
    assert "Seminar in Trakai" in _card_titles(client, "/en/news/?year=2019")
