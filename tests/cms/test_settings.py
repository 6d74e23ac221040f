"""Configuration comes from the environment, and mistakes are named, not buried."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from cms.settings.env import (
    contribution_languages_from_env,
    database_from_url,
    env_bool,
    env_int,
    languages_from_codes,
)

ROOT = Path(__file__).resolve().parents[2]


def run_manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_sqlite_url_gives_sqlite_database(tmp_path):
    config = database_from_url(f"sqlite:///{tmp_path}/site.db")
    assert config["ENGINE"] == "django.db.backends.sqlite3"
    assert config["NAME"] == f"{tmp_path}/site.db"


def test_postgres_url_gives_postgresql_database():
    config = database_from_url("postgres://alliance:secret@db.internal:5433/alliance")
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["HOST"], config["PORT"], config["NAME"]) == ("db.internal", 5433, "alliance")
    assert (config["USER"], config["PASSWORD"]) == ("alliance", "secret")


@pytest.mark.parametrize(
    "bad_url",
    ["mysql://root@localhost/alliance", "not a url", "postgres://user@host:5432/", "redis://x/0"],
)
def test_bad_database_url_names_the_setting(bad_url):
    with pytest.raises(ImproperlyConfigured, match="DATABASE_URL"):
        database_from_url(bad_url)


def test_bad_database_url_stops_manage_py_with_a_clear_message():
    result = run_manage("check", DATABASE_URL="mysql://root@localhost/alliance")
    assert result.returncode == 2
    assert "Configuration error: DATABASE_URL" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("missing", "env"),
    [
        ("SECRET_KEY", {"ALLOWED_HOSTS": "alliance.example.org"}),
        ("ALLOWED_HOSTS", {"SECRET_KEY": "x" * 60}),
        # The public address: left at the development default, feeds, sitemap and API
        # would name http://127.0.0.1:8000 (cms/core/sites.py).
        ("WAGTAILADMIN_BASE_URL", {"SECRET_KEY": "x" * 60, "ALLOWED_HOSTS": "example.org"}),
    ],
)
def test_production_refuses_to_start_without_required_setting(missing, env):
    result = run_manage(
        "check",
        **{
            "DJANGO_SETTINGS_MODULE": "cms.settings.production",
            "SECRET_KEY": "",
            "ALLOWED_HOSTS": "",
            "WAGTAILADMIN_BASE_URL": "",
            **env,
        },
    )
    assert result.returncode == 2
    assert missing in result.stderr


def test_production_refuses_a_short_secret_key():
    result = run_manage(
        "check",
        DJANGO_SETTINGS_MODULE="cms.settings.production",
        SECRET_KEY="short",
        ALLOWED_HOSTS="alliance.example.org",
    )
    assert result.returncode == 2
    assert "SECRET_KEY must be at least 50 characters" in result.stderr


def test_production_starts_with_the_documented_environment():
    result = run_manage(
        "check",
        DJANGO_SETTINGS_MODULE="cms.settings.production",
        SECRET_KEY="k" * 60,
        ALLOWED_HOSTS="alliance.example.org",
        WAGTAILADMIN_BASE_URL="https://alliance.example.org",
    )
    assert result.returncode == 0, result.stderr


def test_debug_flag_rejects_unclear_values():
    assert env_bool("DEBUG", False, {"DEBUG": "yes"}) is True
    assert env_bool("DEBUG", True, {"DEBUG": "0"}) is False
    with pytest.raises(ImproperlyConfigured, match="DEBUG"):
        env_bool("DEBUG", False, {"DEBUG": "maybe"})


def test_integer_settings_reject_words():
    assert env_int("EMAIL_PORT", 25, {"EMAIL_PORT": "587"}) == 587
    with pytest.raises(ImproperlyConfigured, match="EMAIL_PORT"):
        env_int("EMAIL_PORT", 25, {"EMAIL_PORT": "smtp"})


def test_languages_are_named_in_their_own_language():
    assert languages_from_codes(["en", "fr", "lt"]) == [
        ("en", "English"),
        ("fr", "français"),
        ("lt", "Lietuviškai"),
    ]


def test_unknown_language_code_is_refused():
    with pytest.raises(ImproperlyConfigured, match="xx"):
        languages_from_codes(["en", "xx"])


def test_contribution_languages_keep_the_public_ones_first():
    """A contributor may always write in the site's languages, then in the others listed."""
    languages = contribution_languages_from_env(["en", "fr"], ["nl", "fr", "de"])
    assert languages == [
        ("en", "English"),
        ("fr", "français"),
        ("nl", "Nederlands"),
        ("de", "Deutsch"),
    ]


def test_unknown_contribution_language_names_the_setting():
    with pytest.raises(ImproperlyConfigured, match="CONTRIBUTION_LANGUAGES contains 'xx'"):
        contribution_languages_from_env(["en"], ["xx"])


def test_third_language_needs_only_the_setting(three_language_database):
    """LANGUAGES=en,fr,lt plus `migrate` opens a Lithuanian locale, with no code change.
    (The database was migrated so, once for the suite, by `three_language_database`.)"""
    env = {"DATABASE_URL": f"sqlite:///{three_language_database}", "LANGUAGES": "en,fr,lt"}
    result = run_manage(
        "shell",
        "-c",
        "from wagtail.models import Locale; "
        "print(sorted(Locale.objects.values_list('language_code', flat=True)))",
        **env,
    )
    assert "['en', 'fr', 'lt']" in result.stdout, result.stderr
