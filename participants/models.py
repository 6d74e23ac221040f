"""Participant profiles, the index that lists and maps them, and the way to join.

The Alliance *is* its participants: each city or region gets a page (so editors write,
review and translate it like any other content), and the figures shown to visitors are
computed from those pages rather than typed in.

This module is the one Django loads: the page types, in the order Wagtail lists them,
and the one definition of "a participant visitors may see" that every listing, the
statistics, the map and the GeoJSON endpoint count. What the pages' views use sits
below it and knows no page type: the vocabularies (``choices``), the application
(``applications``), the forms, the list and map (``listing``) and the application form
(``joining``). The articles that mention a profile come through ``participants.hooks``.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count, OuterRef, QuerySet, Subquery
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from django_countries.fields import CountryField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, PageChooserPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Locale, Page, PageQuerySet, Site
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from cms.caching.fragments import FragmentKey, cached_fragment
from cms.core.blocks import BaseStreamBlock
from cms.core.models import CustomImage
from cms.templatetags.cms_tags import template_fragment_key
from home.bases import BasePageMixin, IntroductionMixin, TextSource
from participants.applications import MembershipApplication
from participants.choices import ApplicationStatus, ParticipantKind, ParticipantStatus
from participants.contributors import Contributor, ContributorInvitation
from participants.hooks import PROFILE_SUBPAGE_TYPES, ProfileMentions, mentions_of
from participants.joining import join_form_view
from participants.listing import (
    DEFAULT_CHOICE,
    countries_fragment,
    filter_form_key,
    ids_fragment,
    index_context,
    markers_fragment,
)
from participants.serializers import StatisticsField
from participants.widgets import LocationPickerInput

__all__ = [
    "ApplicationStatus",
    "Contributor",
    "ContributorInvitation",
    "CountryCount",
    "JoinPage",
    "MembershipApplication",
    "ParticipantIndexPage",
    "ParticipantKind",
    "ParticipantPage",
    "ParticipantStatus",
    "Statistics",
    "active_profiles",
    "participant_statistics",
    "statistics_fragment",
    "visible_profiles",
]

LATITUDE_VALIDATORS = [MinValueValidator(Decimal("-90")), MaxValueValidator(Decimal("90"))]
LONGITUDE_VALIDATORS = [MinValueValidator(Decimal("-180")), MaxValueValidator(Decimal("180"))]


class ParticipantIndexPage(IntroductionMixin, BasePageMixin, Page):
    """The list, map and per-country figures of one locale's participants."""

    parent_page_types = ["home.HomePage"]
    subpage_types = ["participants.ParticipantPage"]
    max_count_per_parent = 1
    api_fields = [
        *IntroductionMixin.api_fields,
        APIField("statistics", serializer=StatisticsField()),
    ]

    class Meta:
        verbose_name = _("participant index page")

    def get_context(self, request: HttpRequest, *args, **kwargs) -> dict:
        context = super().get_context(request, *args, **kwargs)
        context.update(index_context(self, request))
        return context

    def profiles(self) -> PageQuerySet:
        """The visible profiles listed on this index (participants/listing.py)."""
        return visible_profiles(self.locale_id).child_of(self)

    @staticmethod
    def profiles_by_pk(ids: list[int]) -> QuerySet[ParticipantPage]:
        """The profiles with these ids: the rows of the list not yet in the cache."""
        return ParticipantPage.objects.filter(pk__in=ids)

    def statistics(self) -> Statistics:
        """The figures of this index's locale, as the home page headline counts them."""
        return participant_statistics(self.locale_id)

    def prefetch_fragments(self, request: HttpRequest, site: Site) -> list[FragmentKey]:
        """What the index reads from the fragment cache, in one round trip
        (cms/caching/routing.py); the unfiltered list's ids and filter form when unfiltered."""
        fragments = [
            countries_fragment(self),
            statistics_fragment(self.locale_id),
            template_fragment_key(site, "participants-per-country", (self.locale_id,)),
        ]
        if not request.GET:
            fragments.append(ids_fragment(self, DEFAULT_CHOICE))
            fragments.append(markers_fragment(self, DEFAULT_CHOICE, site.pk))
            key = filter_form_key(request)
            fragments.append(template_fragment_key(site, "participant-filters", (self.pk, key)))
        return fragments


class ParticipantPage(BasePageMixin, Page):
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
        *BasePageMixin.api_fields,
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
    # Filled by the apps above (articles' local news) through ``participants.hooks``.
    subpage_types = PROFILE_SUBPAGE_TYPES

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")

    def get_context(self, request: HttpRequest, *args, **kwargs) -> dict:
        context = super().get_context(request, *args, **kwargs)
        context["mentions"] = self.mentions(request)
        return context

    def mentions(self, request: HttpRequest | None = None) -> ProfileMentions:
        """The newest live, public pages of this locale that name this participant and
        links to all of them: the seminar reports and articles, from the ``articles``
        app (``participants.hooks``)."""
        return mentions_of(self, request)

    def get_listing_image(self) -> CustomImage | None:
        return self.logo

    def search_text_sources(self) -> tuple[TextSource, ...]:
        return (self.search_description, self.description)

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


class JoinPage(IntroductionMixin, BasePageMixin, RoutablePageMixin, Page):
    """“Join the Alliance”: the application form of one locale and its confirmation.

    A hand-written Django form rather than Wagtail's form builder, because the answers
    feed a review process (status, notes, a draft profile on acceptance) and hold
    personal data that must stay out of the form builder's editor-visible submissions.
    """

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

    body = StreamField(
        BaseStreamBlock(),
        verbose_name=_("body"),
        blank=True,
        help_text=_("Shown below the form: questions applicants ask, documents to read."),
    )

    content_panels = [
        *IntroductionMixin.content_panels,
        PageChooserPanel("privacy_page"),
        FieldPanel("confirmation_title"),
        FieldPanel("confirmation_text"),
        FieldPanel("body"),
    ]
    search_fields = [*IntroductionMixin.search_fields, index.SearchField("body")]
    api_fields = [
        *IntroductionMixin.api_fields,
        APIField("body"),
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
        return join_form_view(self, request)

    @path("thanks/")
    def confirmation(self, request: HttpRequest) -> HttpResponse:
        return self.render(request, template="participants/join_page_confirmation.html")


# The one definition of "a participant visitors may see" (was participants/queries.py):
# statistics, the index page, the map, the GeoJSON endpoint and the home page headline
# all count the same profiles: live, not behind a view restriction, in one locale.


def visible_profiles(locale: Locale | int):
    """Live, public profiles of `locale` (or a locale id), active or former."""
    return ParticipantPage.objects.live().public().filter(locale=locale)


def active_profiles(locale: Locale | int):
    """The profiles that make up the Alliance today."""
    return visible_profiles(locale).filter(status=ParticipantStatus.ACTIVE)


@dataclass(frozen=True)
class CountryCount:
    code: str
    name: str
    count: int


@dataclass(frozen=True)
class Statistics:
    """“N cities and regions from M countries”, and the breakdown per country."""

    participants: int
    countries: int
    per_country: list[CountryCount]


def participant_statistics(locale: Locale | int) -> Statistics:
    """Shared between workers until a profile changes (cms/caching/fragments.py)."""
    return cached_fragment(*statistics_fragment(locale), lambda: _count(locale))


def statistics_fragment(locale: Locale | int) -> tuple[str, tuple[object, ...]]:
    # Country names are in the language being shown, which is part of the key.
    return "participant-statistics", (getattr(locale, "pk", locale), get_language())


def _count(locale: Locale | int) -> Statistics:
    # From the active profiles, each probing its own page by primary key (live, public,
    # in the locale: visible_profiles' conditions): a LIMIT 1 subquery, which PostgreSQL
    # keeps as one index probe per profile. As a join it chose a merge join along the
    # page table's primary key, reading every article between the first and the last
    # profile (20,946 buffers at 50,000 articles against 5,359 now; issue #23).
    shown = Page.objects.live().public().filter(locale=locale, pk=OuterRef("pk"))
    rows = (
        ParticipantPage.objects.filter(status=ParticipantStatus.ACTIVE)
        .alias(shown=Subquery(shown.order_by().values("pk")[:1]))
        .filter(shown__isnull=False)
        .order_by()
        .values("country")
        .annotate(count=Count("pk"))
        .values_list("country", "count")
    )
    per_country = sorted(
        (CountryCount(code, str(countries.name(code)), count) for code, count in rows),
        key=lambda row: (-row.count, row.name),
    )
    return Statistics(
        participants=sum(row.count for row in per_country),
        countries=len(per_country),
        per_country=per_country,
    )
