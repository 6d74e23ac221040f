"""Translations are made with wagtail-localize and reviewed like any other change."""

from __future__ import annotations

from decimal import Decimal

import polib
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from wagtail_localize.models import Translation, TranslationSource
from wagtail_localize.operations import translate_object

from tests.articles.factories import (
    ArticleIndexPageFactory,
    ArticlePageFactory,
    SeminarReportPageFactory,
    TopicFactory,
)
from tests.cms.workflow.admin_actions import client_for, refused, workflow_action
from tests.home.factories import StandardPageFactory, TerminologyNoteFactory
from tests.participants.factories import (
    JoinPageFactory,
    ParticipantIndexPageFactory,
    ParticipantPageFactory,
)

pytestmark = pytest.mark.django_db


def french_po(client: Client, translation: Translation) -> polib.POFile:
    response = client.get(reverse("wagtail_localize:download_pofile", args=[translation.pk]))
    assert response.status_code == 200
    return polib.pofile(response.content.decode())


FRENCH = {
    "About the Alliance": "À propos de l’Alliance",
    "about": "a-propos",
    "Who we are.": "Qui nous sommes.",
    "Body text.": "Texte du corps.",
}


def test_translation_is_a_draft_until_a_second_person_approves(
    about, translator_fr, reviewer, locales
):
    translator = client_for(translator_fr)
    response = translator.post(
        reverse("wagtail_localize:submit_page_translation", args=[about.pk]),
        {"locales": [locales["fr"].pk]},
    )
    assert response.status_code == 302
    french = about.get_translation(locales["fr"])
    assert not french.live, "a new translation must not go live by itself"

    translation = Translation.objects.get(source__object_id=about.translation_key)
    po = french_po(translator, translation)
    for entry in po:
        entry.msgstr = FRENCH[entry.msgid]
    upload = SimpleUploadedFile("about-fr.po", str(po).encode(), content_type="text/x-gettext")
    translator.post(
        reverse("wagtail_localize:upload_pofile", args=[translation.pk]), {"file": upload}
    )

    response = translator.post(reverse("cms_submit_translation_for_review", args=[french.pk]))
    assert response.status_code == 302
    french.refresh_from_db()
    assert french.workflow_in_progress
    assert not french.live
    assert Client().get("/fr/a-propos/").status_code == 404

    assert refused(workflow_action(translator, french, "approve"))
    assert workflow_action(client_for(reviewer), french, "approve").status_code == 302
    french.refresh_from_db()
    assert french.live
    html = Client().get("/fr/a-propos/").content.decode()
    assert "Qui nous sommes." in html


def test_po_round_trip_keeps_every_segment(about, translator_fr, locales):
    translation = translate_object(about, [locales["fr"]])
    translation = Translation.objects.get(source__object_id=about.translation_key)
    client = client_for(translator_fr)
    po = french_po(client, translation)
    source_segments = translation.source.stringsegment_set.count()
    assert len(po) == source_segments == len(FRENCH)
    for entry in po:
        entry.msgstr = FRENCH[entry.msgid]
    upload = SimpleUploadedFile("about-fr.po", str(po).encode())
    client.post(reverse("wagtail_localize:upload_pofile", args=[translation.pk]), {"file": upload})
    assert translation.get_progress() == (source_segments, source_segments)
    again = french_po(client, translation)
    assert {entry.msgid: entry.msgstr for entry in again} == FRENCH


def test_translators_cannot_publish_from_the_translation_editor(about, reviewer, locales):
    translate_object(about, [locales["fr"]])
    french = about.get_translation(locales["fr"])
    response = client_for(reviewer).post(
        reverse("wagtailadmin_pages:edit", args=[french.pk]), {"action": "publish"}
    )
    assert refused(response)
    french.refresh_from_db()
    assert not french.live


def test_syncing_a_changed_source_publishes_nothing(about, reviewer, locales):
    translate_object(about, [locales["fr"]])
    french = about.get_translation(locales["fr"])
    about.introduction = "Who we are, and why."
    about.save_revision().publish()
    source = TranslationSource.objects.get(object_id=about.translation_key)
    client_for(reviewer).post(
        reverse("wagtail_localize:update_translations", args=[source.pk]),
        {"publish_translations": "on"},
    )
    french.refresh_from_db()
    assert not french.live


def test_synchronised_fields_follow_the_source(home_en, home_fr, locales):
    index = ParticipantIndexPageFactory(parent=home_en)
    translate_object(index, [locales["fr"]])
    Translation.objects.get(source__object_id=index.translation_key).save_target(publish=True)
    profile = ParticipantPageFactory(
        parent=index,
        title="Veldhoven",
        slug="veldhoven",
        country="NL",
        latitude=Decimal("51.42"),
        longitude=Decimal("5.40"),
    )
    translate_object(profile, [locales["fr"]])
    translation = Translation.objects.get(source__object_id=profile.translation_key)

    profile.latitude, profile.country = Decimal("51.50"), "BE"
    profile.save_revision().publish()
    translation.source.update_from_db()
    translation.save_target(publish=False)

    french = profile.get_translation(locales["fr"]).get_latest_revision_as_object()
    assert (french.latitude, french.country.code) == (Decimal("51.50"), "BE")


PAGE_FACTORIES = [
    StandardPageFactory,
    ArticleIndexPageFactory,
    ArticlePageFactory,
    SeminarReportPageFactory,
    ParticipantIndexPageFactory,
    ParticipantPageFactory,
    JoinPageFactory,
]


@pytest.mark.parametrize("factory", PAGE_FACTORIES, ids=lambda f: f._meta.model.__name__)
def test_translating_any_page_type_creates_a_draft(factory, home_en, home_fr, locales):
    page = factory(parent=home_en)
    page.save_revision().publish()
    translate_object(page, [locales["fr"]])
    french = page.get_translation(locales["fr"])
    assert not french.live
    assert french.get_workflow() is not None, "French pages go through the review workflow"


@pytest.mark.parametrize(
    "factory", [TerminologyNoteFactory, TopicFactory], ids=lambda f: f._meta.model.__name__
)
def test_translating_a_content_snippet_creates_a_draft(factory, locales):
    snippet = factory()
    translate_object(snippet, [locales["fr"]])
    french = snippet.get_translation(locales["fr"])
    assert not french.live
    assert french.get_workflow() is not None


def test_translators_edit_only_their_own_locale(about, translator_fr, locales):
    translate_object(about, [locales["fr"]])
    french = about.get_translation(locales["fr"])
    client = client_for(translator_fr)
    assert client.get(reverse("wagtailadmin_pages:edit", args=[french.pk])).status_code == 200
    assert refused(client.get(reverse("wagtailadmin_pages:edit", args=[about.pk])))
