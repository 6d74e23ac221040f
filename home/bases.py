"""The shapes every page type and reviewed snippet of the site shares, declared once.

Abstract mixins only: ``wagtail.models.Page`` stays the concrete base of every page type
(wagtail-localize does not support a custom base page model), and a field declared here
has the same migration state as the same field declared on each model.

- ``BasePageMixin``: what every page type has (the headless preview in the page's
  language, the editor's form that runs the quality gate) and the listing contract:
  ``get_listing_summary()``, ``get_listing_image()`` and ``search_text_sources()``, which
  feeds, JSON-LD, the APIs and search result snippets read instead of guessing from
  attribute names;
- ``IntroductionMixin``: the plain-text introduction under the title, with its panel,
  search field and API field.

The reviewed snippet's shape (drafts, revisions, locking, the review workflow) is the
kernel's ``cms.core.snippets.ReviewedSnippet``, as the kernel's own snippets share it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.blocks import StreamValue
from wagtail.models import Page
from wagtail.rich_text import RichText
from wagtail.search import index

from cms.core.models import CustomImage
from cms.core.preview import LocalisedHeadlessPreviewMixin
from cms.workflow.explorer import ListingPermissionTester
from cms.workflow.forms import ReviewReadyPageForm

# What a page's readable text may be stored as: plain text, rich text, a StreamField.
TextSource = str | RichText | StreamValue | None


class BasePageMixin(LocalisedHeadlessPreviewMixin):
    """Every page type of the site: ``class MyPage(BasePageMixin, Page)``.

    The listing contract's defaults describe a page with nothing to list but its title;
    each page type overrides what it has.
    """

    base_form_class = ReviewReadyPageForm
    # What shared links show the page as (og:type, cms/templates/includes/page_head.html);
    # articles say "article". Declared here so that the template finds it on every page:
    # a missing attribute makes Django's template engine list the page's attributes
    # (dir(), 0.2 ms) to tell it from a failing property.
    open_graph_type = "website"
    # Page types that declare their own api_fields start them with these.
    api_fields = [APIField("listing_summary")]

    def permissions_for_user(self, user: Any) -> ListingPermissionTester:
        """Wagtail's tester, answering the explorer's per-row delete and move checks from
        the listing's query instead of two queries a row (cms/workflow/explorer.py)."""
        return ListingPermissionTester(user, self)

    @property
    def listing_summary(self) -> str:
        """The listing contract's summary in both APIs, whatever the page type, so that
        a front end draws a card without knowing which field each type keeps it in."""
        return self.get_listing_summary()

    def get_listing_summary(self) -> str:
        """One or two plain-text sentences that stand for the page in news lists, feeds
        and shared links (schema.org's ``description``); empty when it has none."""
        return ""

    def get_listing_image(self) -> CustomImage | None:
        """The picture that stands for the page in lists, feeds and shared links."""
        return None

    def search_text_sources(self) -> Sequence[TextSource]:
        """The page's own text, in order of preference: a search result's snippet is cut
        from the first that is not empty (search/snippets.py)."""
        return (self.search_description,)


class IntroductionMixin(models.Model):
    """A plain-text introduction under the title, searched and in the APIs.

    Put it first among the bases (``class MyPage(IntroductionMixin, BasePageMixin,
    Page)``) so that its panels, search fields and listing summary come before the
    defaults; a page type with more fields extends ``IntroductionMixin.content_panels``.
    """

    introduction = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("introduction")]
    search_fields = [*Page.search_fields, index.SearchField("introduction")]
    api_fields = [APIField("introduction"), *BasePageMixin.api_fields]

    class Meta:
        abstract = True

    def get_listing_summary(self) -> str:
        return self.introduction

    def search_text_sources(self) -> Sequence[TextSource]:
        return (self.search_description, self.introduction)
