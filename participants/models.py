"""Participant profiles, the index that lists and maps them, and the way to join.

The Alliance *is* its participants: each city or region gets a page (so editors write,
review and translate it like any other content), and the figures shown to visitors are
computed from those pages rather than typed in.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, PageChooserPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Page, Site
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from cms.core.blocks import BaseStreamBlock
from cms.core.preview import LocalisedHeadlessPreviewMixin
from cms.workflow.forms import ReviewReadyPageForm
from participants.widgets import LocationPickerInput


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


class ParticipantIndexPage(LocalisedHeadlessPreviewMixin, Page):
    """The list, map and per-country figures of one locale's participants."""

    base_form_class = ReviewReadyPageForm

    introduction = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("introduction")]
    search_fields = [*Page.search_fields, index.SearchField("introduction")]
    api_fields = [APIField("introduction")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["participants.ParticipantPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("participant index page")

    def get_context(self, request: HttpRequest, *args, **kwargs) -> dict:
        from participants.listing import index_context

        context = super().get_context(request, *args, **kwargs)
        context.update(index_context(self, request))
        return context

    def prefetch_fragments(
        self, request: HttpRequest, site: Site
    ) -> list[tuple[str, tuple[object, ...]]]:
        """What the index reads from the fragment cache, in one round trip
        (cms/caching/routing.py); the unfiltered list's ids and filter form when unfiltered."""
        from cms.templatetags.cms_tags import template_fragment_key
        from participants.listing import (
            DEFAULT_CHOICE,
            countries_fragment,
            filter_form_key,
            ids_fragment,
        )
        from participants.queries import statistics_fragment

        fragments = [
            countries_fragment(self),
            statistics_fragment(self.locale_id),
            template_fragment_key(site, "participants-per-country", (self.locale_id,)),
        ]
        if not request.GET:
            fragments.append(ids_fragment(self, DEFAULT_CHOICE))
            key = filter_form_key(request)
            fragments.append(template_fragment_key(site, "participant-filters", (self.pk, key)))
        return fragments


class ParticipantPage(LocalisedHeadlessPreviewMixin, Page):
    """One city or region of the Alliance: who it is, where it is, how to reach it."""

    base_form_class = ReviewReadyPageForm

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
            [FieldPanel("latitude", widget=LocationPickerInput()), FieldPanel("longitude")],
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
        index.SearchField("country_name_for_search"),
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

    def get_context(self, request: HttpRequest, *args, **kwargs) -> dict:
        context = super().get_context(request, *args, **kwargs)
        context["mentions"] = self.mentions()
        return context

    def mentions(self) -> list[Page]:
        """Live, public seminar reports and articles of this locale that name this
        participant (in any language: a translated article may still link the source)."""
        from articles.models import ArticlePage

        return list(
            ArticlePage.objects.live()
            .public()
            .filter(
                locale_id=self.locale_id,
                participant_links__participant__translation_key=self.translation_key,
            )
            .distinct()
            .order_by("-publication_date", "-first_published_at")
        )

    def country_name_for_search(self) -> str:
        """The country's name in the page's own language ("Lituanie" on a French profile),
        so that visitors find profiles by the country they type, in their language; the
        index stems it with the same language's configuration (search/backend.py)."""
        if not self.country:
            return ""
        language = self.locale.language_code if self.locale_id else None
        with translation.override(language):
            return str(self.country.name)

    @property
    def public_contact_email(self) -> str:
        """The contact address, only when the authority agreed to publish it."""
        return self.contact_email if self.contact_email_public else ""

    @property
    def has_location(self) -> bool:
        return self.latitude is not None and self.longitude is not None


class JoinPage(LocalisedHeadlessPreviewMixin, RoutablePageMixin, Page):
    """“Join the Alliance”: the application form of one locale and its confirmation.

    A hand-written Django form rather than Wagtail's form builder, because the answers
    feed a review process (status, notes, a draft profile on acceptance) and hold
    personal data that must stay out of the form builder's editor-visible submissions.
    """

    base_form_class = ReviewReadyPageForm

    introduction = models.TextField(_("introduction"), blank=True)
    privacy_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("privacy page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The privacy notice that the consent checkbox links to."),
    )
    confirmation_title = models.CharField(
        _("confirmation title"),
        max_length=255,
        blank=True,
        help_text=_("Leave empty for “Thank you for your application”."),
    )
    confirmation_text = models.TextField(
        _("confirmation text"),
        blank=True,
        help_text=_("Shown after an application was sent: what happens next."),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("introduction"),
        PageChooserPanel("privacy_page"),
        FieldPanel("confirmation_title"),
        FieldPanel("confirmation_text"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("introduction")]
    api_fields = [
        APIField("introduction"),
        APIField("privacy_page"),
        APIField("confirmation_title"),
        APIField("confirmation_text"),
    ]
    override_translatable_fields = [SynchronizedField("privacy_page")]

    parent_page_types = ["home.HomePage"]
    subpage_types: list[str] = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("join page")

    @path("")
    def application_form(self, request: HttpRequest) -> HttpResponse:
        from participants.views import join_form_view

        return join_form_view(self, request)

    @path("thanks/")
    def confirmation(self, request: HttpRequest) -> HttpResponse:
        return self.render(request, template="participants/join_page_confirmation.html")


class ApplicationStatus(models.TextChoices):
    NEW = "new", _("New")
    UNDER_REVIEW = "under_review", _("Under review")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")


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
        ParticipantPage,
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
