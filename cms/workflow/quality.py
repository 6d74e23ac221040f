"""The quality gate: what must be right before content goes to a reviewer.

Pure functions over model instances and StreamField values, so the same checks serve
the admin's page forms and content written through the API.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from bs4 import BeautifulSoup
from django.db import models
from django.utils.translation import gettext as _
from wagtail import blocks
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Locale, TranslatableMixin
from wagtail.rich_text import RichText

from cms.core.blocks import CaptionedImageBlock, HeadingBlock
from cms.core.image_text import ImageText, text_of_image_field
from cms.core.models import CustomImage

TEXT_FIELD_TYPES = (models.CharField, models.TextField, RichTextField)
NOT_CONTENT_FIELDS = {
    "slug",
    "url_path",
    "draft_title",
    "seo_title",
    "search_description",
    "title",
    "latest_revision_created_at",
}


QualityCheck = Callable[[models.Model], list[str]]
_extra_checks: list[QualityCheck] = []


def register_check(check: QualityCheck) -> QualityCheck:
    """Add a check to the gate (usable as a decorator).

    Packages that know about things the workflow does not (terminology, the image text of a
    translation) add their rule here at start-up instead of being imported by this module.
    """
    if check not in _extra_checks:
        _extra_checks.append(check)
    return check


def quality_problems(instance: models.Model) -> list[str]:
    """Every problem an editor must fix before submitting `instance` for review."""
    problems: list[str] = []
    heading_levels: list[tuple[int, str]] = []
    for field in instance._meta.concrete_fields:
        value = getattr(instance, field.name, None)
        if isinstance(field, StreamField) and value is not None:
            for block, item in walk_blocks(value.stream_block, value):
                problems += _value_problems(block, item, heading_levels)
        elif isinstance(field, RichTextField) and value:
            problems += _link_problems(value)
        elif isinstance(field, models.ForeignKey) and issubclass(field.related_model, CustomImage):
            text = text_of_image_field(instance, field.name)
            if text is not None:
                problems += _image_problems(getattr(instance, field.name), text)
    problems += _heading_problems(heading_levels)
    problems += _empty_translation_problems(instance)
    for check in _extra_checks:
        problems += check(instance)
    return list(dict.fromkeys(problems))


def walk_blocks(block: blocks.Block, value: Any) -> Iterator[tuple[blocks.Block, Any]]:
    """Every block and value of a StreamField value, depth first; an image use is one
    item (its image and text are checked together), not walked into."""
    yield block, value
    if isinstance(block, CaptionedImageBlock):
        return  # checked as one use of an image, with its own text (_value_problems)
    if isinstance(block, blocks.StreamBlock):
        for child in value:
            yield from walk_blocks(child.block, child.value)
    elif isinstance(block, blocks.StructBlock):
        for name, child_block in block.child_blocks.items():
            yield from walk_blocks(child_block, value.get(name))
    elif isinstance(block, blocks.ListBlock):
        for item in value:
            yield from walk_blocks(block.child_block, getattr(item, "value", item))


def _value_problems(block: blocks.Block, value: Any, headings: list[tuple[int, str]]) -> list[str]:
    own_check = getattr(block, "quality_problems", None)
    if own_check is not None:
        # Blocks that know their own rules (a table's caption, a video's transcript) say
        # what is missing, in words the editor can act on; their children are still
        # walked (walk_blocks), so links in their rich text are checked as anywhere else.
        return list(own_check(value))
    if isinstance(block, HeadingBlock):
        headings.append((int(value.get("level", "h2")[1]), value.get("text", "")))
    if isinstance(block, CaptionedImageBlock) and value.get("image") is not None:
        return _image_problems(value["image"], block.image_text(value))
    if isinstance(value, CustomImage):
        return _image_problems(value, ImageText.of_use(value))
    if isinstance(value, RichText):
        return _link_problems(value.source)
    return []


def _image_problems(image: CustomImage, text: ImageText) -> list[str]:
    """A use of an image needs alt text (unless marked decorative) and a credit."""
    problems = []
    if not text.alt and not text.decorative:
        problems.append(_("The image “%(title)s” has no alt text.") % {"title": image.title})
    if not text.credit:
        problems.append(_("The image “%(title)s” has no credit.") % {"title": image.title})
    return problems


def _link_problems(html: str) -> list[str]:
    soup = BeautifulSoup(html, "html.parser")
    if any(not link.get_text(strip=True) for link in soup.find_all("a")):
        return [_("A link has no text: give every link words that say where it leads.")]
    return []


def _heading_problems(levels: list[tuple[int, str]]) -> list[str]:
    problems, previous = [], 1  # the page title is the h1
    for level, text in levels:
        if level > previous + 1:
            problems.append(
                _("The heading “%(text)s” skips a level (heading %(previous)s to %(level)s).")
                % {"text": text, "previous": previous, "level": level}
            )
        previous = level
    return problems


def _empty_translation_problems(instance: models.Model) -> list[str]:
    if not isinstance(instance, TranslatableMixin) or not instance.locale_id:
        return []
    default_locale = Locale.get_default()
    if instance.locale_id == default_locale.pk:
        return []
    source = (
        type(instance)
        .objects.filter(translation_key=instance.translation_key, locale=default_locale)
        .first()
        if instance.translation_key
        else None
    )
    if source is None:
        return []
    problems = []
    for field in instance._meta.concrete_fields:
        if not isinstance(field, TEXT_FIELD_TYPES) or field.name in NOT_CONTENT_FIELDS:
            continue
        if field.choices:
            continue
        if (
            str(getattr(source, field.name) or "").strip()
            and not str(getattr(instance, field.name) or "").strip()
        ):
            problems.append(
                _("The translation of “%(field)s” is empty.") % {"field": field.verbose_name}
            )
    return problems
