"""Translators are told what fell behind: one digest per language per batch, a panel.

Publishing a source after its French translation caught up makes the translation out
of date; `send_translation_digests` then emails each French translator once, in their
own interface language, listing every page that fell behind since the last digest, and
the admin dashboard lists the same pages to whoever may see French.
"""

from __future__ import annotations

from collections.abc import Iterator
from io import StringIO

import pytest
from django.contrib.auth.models import Permission
from django.core import mail
from django.core.mail import EmailMessage
from django.core.management import call_command
from django.test import Client
from wagtail.models import Locale, Page
from wagtail.users.models import UserProfile

from cms.translations.models import TranslationDigest
from tests.cms.translations.conftest import start_translation, translate_segments
from tests.conftest import user_in
from tests.home.factories import StandardPageFactory
from tests.shared_data import bilingual_home, rolled_back

pytestmark = pytest.mark.django_db


def build_translated() -> list[Page]:
    """Two English pages whose French translations are complete and live."""
    home_en, _home_fr = bilingual_home()
    french = Locale.objects.get(language_code="fr")
    pages = [
        StandardPageFactory(parent=home_en, title=f"Report {index}", slug=f"report-{index}")
        for index in range(2)
    ]  # as make_pages(2, prefix="Report") of tests/cms/translations/conftest.py
    for page in pages:
        translation = start_translation(page, french)
        translate_segments(translation)
        translation.save_target(publish=True)
    return pages


@pytest.fixture(scope="module")
def shared_translated(django_db_setup, django_db_blocker) -> Iterator[list[Page]]:
    """Built once for the module (they were built for each test: about a second apiece
    on PostgreSQL) inside a transaction rolled back when the module ends; each test's own
    transaction is rolled back after it, so every test starts from these same pages
    (tests/shared_data.py, `rolled_back`)."""
    yield from rolled_back(django_db_blocker, build_translated)


@pytest.fixture
def translated(shared_translated: list[Page]) -> list[Page]:
    """The shared pages read afresh, as an earlier test's republishing left them in
    memory."""
    return [type(page).objects.get(pk=page.pk) for page in shared_translated]


@pytest.fixture
def translators(db):
    """Two French translators (one reads the admin in French), and an editor, who is
    no translator and gets no digest."""
    camille = user_in("camille-translator", "Translators (fr)")
    camille.email = "camille@example.org"
    camille.save()
    profile = UserProfile.get_for_user(camille)
    profile.preferred_language = "fr"
    profile.save()
    tom = user_in("tom-translator", "Translators (fr)")
    tom.email = "tom@example.org"
    tom.save()
    edna = user_in("edna-editor", "Editors")
    edna.email = "edna@example.org"
    edna.save()
    return camille, tom


def republish(page, title: str) -> None:
    page.refresh_from_db()
    page.title = title
    page.save_revision().publish()


def digest() -> dict[str, EmailMessage]:
    """Runs the command as cron would; the messages it sent, by recipient."""
    mail.outbox.clear()
    call_command("send_translation_digests", stdout=StringIO())
    return {message.to[0]: message for message in mail.outbox}


def test_one_digest_per_translator_lists_every_page_that_fell_behind_once(
    translated, translators, locales
):
    french_pages = [page.get_translation(locales["fr"]) for page in translated]
    assert digest() == {}  # everything is current: nobody is told anything

    republish(translated[0], "Report 0, revised")
    republish(translated[1], "Report 1, revised")
    sent = digest()

    assert set(sent) == {"camille@example.org", "tom@example.org"}  # not the editor
    french, english = sent["camille@example.org"], sent["tom@example.org"]
    assert english.subject == "French: 2 translations fell behind their source"
    assert french.subject == "Français : 2 traductions ont pris du retard sur leur source"
    for message in (english, french):
        assert "Report 0, revised" in message.body and "Report 1, revised" in message.body
        # Each line links to the French page to update, not to the English source.
        assert f"http://testserver/admin/pages/{french_pages[0].pk}/edit/" in message.body
        assert f"/admin/pages/{translated[0].pk}/edit/" not in message.body
        assert "/admin/reports/translation-status/?locale=fr&status=out_of_date" in message.body
    assert "depuis la dernière mise à jour de leur traduction" in french.body
    record = TranslationDigest.objects.get()
    assert (record.locale.language_code, record.items, record.recipients) == ("fr", 2, 2)

    # The same changes are never announced twice; a new one is, alone.
    assert digest() == {}
    republish(translated[1], "Report 1, revised again")
    sent = digest()
    assert "Report 1, revised again" in sent["tom@example.org"].body
    assert "Report 0" not in sent["tom@example.org"].body
    assert sent["tom@example.org"].subject == "French: 1 translation fell behind its source"


def test_the_dashboard_lists_what_fell_behind_to_those_who_may_see_it(
    translated, translators, translator_fr, editor
):
    camille, _tom = translators
    republish(translated[0], "Report 0, revised")

    for user, heading in ((camille, "Traductions en retard sur leur source"), (editor, None)):
        client = Client()
        client.force_login(user)
        html = client.get("/admin/").content.decode()
        assert 'data-fallen-behind="fr"' in html
        assert "Report 0, revised" in html
        assert (
            "Report 1" not in html.split('id="translations-fallen-behind')[1].split("</section")[0]
        )
        if heading:
            assert heading in html
            assert "1 page ou fragment a changé" in html

    # Into the admin, but no editorial role: no language to see, no panel.
    nobody = user_in("no-role")
    nobody.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client = Client()
    client.force_login(nobody)
    response = client.get("/admin/")
    assert response.status_code == 200
    assert "translations-fallen-behind" not in response.content.decode()


def test_no_panel_while_every_translation_is_current(translated, editor):
    client = Client()
    client.force_login(editor)
    assert "translations-fallen-behind" not in client.get("/admin/").content.decode()


def test_nothing_is_recorded_while_a_language_has_no_translator(translated, locales):
    republish(translated[0], "Report 0, revised")
    assert digest() == {}
    assert not TranslationDigest.objects.exists()
    # The first translator to join is told about everything still behind.
    newcomer = user_in("nina-translator", "Translators (fr)")
    sent = digest()
    assert list(sent) == [newcomer.email]
    assert "Report 0, revised" in sent[newcomer.email].body
