"""Bring out-of-date translations up to their source, as drafts, in bulk.

What wagtail-localize's "Sync translated pages" does for one source, for every
out-of-date translation of one language at once: re-extract the source's segments
(``TranslationSource.update_from_db``), then save the translation as a *draft*
revision of the translated page (``update_drafts``). Segments already
translated keep their translation; new or changed ones show the source's words until a
translator translates them. Nothing goes live: the draft goes through review like any
other translation (``cms.translations.review``). A content snippet without revisions
is re-extracted only: its translator opens it and saves it.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from wagtail.models import Locale, Page, RevisionMixin
from wagtail_localize.models import TranslationLog, TranslationSource

from cms.translations.status import OUT_OF_DATE, StatusRow


def outdated_sources(rows: Iterable[StatusRow]) -> list[int]:
    """The tracked, out-of-date rows' translation sources."""
    return sorted(
        {
            row.translation_source_id
            for row in rows
            if row.status == OUT_OF_DATE and row.translation_source_id is not None
        }
    )


def update_drafts(source_ids: Iterable[int], locale: Locale, user: AbstractBaseUser) -> int:
    """Re-extracts each source and saves its `locale` translation as a draft revision;
    returns how many translations were updated. Each source in its own transaction: one
    that fails leaves the others updated and itself as it was.

    wagtail-localize's own draft save (``save_target(publish=False)``) also writes the
    translated fields into the page's row, which for a live page is what visitors read:
    the untranslated new text would be live at once. So, as
    ``cms.translations.review`` does, the draft is built in memory and stored only as a
    revision; the log entry tells the report that the translation caught up."""
    updated = 0
    for source in TranslationSource.objects.filter(pk__in=list(source_ids)):
        if not source.translations.filter(target_locale=locale, enabled=True).exists():
            continue
        with transaction.atomic():
            source.update_from_db()
            draft = source.get_ephemeral_translated_instance(locale, fallback=True)
            if isinstance(draft, Page):
                # The page keeps its address: a sync is no reason to move it, and the
                # slug's segment may hold words a slug cannot (wagtail-localize
                # slugifies it when it saves the row, which this does not do).
                draft.slug = Page.objects.filter(pk=draft.pk).values_list("slug", flat=True)[0]
            # A snippet without revisions is only re-extracted: its translator saves it.
            revision = draft.save_revision(user=user) if isinstance(draft, RevisionMixin) else None
            TranslationLog.objects.create(source=source, locale=locale, revision=revision)
        updated += 1
    return updated
