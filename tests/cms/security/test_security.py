"""Hardening: deploy checks, security headers, CSP, login throttling, upload limits."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from io import BytesIO
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image as PILImage
from wagtail.images import get_image_model
from wagtail.images.forms import get_image_form

ROOT = Path(__file__).resolve().parents[3]
PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "cms.settings.production",
    "SECRET_KEY": secrets.token_urlsafe(60),
    "ALLOWED_HOSTS": "alliance.example.org",
    "WAGTAILADMIN_BASE_URL": "https://alliance.example.org",
    "DATABASE_URL": "sqlite:////tmp/alliance-deploy-check.sqlite3",
}


def test_production_passes_check_deploy_with_the_documented_environment():
    environment = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    environment.update(PRODUCTION_ENV)
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.django_db
def test_security_headers_on_public_pages(client: Client, home_en, settings):
    settings.SECURE_HSTS_SECONDS = 31_536_000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
    settings.SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
    response = client.get("/en/", secure=True)
    assert response.status_code == 200
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    csp = response["Content-Security-Policy"]
    assert "script-src 'self';" in csp + ";"
    assert "style-src 'self';" in csp + ";"
    assert "unsafe-inline" not in csp
    assert "object-src 'none'" in csp


@pytest.mark.django_db
def test_admin_gets_only_the_relaxation_it_needs(client: Client, home_en):
    csp = client.get("/admin/login/")["Content-Security-Policy"]
    assert "script-src 'self' 'unsafe-inline'" in csp
    assert "unsafe-eval" not in csp
    assert "object-src 'none'" in csp


@pytest.mark.django_db
def test_admin_login_is_throttled_after_repeated_failures(client: Client, home_en, settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3
    get_user_model().objects.create_user("editor", password="the right password", is_staff=True)
    for _ in range(2):
        response = client.post("/admin/login/", {"username": "editor", "password": "wrong"})
        assert response.status_code == 200  # the form again, with an error
    third = client.post("/admin/login/", {"username": "editor", "password": "wrong"})
    assert third.status_code == 429
    locked = client.post("/admin/login/", {"username": "editor", "password": "the right password"})
    assert locked.status_code == 429
    assert "Too many failed sign-in attempts" in locked.content.decode()
    assert "_auth_user_id" not in client.session
    # Another account from the same address is not locked out.
    get_user_model().objects.create_user("reviewer", password="another password", is_staff=True)
    other = client.post("/admin/login/", {"username": "reviewer", "password": "another password"})
    assert other.status_code in (200, 302)
    assert other.status_code != 429


def _image_upload(name: str, content: bytes, content_type: str) -> dict:
    return {"file": SimpleUploadedFile(name, content, content_type=content_type)}


def _png(width: int, height: int) -> bytes:
    buffer = BytesIO()
    PILImage.new("RGB", (width, height), "white").save(buffer, "PNG")
    return buffer.getvalue()


@pytest.mark.django_db
def test_svg_uploads_are_refused():
    form_class = get_image_form(get_image_model())
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    form = form_class(
        data={"title": "Logo", "description": "Logo"},
        files=_image_upload("logo.svg", svg, "image/svg+xml"),
    )
    assert not form.is_valid()
    assert "file" in form.errors


@pytest.mark.django_db
def test_images_over_the_pixel_limit_are_refused(settings):
    settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS = 100 * 100
    form_class = get_image_form(get_image_model())
    form = form_class(
        data={"title": "Huge", "description": "Huge"},
        files=_image_upload("huge.png", _png(200, 200), "image/png"),
    )
    assert not form.is_valid()
    assert "file" in form.errors


@pytest.mark.django_db
def test_images_over_the_size_limit_are_refused(settings):
    settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE = 1000
    form_class = get_image_form(get_image_model())
    form = form_class(
        data={"title": "Big", "description": "Big"},
        files=_image_upload("big.png", _png(300, 300) + b"\0" * 2000, "image/png"),
    )
    assert not form.is_valid()
    assert "file" in form.errors


def test_upload_limits_are_configured(settings):
    assert "svg" not in settings.WAGTAILIMAGES_EXTENSIONS
    assert settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE <= 10 * 1024 * 1024
    assert settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS <= 40_000_000
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE <= 5 * 1024 * 1024
