"""The alert banner snippet: a short, reviewed, translated message shown above pages.

An ``Alert`` is written by an editor, approved by a second person (the review workflow
of every content snippet, cms/workflow/roles.py) and translated with wagtail-localize:
its message and link text are translated, its level, dates, section and page link are
synchronised from the original. What visitors see is decided in ``cms.alerts.live``.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail_localize.fields import SynchronizedField, TranslatableField

from cms.core.snippets import ReviewedSnippet

MESSAGE_MAX_LENGTH = 300


class AlertLevel(models.TextChoices):
    INFORMATION = "information", _("Information")
    WARNING = "warning", _("Warning")


class Alert(ReviewedSnippet):
    """One alert in one language; its translations share its ``translation_key``."""

    level = models.CharField(
        _("level"), max_length=20, choices=AlertLevel.choices, default=AlertLevel.INFORMATION
    )
    message = models.CharField(
        _("message"),
        max_length=MESSAGE_MAX_LENGTH,
        help_text=_("One or two short sentences, without formatting."),
    )
    link_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("link to a page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Visitors are sent to this page in their language when it is translated."),
    )
    link_url = models.URLField(
        _("or link to an address"),
        blank=True,
        help_text=_("An address on another site, instead of a page of this one."),
    )
    link_text = models.CharField(
        _("link text"),
        max_length=100,
        blank=True,
        help_text=_("What the link says, such as “Read the details”. Default: “Find out more”."),
    )
    starts_at = models.DateTimeField(
        _("shown from"),
        null=True,
        blank=True,
        help_text=_("Empty: as soon as the alert is approved."),
    )
    ends_at = models.DateTimeField(
        _("shown until"),
        null=True,
        blank=True,
        help_text=_("Empty: until the alert is unpublished."),
    )
    section = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("section"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_(
            "Empty: the whole site. A page: that page and every page below it, in every language."
        ),
    )

    # Translators word the message and the link; when and where it shows is the
    # original's decision (cms.alerts.live reads those from the original anyway). An
    # address may lead to another language's version of a site, so it may be changed.
    translatable_fields = [
        TranslatableField("message"),
        TranslatableField("link_text"),
        SynchronizedField("link_url"),
        SynchronizedField("level", overridable=False),
        SynchronizedField("link_page", overridable=False),
        SynchronizedField("starts_at", overridable=False),
        SynchronizedField("ends_at", overridable=False),
        SynchronizedField("section", overridable=False),
    ]

    panels = [
        FieldPanel("level"),
        FieldPanel("message"),
        MultiFieldPanel(
            [FieldPanel("link_page"), FieldPanel("link_url"), FieldPanel("link_text")],
            heading=_("Link"),
        ),
        FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")], heading=_("When")),
        FieldPanel("section"),
    ]

    class Meta(ReviewedSnippet.Meta):
        verbose_name = _("alert")
        verbose_name_plural = _("alerts")
        ordering = ["-starts_at", "-pk"]

    def __str__(self) -> str:
        return self.message

    def scope(self) -> str:
        """Where the alert shows, for the admin's listing."""
        return self.section.title if self.section_id else str(_("Whole site"))

    scope.short_description = _("where")  # type: ignore[attr-defined]

    def clean(self) -> None:
        super().clean()
        errors: dict[str, str] = {}
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = _("The end must come after the start.")
        if self.link_page_id and self.link_url:
            errors["link_url"] = _("Choose a page or give an address, not both.")
        if self.link_text and not (self.link_page_id or self.link_url):
            errors["link_text"] = _("A link text needs a page or an address to lead to.")
        if errors:
            raise ValidationError(errors)
