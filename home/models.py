"""The pages at the top of each locale's tree and the content shared between pages."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, PageChooserPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, Site
from wagtail.search import index

from cms.caching.fragments import FragmentKey
from cms.core.blocks import BaseStreamBlock
from cms.core.image_text import alt_text_field, caption_field
from cms.core.models import CustomImage
from cms.core.reading import child_among_top_pages, register_root_model
from cms.core.snippets import ReviewedSnippet
from cms.templatetags.cms_tags import template_fragment_key
from home.bases import BasePageMixin, IntroductionMixin, TextSource
from home.blocks import TerminologyNoteBlock
from home.hooks import home_page_fragments


class PageStreamBlock(BaseStreamBlock):
    """The shared blocks plus the terminology note, which lives in this app."""

    terminology_note = TerminologyNoteBlock()


class TerminologyNote(ReviewedSnippet):
    """The “Roma and Travellers” note: written once, translated, placed on any page.

    A snippet rather than page text because the Council of Europe wording must be the
    same wherever it appears, and a correction must reach every page at once.
    """

    title = models.CharField(_("title"), max_length=255)
    text = RichTextField(_("text"), features=["bold", "italic", "link"])

    panels = [FieldPanel("title"), FieldPanel("text")]

    class Meta(ReviewedSnippet.Meta):
        verbose_name = _("terminology note")
        verbose_name_plural = _("terminology notes")

    def __str__(self) -> str:
        return self.title

    def localized_live(self) -> TerminologyNote | None:
        """The live note in the active language, else the live source, else nothing."""
        for candidate in (self.localized, self):
            if candidate.live:
                return candidate
        return None


class HomePage(BasePageMixin, Page):
    """The landing page of one locale: who the Alliance is and how to join it."""

    introduction = models.TextField(
        _("introduction"),
        help_text=_("What the Alliance does, in two or three sentences."),
    )
    auspices = models.CharField(
        _("auspices"),
        max_length=255,
        blank=True,
        help_text=_("Under whose auspices the Alliance works."),
    )
    hero_image = models.ForeignKey(
        "cms.CustomImage",
        verbose_name=_("hero image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    listing_image_field = "hero_image"  # whose text describes it (cms/chrome/head.py)
    hero_image_alt_text = alt_text_field()  # this page's words for it (cms/core/image_text.py)
    hero_image_caption = caption_field()
    join_heading = models.CharField(_("join heading"), max_length=255, blank=True)
    join_text = models.TextField(_("join text"), blank=True)
    join_button_label = models.CharField(_("join button label"), max_length=80, blank=True)
    join_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("join page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The page with the application form."),
    )
    body = StreamField(PageStreamBlock(), verbose_name=_("body"), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("introduction"),
        FieldPanel("auspices"),
        FieldPanel("hero_image"),
        FieldPanel("hero_image_alt_text"),
        FieldPanel("hero_image_caption"),
        MultiFieldPanel(
            [
                FieldPanel("join_heading"),
                FieldPanel("join_text"),
                FieldPanel("join_button_label"),
                PageChooserPanel("join_page"),
            ],
            heading=_("Join the Alliance"),
        ),
        FieldPanel("body"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("introduction"),
        index.SearchField("body"),
    ]
    api_fields = [
        *BasePageMixin.api_fields,
        APIField("introduction"),
        APIField("auspices"),
        APIField("hero_image"),
        APIField("join_heading"),
        APIField("join_text"),
        APIField("join_button_label"),
        APIField("join_page"),
        APIField("body"),
    ]

    parent_page_types = ["wagtailcore.Page"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("home page")

    def get_listing_summary(self) -> str:
        return self.introduction

    def get_listing_image(self) -> CustomImage | None:
        return self.hero_image

    def search_text_sources(self) -> tuple[TextSource, ...]:
        return (self.search_description, self.introduction, self.body)

    def prefetch_fragments(self, request: HttpRequest, site: Site) -> list[FragmentKey]:
        """What the home page reads from the fragment cache, in one round trip
        (cms/caching/routing.py): its own ``{% fragment %}`` pieces, then those of the
        sections other apps put on it (the participant headline, the latest news:
        ``home.hooks.HOME_PAGE_FRAGMENTS``)."""
        return [
            *(template_fragment_key(site, name, (self.pk,)) for name in HOME_FRAGMENTS),
            template_fragment_key(site, "page-body", (self.pk, body_day())),
            *home_page_fragments(self, request, site),
        ]

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context(request, *args, **kwargs)
        context["body_day"] = body_day()
        return context

    def route(self, request: HttpRequest, path_components: list[str]) -> Any:
        """Wagtail's routing, with the first step down (the news page, the participants
        page) taken among the pages below the homes that the header reads anyway: no
        query of its own. A page not there (a draft on the way to a live page below it)
        is looked up as Wagtail does."""
        if path_components:
            child = child_among_top_pages(self, path_components[0])
            if child is not None:
                return child.specific.route(request, path_components[1:])
        return super().route(request, path_components)


# The {% fragment %} pieces of home/home_page.html that change only with the page.
HOME_FRAGMENTS = ("home-hero", "home-join")


def body_day() -> str:
    """Part of the body fragment's key: a body may list upcoming events, which change
    with the day (Europe/Paris) though nobody publishes."""
    return timezone.localdate().isoformat()


# Routing reads the site's root page as a home page with the site, and its translations
# with the header's read of the homes (cms/core/reading.py).
register_root_model(HomePage)


class StandardPage(IntroductionMixin, BasePageMixin, Page):
    """About, privacy and legal-notice pages: text that is not news and not a profile."""

    body = StreamField(PageStreamBlock(), verbose_name=_("body"), blank=True)

    content_panels = [*IntroductionMixin.content_panels, FieldPanel("body")]
    search_fields = [*IntroductionMixin.search_fields, index.SearchField("body")]
    api_fields = [*IntroductionMixin.api_fields, APIField("body")]

    parent_page_types = ["home.HomePage", "home.StandardPage"]
    subpage_types = ["home.StandardPage"]

    class Meta:
        verbose_name = _("standard page")

    def search_text_sources(self) -> tuple[TextSource, ...]:
        return (self.search_description, self.introduction, self.body)
