"""Pages and snippets at known stages of translation, made with wagtail-localize's API."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from wagtail.models import Locale, Page
from wagtail_localize.models import Translation, TranslationSource

from tests.home.factories import StandardPageFactory

# The segments wagtail-localize extracts from a StandardPageFactory page.
FRENCH = {
    "An introduction.": "Une introduction.",
    "Body text.": "Texte du corps.",
}


def start_translation(instance, locale: Locale) -> Translation:
    """What "Translate this page" does: extract the source, open a translation, save it."""
    source, _created = TranslationSource.get_or_create_from_instance(instance)
    translation, _created = Translation.objects.get_or_create(source=source, target_locale=locale)
    translation.save_target(publish=False)
    return translation


def translate_segments(translation: Translation, count: int | None = None) -> int:
    """Fill in `count` segments (all when None) through a PO import; returns how many."""
    po = translation.export_po()
    filled = 0
    for entry in po:
        if count is not None and filled >= count:
            break
        entry.msgstr = FRENCH.get(entry.msgid, f"{entry.msgid} (fr)")
        filled += 1
    translation.import_po(po)
    return filled


@pytest.fixture
def make_pages(home_en, home_fr) -> Callable[..., list[Page]]:
    def make(count: int, prefix: str = "Page") -> list[Page]:
        return [
            StandardPageFactory(
                parent=home_en, title=f"{prefix} {index}", slug=f"{prefix}-{index}".lower()
            )
            for index in range(count)
        ]

    return make


@pytest.fixture
def about(home_en, home_fr):
    """A live English page, "About the Alliance", not yet translated."""
    page = StandardPageFactory(
        parent=home_en, title="About the Alliance", slug="about", introduction="Who we are."
    )
    page.save_revision().publish()
    return page
