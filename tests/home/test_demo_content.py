"""`load_demo_content` builds the bilingual site from the seed, once."""

from __future__ import annotations

from collections.abc import Iterator
from io import StringIO

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client, override_settings
from django.urls import reverse
from wagtail.models import Page, Revision

from cms.core.models import CustomImage
from home.models import HomePage, StandardPage, TerminologyNote
from tests.shared_data import rolled_back

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


# First in the module: it needs the migrated database, before `first_load` is built.
def test_demo_accounts_are_refused_when_debug_is_off():
    out, err = load_demo(DEBUG=False)
    # Veldhoven's contributor is demo content (#20: its proposal in review needs an
    # author), made as an invitation makes it: without a password, so nobody can sign in.
    users = get_user_model().objects.all()
    assert [user.username for user in users] == ["veldhoven@example.org"]
    assert not any(user.has_usable_password() for user in users)
    assert "Demo accounts not created: DEBUG is off" in err
    assert "password:" not in out


@pytest.fixture(scope="module")
def first_load(django_db_setup, django_db_blocker) -> Iterator[tuple[str, str]]:
    """One real first run of the command (DEBUG on) on the migrated database, with its
    output, for the three tests that start from it; three tests each ran it, at 10 to
    30 seconds apiece. Rolled back when the module ends, and what a test changes is
    rolled back after it (tests/shared_data.py, `rolled_back`)."""
    yield from rolled_back(django_db_blocker, lambda: load_demo(DEBUG=True))


def test_demo_content_is_bilingual(client: Client, first_load):
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


def test_second_run_changes_nothing(first_load):
    before = counts()
    out, _err = load_demo(DEBUG=True)
    assert counts() == before
    assert "nothing changed" in out
    assert "exists, password unchanged" in out


def test_demo_accounts_are_printed_and_can_log_in(client: Client, first_load):
    out, _err = first_load
    for username in ("admin", "editor", "reviewer", "translator"):
        assert f"{username} " in out
        password = out.split(f"{username} ")[1].split("password:")[1].split()[0]
        assert client.login(username=username, password=password)
    assert get_user_model().objects.get(username="admin").is_superuser
    assert get_user_model().objects.get(username="editor").groups.filter(name="Editors").exists()
    translator = get_user_model().objects.get(username="translator")
    assert translator.groups.filter(name="Translators (fr)").exists()


def saved_account_settings(client: Client) -> tuple[int, str]:
    """Presses "Save" on the account settings page with every field as shown."""
    page = BeautifulSoup(client.get(reverse("wagtailadmin_account")).content, "html.parser")
    form = page.find("form", id="w-editor-form")
    data: dict[str, object] = {}
    for field in form.find_all(["input", "select", "textarea"]):
        name = field.get("name")
        if not name or field.get("type") in {"file", "submit"}:
            continue
        if field.get("type") in {"checkbox", "radio"} and not field.has_attr("checked"):
            continue
        if field.name == "select":
            chosen = field.find("option", selected=True) or field.find("option")
            data[name] = chosen.get("value", "") if chosen else ""
        elif field.name == "textarea":
            data[name] = field.text
        else:
            data[name] = field.get("value", "")
    response = client.post(reverse("wagtailadmin_account"), data, follow=True)
    return response.status_code, response.content.decode()


def test_every_demo_account_can_save_its_settings_and_the_translator_works_in_french(
    client: Client, first_load
):
    """Wagtail's account form requires a first and a last name: a demo account without
    them could not even change its interface language."""
    for username in ("admin", "editor", "reviewer", "translator"):
        user = get_user_model().objects.get(username=username)
        assert user.first_name and user.last_name
        client.force_login(user)
        status, html = saved_account_settings(client)
        assert status == 200
        assert "This field is required" not in html and "Ce champ est obligatoire" not in html
    client.force_login(get_user_model().objects.get(username="translator"))
    dashboard = client.get("/admin/").content.decode()
    assert '<html lang="fr"' in dashboard
