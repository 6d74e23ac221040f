"""wagtail-localize's records of finished translations, written in bulk.

A French page made through wagtail-localize leaves, besides the page: the source
(``TranslationSource``, the English content as extracted), the translation job
(``Translation``, enabled), one ``StringSegment`` per translatable text of the source
with its ``String`` and ``TranslationContext``, and one ``StringTranslation`` per segment
in French. The translation status report (cms/translations/status.py) reads all of
them, so the scale benchmark writes them too, in the state a translator's finished
work leaves them (every segment translated, nothing out of date).

Segments are given by the seeder (title, slug, standfirst, paragraphs), not extracted:
extraction costs about 30 ms a page and the report only counts them.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from wagtail.models import Locale, Page
from wagtail_localize.models import (
    String,
    StringSegment,
    StringTranslation,
    TranslatableObject,
    TranslationContext,
    TranslationSource,
)
from wagtail_localize.models import Translation as TranslationJob

PATH_NAMESPACE = uuid.UUID("fcab004a-2b50-11ea-978f-2e728ce88125")  # TranslationContext's


@dataclass(frozen=True)
class Translated:
    """A source page, its translation, and (path, source text, translated text) per segment."""

    source: Page
    target: Page
    segments: Sequence[tuple[str, str, str]]


def record_translations(items: Sequence[Translated], source: Locale, target: Locale) -> None:
    """The wagtail-localize rows of finished translations from ``source`` to ``target``."""
    if not items:
        return
    now = timezone.now()
    page_type = ContentType.objects.get_for_model(Page)
    keys = [item.source.translation_key for item in items]
    TranslatableObject.objects.bulk_create(
        [TranslatableObject(translation_key=key, content_type=page_type) for key in keys],
        ignore_conflicts=True,
    )
    sources = TranslationSource.objects.bulk_create(
        TranslationSource(
            object_id=item.source.translation_key,
            specific_content_type_id=item.source.content_type_id,
            locale=source,
            object_repr=item.source.title[:200],
            content_json=item.source.to_json(),
            schema_version="",
            created_at=now,
            last_updated_at=now,
        )
        for item in items
    )
    TranslationJob.objects.bulk_create(
        TranslationJob(
            source=each,
            target_locale=target,
            created_at=now,
            translations_last_updated_at=now,
            destination_last_updated_at=now,
            enabled=True,
        )
        for each in sources
    )
    contexts = TranslationContext.objects.bulk_create(
        TranslationContext(
            object_id=item.source.translation_key,
            path=path,
            path_id=uuid.uuid5(PATH_NAMESPACE, path),
            field_path="",
        )
        for item in items
        for path, _text, _translated in item.segments
    )
    strings = _strings(
        {text for item in items for _path, text, _translated in item.segments}, source
    )
    segments, translations = [], []
    context_iter = iter(contexts)
    for item, each in zip(items, sources, strict=True):
        for order, (_path, text, translated) in enumerate(item.segments):
            context = next(context_iter)
            string = strings[text]
            segments.append(
                StringSegment(source=each, context=context, order=order, string=string, attrs="{}")
            )
            translations.append(
                StringTranslation(
                    translation_of=string,
                    locale=target,
                    context=context,
                    data=translated,
                    translation_type=StringTranslation.TRANSLATION_TYPE_MANUAL,
                    created_at=now,
                    updated_at=now,
                    has_error=False,
                    field_error="",
                )
            )
    StringSegment.objects.bulk_create(segments)
    StringTranslation.objects.bulk_create(translations)


def _strings(texts: set[str], locale: Locale) -> dict[str, String]:
    """A ``String`` per text (shared by every source holding the same text)."""
    hashes = {String._get_data_hash(text): text for text in texts}
    String.objects.bulk_create(
        [String(locale=locale, data_hash=key, data=text) for key, text in hashes.items()],
        ignore_conflicts=True,
        batch_size=1000,
    )
    found: dict[str, String] = {}
    keys = list(hashes)
    for start in range(0, len(keys), 1000):
        for string in String.objects.filter(
            locale=locale, data_hash__in=keys[start : start + 1000]
        ):
            found[string.data] = string
    return found
