"""The models every app builds on: the image model and the site-wide settings."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.images.models import AbstractImage, AbstractRendition, Image


class CustomImage(AbstractImage):
    """An image that carries what an accessible, properly credited photo needs.

    Wagtail's `description` field is the alternative text; the seed's photos show
    that every published picture also has a caption and a credit ("CoE").
    """

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


class CustomRendition(AbstractRendition):
    image = models.ForeignKey(CustomImage, on_delete=models.CASCADE, related_name="renditions")

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)


@register_setting(icon="site")
class SocialMediaSettings(BaseSiteSetting):
    """Links shown in every page footer, kept by editors rather than in templates."""

    facebook_url = models.URLField(_("Facebook page"), blank=True)
    twitter_url = models.URLField(_("X (Twitter) profile"), blank=True)

    panels = [FieldPanel("facebook_url"), FieldPanel("twitter_url")]

    class Meta:
        verbose_name = _("social media links")
