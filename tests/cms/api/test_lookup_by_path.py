"""Lookup by path, API v2 (`pages/find/?html_path=`) and v3 (`pages/find/?html_path=`):
every locale's paths, with and without the language prefix, to the public origin; bad
input and pages an anonymous consumer may not see are 404s (cms/api/paths.py)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from tests.cms.api.factories import ArticleFactory

pytestmark = pytest.mark.django_db

FOUND = [
    ("/en/news/lithuania-seminar/", "report"),
    ("/news/lithuania-seminar/", "report"),
    ("/en/news/lithuania-seminar", "report"),  # no trailing slash
    ("news/lithuania-seminar", "report"),  # nor a leading one
    ("/fr/actualites/seminaire-lituanie/", "report_fr"),
    ("/actualites/seminaire-lituanie/", "report_fr"),  # French slugs, no prefix
    ("/FR/actualites/seminaire-lituanie/", "report_fr"),
    ("/fr/actualites/housing-news/", "alias_fr"),  # an untranslated alias
    ("/en/", "home_en"),
    ("/fr/", "home_fr"),
    ("/", "home_en"),
    ("/en/news/?page=2#latest", "news_en"),  # query and fragment are not the path
    ("/en/news/topic/housing/", "news_en"),  # a routable page's sub-path, as on the site
    ("/participants/", "members_en"),  # both languages use this slug: the default first
    ("/fr/participants/", "members_fr"),
]
NOT_FOUND = [
    "/en/news/secret-draft/",  # a draft
    "/news/secret-draft/",
    "/en/news/nothing-here/",
    "/de/news/lithuania-seminar/",  # not a language of the site: a slug, and no page
    "/fr/news/lithuania-seminar/",  # the English slug under the French prefix
    "/en/actualites/seminaire-lituanie/",  # the French slugs under the English prefix
    "/en/news/lithuania-seminar/extra/",
    "/en/news/lithuania-seminar%2Fextra/",
    "/../../etc/passwd",
    "/en/" + "deep/" * 200,
    "/" + "x" * 5000,
    "http://evil.example.org/en/news/nothing/",
]


def target(site, name: str):
    if name in ("members_en", "members_fr"):
        members = site.participant.get_parent()
        return members if name == "members_en" else members.get_translation(site.home_fr.locale)
    return getattr(site, name)


@pytest.mark.parametrize(("path", "name"), FOUND)
def test_v2_finds_every_locales_paths_and_redirects_to_the_public_detail(client, site, path, name):
    page = target(site, name)
    response = client.get("/api/v2/pages/find/", {"html_path": path, "fields": "title"})
    assert response.status_code == 302, response.content
    location = response["Location"]
    assert location == f"http://testserver/api/v2/pages/{page.pk}/?fields=title"
    detail = client.get(location)
    assert detail.status_code == 200
    assert (detail.json()["id"], detail.json()["title"]) == (page.pk, page.title)


@pytest.mark.parametrize(("path", "name"), FOUND)
def test_v3_finds_every_locales_paths(client, site, path, name):
    page = target(site, name)
    response = client.get("/api/v3/pages/find/", {"html_path": path})
    assert response.status_code == 302, response.content
    assert response["Location"].split("?")[0] == f"/api/v3/pages/{page.pk}/"
    assert client.get(response["Location"]).json()["id"] == page.pk


@pytest.mark.parametrize("path", NOT_FOUND)
@pytest.mark.parametrize("version", ["v2", "v3"])
def test_unknown_draft_and_malformed_paths_are_404(client, site, path, version):
    response = client.get(f"/api/{version}/pages/find/", {"html_path": path})
    assert response.status_code == 404, (path, response.content)


def test_the_public_origin_is_the_redirects(client, site, settings):
    """The redirect names WAGTAILADMIN_BASE_URL's origin, not the host asked."""
    settings.WAGTAILAPI_BASE_URL = "https://alliance.example.org"
    response = client.get(
        "/api/v2/pages/find/?html_path=/fr/actualites/seminaire-lituanie/",
        HTTP_HOST="cms.internal:8000",
    )
    assert response["Location"] == (
        f"https://alliance.example.org/api/v2/pages/{site.report_fr.pk}/?"
    )


@pytest.mark.parametrize("version", ["v2", "v3"])
def test_private_pages_are_not_found(client, site, version):
    PageViewRestriction.objects.create(
        page=site.news_en, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )
    for path in ("/en/news/lithuania-seminar/", "/news/lithuania-seminar/", "/en/news/"):
        response = client.get(f"/api/{version}/pages/find/", {"html_path": path})
        assert response.status_code == 404, path
    # The French tree is not restricted.
    french = client.get(f"/api/{version}/pages/find/?html_path=/fr/actualites/")
    assert french.status_code == 302


@pytest.mark.parametrize("version", ["v2", "v3"])
def test_a_live_page_under_a_draft_is_found_but_the_draft_is_not(client, site, version):
    site.news_en.unpublish()  # the news index alone: its articles stay live
    found = client.get(f"/api/{version}/pages/find/?html_path=/en/news/lithuania-seminar/")
    assert found.status_code == 302
    assert client.get(f"/api/{version}/pages/find/?html_path=/en/news/").status_code == 404


def test_unicode_slugs_percent_encoded_or_not(client, site):
    page = ArticleFactory(parent=site.news_fr, title="Séminaire", slug="séminaire-à-vilnius")
    page.save_revision().publish()
    for path in (
        "/fr/actualites/séminaire-à-vilnius/",
        "/fr/actualites/s%C3%A9minaire-%C3%A0-vilnius/",
    ):
        for version in ("v2", "v3"):
            response = client.get(f"/api/{version}/pages/find/", {"html_path": path})
            assert response.status_code == 302, (version, path)
            assert f"/api/{version}/pages/{page.pk}/" in response["Location"]


def test_find_needs_a_parameter_and_refuses_a_null_byte(client, site):
    assert client.get("/api/v3/pages/find/").status_code == 404
    assert client.get("/api/v2/pages/find/").status_code == 404
    for version in ("v2", "v3"):
        response = client.get(f"/api/{version}/pages/find/?html_path=/en/%00/")
        assert response.status_code == 400


# Queries of one lookup, with the caches off (tests): the site's visibility (3, read from
# the fragment cache in production), the home pages of every language as their own type
# (3), Wagtail's routing (per segment, the child and its specific page: 4 for
# /fr/actualites/seminaire-lituanie/), then whether the page found is visible (1). A
# French path without its prefix is tried from the English home first (one query more).
V2_FIND_PREFIXED = 11
V2_FIND_UNPREFIXED_FRENCH = 12
V3_FIND_PREFIXED = 11


def count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 302, response.content
    return len(queries)


def test_lookup_queries_are_bounded_by_the_path_not_the_site(client, site):
    assert count(client, "/api/v2/pages/find/?html_path=/fr/actualites/seminaire-lituanie/") == (
        V2_FIND_PREFIXED
    )
    assert count(client, "/api/v2/pages/find/?html_path=/actualites/seminaire-lituanie/") == (
        V2_FIND_UNPREFIXED_FRENCH
    )
    assert count(client, "/api/v3/pages/find/?html_path=/fr/actualites/seminaire-lituanie/") == (
        V3_FIND_PREFIXED
    )
    for n in range(20):  # more pages and languages' content change nothing
        ArticleFactory(parent=site.news_fr, slug=f"more-{n}").save_revision().publish()
    assert count(client, "/api/v2/pages/find/?html_path=/fr/actualites/seminaire-lituanie/") == (
        V2_FIND_PREFIXED
    )
