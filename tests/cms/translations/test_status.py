"""The numbers and statuses of the translation-status computation."""

from __future__ import annotations

import pytest

from cms.translations.status import (
    NOT_STARTED,
    OUT_OF_DATE,
    PARTIAL,
    TRANSLATED,
    StatusRow,
    translation_status_rows,
)
from tests.cms.translations.conftest import start_translation, translate_segments
from tests.home.factories import TerminologyNoteFactory

pytestmark = pytest.mark.django_db


def row_for(title: str, locale_code: str = "fr") -> StatusRow:
    rows = [
        row
        for row in translation_status_rows()
        if row.title == title and row.locale_code == locale_code
    ]
    assert len(rows) == 1, rows
    return rows[0]


def test_page_with_some_segments_translated_shows_the_percentage(make_pages, locales):
    (page,) = make_pages(1, prefix="Housing")
    translation = start_translation(page, locales["fr"])
    total, done = translation.get_progress()
    assert (total, done) == (4, 0)  # title, slug, introduction, one paragraph

    translate_segments(translation, count=1)  # the title, which brings the slug along

    row = row_for("Housing 0")
    assert translation.get_progress() == (4, 2)
    assert (row.total_segments, row.translated_segments, row.percent) == (4, 2, 50)
    assert row.status == PARTIAL
    assert row.content_type == "home.standardpage"
    assert row.content_type_label == "Standard page"

    translate_segments(translation, count=3)
    row = row_for("Housing 0")
    assert (row.translated_segments, row.percent, row.status) == (3, 75, PARTIAL)


def test_each_of_the_four_statuses(make_pages, locales):
    untouched, halfway, done, edited = make_pages(4)
    # What wagtail-localize's tree sync does when an editor creates a page.
    alias = untouched.copy_for_translation(locales["fr"], alias=True)
    assert alias.alias_of_id == untouched.pk

    translate_segments(start_translation(halfway, locales["fr"]), count=2)
    for page in (done, edited):
        translation = start_translation(page, locales["fr"])
        translate_segments(translation)
        translation.save_target(publish=False)
    edited.introduction = "A new introduction."
    edited.save_revision().publish()

    assert row_for("Page 0").status == NOT_STARTED
    assert row_for("Page 0").total_segments is None
    assert row_for("Page 1").status == PARTIAL
    assert row_for("Page 1").percent == 50
    assert row_for("Page 2").status == TRANSLATED
    assert row_for("Page 2").percent == 100
    assert row_for("Page 3").status == OUT_OF_DATE
    assert [row.status_label for row in map(row_for, ["Page 0", "Page 1", "Page 2", "Page 3"])] == [
        "Not started",
        "Partially translated",
        "Translated",
        "Out of date",
    ]


def test_a_translation_opened_but_with_nothing_translated_is_not_started(make_pages, locales):
    (page,) = make_pages(1)
    start_translation(page, locales["fr"])
    row = row_for("Page 0")
    assert (row.status, row.translated_segments, row.percent) == (NOT_STARTED, 0, 0)


def test_out_of_date_after_the_source_changes_until_the_translation_catches_up(make_pages, locales):
    (page,) = make_pages(1)
    translation = start_translation(page, locales["fr"])
    translate_segments(translation)
    translation.save_target(publish=False)
    assert row_for("Page 0").status == TRANSLATED

    page.introduction = "An introduction, rewritten."
    page.save_revision().publish()
    assert row_for("Page 0").status == OUT_OF_DATE  # edited, not yet synced

    translation.source.update_from_db()
    row = row_for("Page 0")
    # Synced: the new introduction is a new segment, and the French page still shows
    # the old text until the translation is saved again.
    assert row.status == OUT_OF_DATE
    assert (row.total_segments, row.translated_segments) == translation.get_progress() == (4, 3)

    translation.save_target(publish=False)
    assert row_for("Page 0").status == PARTIAL  # caught up, one segment to translate

    translate_segments(translation)
    translation.save_target(publish=False)
    assert row_for("Page 0").status == TRANSLATED


def test_syncing_an_unchanged_source_still_asks_for_the_translation_to_be_saved(
    make_pages, locales
):
    (page,) = make_pages(1)
    translation = start_translation(page, locales["fr"])
    translate_segments(translation)
    translation.save_target(publish=False)
    translation.source.update_from_db()
    assert row_for("Page 0").status == OUT_OF_DATE


def test_snippets_are_listed_with_their_own_status(home_en, locales):
    note = TerminologyNoteFactory()
    assert row_for("Please note").status == NOT_STARTED
    assert row_for("Please note").content_type == "home.terminologynote"

    translation = start_translation(note, locales["fr"])
    translate_segments(translation)
    translation.save_target()
    row = row_for("Please note")
    assert (row.status, row.percent) == (TRANSLATED, 100)
    assert row.edit_url.endswith(f"/edit/{note.get_translation(locales['fr']).pk}/")

    note.text = "<p>A corrected note.</p>"
    note.save_revision()
    assert row_for("Please note").status == OUT_OF_DATE


def test_a_page_translated_by_hand_outside_wagtail_localize(home_en, home_fr):
    row = row_for(home_en.title)
    assert row.status == TRANSLATED
    assert row.total_segments is None
    assert row.edit_url.endswith(f"/pages/{home_fr.pk}/edit/")

    home_en.save_revision().publish()
    assert row_for(home_en.title).status == OUT_OF_DATE


def test_only_the_default_locale_is_a_source_and_it_is_not_a_target(make_pages):
    make_pages(2)
    rows = translation_status_rows()
    assert {row.locale_code for row in rows} == {"fr"}
    assert len(rows) == 3  # the home page and two standard pages
    assert all(row.title != "Root" for row in rows)
    assert translation_status_rows(["de"]) == []
