"""The news index and topic pages: filtering, pagination and each card's markup.

Kept out of the page model so that the index page and the topic pages build their
cards with the same constant number of queries (articles/queries.py). Below the page
types: ArticleIndexPage (articles/models.py) builds its context with this module, which
reads the articles through the index page it is given (``index.articles()``,
``index.matching_articles()``, ``index.articles_by_pk()``), never by importing them.
"""

from __future__ import annotations

import datetime
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.db.models import Min, QuerySet
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page, Site

from articles.queries import attach_display_topics, with_card_data
from articles.topics import Topic
from cms.caching.fragments import cached_fragment, cached_fragments

if TYPE_CHECKING:
    from articles.models import ArticleIndexPage, ArticlePage

T = TypeVar("T")
ARTICLES_PER_PAGE = 12
CARD_TEMPLATE = "articles/includes/article_card.html"
TYPE_CHOICES = {"article": _("News articles"), "report": _("Seminar reports")}


@dataclass(frozen=True)
class Filters:
    topic: Topic | None
    year: int | None
    kind: str
    unknown_topic: bool = False
    # A participant's profile id (``?participant=``): the articles that name it, in any
    # of its translations, as the profile's "All N news items" link asks.
    participant: int | None = None

    @property
    def active(self) -> bool:
        return bool(self.topic or self.year or self.kind or self.unknown_topic or self.participant)


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
    raw_participant = request.GET.get("participant", "").strip()
    participant = int(raw_participant) if raw_participant.isdigit() else None
    if participant is not None and not 1 <= participant <= 2**31 - 1:
        participant = None
    return Filters(
        topic=topic, year=year, kind=kind, unknown_topic=unknown_topic, participant=participant
    )


def apply_filters(
    articles: QuerySet[ArticlePage], filters: Filters, report_model: type[Page]
) -> QuerySet[ArticlePage]:
    """The articles that match the filters; ``report_model`` is the page type of
    seminar reports (the "type" filter)."""
    if filters.unknown_topic:
        return articles.none()
    if filters.topic is not None:
        articles = articles.filter(
            topic_links__topic__translation_key=filters.topic.translation_key
        ).distinct()
    if filters.year is not None:
        articles = articles.filter(publication_date__year=filters.year)
    if filters.participant is not None:
        # By translation key, in the same query: the profile of any language.
        profile = Page.objects.filter(pk=filters.participant).values("translation_key")
        articles = articles.filter(
            participant_links__participant__translation_key__in=profile
        ).distinct()
    if filters.kind:
        report_type = ContentType.objects.get_for_model(report_model)
        if filters.kind == "report":
            articles = articles.filter(content_type=report_type)
        else:
            articles = articles.exclude(content_type=report_type)
    return articles


@dataclass(frozen=True)
class IndexFacts:
    """What the filters of one news index offer: its live topics and the years that
    have news. Kept until the content changes or one of its articles expires."""

    topics: list[Topic]
    years: list[int]
    expires: float | None


def _soonest(expiries: Iterable[datetime.datetime | None]) -> float | None:
    """When the first of these articles expires (it then leaves every list at once,
    without an edit that would change the generation), as a timestamp."""
    dates = [expiry for expiry in expiries if expiry is not None]
    return min(dates).timestamp() if dates else None


def _fresh(name: str, parts: tuple[object, ...], compute: Callable[[], T]) -> T:
    """A fragment whose ``expires`` has not passed; recomputed when it has."""
    value = cached_fragment(name, parts, compute)
    expires = getattr(value, "expires", None)
    if expires is not None and expires <= time.time():
        return compute()
    return value


def index_facts(index: ArticleIndexPage) -> IndexFacts:
    def compute() -> IndexFacts:
        topics = Topic.objects.filter(locale_id=index.locale_id, live=True).order_by("name")
        years = (
            index.articles()
            .order_by()
            .values_list("publication_date__year")
            .annotate(soonest=Min("expire_at"))
        )
        by_year = dict(years)
        return IndexFacts(
            topics=list(topics),
            years=sorted(by_year, reverse=True),
            expires=_soonest(by_year.values()),
        )

    return _fresh(*facts_fragment(index), compute)


def facts_fragment(index: ArticleIndexPage) -> tuple[str, tuple[object, ...]]:
    return "news-facts", (index.pk,)


def listing_fragment(index: ArticleIndexPage, filters: Filters) -> tuple[str, tuple[object, ...]]:
    """The ids of the articles matching one choice of filters."""
    topic_key = filters.topic.translation_key if filters.topic is not None else ""
    return "news-listing", (
        index.pk,
        topic_key,
        filters.year or "",
        filters.kind,
        filters.unknown_topic,
        filters.participant or "",
    )


NO_FILTERS = Filters(topic=None, year=None, kind="")


@dataclass(frozen=True)
class Listing:
    """The ids of the articles that match one choice of filters, in their order."""

    ids: list[int]
    expires: float | None


def matching_ids(index: ArticleIndexPage, filters: Filters) -> list[int]:
    """Every matching article's id, newest first: one list per index and choice of
    filters (a few hundred at most), shared until the content changes."""

    def compute() -> Listing:
        rows = list(index.matching_articles(filters).values_list("pk", "expire_at"))
        return Listing(ids=[pk for pk, _expiry in rows], expires=_soonest(e for _pk, e in rows))

    return _fresh(*listing_fragment(index, filters), compute).ids


def article_cards(
    index: ArticleIndexPage, ids: list[int], request: HttpRequest, topics: list[Topic]
) -> list[SafeString]:
    """The cards of these articles of ``index``, each rendered once per generation and
    language and read with one round trip; the missing ones are fetched with a fixed
    number of queries (Russian-doll caching: a card changes only with the content)."""
    site = Site.find_for_request(request)

    def render(missing: list[int]) -> dict[int, str]:
        articles = list(with_card_data(index.articles_by_pk(missing)))
        attach_display_topics(articles, topics)
        return {
            article.pk: render_to_string(CARD_TEMPLATE, {"article": article}, request=request)
            for article in articles
        }

    cards = cached_fragments("news-card", (site.pk if site else "-", get_language()), ids, render)
    return [mark_safe(cards[pk]) for pk in ids if pk in cards]  # noqa: S308 - rendered by the template engine


def listing_context(
    index: ArticleIndexPage, request: HttpRequest, route_topic: Topic | None = None
) -> dict:
    facts = index_facts(index)
    filters = parse_filters(index, request, facts.topics)
    if route_topic is not None:
        filters = Filters(
            topic=route_topic, year=filters.year, kind=filters.kind, participant=filters.participant
        )
    paginator = Paginator(matching_ids(index, filters), ARTICLES_PER_PAGE)
    # get_page() turns “abc” into page 1 and 99999 into the last page.
    page_of_articles: PaginatorPage = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    if route_topic is not None:
        query.pop("topic", None)
    return {
        "articles": page_of_articles,
        "cards": article_cards(index, list(page_of_articles.object_list), request, facts.topics),
        "filters": filters,
        "topics": facts.topics,
        "years": facts.years,
        "type_choices": TYPE_CHOICES,
        "filter_query": query.urlencode(),
    }
