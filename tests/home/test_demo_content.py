"""`load_demo_content` builds the bilingual site from the seed, once."""

from __future__ import annotations

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client, override_settings
from wagtail.models import Page, Revision

from cms.core.models import CustomImage
from home.models import HomePage, StandardPage, TerminologyNote

pytestmark = pytest.mark.django_db


def load_demo(**settings) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    with override_settings(**settings):
        call_command("load_demo_content", stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def counts() -> dict[str, int]:
    return {
        "pages": Page.objects.count(),
        "revisions": Revision.objects.count(),
        "images": CustomImage.objects.count(),
        "notes": TerminologyNote.objects.count(),
        "users": get_user_model().objects.count(),
    }


def test_demo_content_is_bilingual(client: Client):
    load_demo(DEBUG=True)
    assert HomePage.objects.live().filter(locale__language_code="fr").count() == 1
    translated = StandardPage.objects.live().filter(alias_of__isnull=True)
    assert set(translated.values_list("locale__language_code", "slug")) == {
        ("en", "about"),
        ("en", "privacy"),
        ("en", "legal-notice"),
        ("en", "working-languages"),
        ("fr", "a-propos"),
        ("fr", "confidentialite"),
        ("fr", "mentions-legales"),
    }
    # One page is deliberately left untranslated: French readers get the English
    # text, marked as such and hidden from search engines.
    untranslated = client.get("/fr/working-languages/").content.decode()
    assert "This page has not been translated yet" not in untranslated
    assert "Cette page n’a pas encore été traduite" in untranslated
    assert '<meta name="robots" content="noindex">' in untranslated
    french = client.get("/fr/").content.decode()
    assert "Rejoindre l’Alliance" in french
    assert "Roms et Gens du voyage" in french
    hero = HomePage.objects.get(locale__language_code="en").hero_image
    assert hero.description and hero.caption and hero.credit


def test_second_run_changes_nothing():
    load_demo(DEBUG=True)
    before = counts()
    out, _err = load_demo(DEBUG=True)
    assert counts() == before
    assert "nothing changed" in out
    assert "exists, password unchanged" in out


def test_demo_accounts_are_printed_and_can_log_in(client: Client):
    out, _err = load_demo(DEBUG=True)
    for username in ("admin", "editor", "reviewer"):
        assert f"{username} " in out
        password = out.split(f"{username} ")[1].split("password:")[1].split()[0]
        assert client.login(username=username, password=password)
    assert get_user_model().objects.get(username="admin").is_superuser
    assert get_user_model().objects.get(username="editor").groups.filter(name="Editors").exists()


def test_demo_accounts_are_refused_when_debug_is_off():
    out, err = load_demo(DEBUG=False)
    assert not get_user_model().objects.exists()
    assert "Demo accounts not created: DEBUG is off" in err
    assert "password:" not in out
