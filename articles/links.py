"""The links an article keeps to other pages: pages to read next and the Alliance
participants that took part in what it reports (the profile lists the latter).

Kept apart from the page types (articles/models.py imports and re-exports them), as
articles/topics.py keeps the topic links.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import PageChooserPanel
from wagtail.api import APIField
from wagtail.models import Orderable


class ArticleRelatedPage(Orderable):
    """A page readers of the article may want next; shown in the reader's language."""

    page = ParentalKey(
        "articles.ArticlePage", related_name="related_page_links", on_delete=models.CASCADE
    )
    related_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("page"),
        related_name="+",
        on_delete=models.CASCADE,
    )

    panels = [PageChooserPanel("related_page")]
    api_fields = [APIField("related_page")]

    class Meta(Orderable.Meta):
        verbose_name = _("related page")


class ArticleParticipant(Orderable):
    """An Alliance participant that took part in what the article reports; shown on
    seminar reports as “Participating Alliance members” and listed on the profile."""

    page = ParentalKey(
        "articles.ArticlePage", related_name="participant_links", on_delete=models.CASCADE
    )
    participant = models.ForeignKey(
        "participants.ParticipantPage",
        verbose_name=_("participant"),
        related_name="article_links",
        on_delete=models.CASCADE,
    )

    panels = [PageChooserPanel("participant")]
    api_fields = [APIField("participant")]

    class Meta(Orderable.Meta):
        verbose_name = _("participating Alliance member")
        verbose_name_plural = _("participating Alliance members")
        constraints = [
            models.UniqueConstraint(
                fields=["page", "participant"], name="unique_participant_per_article"
            )
        ]
