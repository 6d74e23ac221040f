"""Submitting for review is refused, with a list the editor can act on, when content
is not ready; the same checks run on the stored StreamField data."""

from __future__ import annotations

import pytest
from wagtail.images.tests.utils import get_test_image_file
from wagtail.test.utils.form_data import rich_text, streamfield

from cms.core.models import CustomImage
from cms.workflow.quality import quality_problems
from home.models import StandardPage
from tests.cms.workflow.admin_actions import client_for, create_page

pytestmark = pytest.mark.django_db


@pytest.fixture
def image_without_alt_or_credit():
    return CustomImage.objects.create(title="Kirtimai", file=get_test_image_file())


@pytest.fixture
def good_image():
    return CustomImage.objects.create(
        title="Centre", file=get_test_image_file(), description="The centre", credit="CoE"
    )


def submit(editor, home_en, **fields):
    return create_page(
        client_for(editor),
        home_en,
        "home.StandardPage",
        action="submit",
        title="Report",
        slug="report",
        **fields,
    )


def form_errors(response) -> str:
    assert response.status_code == 200, "the form should be shown again with errors"
    return response.content.decode()


def test_image_without_alt_text_or_credit_is_refused(editor, home_en, image_without_alt_or_credit):
    response = submit(
        editor,
        home_en,
        body=streamfield(
            [
                ("image", {"image": image_without_alt_or_credit.pk, "caption": ""}),
            ]
        ),
    )
    html = form_errors(response)
    assert "The image “Kirtimai” has no alt text." in html
    assert "The image “Kirtimai” has no credit." in html
    assert not StandardPage.objects.filter(locale__language_code="en", slug="report").exists()


def test_skipped_heading_level_is_refused(editor, home_en):
    response = submit(
        editor,
        home_en,
        body=streamfield(
            [
                ("heading", {"text": "Topics", "level": "h2"}),
                ("heading", {"text": "Housing", "level": "h4"}),
            ]
        ),
    )
    assert "The heading “Housing” skips a level (heading 2 to 4)." in form_errors(response)


def test_link_without_text_is_refused(editor, home_en):
    response = submit(
        editor,
        home_en,
        body=streamfield(
            [
                ("paragraph", rich_text('<p>See <a href="https://example.org"></a>.</p>')),
            ]
        ),
    )
    html = form_errors(response)
    assert "A link has no text" in html


def test_good_content_is_submitted(editor, home_en, good_image):
    response = submit(
        editor,
        home_en,
        body=streamfield(
            [
                ("heading", {"text": "Topics", "level": "h2"}),
                ("heading", {"text": "Housing", "level": "h3"}),
                ("image", {"image": good_image.pk, "caption": ""}),
            ]
        ),
    )
    assert response.status_code == 302
    page = StandardPage.objects.get(locale__language_code="en", slug="report")
    assert page.workflow_in_progress


def test_saving_a_draft_is_never_blocked(editor, home_en, image_without_alt_or_credit):
    response = create_page(
        client_for(editor),
        home_en,
        "home.StandardPage",
        title="Work in progress",
        slug="wip",
        body=streamfield([("image", {"image": image_without_alt_or_credit.pk, "caption": ""})]),
    )
    assert response.status_code == 302
    assert StandardPage.objects.filter(locale__language_code="en", slug="wip").exists()


def test_empty_required_translation_field_is_reported(home_en, home_fr, locales):
    page = home_en.add_child(
        instance=StandardPage(title="About", slug="about", introduction="Who we are.")
    )
    translation = page.copy_for_translation(locales["fr"])
    translation.introduction = ""
    assert "The translation of “introduction” is empty." in quality_problems(translation)
    translation.introduction = "Qui nous sommes."
    assert quality_problems(translation) == []


def test_checks_run_on_stored_stream_data(home_en, image_without_alt_or_credit):
    """Content written without the admin form (e.g. through an API) is checked too."""
    page = StandardPage(
        title="API page",
        slug="api-page",
        body=[
            ("image", {"image": image_without_alt_or_credit, "caption": ""}),
            ("heading", {"text": "Deep", "level": "h3"}),
        ],
    )
    problems = quality_problems(page)
    assert "The image “Kirtimai” has no alt text." in problems
    assert "The heading “Deep” skips a level (heading 1 to 3)." in problems
