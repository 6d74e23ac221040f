"""Translating a page the way a translator's finished work leaves it, for block tests."""

from __future__ import annotations

from wagtail.models import Locale, Page
from wagtail_localize.models import Translation, TranslationSource


def translate_and_publish(page: Page, french: dict[str, str]) -> Page:
    """Every segment of ``page`` through wagtail-localize (a PO round trip), in French
    from ``french`` (a segment it does not name keeps its source text), then published.
    Fails when a text of ``french`` is not among the extracted segments."""
    source, _created = TranslationSource.get_or_create_from_instance(page)
    locale = Locale.objects.get(language_code="fr")
    job, _created = Translation.objects.get_or_create(source=source, target_locale=locale)
    po = job.export_po()
    extracted = {entry.msgid for entry in po}
    assert extracted >= set(french), set(french) - extracted
    for entry in po:
        entry.msgstr = french.get(entry.msgid, entry.msgid)
    job.import_po(po)
    job.save_target(publish=False)
    # wagtail-localize publishes on commit, which a test's transaction never reaches.
    page.get_translation(locale).get_latest_revision().publish()
    return page.get_translation(locale)
