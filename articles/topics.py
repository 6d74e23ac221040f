"""Topics: the subjects the Alliance works on, and their links to articles.

Below the page types (articles/models.py): the topic lists, filters and feeds read them
without knowing the pages, and a link names its article by label.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.models import Orderable
from wagtail.search import index

from cms.core.snippets import ReviewedSnippet


class Topic(ReviewedSnippet):
    """A subject the Alliance works on (housing, education, ...).

    A snippet rather than free tags so that each topic has one translated name and
    slug per language, a description for its listing page, and goes through review.
    """

    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(
        _("slug"),
        max_length=100,
        allow_unicode=True,
        help_text=_("The last part of the topic's web address, e.g. “housing”."),
    )
    description = models.TextField(_("description"), blank=True)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description")]
    search_fields = [index.SearchField("name"), index.FilterField("locale_id")]
    api_fields = [APIField("name"), APIField("slug"), APIField("description")]

    class Meta(ReviewedSnippet.Meta):
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["locale", "slug"], name="unique_topic_slug_per_locale")
        ]

    def __str__(self) -> str:
        return self.name


class ArticleTopic(Orderable):
    """A topic of an article; synchronised between translations of the article."""

    page = ParentalKey("articles.ArticlePage", related_name="topic_links", on_delete=models.CASCADE)
    topic = models.ForeignKey(
        Topic, verbose_name=_("topic"), related_name="article_links", on_delete=models.CASCADE
    )

    panels = [FieldPanel("topic")]

    class Meta(Orderable.Meta):
        verbose_name = _("topic")
        constraints = [
            models.UniqueConstraint(fields=["page", "topic"], name="unique_topic_per_article")
        ]


# An article's topic links with their topics, in the editor's order; links saved without
# an order (made in code) keep the order they were made in, on every database.
TOPIC_LINKS = ArticleTopic.objects.select_related("topic").order_by("sort_order", "pk")
