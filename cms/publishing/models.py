"""Where publish events go: webhook endpoints and the log of their deliveries."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel


class WebhookEndpoint(models.Model):
    """A front end (or build service) to notify when published content changes.

    Configured by administrators only (no group holds these permissions); each
    delivery is signed with the endpoint's secret (HMAC-SHA256, see cms/publishing/webhooks.py).
    """

    name = models.CharField(_("name"), max_length=100)
    url = models.URLField(_("URL"), max_length=500)
    secret = models.CharField(
        _("secret"),
        max_length=200,
        help_text=_("Shared with the receiver, which checks the X-Alliance-Signature header."),
    )
    active = models.BooleanField(_("active"), default=True)

    panels = [FieldPanel("name"), FieldPanel("url"), FieldPanel("secret"), FieldPanel("active")]
    # Never listed by choosers or the translation editor's snippet API (cms/security/admin_only.py).
    administrators_only = True

    class Meta:
        verbose_name = _("webhook endpoint")
        verbose_name_plural = _("webhook endpoints")

    def __str__(self) -> str:
        return self.name


class WebhookDelivery(models.Model):
    """One attempt to deliver one publish event to one endpoint (the delivery log)."""

    administrators_only = True  # like its endpoint (cms/security/admin_only.py)

    endpoint = models.ForeignKey(
        WebhookEndpoint,
        verbose_name=_("endpoint"),
        related_name="deliveries",
        on_delete=models.CASCADE,
    )
    event = models.CharField(_("event"), max_length=40)
    payload = models.JSONField(_("payload"))
    attempt = models.PositiveSmallIntegerField(_("attempt"), default=1)
    created_at = models.DateTimeField(_("time"), auto_now_add=True)
    status_code = models.PositiveSmallIntegerField(_("HTTP status"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)
    succeeded = models.BooleanField(_("succeeded"), default=False)

    class Meta:
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.event} → {self.endpoint} (#{self.attempt})"


class SitemapSection(models.Model):
    """The size of one sitemap section, kept as pages change (cms/publishing/sections.py).

    A section is the pages of one exact type under one home page (a site's root in one
    language, by its ``url_path``): counting them for every read of ``/sitemap.xml``
    grew with the site (#23: 140 ms at 50,000 articles against 31 at 1,000), reading
    these rows does not. ``next_change`` is when a listed page expires or a scheduled
    one goes live: the row is counted again from then on, since the clock changes no row.
    """

    root_path = models.CharField(_("home page address"), max_length=255)
    content_type = models.ForeignKey(
        "contenttypes.ContentType", verbose_name=_("page type"), on_delete=models.CASCADE
    )
    url_count = models.PositiveIntegerField(_("URLs"), default=0)
    lastmod = models.DateTimeField(_("last modified"), null=True, blank=True)
    next_change = models.DateTimeField(_("next change"), null=True, blank=True)

    class Meta:
        verbose_name = _("sitemap section")
        verbose_name_plural = _("sitemap sections")
        constraints = [
            models.UniqueConstraint(
                fields=["root_path", "content_type"], name="cms_sitemapsection_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.root_path} {self.content_type_id}: {self.url_count}"
