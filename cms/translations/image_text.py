"""The quality gate's rule for translated image text: a translation describes its images
in its own language.

Each use of an image carries the page's own alt text and caption (cms/core/image_text.py),
so wagtail-localize offers them to translators like any other text. Left untranslated,
they fall back to the source's words, and a French screen-reader user would hear the
English description. This check refuses such a translation at submission, naming the
image and what is still in the source language. Credits are names ("CoE"), the same in
every language, so they are not compared.

Pairs of uses are matched by position: wagtail-localize builds a translation with the
source's blocks, in the source's order.
"""

from __future__ import annotations

from collections.abc import Iterator

from django.db import models
from django.utils.translation import gettext as _
from wagtail.fields import StreamField
from wagtail.models import Locale, TranslatableMixin

from cms.core.blocks import CaptionedImageBlock
from cms.core.image_text import ImageText, text_of_image_field
from cms.core.language_names import language_name
from cms.core.models import CustomImage
from cms.workflow.quality import walk_blocks


def untranslated_image_text_problems(instance: models.Model) -> list[str]:
    """quality.register_check: image text of a translation still equal to its source's."""
    source = _source_of(instance)
    if source is None:
        return []
    language = language_name(Locale.get_default().language_code)
    problems: list[str] = []
    for (image, text), (_image, source_text) in zip(
        _image_uses(instance), _image_uses(source), strict=False
    ):
        title = image.title
        if text.alt and not text.decorative and text.alt == source_text.alt:
            problems.append(
                _(
                    "The alt text of the image “%(title)s” is still in the original's "
                    "language (%(language)s)."
                )
                % {"title": title, "language": language}
            )
        if text.caption and text.caption == source_text.caption:
            problems.append(
                _(
                    "The caption of the image “%(title)s” is still in the original's "
                    "language (%(language)s)."
                )
                % {"title": title, "language": language}
            )
    return problems


def _source_of(instance: models.Model) -> models.Model | None:
    if not isinstance(instance, TranslatableMixin) or not instance.translation_key:
        return None
    default_locale = Locale.get_default()
    if instance.locale_id in (None, default_locale.pk):
        return None
    return (
        type(instance)
        .objects.filter(translation_key=instance.translation_key, locale=default_locale)
        .first()
    )


def _image_uses(instance: models.Model) -> Iterator[tuple[CustomImage, ImageText]]:
    """Every use of an image on the page, in order: image fields, then stream blocks."""
    for field in instance._meta.concrete_fields:
        if isinstance(field, models.ForeignKey) and issubclass(field.related_model, CustomImage):
            text = text_of_image_field(instance, field.name)
            if text is not None:
                yield getattr(instance, field.name), text
        elif isinstance(field, StreamField):
            value = getattr(instance, field.name)
            if value is None:
                continue
            for block, item in walk_blocks(value.stream_block, value):
                if isinstance(block, CaptionedImageBlock) and item.get("image") is not None:
                    yield item["image"], block.image_text(item)
