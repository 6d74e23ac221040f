"""Participant profiles, the index that lists and maps them, and the way to join.

The Alliance *is* its participants: each city or region gets a page (so editors write,
review and translate it like any other content), and the figures shown to visitors are
computed from those pages rather than typed in.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from cms.blocks import BaseStreamBlock


class ParticipantKind(models.TextChoices):
    MUNICIPALITY = "municipality", _("Municipality")
    CITY = "city", _("City")
    DISTRICT = "district", _("District")
    COUNTY = "county", _("County")
    PROVINCE = "province", _("Province")
    REGION = "region", _("Region")
    OTHER = "other", _("Other local or regional authority")


class ParticipantStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    FORMER = "former", _("Former participant")


LATITUDE_VALIDATORS = [MinValueValidator(Decimal("-90")), MaxValueValidator(Decimal("90"))]
LONGITUDE_VALIDATORS = [MinValueValidator(Decimal("-180")), MaxValueValidator(Decimal("180"))]


class ParticipantIndexPage(Page):
    """The list, map and per-country figures of one locale's participants."""

    introduction = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("introduction")]
    search_fields = [*Page.search_fields, index.SearchField("introduction")]
    api_fields = [APIField("introduction")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["participants.ParticipantPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("participant index page")


class ParticipantPage(Page):
    """One city or region of the Alliance: who it is, where it is, how to reach it."""

    official_name = models.CharField(
        _("official name"),
        max_length=255,
        blank=True,
        help_text=_("The authority's full official name, if it differs from the title."),
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=ParticipantKind.choices, default=ParticipantKind.CITY
    )
    country = CountryField(_("country"))
    region = models.CharField(
        _("region"), max_length=255, blank=True, help_text=_("Region or province, if any.")
    )
    date_joined = models.DateField(_("date joined"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ParticipantStatus.choices,
        default=ParticipantStatus.ACTIVE,
    )
    logo = models.ForeignKey(
        "cms.CustomImage",
        verbose_name=_("coat of arms or logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=LATITUDE_VALIDATORS,
        help_text=_("Decimal degrees, from -90 (south) to 90 (north)."),
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=LONGITUDE_VALIDATORS,
        help_text=_("Decimal degrees, from -180 (west) to 180 (east)."),
    )
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    roma_population = models.PositiveIntegerField(
        _("estimated Roma population"), null=True, blank=True
    )
    roma_population_source = models.CharField(
        _("source of the Roma population estimate"), max_length=255, blank=True
    )
    roma_population_year = models.PositiveSmallIntegerField(
        _("year of the Roma population estimate"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1900), MaxValueValidator(2100)],
    )
    website = models.URLField(_("website"), blank=True)
    contact_name = models.CharField(_("contact name"), max_length=255, blank=True)
    contact_role = models.CharField(_("contact role"), max_length=255, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    contact_email_public = models.BooleanField(
        _("show the contact email"),
        default=False,
        help_text=_("Tick only if the authority agreed to publish this address."),
    )
    national_delegation = models.CharField(
        _("national delegation"),
        max_length=255,
        blank=True,
        help_text=_("The country's delegation to the Congress this authority belongs to."),
    )
    description = StreamField(BaseStreamBlock(), verbose_name=_("description"), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("official_name"),
        FieldRowPanel([FieldPanel("kind"), FieldPanel("status")]),
        FieldRowPanel([FieldPanel("country"), FieldPanel("region")]),
        FieldPanel("date_joined"),
        FieldPanel("logo"),
        MultiFieldPanel(
            [FieldPanel("latitude"), FieldPanel("longitude")],
            heading=_("Location"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("population"),
                FieldPanel("roma_population"),
                FieldRowPanel(
                    [FieldPanel("roma_population_source"), FieldPanel("roma_population_year")]
                ),
            ],
            heading=_("Population"),
        ),
        FieldPanel("website"),
        MultiFieldPanel(
            [
                FieldPanel("contact_name"),
                FieldPanel("contact_role"),
                FieldPanel("contact_email"),
                FieldPanel("contact_email_public"),
            ],
            heading=_("Public contact"),
        ),
        FieldPanel("national_delegation"),
        FieldPanel("description"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("official_name"),
        index.SearchField("region"),
        index.SearchField("description"),
        index.FilterField("country"),
        index.FilterField("kind"),
        index.FilterField("status"),
    ]
    api_fields = [
        APIField("official_name"),
        APIField("kind"),
        APIField("country"),
        APIField("region"),
        APIField("date_joined"),
        APIField("status"),
        APIField("logo"),
        APIField("latitude"),
        APIField("longitude"),
        APIField("population"),
        APIField("roma_population"),
        APIField("roma_population_source"),
        APIField("roma_population_year"),
        APIField("website"),
        APIField("contact_name"),
        APIField("contact_role"),
        APIField("public_contact_email"),
        APIField("national_delegation"),
        APIField("description"),
    ]
    override_translatable_fields = [
        SynchronizedField("kind"),
        SynchronizedField("country"),
        SynchronizedField("date_joined"),
        SynchronizedField("status"),
        SynchronizedField("logo"),
        SynchronizedField("latitude"),
        SynchronizedField("longitude"),
        SynchronizedField("population"),
        SynchronizedField("roma_population"),
        SynchronizedField("roma_population_year"),
        SynchronizedField("website"),
        SynchronizedField("contact_name"),
        SynchronizedField("contact_email"),
        SynchronizedField("contact_email_public"),
    ]

    parent_page_types = ["participants.ParticipantIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")

    @property
    def public_contact_email(self) -> str:
        """The contact address, only when the authority agreed to publish it."""
        return self.contact_email if self.contact_email_public else ""

    @property
    def has_location(self) -> bool:
        return self.latitude is not None and self.longitude is not None
