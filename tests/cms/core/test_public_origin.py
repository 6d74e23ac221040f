"""One public origin: the default Site follows WAGTAILADMIN_BASE_URL (cms/core/sites.py).

The database is real; `migrate` and `check` run as an operator runs them, in a process of
their own where the point is what the command does."""

from __future__ import annotations

import shutil
import sqlite3
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from wagtail.models import Page, Site

from cms.core.sites import (
    NOT_AN_ORIGIN,
    SITE_MISMATCH,
    align_default_site,
    public_origin_checks,
)
from tests.cms.test_settings import run_manage

PUBLIC = "https://alliance.example.org"
SITE_NAME = "European Alliance of Cities and Regions for Roma Inclusion"


def default_site() -> Site:
    return Site.objects.get(is_default_site=True)


def reset_to_initial() -> Site:
    """The default site as the initial migration leaves it (localhost:80, no name)."""
    site = default_site()
    site.hostname, site.port, site.site_name = "localhost", 80, ""
    site.save()
    return site


def check_ids() -> list[str]:
    return [message.id for message in public_origin_checks()]


@pytest.mark.django_db
def test_migrated_test_database_is_already_at_the_public_address():
    """What `migrate` left for the whole suite: the test client's host, with a name."""
    site = default_site()
    assert (site.hostname, site.port, site.root_url) == ("testserver", 80, "http://testserver")
    assert site.site_name == SITE_NAME
    assert check_ids() == []


@pytest.mark.django_db
def test_initial_site_is_moved_to_the_public_address_with_a_name(settings):
    settings.WAGTAILADMIN_BASE_URL = PUBLIC
    reset_to_initial()
    assert check_ids() == [SITE_MISMATCH]

    change = align_default_site()

    assert change == f"http://localhost -> {PUBLIC}; name {SITE_NAME!r}"
    site = default_site()
    assert (site.hostname, site.port, site.root_url) == ("alliance.example.org", 443, PUBLIC)
    assert site.site_name == SITE_NAME
    assert check_ids() == []
    assert align_default_site() is None  # idempotent: nothing left to change


@pytest.mark.django_db
def test_name_given_by_an_administrator_is_kept(settings):
    settings.WAGTAILADMIN_BASE_URL = "http://alliance.example.org:8080"
    site = reset_to_initial()
    site.site_name = "Roma Inclusion Alliance"
    site.save()

    assert align_default_site() == "http://localhost -> http://alliance.example.org:8080"
    site = default_site()
    assert (site.hostname, site.port, site.site_name) == (
        "alliance.example.org",
        8080,
        "Roma Inclusion Alliance",
    )


@pytest.mark.django_db
def test_an_address_another_site_answers_is_left_alone_and_reported(settings):
    """Two Sites cannot share hostname and port: the default one stays, the check names
    both addresses, and migrate does not fail."""
    settings.WAGTAILADMIN_BASE_URL = PUBLIC
    reset_to_initial()
    other_root = Page.get_first_root_node().add_child(instance=Page(title="Other", slug="other"))
    Site.objects.create(hostname="alliance.example.org", port=443, root_page=other_root)

    assert align_default_site() == f"name {SITE_NAME!r}"  # the name only
    assert (default_site().hostname, default_site().port) == ("localhost", 80)
    [warning] = public_origin_checks()
    assert warning.id == SITE_MISMATCH
    assert "http://localhost" in warning.msg and PUBLIC in warning.msg


@pytest.mark.parametrize(
    "value",
    [
        "https://alliance.example.org:8443",  # Wagtail says http for any port but 443
        "http://alliance.example.org:443",
        "ftp://alliance.example.org",
        "alliance.example.org",
        "https://alliance.example.org/cms/",
        "https://alliance.example.org/?x=1",
        "http://user@alliance.example.org",
        "http://[::1]:8000",
        "http://alliance.example.org:99999",
        "",
    ],
)
@pytest.mark.django_db
def test_a_setting_no_site_can_hold_is_reported_and_changes_nothing(settings, value):
    settings.WAGTAILADMIN_BASE_URL = value
    reset_to_initial()
    assert check_ids() == [NOT_AN_ORIGIN]
    assert align_default_site() is None
    assert (default_site().hostname, default_site().port) == ("localhost", 80)


@pytest.mark.django_db
def test_no_default_site_is_not_a_warning():
    Site.objects.all().delete()
    assert check_ids() == []
    assert align_default_site() is None


@pytest.mark.django_db
def test_migrate_aligns_and_says_so(settings):
    settings.WAGTAILADMIN_BASE_URL = PUBLIC
    reset_to_initial()
    out = StringIO()
    call_command("migrate", verbosity=1, stdout=out, skip_checks=True)
    assert f"Default site aligned with WAGTAILADMIN_BASE_URL: http://localhost -> {PUBLIC}" in (
        out.getvalue()
    )
    assert default_site().root_url == PUBLIC


def default_site_row(database: Path) -> tuple:
    with sqlite3.connect(database) as connection:
        return connection.execute(
            "SELECT hostname, port, site_name FROM wagtailcore_site WHERE is_default_site"
        ).fetchone()


def test_operator_path_check_migrate_check(three_language_database, tmp_path):
    """As an operator deploys: a database migrated at one address, the setting changed;
    `check --fail-level WARNING` (CI's, and the deployment steps') fails naming cms.W001
    until `migrate` has run, then passes. The suite's freshly migrated database passes
    as it is."""
    database = tmp_path / "site.db"
    shutil.copyfile(three_language_database, database)
    env = {
        "DATABASE_URL": f"sqlite:///{database}",
        "LANGUAGES": "en,fr,lt",
        "WAGTAILADMIN_BASE_URL": "http://testserver",  # as it was migrated (tests/conftest.py)
    }
    fresh = run_manage("check", "--fail-level", "WARNING", **env)
    assert fresh.returncode == 0, fresh.stderr[-2000:]

    env["WAGTAILADMIN_BASE_URL"] = PUBLIC
    moved = run_manage("check", "--fail-level", "WARNING", **env)
    assert moved.returncode != 0 and SITE_MISMATCH in moved.stderr

    migrated = run_manage("migrate", "--no-input", **env)
    assert migrated.returncode == 0, migrated.stderr[-2000:]
    assert f"-> {PUBLIC}" in migrated.stdout
    assert default_site_row(database) == ("alliance.example.org", 443, SITE_NAME)
    assert run_manage("check", "--fail-level", "WARNING", **env).returncode == 0
