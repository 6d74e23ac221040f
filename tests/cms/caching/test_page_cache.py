"""The anonymous full-page cache: fast for visitors, never stale, never personal."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.test import Client
from wagtail.models import PageViewRestriction

from cms.caching.middleware import CACHE_HEADER
from cms.caching.pages import GENERATION_KEY
from tests.home.factories import StandardPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def about(home_en):
    return StandardPageFactory(parent=home_en, title="About the Alliance", slug="about")


def test_second_anonymous_visit_is_served_from_cache_without_sql(
    page_cache, anonymous: Client, about, django_assert_num_queries
):
    first = anonymous.get("/en/about/")
    assert first.status_code == 200
    assert first[CACHE_HEADER] == "miss"
    with django_assert_num_queries(0):
        second = anonymous.get("/en/about/")
    assert second[CACHE_HEADER] == "hit"
    assert second.content == first.content
    assert second["Content-Type"].startswith("text/html")
    # Security headers are added to cached responses too.
    assert "default-src 'self'" in second["Content-Security-Policy"]


def test_cache_is_off_by_default(anonymous: Client, about):
    anonymous.get("/en/about/")
    assert CACHE_HEADER not in anonymous.get("/en/about/")


def test_publishing_a_change_invalidates_the_cached_page(
    page_cache, anonymous: Client, about, django_capture_on_commit_callbacks
):
    assert b"About the Alliance" in anonymous.get("/en/about/").content
    about.title = "Who we are"
    with django_capture_on_commit_callbacks(execute=True):
        about.save_revision().publish()
    response = anonymous.get("/en/about/")
    assert response[CACHE_HEADER] == "miss"
    assert b"Who we are" in response.content


def test_a_draft_is_never_served_from_cache(
    page_cache, anonymous: Client, about, django_capture_on_commit_callbacks
):
    anonymous.get("/en/about/")
    about.title = "Secret draft title"
    with django_capture_on_commit_callbacks(execute=True):
        about.save_revision()  # saved, not published
    response = anonymous.get("/en/about/")
    assert b"Secret draft title" not in response.content
    assert b"About the Alliance" in response.content


def test_unpublishing_removes_the_page_from_cache(
    page_cache, anonymous: Client, about, django_capture_on_commit_callbacks
):
    assert anonymous.get("/en/about/").status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        about.unpublish()
    assert anonymous.get("/en/about/").status_code == 404


def test_making_a_page_private_removes_it_from_cache(
    page_cache, anonymous: Client, about, django_capture_on_commit_callbacks
):
    assert anonymous.get("/en/about/").status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.create(page=about, restriction_type="login")
    response = anonymous.get("/en/about/")
    assert response.status_code == 302
    assert "/login" in response["Location"] or "login" in response["Location"]


def test_translation_publish_invalidates_the_other_locale(
    page_cache, anonymous: Client, home_en, home_fr, django_capture_on_commit_callbacks
):
    assert "L’Alliance lutte".encode() in anonymous.get("/fr/").content
    home_fr.introduction = "Texte traduit revu."
    with django_capture_on_commit_callbacks(execute=True):
        home_fr.save_revision().publish()
    assert b"Texte traduit revu." in anonymous.get("/fr/").content


def test_languages_and_hosts_have_separate_entries(page_cache, anonymous: Client, home_fr):
    english = anonymous.get("/en/")
    french = anonymous.get("/fr/")
    assert english[CACHE_HEADER] == french[CACHE_HEADER] == "miss"
    assert english.content != french.content
    other_host = anonymous.get("/en/", HTTP_HOST="alliance.example.org")
    assert other_host[CACHE_HEADER] == "miss"


def test_logged_in_users_are_never_served_or_stored_and_get_private(
    page_cache, anonymous: Client, about
):
    anonymous.get("/en/about/")  # cached for visitors
    editor = Client()
    user = get_user_model().objects.create_user("editor", password="correct horse battery")
    editor.force_login(user)
    response = editor.get("/en/about/")
    assert CACHE_HEADER not in response
    assert "private" in response["Cache-Control"]
    # ... and the logged-in rendering did not replace the visitors' entry.
    assert anonymous.get("/en/about/")[CACHE_HEADER] == "hit"


def test_draft_view_in_admin_is_never_cached(page_cache, about, admin_client):
    about.title = "Draft only title"
    about.save_revision()
    response = admin_client.get(f"/admin/pages/{about.pk}/view_draft/")
    assert response.status_code == 200
    assert b"Draft only title" in response.content
    assert CACHE_HEADER not in response
    assert "private" in response["Cache-Control"]
    assert b"Draft only title" not in Client().get("/en/about/").content


def test_post_is_never_cached_and_marked_private(page_cache, anonymous: Client, about):
    response = anonymous.post("/en/about/", {"x": "1"})
    assert CACHE_HEADER not in response
    assert "private" in response["Cache-Control"]


def test_pages_with_a_csrf_form_are_not_cached(page_cache, anonymous: Client, home_en):
    response = anonymous.get("/admin/login/")
    assert CACHE_HEADER not in response
    assert "private" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]


def test_query_strings_and_404s(page_cache, anonymous: Client, about):
    assert anonymous.get("/en/about/?a=1")[CACHE_HEADER] == "miss"
    assert anonymous.get("/en/about/?a=2")[CACHE_HEADER] == "miss"
    assert anonymous.get("/en/about/?a=1")[CACHE_HEADER] == "hit"
    missing = anonymous.get("/en/no-such-page/")
    assert missing.status_code == 404
    assert CACHE_HEADER not in missing


def test_an_evicted_generation_never_resurrects_old_entries(
    page_cache, anonymous: Client, about, django_capture_on_commit_callbacks
):
    anonymous.get("/en/about/")  # stored under the current generation
    about.title = "Renamed"
    with django_capture_on_commit_callbacks(execute=True):
        about.save_revision().publish()
    cache.delete(GENERATION_KEY)  # as if Redis evicted or lost it
    response = anonymous.get("/en/about/")
    assert b"Renamed" in response.content


def test_a_visitors_search_does_not_empty_the_cache(
    page_cache, anonymous: Client, about, django_capture_on_commit_callbacks
):
    # Searches are logged (hit counts, results per language); if logging counted as a
    # content change, anyone could flush every cached page with one request.
    anonymous.get("/en/about/")
    with django_capture_on_commit_callbacks(execute=True):
        assert anonymous.get("/en/search/?q=alliance").status_code == 200
        assert anonymous.get("/en/search/?q=nothing+matches+this").status_code == 200
    assert anonymous.get("/en/about/")[CACHE_HEADER] == "hit"
