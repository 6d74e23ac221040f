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

# Everything issue #17 built, in Lithuanian, with no code change: translation status,
# the quality gate's image-text and terminology rules, releases, digests, names.
LITHUANIAN_WORKFLOW = """
from io import StringIO
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.test import Client
from django.utils import translation
from wagtail.models import Locale
from wagtail_localize.models import Translation, TranslationSource
from articles.models import SeminarReportPage
from cms.core.language_names import language_name
from cms.publishing.releases import required_languages
from cms.translations.models import TranslationDigest
from cms.translations.terminology import Term, TermStatus
from cms.workflow.quality import quality_problems

call_command("load_demo_content", stdout=StringIO(), stderr=StringIO())
client, lt = Client(), Locale.objects.get(language_code="lt")
slug = "lithuania-national-seminar-2015"
report_en = SeminarReportPage.objects.get(locale__language_code="en", slug=slug)
report_lt = report_en.get_translation(lt)
status = lambda: client.get(f"/api/v2/pages/{report_lt.pk}/").json()["meta"]["translation_status"]
print("alias", status())
print("required", ",".join(required_languages(report_en)))

Term.objects.create(locale=lt, term="čigonai", status=TermStatus.DEPRECATED, live=True)
alts = {use.value["alt_text"] for use in report_en.gallery} | {report_en.listing_image_alt_text}
source, _ = TranslationSource.get_or_create_from_instance(report_en)
work, _ = Translation.objects.get_or_create(source=source, target_locale=lt)
po = work.export_po()
for entry in po:
    entry.msgstr = entry.msgid if entry.msgid in alts else entry.msgid + " (lt)"
    if entry.msgctxt == "title":
        entry.msgstr = "Seminaras apie čigonai"
work.import_po(po)
problems = quality_problems(source.get_ephemeral_translated_instance(lt, fallback=True))
print("alt_gate", sum("alt text" in problem for problem in problems))
print("term_gate", sum("čigonai" in problem for problem in problems))

for entry in po:
    entry.msgstr = entry.msgid + " (lt)"
work.import_po(po)
print("clean", len(quality_problems(source.get_ephemeral_translated_instance(lt, fallback=True))))
work.save_target(publish=True)
report_lt = report_en.get_translation(lt)
print("translated", status())

translator = get_user_model().objects.create_user("lina", "lina@example.org", "x")
translator.groups.add(Group.objects.get(name="Translators (lt)"))
report_en.save_revision().publish()
print("outdated", status())
call_command("send_translation_digests", stdout=StringIO())
digest = TranslationDigest.objects.filter(locale=lt).first()
print("digest", digest.recipients if digest else 0)
with translation.override("fr"):
    print("name", language_name("lt"))
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


def test_lithuanian_has_everything_of_equal_languages(tmp_path, three_language_database):
    shutil.copy(three_language_database, tmp_path / "three.db")
    env = {
        "DATABASE_URL": f"sqlite:///{tmp_path}/three.db",
        "LANGUAGES": "en,fr,lt",
        "REQUIRED_LANGUAGES": "articles.SeminarReportPage=fr,lt",
        "MEDIA_ROOT": str(tmp_path / "media"),
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    }
    result = run_manage("shell", "-c", LITHUANIAN_WORKFLOW, **env)
    lines = dict(line.split(" ", 1) for line in result.stdout.splitlines() if " " in line)
    assert lines.get("alias") == "fallback", result.stderr[-3000:]
    assert lines["required"] == "fr,lt"
    assert int(lines["alt_gate"]) >= 2, "untranslated alt texts are refused in Lithuanian too"
    assert lines["term_gate"] == "1", "Lithuanian deprecated terms are listed"
    assert lines["clean"] == "0"
    assert lines["translated"] == "current"
    assert lines["outdated"] == "outdated"
    assert lines["digest"] == "1", "the Lithuanian translator is told"
    assert lines["name"] == "lituanien"


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
