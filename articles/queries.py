"""The queries the article pages, the news list, the feeds and the home page's latest
news share: which linked pages a visitor may see, an article's topics in its language,
and everything a card shows in a fixed number of queries.

Below the page types (articles/models.py imports it): it knows topics and their links,
and takes the articles it works on as arguments.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.db.models import Prefetch, QuerySet
from wagtail.models import Page

from articles.credits import with_credit
from articles.topics import TOPIC_LINKS, Topic

if TYPE_CHECKING:
    from articles.models import ArticlePage


def visible_localized(pages: list[Page]) -> list[Page]:
    """The pages in the active language (or as they are), keeping only what an
    anonymous visitor may see: live and without view restrictions."""
    localized = [page.localized for page in pages]
    visible = set(
        Page.objects.live()
        .public()
        .filter(pk__in=[p.pk for p in localized])
        .values_list("pk", flat=True)
    )
    return [page for page in localized if page.pk in visible]


def localized_topics(page: ArticlePage, *, live: bool) -> list[Topic]:
    """The page's topics in the page's language: links are synchronised between
    translations, so they may point at another language's topic."""
    links = page.topic_links.all()
    if "topic_links" not in getattr(page, "_prefetched_objects_cache", {}):
        # The links with their topics in one query, not one query per linked topic.
        links = links.select_related("topic").order_by("sort_order", "pk")
    keys = [link.topic.translation_key for link in links]
    if not keys:
        return []
    topics = Topic.objects.filter(translation_key__in=keys, locale_id=page.locale_id)
    if live:
        topics = topics.filter(live=True)
    by_key = {topic.translation_key: topic for topic in topics}
    return [by_key[key] for key in keys if key in by_key]


CARD_DEFERRED = (
    "body",
    "seminarreportpage__topics_discussed",
    "seminarreportpage__outcomes",
    "seminarreportpage__site_visits",
    "seminarreportpage__gallery",
    "seminarreportpage__documents",
)


def with_card_data(articles: QuerySet[ArticlePage]) -> QuerySet[ArticlePage]:
    """Everything a card shows, fetched in a fixed number of queries."""
    return (
        # The local news row and its credit's authority come with the list
        # (articles/credits.py).
        with_credit(articles)
        .select_related("listing_image", "seminarreportpage", "localnewspage")
        # A card shows none of the long fields; reading them made sorting a page of
        # cards sort every article's whole body.
        .defer(*CARD_DEFERRED)
        .prefetch_related(
            "listing_image__renditions",
            Prefetch("topic_links", queryset=TOPIC_LINKS),
        )
    )


def attach_display_topics(articles: Iterable[ArticlePage], topics: Iterable[Topic]) -> None:
    """Give each article its topics in the reader's language (links are synchronised
    between translations, so they may point at the source language's topics)."""
    by_key = {topic.translation_key: topic for topic in topics}
    for article in articles:
        article.display_topics = [
            by_key[link.topic.translation_key]
            for link in article.topic_links.all()
            if link.topic.translation_key in by_key
        ]
