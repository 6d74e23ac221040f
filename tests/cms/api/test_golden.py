"""Golden files of the APIs: the v3 OpenAPI document and a few v2 and v3 responses of the
demo site, so that a change of the output, ours or a Wagtail upgrade's (cms/api/v3/
schemas.py patches Wagtail internals), fails loudly with a diff instead of reaching
front ends.

The files are in tests/cms/api/expected/. After an intended change, rewrite them with
``UPDATE_EXPECTED=1 .venv/bin/python -m pytest tests/cms/api/test_golden.py`` and review
``git diff tests/cms/api/expected/`` before committing. Responses are normalised first
(ids, timestamps, hosts and media file names: tests/cms/api/golden.py); the OpenAPI
document is compared as it is, keys sorted. The OpenAPI snapshot is also what API v3's
TypeScript types are generated from: after changing it, run ``make api-types`` and commit
frontend/src/api/v3.d.ts too (CI's ``make api-types-check`` fails otherwise).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from wagtail.models import Page

from tests.cms.api.golden import assert_matches, normalise
from tests.shared_data import clear_caches, load_demo, rolled_back

pytestmark = pytest.mark.django_db

REPORT = "/home/news/lithuania-national-seminar-2015/"
ARTICLE = "/home/news/national-seminars-bring-every-level-of-government-together/"
PARTICIPANT = "/home/participants/veldhoven/"


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker) -> Iterator[None]:
    """The demo site (the same rows on every run), built once for the module and rolled
    back at its end (tests/shared_data.py); the tests only read it."""
    yield from rolled_back(django_db_blocker, load_demo)


@pytest.fixture
def api(demo, db, client, settings):
    settings.ALLOWED_HOSTS = ["*"]
    clear_caches()
    yield client
    clear_caches()


def get(client, url: str) -> dict:
    response = client.get(url)
    assert response.status_code == 200, response.content[:500]
    return response.json()


def page_id(url_path: str) -> int:
    return Page.objects.get(url_path=url_path).pk


def test_openapi_document(api):
    assert_matches("openapi-v3.json", get(api, "/api/v3/openapi.json"))


def test_v2_article_listing_with_all_fields(api):
    data = get(api, "/api/v2/pages/?type=articles.ArticlePage&fields=*&limit=100")
    assert data["meta"]["total_count"] == len(data["items"])
    assert_matches("v2-articles-listing.json", normalise(data))


def test_v2_report_detail(api):
    data = get(api, f"/api/v2/pages/{page_id(REPORT)}/")
    assert_matches("v2-report-detail.json", normalise(data))


def test_v2_article_detail(api):
    data = get(api, f"/api/v2/pages/{page_id(ARTICLE)}/")
    assert_matches("v2-article-detail.json", normalise(data))


def test_v2_participant_detail(api):
    data = get(api, f"/api/v2/pages/{page_id(PARTICIPANT)}/")
    assert_matches("v2-participant-detail.json", normalise(data))


def test_v2_images_listing(api):
    data = get(api, "/api/v2/images/?fields=*&limit=100")
    assert_matches("v2-images-listing.json", normalise(data))


def test_v3_report_detail(api):
    data = get(api, f"/api/v3/pages/{page_id(REPORT)}/")
    assert_matches("v3-report-detail.json", normalise(data))
