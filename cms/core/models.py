"""The models every app builds on: the image model and the site-wide settings."""

import logging

from django.db import models, transaction
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.images.models import (
    AbstractImage,
    AbstractRendition,
    Filter,
    Image,
    SourceImageIOError,
)

from cms.core.requests import mark_incomplete
from cms.ops.storage import StorageUnavailable

logger = logging.getLogger(__name__)


class RenditionUnavailable(SourceImageIOError):
    """The media storage refused to keep a new rendition (full or read-only).

    A ``SourceImageIOError``, so Wagtail's image tags and our helpers treat it like a
    missing original: the page is served without that image instead of failing.
    """


class CustomImage(AbstractImage):
    """An image that carries what an accessible, properly credited photo needs.

    Wagtail's `description` field is the alternative text; the seed's photos show
    that every published picture also has a caption and a credit ("CoE").
    """

    # Wagtail's field, labelled for what it is: editors and translators read
    # "Description" and did not know it was the text screen readers say.
    description = models.CharField(
        _("alt text"),
        max_length=255,
        blank=True,
        default="",
        help_text=_(
            "What the image shows, for people who cannot see it (screen readers read it). "
            "Leave it empty only for a decorative image."
        ),
    )
    caption = models.CharField(_("caption"), max_length=500, blank=True)
    credit = models.CharField(
        _("credit"),
        max_length=255,
        blank=True,
        help_text=_("Who took or owns the photo, e.g. “CoE”."),
    )

    admin_form_fields = (*Image.admin_form_fields, "caption", "credit")

    class Meta(AbstractImage.Meta):
        verbose_name = _("image")
        verbose_name_plural = _("images")

    @property
    def alt_text(self) -> str:
        return self.default_alt_text

    # A page view that needs a new rendition while the storage is full or read-only
    # goes without the image (and is not cached), rather than answering 503/507: only
    # an upload is the editor's to retry (cms/ops/storage.py). The savepoint keeps a
    # surrounding transaction usable: Wagtail's bulk_create has none of its own.
    def create_rendition(self, filter: Filter) -> AbstractRendition:
        try:
            with transaction.atomic():
                return super().create_rendition(filter)
        except StorageUnavailable as exc:
            raise self._unavailable(exc) from exc

    def create_renditions(self, *filters: Filter) -> dict[Filter, AbstractRendition]:
        """One rendition at a time. Wagtail's version decodes the original in three
        threads at once: for a 24-megapixel image that is +455 MiB in one worker instead
        of +161 (tests/cms/core/test_image_memory.py). It costs a few queries more, once
        per image, and (on S3) one read of the original per size."""
        if not filters:  # Wagtail asks even when every rendition exists
            return {}
        try:
            with transaction.atomic():
                return {spec: AbstractImage.create_rendition(self, spec) for spec in filters}
        except StorageUnavailable as exc:
            raise self._unavailable(exc) from exc

    def _unavailable(self, exc: StorageUnavailable) -> RenditionUnavailable:
        mark_incomplete()
        logger.warning("Image %s shown without a rendition: %s", self.pk, exc.strerror)
        return RenditionUnavailable(str(exc))


class CustomRendition(AbstractRendition):
    image = models.ForeignKey(CustomImage, on_delete=models.CASCADE, related_name="renditions")

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)


@register_setting(icon="site")
class SocialMediaSettings(BaseSiteSetting):
    """Links shown in every page footer and the picture shared for pages without one of
    their own, kept by editors rather than in templates."""

    facebook_url = models.URLField(_("Facebook page"), blank=True)
    twitter_url = models.URLField(_("X (Twitter) profile"), blank=True)
    default_share_image = models.ForeignKey(
        CustomImage,
        verbose_name=_("default sharing image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "Shown by social networks and messaging apps for pages that have no picture "
            "of their own; 1200 × 630 pixels suits them best. Without one, the Alliance's "
            "emblem is shown."
        ),
    )

    panels = [
        FieldPanel("facebook_url"),
        FieldPanel("twitter_url"),
        FieldPanel("default_share_image"),
    ]

    class Meta:
        verbose_name = _("social media links")
