"""CORS: configured front-end origins may read the APIs from the browser; others not."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db

FRONT_END = "https://front.example.org"


@pytest.fixture
def cors(settings):
    settings.CORS_ALLOWED_ORIGINS = [FRONT_END]


@pytest.mark.parametrize("path", ["/api/v2/pages/", "/api/v3/pages/"])
def test_allowed_origin_gets_the_header(client, site, cors, path):
    response = client.get(path, HTTP_ORIGIN=FRONT_END)
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == FRONT_END


@pytest.mark.parametrize("path", ["/api/v2/pages/", "/api/v3/pages/"])
def test_other_origin_gets_no_header(client, site, cors, path):
    response = client.get(path, HTTP_ORIGIN="https://evil.example.com")
    assert response.status_code == 200
    assert "Access-Control-Allow-Origin" not in response


def test_preflight_from_allowed_origin(client, site, cors):
    response = client.options(
        "/api/v2/pages/",
        HTTP_ORIGIN=FRONT_END,
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
    )
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == FRONT_END


def test_public_site_pages_send_no_cors_header(client, site, cors):
    response = client.get("/en/", HTTP_ORIGIN=FRONT_END)
    assert "Access-Control-Allow-Origin" not in response
