"""Every way a request finds its site reads the site's settings in the same statement: the
search page (cms/caching/routing.py::find_site) and the API's visibility
(cms/api/visibility.py) read them in a statement of their own, one query on every cold
search and API detail (#19)."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Site

from cms.core.models import SocialMediaSettings

pytestmark = pytest.mark.django_db

FACEBOOK = "https://www.facebook.com/roma.alliance"


@pytest.fixture
def settings_row(home_en, home_fr) -> SocialMediaSettings:
    social = SocialMediaSettings.for_site(Site.objects.get(is_default_site=True))
    social.facebook_url = FACEBOOK
    social.save()
    cache.clear()
    return social


def statements_on_settings(queries) -> list[str]:
    return [q["sql"] for q in queries if q["sql"].startswith('SELECT "cms_socialmediasettings"')]


def test_the_search_page_reads_the_settings_with_the_site(client, settings_row):
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/en/search/?q=alliance")
    assert response.status_code == 200
    assert FACEBOOK in response.content.decode()  # the footer's link
    assert statements_on_settings(queries.captured_queries) == []


def test_an_api_detail_reads_the_settings_with_the_site(client, settings_row, home_en):
    """A page without a picture of its own is shared with the settings' default one
    (or the emblem): the detail's ``social_image`` reads the settings."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/api/v2/pages/{home_en.pk}/")
    assert response.status_code == 200
    assert response.json()["meta"]["social_image"]["url"]
    assert statements_on_settings(queries.captured_queries) == []


def test_a_changed_setting_is_shown_at_once(
    client, settings_row, settings, django_capture_on_commit_callbacks
):
    """The site is kept with its settings in the fragment cache: a change of a setting
    must not leave the old one in the footer."""
    settings.FRAGMENT_CACHE_SECONDS = 600
    cache.clear()
    assert FACEBOOK in client.get("/en/search/?q=alliance").content.decode()
    settings_row.facebook_url = "https://www.facebook.com/another"
    with django_capture_on_commit_callbacks(execute=True):  # the invalidation runs on commit
        settings_row.save()
    html = client.get("/en/search/?q=alliance").content.decode()
    assert "https://www.facebook.com/another" in html
    assert FACEBOOK not in html
