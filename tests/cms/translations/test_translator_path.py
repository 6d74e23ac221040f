"""The translator's path in wagtail-localize's editor (issue #17): slugs follow the
translated title, the translation is submitted for review from the editor, the quality
gate's refusal is said as a refusal, and "Convert to alias page" is not a translator's
primary action."""

from __future__ import annotations

import json
import re

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from wagtail.images.tests.utils import get_test_image_file
from wagtail.users.models import UserProfile
from wagtail_localize.models import StringTranslation, Translation
from wagtail_localize.operations import translate_object

from cms.core.models import CustomImage
from cms.translations.slugs import DERIVED_FROM_TITLE
from tests.cms.workflow.admin_actions import client_for
from tests.home.factories import StandardPageFactory

pytestmark = pytest.mark.django_db


def translation_of(page, locales) -> Translation:
    translate_object(page, [locales["fr"]])
    return Translation.objects.get(source__object_id=page.translation_key)


def translate(translation: Translation, texts: dict[str, str]) -> None:
    """What the editor does per segment: a PO import with only these entries filled."""
    po = translation.export_po()
    for entry in po:
        entry.msgstr = texts.get(entry.msgid, "")
    po[:] = [entry for entry in po if entry.msgstr]
    translation.import_po(po)


def slug_translation(translation: Translation) -> StringTranslation | None:
    return StringTranslation.objects.filter(
        locale=translation.target_locale,
        context__object_id=translation.source.object_id,
        context__path="slug",
    ).first()


def test_translating_the_title_gives_the_slug_and_full_progress(about, locales):
    translation = translation_of(about, locales)
    translate(translation, {"About the Alliance": "À propos de l’Alliance"})
    assert slug_translation(translation).data == "à-propos-de-lalliance"
    translate(translation, {"Who we are.": "Qui nous sommes.", "Body text.": "Texte."})
    total, done = translation.get_progress()
    assert done == total, "the slug must not hold progress short of 100 %"


def test_a_slug_the_translator_typed_is_never_replaced(about, locales):
    translation = translation_of(about, locales)
    translate(translation, {"about": "a-propos"})
    translate(translation, {"About the Alliance": "À propos de l’Alliance"})
    translate(translation, {"About the Alliance": "L’Alliance en bref"})
    assert slug_translation(translation).data == "a-propos"


def test_a_derived_slug_follows_the_title_until_the_page_is_published(about, locales):
    translation = translation_of(about, locales)
    translate(translation, {"About the Alliance": "À propos"})
    translate(translation, {"About the Alliance": "L’Alliance"})
    derived = slug_translation(translation)
    assert derived.tool_name == DERIVED_FROM_TITLE
    assert derived.data in {"lalliance", "l-alliance"}
    about.get_translation(locales["fr"]).save_revision().publish()
    translate(translation, {"About the Alliance": "Qui sommes-nous"})
    assert slug_translation(translation).data == derived.data, "a live address stays put"


def editor_html(client, page) -> str:
    response = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    assert response.status_code == 200
    return response.content.decode()


def editor_props(html: str) -> dict:
    raw = re.search(r'data-props="([^"]*)"', html).group(1)
    return json.loads(
        raw.replace("&quot;", '"')
        .replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&#x27;", "'")
    )


def test_the_translator_submits_from_the_editor_not_convert_to_alias(about, translator_fr, locales):
    translation_of(about, locales)
    french = about.get_translation(locales["fr"])
    html = editor_html(client_for(translator_fr), french)
    submit_url = reverse("cms_submit_translation_for_review", args=[french.pk])
    assert f'action="{submit_url}"' in html
    assert "Submit translation for review" in html
    assert editor_props(html)["links"]["convertToAliasUrl"] is None


def test_administrators_keep_every_action(about, administrator, locales):
    translation_of(about, locales)
    french = about.get_translation(locales["fr"])
    props = editor_props(editor_html(client_for(administrator), french))
    assert props["links"]["convertToAliasUrl"]


def test_the_editor_speaks_french_to_a_french_translator(about, translator_fr, locales):
    profile = UserProfile.get_for_user(translator_fr)
    profile.preferred_language = "fr"
    profile.save()
    translation_of(about, locales)
    html = editor_html(client_for(translator_fr), about.get_translation(locales["fr"]))
    assert "Soumettre la traduction à relecture" in html or "Soumettre la traduction" in html


@pytest.fixture
def photo_page(home_en, home_fr):
    photo = CustomImage.objects.create(
        title="Lesson", file=get_test_image_file(), description="A music lesson", credit="CoE"
    )
    page = StandardPageFactory(
        parent=home_en,
        title="Music",
        slug="music",
        introduction="Lessons.",
        body=[
            (
                "image",
                {
                    "image": photo,
                    "alt_text": "A music lesson",
                    "decorative": False,
                    "caption": "",
                    "credit": "CoE",
                },
            )
        ],
    )
    page.save_revision().publish()
    return page


def test_a_refused_submission_is_said_as_a_refusal_and_nothing_goes_to_review(
    photo_page, translator_fr, locales
):
    translation = translation_of(photo_page, locales)
    translate(translation, {"Music": "Musique", "Lessons.": "Des cours.", "CoE": "CoE"})
    french = photo_page.get_translation(locales["fr"])
    revisions_before = french.revisions.count()
    client = client_for(translator_fr)
    response = client.post(reverse("cms_submit_translation_for_review", args=[french.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_pages:edit", args=[french.pk])
    messages = [(m.level_tag, str(m)) for m in get_messages(response.wsgi_request)]
    assert (
        "error",
        "Not submitted for review: fix these first (your translations are kept).",
    ) in messages
    assert (
        "error",
        "The alt text of the image “Lesson” is still in the original's language (English).",
    ) in messages
    assert not any("saved" in text.lower() for _level, text in messages)
    french.refresh_from_db()
    assert not french.workflow_in_progress
    assert french.revisions.count() == revisions_before

    translate(translation, {"A music lesson": "Un cours de musique"})
    response = client.post(reverse("cms_submit_translation_for_review", args=[french.pk]))
    french.refresh_from_db()
    assert french.workflow_in_progress
    assert french.get_latest_revision_as_object().body[0].value["alt_text"] == (
        "Un cours de musique"
    )
