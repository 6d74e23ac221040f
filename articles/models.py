"""News articles, seminar reports and the topics that group them.

A seminar report is an article with structured event facts (multi-table inheritance),
so that one `ArticlePage.objects` query lists both kinds on the news index, in the
feeds and on the home page, while the report keeps its facts in real fields that the
event panel, JSON-LD, the iCalendar download and the API can rely on.

This module is the one Django loads: the page types, in the order Wagtail lists them,
and the links of an article to related pages and participants. What their views use
sits below it and knows no page type: topics and their links (``topics``), the seminar
blocks (``blocks``), the shared queries (``queries``), the news list (``listing``), the
feeds and the iCalendar export. Profiles list the articles that mention them through
``participants.hooks`` (registered in articles/wagtail_hooks.py).
"""

from __future__ import annotations

import datetime
from functools import cache

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import models
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, Site
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from articles.blocks import SiteVisitBlock, TopicDiscussedBlock
from articles.events import FEED_ROUTE, events_feed, index_section, section_fragment
from articles.facts import facts_fragment
from articles.feeds import AtomArticleFeed, RssArticleFeed
from articles.ical import seminar_calendar
from articles.links import ArticleParticipant, ArticleRelatedPage
from articles.listing import (
    NO_FILTERS,
    Filters,
    apply_filters,
    listing_context,
    listing_fragment,
)
from articles.queries import localized_topics, visible_localized
from articles.serializers import PageLinksField, TopicListField
from articles.topics import ArticleTopic, Topic
from cms.caching.fragments import FragmentKey
from cms.core.blocks import CaptionedImageBlock, DocumentLinkBlock
from cms.core.image_text import alt_text_field, caption_field
from cms.core.models import CustomImage
from cms.templatetags.cms_tags import template_fragment_key
from home.bases import BasePageMixin, IntroductionMixin, TextSource
from home.models import PageStreamBlock

__all__ = [
    "ArticleIndexPage",
    "ArticlePage",
    "ArticleParticipant",
    "ArticleRelatedPage",
    "ArticleTopic",
    "LocalNewsPage",
    "SeminarReportPage",
    "Topic",
]


class ArticleIndexPage(IntroductionMixin, BasePageMixin, RoutablePageMixin, Page):
    """The “News” page of one locale: articles and reports, their topics and feeds."""

    parent_page_types = ["home.HomePage"]
    subpage_types = ["articles.ArticlePage", "articles.SeminarReportPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("news index page")

    def get_context(self, request: HttpRequest, *args, **kwargs) -> dict:
        context = super().get_context(request, *args, **kwargs)
        context.update(listing_context(self, request, kwargs.get("topic")))
        if kwargs.get("topic") is None:
            # The next few events above the list (articles/events.py), and their feed.
            context["upcoming_events"] = cache(lambda: index_section(self, request))
            context["events_feed_url"] = (self.get_full_url(request) or "") + self.reverse_subpage(
                FEED_ROUTE
            )
        return context

    @path("")
    def index_route(self, request: HttpRequest) -> HttpResponse:
        return self.render(request)

    def prefetch_fragments(self, request: HttpRequest, site: Site) -> list[FragmentKey]:
        """The filters' topics and years, and the unfiltered list's ids when the
        address has no query string, read at once (cms/caching/routing.py)."""
        fragments = [facts_fragment(self)]
        if not request.GET:
            fragments.append(listing_fragment(self, NO_FILTERS))
            fragments.append(section_fragment(self, site))
        return fragments

    @path("topic/<str:slug>/")
    def topic_route(self, request: HttpRequest, slug: str) -> HttpResponse:
        topic = Topic.objects.filter(locale_id=self.locale_id, slug=slug, live=True).first()
        if topic is None:
            raise Http404(_("There is no such topic."))
        return self.render(
            request,
            template="articles/topic_page.html",
            context_overrides={"topic": topic},
            topic=topic,
        )

    @path("feed/rss/")
    def rss_feed(self, request: HttpRequest) -> HttpResponse:
        return RssArticleFeed()(request, index_page=self)

    @path("feed/atom/")
    def atom_feed(self, request: HttpRequest) -> HttpResponse:
        return AtomArticleFeed()(request, index_page=self)

    @path("feed/events/", name=FEED_ROUTE)
    def events_feed(self, request: HttpRequest) -> HttpResponse:
        """The iCalendar feed of this language's upcoming events (articles/events.py)."""
        return events_feed(self, request)

    def articles(self) -> models.QuerySet[ArticlePage]:
        """Live, public articles and reports of this index and the local news of the
        profiles of the same home page (articles/local_news.py), newest first."""
        # Both are the home page's only articles (their parent page types): its path
        # prefix, as child_of(self) read this index's. An expired page stays live until
        # `publish_scheduled` runs: hide it already.
        return (
            ArticlePage.objects.filter(path__startswith=self.path[: -self.steplen])
            .live()
            .public()
            .exclude(expire_at__lte=timezone.now())
            .order_by("-publication_date", "-first_published_at", "-pk")
        )

    def matching_articles(self, filters: Filters) -> QuerySet[ArticlePage]:
        """This index's articles that match a visitor's filters (articles/listing.py)."""
        return apply_filters(self.articles(), filters, SeminarReportPage)

    @staticmethod
    def all_article_dates() -> QuerySet[ArticlePage]:
        """The publication dates of every article of any index: ordered either way, the
        first row is read at one end of ``articles_newest_first`` (the span of the years
        filter)."""
        return ArticlePage.objects.order_by().values("publication_date")

    @staticmethod
    def articles_by_pk(ids: list[int]) -> QuerySet[ArticlePage]:
        """The articles with these ids: the cards of the list not yet in the cache."""
        return ArticlePage.objects.filter(pk__in=ids)


class ArticlePage(BasePageMixin, Page):
    """A news article: what happened in the Alliance, dated, with topics and links."""

    open_graph_type = "article"  # shared links are shown as articles (cms/chrome/head.py)
    listing_image_field = "listing_image"  # whose text describes it (cms/chrome/head.py)
    publication_date = models.DateField(
        _("publication date"),
        default=timezone.localdate,
        help_text=_("The date shown to readers and used to order the news."),
    )
    standfirst = models.TextField(
        _("standfirst"),
        help_text=_("One or two sentences under the title; also the summary in feeds."),
    )
    listing_image = models.ForeignKey(
        "cms.CustomImage",
        verbose_name=_("listing image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Shown in news lists, feeds and when the page is shared."),
    )
    listing_image_alt_text = alt_text_field()  # this page's words for it (cms/core/image_text.py)
    listing_image_caption = caption_field()
    body = StreamField(PageStreamBlock(), verbose_name=_("body"), blank=True)

    summary_panels = [
        *Page.content_panels,
        FieldPanel("publication_date"),
        FieldPanel("standfirst"),
        FieldPanel("listing_image"),
        FieldPanel("listing_image_alt_text"),
        FieldPanel("listing_image_caption"),
    ]
    link_panels = [
        InlinePanel("topic_links", heading=_("Topics"), label=_("topic")),
        InlinePanel(
            "participant_links",
            heading=_("Participating Alliance members"),
            label=_("participating Alliance member"),
        ),
        InlinePanel("related_page_links", heading=_("Related pages"), label=_("related page")),
    ]
    content_panels = [*summary_panels, FieldPanel("body"), *link_panels]
    search_fields = [
        *Page.search_fields,
        index.SearchField("standfirst"),
        index.SearchField("body"),
        index.FilterField("publication_date"),
    ]
    api_fields = [
        *BasePageMixin.api_fields,
        APIField("publication_date"),
        APIField("standfirst"),
        APIField("listing_image"),
        APIField("body"),
        APIField("topic_list", serializer=TopicListField()),
        APIField("related_page_links", serializer=PageLinksField("related_page")),
        APIField("participant_links", serializer=PageLinksField("participant")),
    ]
    override_translatable_fields = [
        SynchronizedField("publication_date"),
        SynchronizedField("listing_image"),
    ]

    parent_page_types = ["articles.ArticleIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("news article")
        verbose_name_plural = _("news articles")
        # The home page's latest news, the feeds and the news list read the newest
        # first: without it PostgreSQL sorts every article (66 ms at 50,000; 0.25 ms).
        indexes = [models.Index(fields=["-publication_date"], name="articles_newest_first")]

    @property
    def is_report(self) -> bool:
        return False

    is_local_news = False  # a member authority's own news (articles/local_news.py)

    @property
    def card_kind(self) -> str:
        """What a card calls the article: "seminar-report", "good-practice", "local-news"
        or "news". From the rows ``with_card_data`` joins, with no query (the subclasses
        answer for themselves); an article read without them asks, one query per type."""
        joined = self._state.fields_cache
        for name in ("seminarreportpage", "localnewspage"):
            if joined.get(name) is not None:
                return joined[name].card_kind
        if "seminarreportpage" in joined and "localnewspage" in joined:
            return "news"
        for name in ("seminarreportpage", "localnewspage"):
            try:
                return getattr(self, name).card_kind
            except ObjectDoesNotExist:
                continue
        return "news"

    def get_listing_summary(self) -> str:
        return self.standfirst

    def get_listing_image(self) -> CustomImage | None:
        return self.listing_image

    def search_text_sources(self) -> tuple[TextSource, ...]:
        return (self.search_description, self.body)

    def get_context(self, request: HttpRequest, *args, **kwargs) -> dict:
        # Computed only if a template asks: the header, sharing metadata and related
        # pages are usually served from the fragment cache (``{% fragment %}``).
        context = super().get_context(request, *args, **kwargs)
        context["page_topics"] = cache(lambda: self.linked_topics(request))
        context["related_pages"] = cache(self.visible_related_pages)
        return context

    def visible_related_pages(self) -> list[Page]:
        links = self.related_page_links.select_related("related_page")
        return visible_localized([link.related_page for link in links])

    def linked_topics(self, request: HttpRequest) -> list[dict[str, str | None]]:
        """The page's topics, each linked to its topic page on the news index."""
        index = self.get_parent().specific
        topics = localized_topics(self, live=True)
        base = index.get_url(request) if isinstance(index, ArticleIndexPage) else None
        return [
            {
                "name": topic.name,
                "url": base + index.reverse_subpage("topic_route", kwargs={"slug": topic.slug})
                if base
                else None,
            }
            for topic in topics
        ]

    def prefetch_fragments(self, request: HttpRequest, site: Site) -> list[FragmentKey]:
        """The ``{% fragment %}`` pieces of this page's template (cms/caching/routing.py)."""
        absolute = (self.pk, request.scheme, request.get_host())
        return [
            template_fragment_key(site, "article-header", (self.pk,)),
            template_fragment_key(site, "related-pages", (self.pk,)),
            template_fragment_key(site, "article-meta", absolute),
            template_fragment_key(site, "article-json-ld", absolute),
        ]

    @property
    def topic_list(self) -> list[dict[str, str]]:
        """The page's topics in the page's own language (for the API)."""
        return [
            {"name": topic.name, "slug": topic.slug} for topic in localized_topics(self, live=True)
        ]


class SeminarReportPage(RoutablePageMixin, ArticlePage):
    """The report of a seminar the Alliance organised: an article plus the facts of
    the event in fields, not prose, so they can be shown, searched, exported as an
    iCalendar event and described to search engines as a schema.org Event."""

    @property
    def card_kind(self) -> str:
        return "seminar-report"

    start_date = models.DateField(
        _("start date"),
        null=True,
        blank=True,
        help_text=_("Leave empty when the date is not known."),
    )
    end_date = models.DateField(
        _("end date"),
        null=True,
        blank=True,
        help_text=_("Only for events over several days."),
    )
    venue = models.CharField(_("venue"), max_length=255, blank=True)
    place = models.CharField(
        _("place"), max_length=255, blank=True, help_text=_("e.g. “Trakai, near Vilnius”.")
    )
    country = CountryField(_("country"), blank=True)
    organiser = models.CharField(_("organiser"), max_length=255, blank=True)
    partners = models.TextField(_("partners"), blank=True)
    attendee_count = models.PositiveIntegerField(_("number of attendees"), null=True, blank=True)
    attendee_description = models.TextField(
        _("who attended"),
        blank=True,
        help_text=_("e.g. “elected officials and senior civil servants, scholars, NGOs”."),
    )
    topics_discussed = StreamField(
        [("topic", TopicDiscussedBlock())], verbose_name=_("topics discussed"), blank=True
    )
    outcomes = RichTextField(
        _("outcomes"), blank=True, features=["bold", "italic", "link", "ol", "ul"]
    )
    site_visits = StreamField(
        [("visit", SiteVisitBlock())], verbose_name=_("site visits"), blank=True
    )
    gallery = StreamField(
        [("image", CaptionedImageBlock())], verbose_name=_("photo gallery"), blank=True
    )
    documents = StreamField(
        [("document", DocumentLinkBlock())],
        verbose_name=_("documents"),
        blank=True,
        help_text=_("e.g. the agenda and the conclusions."),
    )

    content_panels = [
        *ArticlePage.summary_panels,
        MultiFieldPanel(
            [
                FieldPanel("start_date"),
                FieldPanel("end_date"),
                FieldPanel("venue"),
                FieldPanel("place"),
                FieldPanel("country"),
                FieldPanel("organiser"),
                FieldPanel("partners"),
                FieldPanel("attendee_count"),
                FieldPanel("attendee_description"),
            ],
            heading=_("Event facts"),
        ),
        FieldPanel("body"),
        FieldPanel("topics_discussed"),
        FieldPanel("outcomes"),
        FieldPanel("site_visits"),
        FieldPanel("gallery"),
        FieldPanel("documents"),
        *ArticlePage.link_panels,
    ]
    search_fields = [
        *ArticlePage.search_fields,
        index.SearchField("place"),
        index.SearchField("venue"),
        index.SearchField("topics_discussed"),
        index.SearchField("outcomes"),
        index.FilterField("start_date"),
    ]
    api_fields = [
        *ArticlePage.api_fields,
        APIField("start_date"),
        APIField("end_date"),
        APIField("venue"),
        APIField("place"),
        APIField("country_code"),
        APIField("organiser"),
        APIField("partners"),
        APIField("attendee_count"),
        APIField("attendee_description"),
        APIField("topics_discussed"),
        APIField("outcomes"),
        APIField("site_visits"),
        APIField("gallery"),
        APIField("documents"),
    ]
    override_translatable_fields = [
        *ArticlePage.override_translatable_fields,
        SynchronizedField("start_date"),
        SynchronizedField("end_date"),
        SynchronizedField("country"),
        SynchronizedField("attendee_count"),
    ]

    parent_page_types = ["articles.ArticleIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("seminar report")
        verbose_name_plural = _("seminar reports")
        # Upcoming events (articles/events.py) read the next few reports from today on:
        # a range on this index, not a sort of every report ever written.
        indexes = [models.Index(fields=["start_date"], name="articles_seminar_start")]

    @property
    def is_report(self) -> bool:
        return True

    def get_context(self, request: HttpRequest, *args, **kwargs) -> dict:
        context = super().get_context(request, *args, **kwargs)
        context["ical_path"] = self.reverse_subpage("ical")
        context["participants"] = cache(self.participating_members)
        return context

    def prefetch_fragments(self, request: HttpRequest, site: Site) -> list[FragmentKey]:
        return [
            *super().prefetch_fragments(request, site),
            template_fragment_key(site, "report-members", (self.pk,)),
            template_fragment_key(site, "report-gallery", (self.pk,)),
            template_fragment_key(site, "report-documents", (self.pk,)),
        ]

    def participating_members(self) -> list[Page]:
        """Live, public profiles of the members who took part, in the page's language."""
        links = self.participant_links.select_related("participant")
        return visible_localized([link.participant for link in links])

    @property
    def country_code(self) -> str:
        return self.country.code or ""

    @property
    def last_date(self) -> datetime.date | None:
        return self.end_date or self.start_date

    def clean(self) -> None:
        super().clean()
        if self.end_date and not self.start_date:
            raise ValidationError({"start_date": _("Give the start date as well.")})
        if self.end_date and self.start_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The end date is before the start date.")})

    @path("")
    def index_route(self, request: HttpRequest) -> HttpResponse:
        return self.render(request)

    @path("ical/")
    def ical(self, request: HttpRequest) -> HttpResponse:
        if self.start_date is None:
            raise Http404(_("This seminar has no date."))
        response = HttpResponse(
            seminar_calendar(self, request), content_type="text/calendar; charset=utf-8"
        )
        response["Content-Disposition"] = content_disposition_header(
            as_attachment=True, filename=f"{self.slug[:60]}.ics"
        )
        return response


# Local news is an article under a participant's profile: its module subclasses
# ArticlePage, so it is imported last, for Django to register the model with this app.
from articles.local_news import LocalNewsPage  # noqa: E402
