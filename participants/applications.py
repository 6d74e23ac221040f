"""Membership applications: what an authority sends to join, kept for the reviewers only.

The profile that accepting one drafts is a page (participants/models.py); the application
refers to it by name, so this module and the forms built on it need no page type.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel

from participants.choices import ApplicationStatus, ParticipantKind


class MembershipApplication(models.Model):
    """An authority's request to join, kept for the reviewers and nobody else.

    Personal data (a named contact, their email and phone): never in the API, search
    or any public page; deleted after the retention period by `purge_applications`.
    """

    authority_name = models.CharField(_("name of the authority"), max_length=255)
    kind = models.CharField(_("kind of authority"), max_length=20, choices=ParticipantKind.choices)
    country = CountryField(_("country"))
    contact_name = models.CharField(_("contact person"), max_length=255)
    contact_role = models.CharField(_("role"), max_length=255)
    email = models.EmailField(_("email"))
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    website = models.URLField(_("website"))
    motivation = models.TextField(_("motivation"))
    consent = models.BooleanField(_("consent to contact and data processing"))
    language = models.CharField(_("language of the form"), max_length=10)
    submitted_at = models.DateTimeField(_("submitted at"), auto_now_add=True, db_index=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ApplicationStatus.choices, default=ApplicationStatus.NEW
    )
    notes = models.TextField(_("reviewers' notes"), blank=True)
    # One-time token of the form that sent it: unique, so that a double-click or two
    # workers handling the same POST store one application. Null for forms without one.
    submission_token = models.UUIDField(
        _("submission token"), null=True, blank=True, unique=True, editable=False
    )
    participant_page = models.ForeignKey(
        "participants.ParticipantPage",
        verbose_name=_("participant profile"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    panels = [
        FieldPanel("status"),
        FieldPanel("notes"),
        MultiFieldPanel(
            [
                FieldPanel("authority_name", read_only=True),
                FieldPanel("kind", read_only=True),
                FieldPanel("country", read_only=True),
                FieldPanel("website", read_only=True),
                FieldPanel("contact_name", read_only=True),
                FieldPanel("contact_role", read_only=True),
                FieldPanel("email", read_only=True),
                FieldPanel("phone", read_only=True),
                FieldPanel("motivation", read_only=True),
                FieldPanel("language", read_only=True),
                FieldPanel("submitted_at", read_only=True),
            ],
            heading=_("Application"),
        ),
    ]

    class Meta:
        verbose_name = _("membership application")
        verbose_name_plural = _("membership applications")
        ordering = ["-submitted_at"]

    def __str__(self) -> str:
        return self.authority_name
