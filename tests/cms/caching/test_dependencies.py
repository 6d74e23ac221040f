"""Publishing invalidates only what depends on it (cms/caching/deps.py, invalidation.py).

Both caches on, as in production. After each change made as editors make it (publish,
unpublish, move, rename, privacy, translation, alert), every page of the site
is fetched through the caches and compared with a render that uses neither: no stale
page may be served. The first test also checks that unrelated pages stay cached.
"""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from wagtail.models import Locale, PageViewRestriction

from articles.models import ArticlePage
from cms.alerts.models import Alert
from cms.caching.middleware import CACHE_HEADER
from home.models import StandardPage
from participants.models import ParticipantPage
from tests.articles.factories import ArticleIndexPageFactory
from tests.cms.caching.test_cache_outage import outage_caches, real_redis  # noqa: F401

pytestmark = pytest.mark.django_db

NEWS = "/en/news/"
PARTICIPANTS = "/en/participants/"
ONE, TWO, THREE = "/en/news/story-1/", "/en/news/story-2/", "/en/news/story-3/"
TOWN = "/en/participants/town-0/"
ABOUT = "/en/about/"
PAGES = ["/en/", NEWS, ONE, TWO, THREE, PARTICIPANTS, TOWN, ABOUT, "/fr/"]
# What changes per render whatever the content (a CSP nonce, a CSRF token).
NONCE = re.compile(rb'nonce="[^"]*"')


def fresh(path: str) -> bytes:
    """The page as rendered now from the database, neither cache involved."""
    with override_settings(PAGE_CACHE_SECONDS=0, FRAGMENT_CACHE_SECONDS=0):
        response = Client().get(path)
    return NONCE.sub(b"", response.content) if response.status_code == 200 else b""


def served(client: Client, path: str) -> tuple[str, int, bytes]:
    """Through the caches: hit or miss, the queries it cost, the body."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    body = NONCE.sub(b"", response.content) if response.status_code == 200 else b""
    return response.get(CACHE_HEADER, "-"), len(captured), body


def warm(client: Client, paths: list[str] = PAGES) -> None:
    for path in paths:
        client.get(path)
    for path in paths:
        assert served(client, path)[0] in ("hit", "-"), path


def assert_none_stale(client: Client, paths: list[str] = PAGES) -> dict[str, str]:
    """Every page served through the caches is the page the database gives now."""
    outcome = {}
    for path in paths:
        state, _queries, body = served(client, path)
        assert body == fresh(path), f"{path} ({state}) is stale"
        outcome[path] = state
    return outcome


def publish(page, django_capture_on_commit_callbacks, **changes) -> None:
    page = type(page).objects.get(pk=page.pk)
    for name, value in changes.items():
        setattr(page, name, value)
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()


def test_publishing_an_article_leaves_unrelated_pages_cached(
    site, client: Client, django_capture_on_commit_callbacks
):
    warm(client)
    publish(site["stories"][3], django_capture_on_commit_callbacks, title="Story three")
    # Unrelated: still served from the cache, without a query.
    for path in (ONE, PARTICIPANTS, ABOUT):
        state, queries, _body = served(client, path)
        assert (path, state, queries) == (path, "hit", 0)
    outcome = assert_none_stale(client)
    # What shows it: the article, the news list, the home page's latest news, and the
    # town's profile, which lists the reports naming it.
    assert {path for path, state in outcome.items() if state == "miss"} >= {
        THREE,
        NEWS,
        "/en/",
        TOWN,
    }
    assert outcome[TWO] == "hit"


def test_no_stale_page_after_unpublish_rename_move_or_privacy(
    site, client: Client, django_capture_on_commit_callbacks
):
    # Renamed (title and address): the article linking to it shows the new ones.
    warm(client)
    publish(site["stories"][1], django_capture_on_commit_callbacks, title="First", slug="first")
    assert served(client, ONE)[2] == b""  # the old address no longer answers
    assert_none_stale(client, [*PAGES, "/en/news/first/"])
    assert b"First" in served(client, TWO)[2]

    # Moved under another list: gone from the first, in the second.
    events = ArticleIndexPageFactory(parent=site["news"].get_parent(), slug="events")
    with django_capture_on_commit_callbacks(execute=True):
        ArticlePage.objects.get(pk=site["stories"][1].pk).move(events, pos="last-child")
    assert_none_stale(client, [*PAGES, "/en/news/first/", "/en/events/", "/en/events/first/"])

    # Private: no longer served to anonymous visitors, nor listed.
    warm(client)
    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.create(
            page=site["stories"][2], restriction_type=PageViewRestriction.LOGIN
        )
    assert served(client, TWO)[2] == b""
    assert_none_stale(client)

    # Unpublished: gone from its address, the lists and the town's profile.
    warm(client)
    with django_capture_on_commit_callbacks(execute=True):
        ArticlePage.objects.get(pk=site["stories"][3].pk).unpublish()
    assert served(client, THREE)[2] == b""
    assert b"Story 3" not in served(client, TOWN)[2]
    assert_none_stale(client)


def test_no_stale_page_after_a_translation_a_snippet_or_an_image(
    site, client: Client, django_capture_on_commit_callbacks
):
    # A French translation published: the English page's language links name it.
    warm(client)
    story = ArticlePage.objects.get(pk=site["stories"][1].pk)
    with django_capture_on_commit_callbacks(execute=True):
        french = story.copy_for_translation(
            Locale.objects.get(language_code="fr"), copy_parents=True
        )
        french.title = "Première histoire"
        french.save_revision().publish()
    french_path = french.get_url()
    assert french_path.encode() in served(client, ONE)[2]
    assert_none_stale(client, [*PAGES, french_path])

    # An alert published (a snippet shown everywhere): every page shows it.
    warm(client)
    with django_capture_on_commit_callbacks(execute=True):
        alert = Alert(message="The office is closed on Friday.", live=False)
        alert.save()
        alert.save_revision().publish()
    assert b"The office is closed" in served(client, PARTICIPANTS)[2]
    assert_none_stale(client)

    # Images, topics and terminology notes: tests/cms/caching/test_referenced_objects.py.

    # A page renamed that the alert links to: every page's link follows.
    with django_capture_on_commit_callbacks(execute=True):
        alert.link_page = StandardPage.objects.get(slug="about")
        alert.link_text = "Read more"
        alert.save_revision().publish()
    warm(client)
    publish(StandardPage.objects.get(slug="about"), django_capture_on_commit_callbacks, slug="who")
    assert b'href="/en/who/"' in served(client, PARTICIPANTS)[2]
    assert_none_stale(client, [*PAGES, "/en/who/"])


def test_a_profile_renamed_updates_the_report_naming_it_and_the_index(
    site, client: Client, django_capture_on_commit_callbacks
):
    warm(client)
    publish(
        ParticipantPage.objects.get(pk=site["town"].pk),
        django_capture_on_commit_callbacks,
        title="Trakai",
    )
    outcome = assert_none_stale(client)
    assert outcome[THREE] == outcome[PARTICIPANTS] == outcome[TOWN] == "miss"
    assert outcome[ONE] == outcome[ABOUT] == "hit"
    assert b"Trakai" in served(client, PARTICIPANTS)[2]


def test_with_redis_a_publish_keeps_unrelated_pages_and_a_paused_redis_serves_nothing_stale(
    site,
    real_redis,  # noqa: F811 - the fixture imported above
    django_capture_on_commit_callbacks,
):
    # breaker_seconds=0: every request tries Redis again, so the first one after the
    # pause settles the bump this process owes.
    with override_settings(CACHES=outage_caches(real_redis.url, breaker_seconds=0)):
        client = Client()
        warm(client)
        publish(site["stories"][3], django_capture_on_commit_callbacks, title="Story three")
        assert served(client, ONE)[:2] == ("hit", 0)
        assert served(client, THREE)[0] == "miss"
        assert served(client, TWO)[:2] == ("hit", 0)

        real_redis.pause()  # the bump of this publish cannot be made
        try:
            publish(site["stories"][1], django_capture_on_commit_callbacks, title="Story one")
            assert b"Story one" in served(client, ONE)[2]  # from the database, in time
        finally:
            real_redis.resume()
        assert_none_stale(client, [ONE, TWO, NEWS, PARTICIPANTS])
