"""A translated page's slug follows its translated title, so translators never type one.

wagtail-localize offers a page's slug as one more text to translate. Translators left it
alone (it is not prose), the translation editor's progress then stopped short of 100 %,
and a French page kept an English address. Here, when the title of a page is translated,
the slug's translation is derived from it ("Séminaire national, Lituanie" →
"seminaire-national-lituanie"), as Wagtail derives a new page's slug from its title.

A slug the translator typed is theirs and never replaced; a derived one follows later
changes of the title until the translation is first published, after which the page's
address stays put (readers and search engines have it).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models.signals import post_save
from django.utils.text import slugify
from wagtail.models import Page
from wagtail_localize.models import StringSegment, StringTranslation

DERIVED_FROM_TITLE = "cms: slug from title"
TITLE_PATH, SLUG_PATH = "title", "slug"


def derive_slug_from_title(
    sender: type, instance: StringTranslation, created: bool, **kwargs: Any
) -> None:
    """post_save of a string translation: a translated title brings its slug along."""
    if kwargs.get("raw") or instance.context_id is None or instance.has_error:
        return
    context = instance.context
    if context.path != TITLE_PATH:
        return
    slug_segment = (
        StringSegment.objects.filter(context__object_id=context.object_id, context__path=SLUG_PATH)
        .select_related("context", "string")
        .order_by("-source_id")
        .first()
    )
    if slug_segment is None:
        return
    slug = slugify(
        instance.data, allow_unicode=getattr(settings, "WAGTAIL_ALLOW_UNICODE_SLUGS", True)
    )
    if not slug:
        return
    existing = StringTranslation.objects.filter(
        translation_of=slug_segment.string, locale=instance.locale, context=slug_segment.context
    ).first()
    if existing is None:
        StringTranslation.objects.create(
            translation_of=slug_segment.string,
            locale=instance.locale,
            context=slug_segment.context,
            data=slug,
            translation_type=StringTranslation.TRANSLATION_TYPE_MANUAL,
            tool_name=DERIVED_FROM_TITLE,
            last_translated_by=instance.last_translated_by,
        )
    elif (
        existing.tool_name == DERIVED_FROM_TITLE
        and existing.data != slug
        and not _published_in(context.object_id, instance.locale_id)
    ):
        existing.data = slug
        existing.save(update_fields=["data", "updated_at"])


def _published_in(translation_key: Any, locale_id: int) -> bool:
    return Page.objects.filter(
        translation_key=translation_key, locale_id=locale_id, first_published_at__isnull=False
    ).exists()


def connect() -> None:
    post_save.connect(
        derive_slug_from_title, sender=StringTranslation, dispatch_uid="cms_slug_from_title"
    )
