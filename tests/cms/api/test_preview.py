"""Headless preview: the admin's Preview opens the draft in the front end of the page's
language, which fetches it from the API with a short-lived token bound to that page."""

from __future__ import annotations

import time
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.auth.models import User
from wagtail_headless_preview.models import PagePreview

from articles.models import ArticlePage

pytestmark = pytest.mark.django_db

FRONT_ENDS = {
    "en": "https://front.example.org/en/preview",
    "fr": "https://front.example.org/fr/apercu",
}


@pytest.fixture
def front_ends(settings):
    settings.HEADLESS_PREVIEW_URLS = FRONT_ENDS
    settings.HEADLESS_PREVIEW_MAX_AGE = 600


@pytest.fixture
def admin_client(client, site, front_ends):
    user = User.objects.create_superuser("previewer", "p@example.org", "x")
    client.force_login(user)
    return client


def preview_in_admin(client, page, **changes) -> tuple[str, dict]:
    """Click "Preview" on the edit form of ``page`` with ``changes`` typed in."""
    page = page.specific
    data = {
        "title": changes.get("title", page.title),
        "slug": page.slug,
        "publication_date": str(page.publication_date),
        "standfirst": page.standfirst,
        "body-count": "0",
        "topic_links-TOTAL_FORMS": "0",
        "topic_links-INITIAL_FORMS": "0",
        "topic_links-MIN_NUM_FORMS": "0",
        "topic_links-MAX_NUM_FORMS": "1000",
        "related_page_links-TOTAL_FORMS": "0",
        "related_page_links-INITIAL_FORMS": "0",
        "related_page_links-MIN_NUM_FORMS": "0",
        "related_page_links-MAX_NUM_FORMS": "1000",
        "participant_links-TOTAL_FORMS": "0",
        "participant_links-INITIAL_FORMS": "0",
        "participant_links-MIN_NUM_FORMS": "0",
        "participant_links-MAX_NUM_FORMS": "1000",
    }
    url = f"/admin/pages/{page.pk}/edit/preview/"
    posted = client.post(url, data)
    assert posted.status_code == 200 and posted.json()["is_valid"], posted.content[:500]
    response = client.get(url, {"mode": "headless"})
    assert response.status_code == 302, response.content[:300]
    location = response["Location"]
    return location, {key: values[0] for key, values in parse_qs(urlsplit(location).query).items()}


def fetch(client, params: dict):
    client.logout()  # the front end has no admin session, only the token
    return client.get("/api/v2/page_preview/", params)


def test_preview_opens_the_front_end_of_the_page_language(admin_client, site):
    location, params = preview_in_admin(admin_client, site.article, title="Draft headline")
    assert location.startswith("https://front.example.org/en/preview/?")
    assert params["content_type"] == "articles.articlepage"
    report_fr = site.report_fr
    fr_page = ArticlePage.objects.get(pk=site.article.pk)  # English article
    assert fr_page.preview_modes[0][0] == "headless"
    assert report_fr.specific.get_client_root_url(None) == "https://front.example.org/fr/apercu/"


def test_valid_token_returns_the_draft_and_is_never_cached(admin_client, site):
    _location, params = preview_in_admin(admin_client, site.article, title="Draft headline")
    response = fetch(admin_client, params)
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["id"] == site.article.pk and body["title"] == "Draft headline"
    assert body["meta"]["locale"] == "en"
    assert "no-store" in response["Cache-Control"]
    # The live page is untouched.
    assert ArticlePage.objects.get(pk=site.article.pk).title == "Housing news"


def test_expired_token_is_refused(admin_client, site, settings):
    _location, params = preview_in_admin(admin_client, site.article, title="Draft headline")
    settings.HEADLESS_PREVIEW_MAX_AGE = 1
    time.sleep(2.1)
    response = fetch(admin_client, params)
    assert response.status_code == 401
    assert "expired" in response.json()["message"]
    assert "Draft headline" not in response.content.decode()


@pytest.mark.parametrize("tamper", ["signature", "identifier", "made-up"])
def test_forged_token_is_refused(admin_client, site, tamper):
    _location, params = preview_in_admin(admin_client, site.article, title="Draft headline")
    token = params["token"]
    if tamper == "signature":
        token = token[:-3] + ("AAA" if not token.endswith("AAA") else "BBB")
    elif tamper == "identifier":
        token = token.replace(f"id={site.article.pk}", f"id={site.report.pk}")
    else:
        token = f"id={site.draft.pk}:1abcde:forgedsignature"
    response = fetch(admin_client, {**params, "token": token})
    assert response.status_code in (401, 404)
    assert "Draft headline" not in response.content.decode()


def test_token_does_not_open_other_pages(admin_client, site):
    _location, params = preview_in_admin(admin_client, site.article, title="Draft headline")
    token = params["token"]
    # Same token, another page type: nothing.
    other_type = fetch(admin_client, {"content_type": "articles.seminarreportpage", "token": token})
    assert other_type.status_code == 404
    # Same token, asking for another page by id or path: the endpoint has no such door.
    for extra in ({"id": site.draft.pk}, {"html_path": "/en/news/secret-draft/"}):
        response = fetch(admin_client, {**params, **extra})
        assert response.status_code in (200, 400)
        assert "Secret draft" not in response.content.decode()
    assert admin_client.get(f"/api/v2/page_preview/{site.draft.pk}/").status_code == 404
    # A stored draft of another page under a valid token of this one is not served.
    PagePreview.objects.filter(token=token).update(
        content_json=ArticlePage.objects.get(pk=site.draft.pk).to_json()
    )
    response = fetch(admin_client, params)
    assert response.status_code == 404
    assert "Secret draft" not in response.content.decode()


def test_missing_parameters_are_400(client, site):
    assert client.get("/api/v2/page_preview/").status_code == 400
    unknown = client.get("/api/v2/page_preview/", {"content_type": "no.such", "token": "x"})
    assert unknown.status_code == 404


def test_without_configuration_preview_stays_wagtail_default(client, site, settings):
    settings.HEADLESS_PREVIEW_URLS = {}
    settings.HEADLESS_PREVIEW_URL = ""
    page = ArticlePage.objects.get(pk=site.article.pk)
    assert [mode for mode, _label in page.preview_modes] == [""]
