"""What a visitor reads about an image is in the page's language (issue #17).

Each use of an image carries the page's own alt text, caption and credit; the library's
text is the default for a new use; the quality gate refuses a translation whose image text
is still the source's; the APIs give the page's own text.
"""

from __future__ import annotations

import importlib
import json
from collections.abc import Iterator

import pytest
from django.apps import apps
from django.test import Client
from wagtail.images.tests.utils import get_test_image_file
from wagtail.test.utils.form_data import streamfield

from articles.models import SeminarReportPage
from cms.core.blocks import CaptionedImageBlock
from cms.core.image_text import fill_stream_image_text, image_text_migration
from cms.core.models import CustomImage
from cms.workflow.quality import quality_problems
from home.models import HomePage, StandardPage
from tests.articles.conftest import soup_of
from tests.cms.workflow.admin_actions import client_for, create_page
from tests.shared_data import load_demo, rolled_back

pytestmark = pytest.mark.django_db

ENGLISH_ALT = "Children at the Roma Community Centre's music lesson"
FRENCH_ALT = "Des enfants au cours de musique du Centre communautaire rom"


@pytest.fixture
def photo() -> CustomImage:
    return CustomImage.objects.create(
        title="Music lesson",
        file=get_test_image_file(),
        description=ENGLISH_ALT,
        caption="A music lesson",
        credit="CoE",
    )


def image_use(image: CustomImage, **text: object) -> dict:
    return {
        "image": image,
        "alt_text": "",
        "decorative": False,
        "caption": "",
        "credit": "",
        **text,
    }


@pytest.fixture
def english_page(home_en, photo) -> StandardPage:
    page = StandardPage(
        title="Music",
        slug="music",
        introduction="Lessons.",
        body=[("image", image_use(photo, alt_text=ENGLISH_ALT, caption="A music lesson"))],
    )
    home_en.add_child(instance=page)
    return page


def test_a_new_use_starts_with_the_library_text(photo):
    block = CaptionedImageBlock()
    value = block.clean(block.to_python({"image": photo.pk}))
    assert (value["alt_text"], value["caption"], value["credit"]) == (
        ENGLISH_ALT,
        "A music lesson",
        "CoE",
    )


def test_the_pages_own_words_win_over_the_library(photo):
    block = CaptionedImageBlock()
    value = block.clean(block.to_python({"image": photo.pk, "alt_text": FRENCH_ALT}))
    assert value["alt_text"] == FRENCH_ALT


def test_a_decorative_use_has_empty_alt_text_and_passes_the_gate(home_en):
    bare = CustomImage.objects.create(title="Ornament", file=get_test_image_file(), credit="CoE")
    page = StandardPage(
        title="Ornaments",
        slug="ornaments",
        introduction="x",
        body=[("image", image_use(bare, decorative=True))],
    )
    assert quality_problems(page) == []
    page.body = [("image", image_use(bare))]
    assert quality_problems(page) == ["The image “Ornament” has no alt text."]


def test_the_gate_refuses_a_translation_whose_image_text_is_still_english(english_page, locales):
    french = english_page.copy_for_translation(locales["fr"])
    french.title, french.introduction = "Musique", "Des cours."
    problems = quality_problems(french)
    assert (
        "The alt text of the image “Music lesson” is still in the original's language (English)."
        in problems
    )
    assert (
        "The caption of the image “Music lesson” is still in the original's language (English)."
        in problems
    )

    french.body = [
        (
            "image",
            image_use(
                english_page.body[0].value["image"],
                alt_text=FRENCH_ALT,
                caption="Un cours de musique",
            ),
        )
    ]
    assert quality_problems(french) == []


def test_an_empty_translated_alt_text_falls_back_and_is_refused(english_page, locales):
    """Left empty, the use shows the library's English: the gate still says so."""
    french = english_page.copy_for_translation(locales["fr"])
    french.title, french.introduction = "Musique", "Des cours."
    french.body = [
        ("image", image_use(english_page.body[0].value["image"], caption="Un cours de musique"))
    ]
    assert quality_problems(french) == [
        "The alt text of the image “Music lesson” is still in the original's language (English)."
    ]


def test_the_refusal_is_in_the_translators_language(english_page, locales, settings):
    from django.utils import translation

    french = english_page.copy_for_translation(locales["fr"])
    french.title, french.introduction = "Musique", "Des cours."
    with translation.override("fr"):
        problems = quality_problems(french)
    assert (
        "Le texte alternatif de l’image « Music lesson » est encore dans la langue de "
        "l’original (anglais)." in problems
    )


def test_submitting_from_the_admin_keeps_the_page_own_text(editor, home_en, photo):
    response = create_page(
        client_for(editor),
        home_en,
        "home.StandardPage",
        title="Gallery",
        slug="gallery",
        introduction="x",
        body=streamfield(
            [
                (
                    "image",
                    {"image": photo.pk, "alt_text": "Our own words", "caption": "", "credit": ""},
                )
            ]
        ),
    )
    assert response.status_code == 302
    page = StandardPage.objects.get(
        slug="gallery", locale__language_code="en"
    ).get_latest_revision_as_object()
    use = page.body[0].value
    assert (use["alt_text"], use["caption"], use["credit"]) == (
        "Our own words",
        "A music lesson",
        "CoE",
    )


def test_existing_content_is_migrated_with_the_text_it_showed(photo):
    raw = [
        {"type": "image", "id": "a", "value": {"image": photo.pk, "caption": ""}},
        {"type": "paragraph", "id": "b", "value": "<p>x</p>"},
    ]
    assert fill_stream_image_text(raw, {photo.pk: photo}) is True
    assert raw[0]["value"] == {
        "image": photo.pk,
        "alt_text": ENGLISH_ALT,
        "caption": "A music lesson",
        "credit": "CoE",
        "decorative": False,
    }
    assert fill_stream_image_text(raw, {photo.pk: photo}) is False


def test_the_migration_gives_existing_pages_the_text_they_showed(home_en, photo):
    """Pages saved before uses had their own text: the home page's hero image and a body
    image show the library's words, and keep them, now as the page's own."""
    migration = importlib.import_module("home.migrations.0004_per_use_image_text")
    home_en.hero_image = photo
    home_en.save()
    page = StandardPage(title="Old", slug="old", introduction="x", body=[("image", {})])
    home_en.add_child(instance=page)
    old_raw = [{"type": "image", "id": "a", "value": {"image": photo.pk, "caption": ""}}]
    StandardPage.objects.filter(pk=page.pk).update(body=json.dumps(old_raw))
    HomePage.objects.filter(pk=home_en.pk).update(hero_image_alt_text="")

    image_text_migration(migration.PAGES)(apps, None)

    assert HomePage.objects.get(pk=home_en.pk).hero_image_alt_text == ENGLISH_ALT
    use = StandardPage.objects.get(pk=page.pk).body[0].value
    assert (use["alt_text"], use["caption"], use["credit"]) == (
        ENGLISH_ALT,
        "A music lesson",
        "CoE",
    )


# --- the demo's French report, rendered and through both APIs --------------------------


@pytest.fixture(scope="module")
def demo_once(django_db_setup, django_db_blocker) -> Iterator[None]:
    yield from rolled_back(django_db_blocker, load_demo)


@pytest.fixture
def reports(demo_once, locales) -> dict[str, SeminarReportPage]:
    return {
        page.locale.language_code: page
        for page in SeminarReportPage.objects.filter(
            slug__in=["lithuania-national-seminar-2015", "seminaire-national-lituanie-2015"]
        )
    }


def alts_of(client: Client, url: str) -> list[str]:
    soup = soup_of(client.get(url))
    return [img["alt"] for img in soup.select("main img") if img.get("alt")]


def test_french_pages_describe_their_images_in_french(client: Client, reports):
    english = alts_of(client, reports["en"].url)
    french = alts_of(client, reports["fr"].url)
    assert len(french) == len(english) >= 3
    assert not set(french) & set(english)
    assert all("Illustration générée" in alt for alt in french)


@pytest.mark.parametrize("version", ["v2", "v3"])
def test_the_french_api_gives_the_pages_own_image_text(client: Client, reports, version):
    detail = client.get(f"/api/{version}/pages/{reports['fr'].pk}/").json()
    texts = [detail["listing_image"]] + [block["value"]["image"] for block in detail["gallery"]]
    assert all(text["alt"].startswith("Illustration générée") for text in texts)
    assert texts[0]["caption"].startswith("Des représentants de Veldhoven")
    assert all(text["decorative"] is False and text["credit"] == "CoE" for text in texts)
    english = client.get(f"/api/{version}/pages/{reports['en'].pk}/").json()
    assert english["listing_image"]["alt"].startswith("Generated illustration")
