"""API v2's serializer fields for what every page type shares: front ends get
ready-to-use objects (renditions with alt text, small page references, translations),
never bare ids.

The shapes are those of cms/core/representation.py, which API v3 gives too. Each field
reads from the response's batch (:func:`~cms.core.representation.batch_for`), so a
listing runs the same number of queries for 5 or 50 items. Fields of one app's page
types are declared on their ``api_fields`` (articles/serializers.py).
"""

from __future__ import annotations

from typing import Any

from rest_framework.fields import Field
from wagtail.api.v2.serializers import PageParentField
from wagtail.models import Page

from cms.api.streams import StreamRepresentation
from cms.api.visibility import is_live_and_public
from cms.chrome import head
from cms.core.image_text import text_of_image_field, with_use_text
from cms.core.representation import (
    ImageDict,
    PageRefDict,
    RenditionDict,
    TranslationDict,
    batch_for,
    image_representation,
    page_ref,
)


class WholeObjectField(Field):
    """A field computed from the whole object rather than one of its attributes."""

    def get_attribute(self, instance: Any) -> Any:
        return instance


class LocaleField(WholeObjectField):
    """The object's language code (``en``, ``fr``)."""

    def to_representation(self, obj: Any) -> str:
        return obj.locale.language_code


class TranslationsField(WholeObjectField):
    """The live translations of the page in the other languages: id, locale, title, url."""

    def to_representation(self, page: Any) -> list[TranslationDict]:
        return batch_for(self.context, page).translations_of(page)


class TranslationStatusField(WholeObjectField):
    """``current``, ``outdated``, ``fallback``, or null for a source page
    (cms/translations/freshness.py)."""

    def to_representation(self, page: Any) -> str | None:
        return batch_for(self.context, page).translation_status_of(page)


class CanonicalURLField(WholeObjectField):
    """The address search engines should index (cms/chrome/head.py): the page's own, its
    source's for an untranslated alias. What a front end puts in ``rel=canonical``."""

    def to_representation(self, page: Any) -> str | None:
        return head.canonical_url(page, self.context.get("request"))


class SocialImageField(WholeObjectField):
    """The picture to show when the page is shared (cms/chrome/head.py): its own, else
    the site's default sharing image, else the Alliance's emblem; 1200 × 630."""

    def to_representation(self, page: Any) -> head.SocialImageDict:
        return head.social_image(page.specific, self.context.get("request")).as_dict()


class IsTranslationField(WholeObjectField):
    """False when the page is an untranslated alias of a page in another language, so
    front ends can fall back to that language or hide it."""

    def to_representation(self, page: Any) -> bool:
        return page.alias_of_id is None


class ImageRenditionsField(WholeObjectField):
    """An image field of a page: the image with the page's own alt text, caption and
    credit (cms/core/image_text.py) and the named renditions."""

    def to_representation(self, obj: Any) -> ImageDict | None:
        image = getattr(obj, self.field_name)
        represented = image_representation(image, self.context.get("request"))
        return with_use_text(represented, text_of_image_field(obj, self.field_name))


class ImageAltField(WholeObjectField):
    """The images endpoint's ``alt``: the image's description, never null."""

    def to_representation(self, image: Any) -> str:
        return image.description or ""


class ImageRenditionsOnlyField(WholeObjectField):
    """The images endpoint's ``renditions``: the named renditions of the image (none
    while they cannot be made: original missing, media storage full or read-only)."""

    def to_representation(self, image: Any) -> dict[str, RenditionDict]:
        represented = image_representation(image, self.context.get("request"))
        return represented["renditions"] if represented else {}


class PageRefField(Field):
    """A single linked page (e.g. the join page) as a small object, if visible."""

    def to_representation(self, page: Any) -> PageRefDict | None:
        if page is None or not is_live_and_public(page):
            return None
        return page_ref(page, self.context.get("request"))


class VisibleParentField(PageParentField):
    """Wagtail's ``meta.parent`` (the parent when this consumer may see it), found in one
    query: the visible page at the parent's path. Wagtail read the parent, then asked
    whether it was visible."""

    def get_attribute(self, instance: Page) -> Page | None:
        if instance.depth <= 1:
            return None
        parent_path = instance.path[: -instance.steplen]
        return self.context["base_queryset"].filter(path=parent_path).first()


class StreamBlocksField(WholeObjectField):
    """API v2's StreamField: blocks as :class:`StreamRepresentation` gives them, the same
    values as API v3 (Wagtail's own v2 field gives chosen objects as bare ids)."""

    def to_representation(self, page: Any) -> list[dict[str, Any]]:
        return StreamRepresentation(getattr(page, self.source), self.context, page=page).data()
