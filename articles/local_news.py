"""Local news and good practices written by a member authority (issue #20).

A ``LocalNewsPage`` is an article (the same fields, blocks, topics and links, multi-table
inheritance) that lives under the participant's profile that contributed it, not under
the news index: its place in the tree names its author, so the credit ("Contributed by
Veldhoven, Netherlands") cannot drift from the truth and the contributor's page
permissions on their profile (participants/contributors.py) cover their proposals too.
The news index, the feeds, search and the APIs list it with the other articles.

``participants`` never imports this app: the profile accepts the page type through the
registry of ``participants.hooks`` (``allow_under_profiles``), filled when this module
loads (articles/models.py imports it).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.api import APIField
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished
from wagtail_localize.fields import SynchronizedField

from articles.credits import ContributingAuthorityField
from articles.models import ArticlePage
from cms.caching import deps
from cms.caching.pages import bump_tags
from cms.translations.originals import OriginalTextPanel
from participants.hooks import allow_under_profiles
from participants.models import ParticipantPage

LOCAL_NEWS_TYPE = "articles.LocalNewsPage"


def contribution_languages() -> list[tuple[str, str]]:
    """The languages a member authority may write in (settings.CONTRIBUTION_LANGUAGES),
    read when asked so that the migration does not copy the setting of one deployment."""
    return list(settings.CONTRIBUTION_LANGUAGES)


def default_language() -> str:
    return settings.LANGUAGE_CODE


class LocalNewsKind(models.TextChoices):
    NEWS = "news", _("Local news")
    GOOD_PRACTICE = "good-practice", _("Good practice")


class LocalNewsPage(ArticlePage):
    """News or a good practice of one member authority, written by its contributors in
    their own language and published in the official languages after translation and
    review; it credits the authority wherever it is shown."""

    kind = models.CharField(
        _("kind"), max_length=20, choices=LocalNewsKind.choices, default=LocalNewsKind.NEWS
    )
    written_in = models.CharField(
        _("written in"),
        max_length=10,
        choices=contribution_languages,
        default=default_language,
        help_text=_("The language the contributor wrote the original text in."),
    )

    @property
    def card_kind(self) -> str:
        return "good-practice" if self.kind == LocalNewsKind.GOOD_PRACTICE else "local-news"

    content_panels = [
        # The contributor's own words, for the translators and reviewers (#20).
        OriginalTextPanel(),
        *ArticlePage.summary_panels[:1],
        FieldRowPanel([FieldPanel("kind"), FieldPanel("written_in")]),
        *ArticlePage.summary_panels[1:],
        FieldPanel("body"),
        *ArticlePage.link_panels,
    ]
    api_fields = [
        *ArticlePage.api_fields,
        APIField("kind"),
        APIField("written_in"),
        APIField("contributed_by", serializer=ContributingAuthorityField()),
    ]
    override_translatable_fields = [
        *ArticlePage.override_translatable_fields,
        SynchronizedField("kind"),
        SynchronizedField("written_in"),
    ]

    parent_page_types = ["participants.ParticipantPage"]
    subpage_types: list[str] = []

    template = "articles/article_page.html"

    class Meta:
        verbose_name = _("local news")
        verbose_name_plural = _("local news")

    is_local_news = True

    @property
    def contributing_authority(self) -> ParticipantPage | None:
        """The participant whose profile holds this page: the authority that wrote it
        (in the page's language: a French translation sits under the French profile)."""
        if "_contributing_authority" not in self.__dict__:
            parent = self.get_parent()
            parent = parent.specific if parent is not None else None
            self.__dict__["_contributing_authority"] = (
                parent if isinstance(parent, ParticipantPage) else None
            )
        return self.__dict__["_contributing_authority"]

    @property
    def contributed_by(self) -> ParticipantPage | None:
        """The authority, as the API names it (``ContributingAuthorityField``)."""
        return self.contributing_authority


allow_under_profiles(LOCAL_NEWS_TYPE)


def _profile_lists_changed(sender: type, instance: Page, **kwargs: object) -> None:
    """The profile lists its local news and counts them (articles/wagtail_hooks.py): a
    publish or unpublish below it reaches every translation of the profile's cached page
    (cms/caching/invalidation.py bumps only the page itself and what links to it)."""
    parent = Page.objects.filter(path=instance.path[: -instance.steplen]).first()
    if parent is not None:
        bump_tags({deps.translation_tag(parent.translation_key)})


page_published.connect(_profile_lists_changed, sender=LocalNewsPage)
page_unpublished.connect(_profile_lists_changed, sender=LocalNewsPage)
