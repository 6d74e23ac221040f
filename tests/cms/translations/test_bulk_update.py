"""Out-of-date translations updated in bulk from the report, as drafts, never live.

A translator (or an editor) presses one button per language in the translation status
report; every out-of-date translation of that language is re-extracted from its source
and saved as a draft of the translated page: what was translated stays, what changed
shows the source's words until translated, and what visitors read does not change
until the draft has been reviewed and published.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from wagtail.models import Page
from wagtail.users.models import UserProfile

from cms.translations.status import OUT_OF_DATE, translation_status_rows
from tests.cms.translations.conftest import start_translation, translate_segments
from tests.cms.workflow.admin_actions import client_for
from tests.conftest import user_in

pytestmark = pytest.mark.django_db

REPORT = "/admin/reports/translation-status/"


@pytest.fixture
def fallen_behind(make_pages, locales):
    """Two pages translated into French and live; then both sources changed and were
    published again (a new sentence in the introduction)."""
    pages = make_pages(2, prefix="Report")
    for page in pages:
        translation = start_translation(page, locales["fr"])
        translate_segments(translation)
        translation.save_target(publish=True)
    for page in pages:
        page.refresh_from_db()
        page.introduction = "An introduction. A new sentence."
        page.save_revision().publish()
    return pages


def french(page, locales) -> Page:
    return page.get_translation(locales["fr"]).specific


def outdated_french() -> list[str]:
    return [row.title for row in translation_status_rows(["fr"]) if row.status == OUT_OF_DATE]


def test_one_press_updates_every_out_of_date_translation_as_a_draft(
    fallen_behind, locales, translator_fr
):
    assert outdated_french() == ["Report 0", "Report 1"]
    client = client_for(translator_fr)
    report = client.get(REPORT).content.decode()
    assert 'data-update-translations="fr"' in report
    assert "Update the 2 out-of-date translations (French) as drafts" in report

    response = client.post(reverse("translation_status_update"), {"locale": "fr"}, follow=True)

    assert response.status_code == 200
    assert "2 translations (French) updated as drafts" in response.content.decode()
    assert outdated_french() == []
    for page in fallen_behind:
        translated = french(page, locales)
        # Visitors still read the reviewed French text ...
        assert translated.introduction == "Une introduction."
        assert translated.has_unpublished_changes
        # ... and the draft keeps what was translated and shows what changed in English.
        draft = translated.get_latest_revision_as_object()
        assert draft.introduction == "An introduction. A new sentence."
        assert draft.body[0].value.source == "<p>Texte du corps.</p>"


def test_the_button_and_the_message_speak_french(fallen_behind, locales, translator_fr):
    profile = UserProfile.get_for_user(translator_fr)
    profile.preferred_language = "fr"
    profile.save()
    client = client_for(translator_fr)
    report = client.get(REPORT).content.decode()
    assert "Mettre à jour en brouillon les 2 traductions en retard" in report
    html = client.post(
        reverse("translation_status_update"), {"locale": "fr"}, follow=True
    ).content.decode()
    assert "2 traductions (français) mises à jour en brouillon" in html.lower()


def test_only_those_who_may_see_the_language_may_update_it(fallen_behind, locales):
    url = reverse("translation_status_update")
    # A translator of another language, with every permission a translator has.
    lithuanian, _ = Group.objects.get_or_create(name="Translators (lt)")
    lithuanian.permissions.set(Group.objects.get(name="Translators (fr)").permissions.all())
    lithuanian_translator = user_in("lina-translator", "Translators (lt)")
    refused = client_for(lithuanian_translator).post(url, {"locale": "fr"}, follow=True)
    assert "Sorry, you do not have permission to access this area." in refused.content.decode()
    assert Client().post(url, {"locale": "fr"}).status_code == 302  # to the login page
    assert outdated_french() == ["Report 0", "Report 1"]  # nothing was touched
    no_role = user_in("no-role")
    assert client_for(no_role).post(url, {"locale": "fr"}).status_code in (302, 403)
    assert outdated_french() == ["Report 0", "Report 1"]


def test_bad_input_is_a_message_not_an_error(fallen_behind, editor):
    client = client_for(editor)
    url = reverse("translation_status_update")
    for code in ("xx", "", "en"):
        response = client.post(url, {"locale": code}, follow=True)
        assert response.status_code == 200
        assert "There is no language to update with that code." in response.content.decode()
    assert client.get(url).status_code == 405
    assert outdated_french() == ["Report 0", "Report 1"]
