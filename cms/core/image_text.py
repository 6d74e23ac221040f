"""What a visitor reads about an image is part of the page that shows it.

The image library holds one alt text, caption and credit per image, in whatever language
the uploader wrote them. A French page that showed those would describe its pictures in
English to a French screen-reader user. So each *use* of an image carries its own text,
translated and reviewed with the page:

- in a page body, the image block (``cms.core.blocks.CaptionedImageBlock``) has its own
  alt text, "decorative" flag, caption and credit;
- an image field of a page (``listing_image``, ``hero_image``) has sibling fields named
  after it: ``<field>_alt_text`` and, where the page shows one, ``<field>_caption``.

The library's text is the default for a new use (the block fills it in when the editor
saves) and the fallback for content saved before uses had their own text.
:class:`ImageText` is the resolved text, the single answer templates, the APIs and the
quality gate read.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

ALT_SUFFIX = "_alt_text"
CAPTION_SUFFIX = "_caption"


@dataclass(frozen=True)
class ImageText:
    """The text of one use of an image, with the library's as fallback."""

    alt: str
    caption: str
    credit: str
    decorative: bool = False

    @classmethod
    def of_use(
        cls,
        image: Any,
        *,
        alt: str | None = "",
        caption: str | None = "",
        credit: str | None = "",
        decorative: bool = False,
    ) -> ImageText:
        library_alt = getattr(image, "description", "") or ""
        return cls(
            alt="" if decorative else (alt or library_alt).strip(),
            caption=(caption or getattr(image, "caption", "") or "").strip(),
            credit=(credit or getattr(image, "credit", "") or "").strip(),
            decorative=decorative,
        )

    def as_api_fields(self) -> dict[str, Any]:
        return {
            "alt": self.alt,
            "caption": self.caption,
            "credit": self.credit,
            "decorative": self.decorative,
        }


def text_of_image_field(instance: Any, field_name: str) -> ImageText | None:
    """The text of the image in ``instance.<field_name>``, from its sibling fields."""
    image = getattr(instance, field_name, None)
    if image is None:
        return None
    return ImageText.of_use(
        image,
        alt=getattr(instance, field_name + ALT_SUFFIX, ""),
        caption=getattr(instance, field_name + CAPTION_SUFFIX, ""),
    )


def with_use_text(represented: dict | None, text: ImageText | None) -> dict | None:
    """An API image object with this use's text instead of the library's.

    A copy: the represented image is memoised per request and shared by every use.
    """
    if represented is None or text is None:
        return represented
    return {**represented, **text.as_api_fields()}


def alt_text_field() -> models.CharField:
    """The ``<image field>_alt_text`` of a page: the image's alt text on this page."""
    return models.CharField(
        _("alt text"),
        max_length=255,
        blank=True,
        help_text=_(
            "What the image shows, for people who cannot see it, in this page's language. "
            "Left empty, the image library's alt text is used."
        ),
    )


def caption_field() -> models.CharField:
    """The ``<image field>_caption`` of a page: the image's caption on this page."""
    return models.CharField(
        _("caption"),
        max_length=500,
        blank=True,
        help_text=_("Left empty, the image library's caption is used."),
    )


def fill_stream_image_text(raw_blocks: list[dict[str, Any]], library: dict[int, Any]) -> bool:
    """Give every image use in a stream's raw data the library's text where it has none.

    For migrations: content saved before uses had their own text keeps what it showed,
    now as the page's own words, which its translations then translate. ``library`` maps
    image ids to objects with ``description``, ``caption`` and ``credit``. Returns
    whether anything changed.
    """
    changed = False
    for value in _struct_values(raw_blocks):
        image = library.get(value.get("image")) if isinstance(value.get("image"), int) else None
        if image is None or "caption" not in value:
            continue
        for key, library_value in (
            ("alt_text", image.description),
            ("caption", image.caption),
            ("credit", image.credit),
        ):
            if not value.get(key):
                value[key] = library_value or ""
                changed = True
        changed = changed or "decorative" not in value
        value.setdefault("decorative", False)
    return changed


def _struct_values(data: Any) -> list[dict[str, Any]]:
    """Every dict nested in raw stream data (struct values, list items, stream children)."""
    found: list[dict[str, Any]] = []
    if isinstance(data, dict):
        found.append(data)
        for child in data.values():
            found += _struct_values(child)
    elif isinstance(data, list):
        for child in data:
            found += _struct_values(child)
    return found


def image_text_migration(pages: list[tuple[str, list[str], list[str]]]) -> Any:
    """A ``RunPython`` function giving existing image uses the text they showed.

    ``pages``: (model label, image fields with ``_alt_text`` siblings, StreamFields). The
    migrations of each app that shows images use it, with their historical models.
    """

    def fill_image_text(apps: Any, schema_editor: Any) -> None:
        library = apps.get_model("cms", "CustomImage").objects.in_bulk()
        for label, image_fields, stream_fields in pages:
            for page in apps.get_model(label).objects.all():
                changed = []
                for name in image_fields:
                    image = library.get(getattr(page, f"{name}_id"))
                    if image is not None and not getattr(page, name + ALT_SUFFIX):
                        setattr(page, name + ALT_SUFFIX, image.description)
                        changed.append(name + ALT_SUFFIX)
                for name in stream_fields:
                    raw = list(getattr(page, name).raw_data)
                    if fill_stream_image_text(raw, library):
                        setattr(page, name, raw)
                        changed.append(name)
                if changed:
                    page.save(update_fields=changed)

    return fill_image_text
