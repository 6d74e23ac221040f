"""The news index and topic pages: filtering, pagination and the data each card shows.

Kept out of the page model so that the index page, the topic pages and the home page's
“latest news” all build their cards with the same constant number of queries.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from articles.models import ArticleIndexPage, ArticlePage, Topic

ARTICLES_PER_PAGE = 12
TYPE_CHOICES = {"article": _("News articles"), "report": _("Seminar reports")}


@dataclass(frozen=True)
class Filters:
    topic: Topic | None
    year: int | None
    kind: str
    unknown_topic: bool = False

    @property
    def active(self) -> bool:
        return bool(self.topic or self.year or self.kind or self.unknown_topic)


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
    from articles.models import ArticleTopic

    return (
        articles.select_related("listing_image", "seminarreportpage")
        # A card shows none of the long fields; reading them made sorting a page of
        # cards sort every article's whole body.
        .defer(*CARD_DEFERRED)
        .prefetch_related(
            "listing_image__renditions",
            Prefetch("topic_links", queryset=ArticleTopic.objects.select_related("topic")),
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


def parse_filters(index: ArticleIndexPage, request: HttpRequest, topics: list[Topic]) -> Filters:
    """Read the query string; values that make no sense are ignored, never an error."""
    topic, unknown_topic = None, False
    slug = request.GET.get("topic", "").strip()
    if slug:
        topic = next((candidate for candidate in topics if candidate.slug == slug), None)
        unknown_topic = topic is None
    year = None
    raw_year = request.GET.get("year", "").strip()
    if raw_year.isdigit() and 1 <= int(raw_year) <= 9999:
        year = int(raw_year)
    kind = request.GET.get("type", "").strip()
    if kind not in TYPE_CHOICES:
        kind = ""
    return Filters(topic=topic, year=year, kind=kind, unknown_topic=unknown_topic)


def apply_filters(articles: QuerySet[ArticlePage], filters: Filters) -> QuerySet[ArticlePage]:
    from articles.models import SeminarReportPage

    if filters.unknown_topic:
        return articles.none()
    if filters.topic is not None:
        articles = articles.filter(
            topic_links__topic__translation_key=filters.topic.translation_key
        ).distinct()
    if filters.year is not None:
        articles = articles.filter(publication_date__year=filters.year)
    if filters.kind:
        report_type = ContentType.objects.get_for_model(SeminarReportPage)
        if filters.kind == "report":
            articles = articles.filter(content_type=report_type)
        else:
            articles = articles.exclude(content_type=report_type)
    return articles


def listing_context(
    index: ArticleIndexPage, request: HttpRequest, route_topic: Topic | None = None
) -> dict:
    from articles.models import Topic

    topics = list(Topic.objects.filter(locale_id=index.locale_id, live=True).order_by("name"))
    filters = parse_filters(index, request, topics)
    if route_topic is not None:
        filters = Filters(topic=route_topic, year=filters.year, kind=filters.kind)
    articles = apply_filters(index.articles(), filters)
    paginator = Paginator(with_card_data(articles), ARTICLES_PER_PAGE)
    # get_page() turns “abc” into page 1 and 99999 into the last page.
    page_of_articles: PaginatorPage = paginator.get_page(request.GET.get("page"))
    attach_display_topics(page_of_articles.object_list, topics)
    query = request.GET.copy()
    query.pop("page", None)
    if route_topic is not None:
        query.pop("topic", None)
    return {
        "articles": page_of_articles,
        "filters": filters,
        "topics": topics,
        "years": [date.year for date in index.articles().dates("publication_date", "year", "DESC")],
        "type_choices": TYPE_CHOICES,
        "filter_query": query.urlencode(),
    }
