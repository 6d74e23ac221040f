"""Page routing through the fragment cache (cms/caching/routing.py): fewer queries, never stale.

Every test first makes the address known to the cache, then changes the content the
way an editor would, and checks that the very next visitor sees the change.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core.cache import caches
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from tests.articles.factories import ArticleIndexPageFactory, ArticlePageFactory
from tests.home.factories import StandardPageFactory

pytestmark = pytest.mark.django_db


def _clear_caches() -> None:
    for alias in caches:
        caches[alias].clear()


@pytest.fixture
def fragments(settings) -> Iterator[None]:
    """The fragment cache on, as in production with Redis; the page cache stays off."""
    settings.FRAGMENT_CACHE_SECONDS = 600
    _clear_caches()
    yield
    _clear_caches()


@pytest.fixture
def about(home_en, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return StandardPageFactory(parent=home_en, title="About us", slug="about")


def _cache_keys() -> list[str]:
    """Every key in the default cache: per-process memory in tests, Redis if configured."""
    cache = caches["default"]
    if hasattr(cache, "keys"):  # django-redis
        return [str(key) for key in cache.keys("*")]
    return [str(key) for key in cache._cache]


def _queries(client: Client, path: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        client.get(path)
    return len(captured)


def test_a_known_address_costs_no_query(fragments, about, client: Client):
    cold = _queries(client, "/en/about/")
    response = client.get("/en/about/")
    assert response.status_code == 200
    assert b"About us" in response.content
    # Site, locale, root translation, child lookups, the page and its view restrictions
    # come from the cache.
    assert _queries(client, "/en/about/") == 0 < cold


def test_an_unpublished_page_is_gone_at_once(
    fragments, about, client: Client, django_capture_on_commit_callbacks
):
    assert client.get("/en/about/").status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        about.unpublish()
    assert client.get("/en/about/").status_code == 404


def test_a_renamed_page_moves_at_once(
    fragments, about, client: Client, django_capture_on_commit_callbacks
):
    assert client.get("/en/about/").status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        about.slug = "who-we-are"
        about.save_revision().publish()
    # Wagtail's redirect from the old address, not the page from a stale route.
    old = client.get("/en/about/")
    assert (old.status_code, old["Location"]) == (301, "/en/who-we-are/")
    assert b"About us" in client.get("/en/who-we-are/").content


def test_a_page_made_private_asks_for_a_login_at_once(
    fragments, about, client: Client, django_capture_on_commit_callbacks
):
    assert client.get("/en/about/").status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.create(page=about, restriction_type=PageViewRestriction.LOGIN)
    response = client.get("/en/about/")
    assert response.status_code == 302
    assert "/_util/login/" in response["Location"]


def test_a_restriction_on_an_ancestor_covers_its_children_at_once(
    fragments, home_en, client: Client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        news = ArticleIndexPageFactory(parent=home_en)
        ArticlePageFactory(parent=news, title="Members only", slug="members-only")
    assert client.get("/en/news/members-only/").status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.create(
            page=news, restriction_type=PageViewRestriction.PASSWORD, password="secret"
        )
    response = client.get("/en/news/members-only/")
    assert b"Members only" not in response.content
    assert b'name="password"' in response.content


def test_a_lifted_restriction_opens_the_page_at_once(
    fragments, about, client: Client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        restriction = PageViewRestriction.objects.create(
            page=about, restriction_type=PageViewRestriction.LOGIN
        )
    assert client.get("/en/about/").status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        restriction.delete()
    assert client.get("/en/about/").status_code == 200


def test_a_draft_is_never_served_by_a_known_address(
    fragments, about, client: Client, django_capture_on_commit_callbacks
):
    assert b"About us" in client.get("/en/about/").content
    with django_capture_on_commit_callbacks(execute=True):
        about.title = "Secret new title"
        about.save_revision()  # a draft: not published
    content = client.get("/en/about/").content
    assert b"About us" in content
    assert b"Secret new title" not in content


def test_routable_sub_paths_still_work_and_are_not_kept(
    fragments, home_en, client: Client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        news = ArticleIndexPageFactory(parent=home_en)
        ArticlePageFactory(parent=news, title="A story")
    assert client.get("/en/news/").status_code == 200
    for _ in range(2):
        response = client.get("/en/news/feed/rss/")
        assert response.status_code == 200
        assert b"A story" in response.content
    kept = [key for key in _cache_keys() if ":route:" in key]
    assert kept and not any("feed" in key for key in kept)


def test_an_unknown_address_is_a_404_every_time(fragments, about, client: Client):
    for _ in range(2):
        assert client.get("/en/no-such-page/").status_code == 404
