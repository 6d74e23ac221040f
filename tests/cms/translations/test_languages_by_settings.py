"""A third language is a setting, and machine translation is off unless chosen."""

from __future__ import annotations

import shutil

import pytest
from django.core.exceptions import ImproperlyConfigured

from cms.settings.env import machine_translator_from_env
from tests.cms.test_settings import run_manage

LITHUANIAN_CHECK = """
from io import StringIO
from django.core.management import call_command
from django.test import Client
from django.contrib.auth.models import Group
call_command("load_demo_content", stdout=StringIO(), stderr=StringIO())
client = Client()
home = client.get("/lt/")
print("home", home.status_code, 'lang="lt"' in home.content.decode())
print("notice", "untranslated-notice" in home.content.decode())
report = client.get("/lt/news/lithuania-national-seminar-2015/")
print("report", report.status_code)
print("redirect", client.get("/", HTTP_ACCEPT_LANGUAGE="lt").headers["Location"])
print("group", Group.objects.filter(name="Translators (lt)").exists())
"""


def test_lithuanian_added_by_setting_only_works_end_to_end(tmp_path, three_language_database):
    # A copy of the database `migrate` made with LANGUAGES=en,fr,lt (once for the suite).
    shutil.copy(three_language_database, tmp_path / "three.db")
    env = {
        "DATABASE_URL": f"sqlite:///{tmp_path}/three.db",
        "LANGUAGES": "en,fr,lt",
        "MEDIA_ROOT": str(tmp_path / "media"),
    }
    result = run_manage("shell", "-c", LITHUANIAN_CHECK, **env)
    lines = dict(line.split(" ", 1) for line in result.stdout.splitlines() if " " in line)
    assert lines.get("home") == "200 True", result.stderr[-2000:]
    assert lines["notice"] == "True", "untranslated Lithuanian pages are marked as such"
    assert lines["report"].startswith("200")
    assert lines["redirect"] == "/lt/"
    assert lines["group"] == "True"


def test_machine_translation_is_off_by_default():
    assert machine_translator_from_env({}) is None


def test_deepl_is_configured_from_the_environment():
    config = machine_translator_from_env({"MACHINE_TRANSLATOR": "deepl", "DEEPL_AUTH_KEY": "k"})
    assert config["CLASS"].endswith("DeepLTranslator")
    assert config["OPTIONS"]["AUTH_KEY"] == "k"


def test_libretranslate_needs_its_address():
    with pytest.raises(ImproperlyConfigured, match="LIBRETRANSLATE_URL"):
        machine_translator_from_env({"MACHINE_TRANSLATOR": "libretranslate"})


def test_unknown_machine_translator_is_refused():
    with pytest.raises(ImproperlyConfigured, match="MACHINE_TRANSLATOR"):
        machine_translator_from_env({"MACHINE_TRANSLATOR": "babelfish"})
