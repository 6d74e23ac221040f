"""The news index and topic pages: filtering, pagination and each card's markup.

Kept out of the page model so that the index page and the topic pages build their
cards with the same constant number of queries (articles/queries.py). Below the page
types: ArticleIndexPage (articles/models.py) builds its context with this module, which
reads the articles through the index page it is given (``index.articles()``,
``index.matching_articles()``, ``index.articles_by_pk()``), never by importing them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.db import connections
from django.db.models import Exists, OuterRef, QuerySet
from django.db.models.expressions import RawSQL
from django.db.models.functions import Substr
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.formats import number_format
from django.utils.functional import cached_property
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from wagtail.models import Page, Site

from articles.credits import attach_authorities
from articles.facts import IndexFacts, fresh, index_facts
from articles.queries import attach_display_topics, with_card_data
from articles.topics import Topic
from cms.caching.fragments import cached_fragments
from participants.models import ParticipantPage, participant_statistics

if TYPE_CHECKING:
    from articles.models import ArticleIndexPage, ArticlePage

T = TypeVar("T")
ARTICLES_PER_PAGE = 12
# Counting stops past this many matches ("1,000+ items"), unless the page asked for lies
# further (LISTING_COUNT_MAX); paging stops past MAX_REACH items (the API's offset window).
COUNT_MAX = 1000
MAX_REACH = 10_000
CARD_TEMPLATE = "articles/includes/article_card.html"
TYPE_CHOICES = {"article": _("News articles"), "report": _("Seminar reports")}


@dataclass(frozen=True)
class Filters:
    topic: Topic | None
    year: int | None
    kind: str
    unknown_topic: bool = False
    # A participant's profile id (``?participant=``): the articles that name it, in any
    # of its translations, and its own local news, as the profile's "All N news items"
    # link asks.
    participant: int | None = None
    # A country code (``?country=NL``): the local news of its authorities and the
    # articles that name one of them.
    country: str = ""

    @property
    def active(self) -> bool:
        return bool(
            self.topic
            or self.year
            or self.kind
            or self.unknown_topic
            or self.participant
            or self.country
        )

    @property
    def country_name(self) -> str:
        return str(countries.name(self.country)) if self.country else ""


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
        topic=topic,
        year=year,
        kind=kind,
        unknown_topic=unknown_topic,
        participant=participant,
        country=parse_country(request.GET.get("country", "")),
    )


def parse_country(raw: str) -> str:
    """An ISO 3166 code that django-countries knows ("nl" reads as "NL"); anything
    else is ignored, as the other filters' values that make no sense."""
    code = raw.strip().upper()
    return code if len(code) == 2 and code.isalpha() and code in countries else ""


def _parent_path() -> Substr:
    """The path of the outer query's article's parent page: for local news, the
    profile of the authority that wrote it (one probe of the unique path index)."""
    return Substr(OuterRef("path"), 1, (OuterRef("depth") - 1) * Page.steplen)


def apply_filters(
    articles: QuerySet[ArticlePage], filters: Filters, report_model: type[Page]
) -> QuerySet[ArticlePage]:
    """The articles that match the filters; ``report_model`` is the page type of
    seminar reports (the "type" filter)."""
    if filters.unknown_topic:
        return articles.none()
    # Exists rather than a join and DISTINCT: the newest matches are then read through
    # the date index and the count is a plain COUNT (DISTINCT compared every column).
    if filters.topic is not None:
        links = _links(articles, "topic_links").filter(
            topic__translation_key=filters.topic.translation_key
        )
        articles = articles.filter(Exists(links))
    if filters.year is not None:
        articles = articles.filter(publication_date__year=filters.year)
    if filters.participant is not None:
        # By translation key, in the same query: the profile of any language.
        profile = Page.objects.filter(pk=filters.participant).values("translation_key")
        links = _links(articles, "participant_links").filter(
            participant__translation_key__in=profile
        )
        # Its local news sits under the profile of the same language.
        contributed = Page.objects.filter(path=_parent_path(), translation_key__in=profile)
        articles = articles.filter(Exists(links) | Exists(contributed))
    if filters.country:
        links = _links(articles, "participant_links").filter(participant__country=filters.country)
        contributed = ParticipantPage.objects.filter(path=_parent_path(), country=filters.country)
        articles = articles.filter(Exists(links) | Exists(contributed))
    if filters.kind:
        report_type = ContentType.objects.get_for_model(report_model)
        if filters.kind == "report":
            articles = articles.filter(content_type=report_type)
        else:
            articles = articles.exclude(content_type=report_type)
    return articles


def _links(articles: QuerySet[ArticlePage], name: str) -> QuerySet:
    """The rows of an article's inline links (``topic_links``, ``participant_links``)
    that belong to the outer query's article."""
    model = articles.model._meta.get_field(name).related_model
    return model.objects.filter(page=OuterRef("pk"))


def listing_fragment(index: ArticleIndexPage, filters: Filters) -> tuple[str, tuple[object, ...]]:
    """The number of articles matching one choice of filters (with a page number as a
    last part: the ids of that page)."""
    topic_key = filters.topic.translation_key if filters.topic is not None else ""
    return "news-listing", (
        index.pk,
        topic_key,
        filters.year or "",
        filters.kind,
        filters.unknown_topic,
        filters.participant or "",
        filters.country,
    )


NO_FILTERS = Filters(topic=None, year=None, kind="")


@dataclass(frozen=True)
class Listing:
    """A count or a slice of the ids matching one choice of filters, until the
    soonest expiry in the index (an expired article leaves every list at once)."""

    ids: list[int]
    count: int
    expires: float | None


def count_max() -> int:
    return int(getattr(settings, "LISTING_COUNT_MAX", COUNT_MAX))


def bounded_count(queryset: QuerySet, bound: int, along: tuple[str, ...] = ()) -> tuple[int, bool]:
    """How many rows ``queryset`` has, counted up to ``bound`` (one COUNT over at most
    ``bound`` + 1 rows: the database stops there), and whether that is all of them:
    past the bound, (bound, False), shown as "1,000+". ``along`` orders the rows read
    when that makes the database read them through an index on a range (a year's dates)."""
    found = queryset.order_by(*along)[: bound + 1].count()
    return (found, True) if found <= bound else (bound, False)


def _count_sql(queryset: QuerySet, bound: int, along: tuple[str, ...] = ()) -> tuple[str, tuple]:
    """SQL counting ``queryset``'s rows up to ``bound`` + 1 (``along`` as in
    ``bounded_count``), to be sent as a statement's part or subquery."""
    query = queryset.order_by(*along).values("pk")[: bound + 1].query
    sql, params = query.get_compiler(using=queryset.db).as_sql()
    return f"SELECT COUNT(*) FROM ({sql}) AS counted", tuple(params)  # noqa: S608 (Django's SQL)


def bounded_count_of_parts(parts: list[QuerySet], bound: int) -> tuple[int, bool]:
    """``bounded_count`` of rows that are in exactly one of ``parts`` (disjoint
    querysets), in one statement: each part counted up to ``bound`` + 1 rows, then added.
    A condition ``A OR B`` made PostgreSQL misjudge how many rows match and hash every
    page before stopping (90 ms at 50,000 articles); each part alone is read through an
    index and stops at the bound."""
    counts, params = [], []
    for part in parts:
        sql, part_params = _count_sql(part, bound)
        counts.append(f"({sql})")
        params.extend(part_params)
    with connections[parts[0].db].cursor() as cursor:
        cursor.execute("SELECT " + " + ".join(counts), params)
        found = cursor.fetchone()[0]
    return (found, True) if found <= bound else (bound, False)


def requested_first(request: HttpRequest) -> int | None:
    """Where the page asked for starts, as ``get_page()`` will read it; None when it
    cannot tell before counting (a number past MAX_REACH shows the last page)."""
    raw = request.GET.get("page", "").strip() or "1"
    if not (raw.isascii() and raw.isdigit()):
        return 0  # get_page() shows the first page
    page = int(raw) if len(raw) <= 6 else MAX_REACH
    first = (max(page, 1) - 1) * ARTICLES_PER_PAGE
    return first if first < MAX_REACH else None


def requested_reach(request: HttpRequest) -> int:
    """How many articles the page asked for needs (its last one's rank), at most
    MAX_REACH: counting goes that far, so that "Older" leads on past the count's bound."""
    raw = request.GET.get("page", "").strip()
    if not (raw.isascii() and raw.isdigit()):
        return ARTICLES_PER_PAGE  # get_page() shows the first page
    # A page past the end shows the last one: count as far as paging goes.
    page = int(raw) if len(raw) <= 6 else MAX_REACH
    return min(max(page, 1) * ARTICLES_PER_PAGE, MAX_REACH)


class MatchingIds:
    """The ids of the articles matching one choice of filters, newest first, as the
    paginator asks for them: the count (one COUNT of at most ``bound`` + 1 rows, kept per
    publish) and one page's slice (LIMIT/OFFSET, read through ``articles_newest_first``
    and stopping after the page: issue #23). Listing every match's id cost a row per
    article per request, and counting them all a COUNT over every match (70-180 ms at
    50,000 articles with the caches off). Past the bound the count is one more than the
    bound, so that the paginator offers the next page, and ``exact`` is false."""

    def __init__(
        self,
        index: ArticleIndexPage,
        filters: Filters,
        facts: IndexFacts,
        reach: int = 0,
        first: int | None = None,
    ) -> None:
        """``first``: where the page the visitor asked for starts, when known, so that a
        count not kept yet is read with that page's ids in one statement."""
        self.index, self.filters, self.expires = index, filters, facts.expires
        self.name, self.parts = listing_fragment(index, filters)
        self.bound = max(count_max(), reach)
        self.first = first
        self._read_with_count: list[int] | None = None

    def _matching(self) -> QuerySet[ArticlePage]:
        return self.index.matching_articles(self.filters)

    def _bounded(self) -> tuple[int, bool]:
        # A year's news read along the date index (``articles_newest_first``): only
        # that year's rows. Unordered, PostgreSQL walked both primary keys across
        # every year (30,793 buffers for 2020 at 50,000 articles, issue #23); other
        # filters stop sooner unordered (a topic: 9,461 buffers against 92,080).
        along = ("-publication_date",) if self.filters.year is not None else ()
        matching = self._matching()
        if self.first is None or matching.query.is_empty():
            return bounded_count(matching, self.bound, along)
        # The count rides on the asked-for page's ids, a subquery the database runs once;
        # only a page past the end (no rows) needs the count on its own.
        total = RawSQL(*_count_sql(matching, self.bound, along))  # noqa: S611 (Django's SQL)
        window = slice(self.first, self.first + ARTICLES_PER_PAGE)
        rows = list(matching.annotate(total=total).values_list("pk", "total")[window])
        if not rows:
            return bounded_count(matching, self.bound, along)
        self._read_with_count = [pk for pk, _total in rows]
        found = rows[0][1]
        return (found, True) if found <= self.bound else (self.bound, False)

    @cached_property
    def _counted(self) -> tuple[int, bool]:
        def compute() -> Listing:
            found, exact = self._bounded()
            return Listing(ids=[], count=found if exact else found + 1, expires=self.expires)

        count = fresh(self.name, (*self.parts, self.bound), compute).count
        return count, count <= self.bound

    def count(self) -> int:
        return self._counted[0]

    @property
    def exact(self) -> bool:
        return self._counted[1]

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, window: slice) -> list[int]:
        def compute() -> Listing:
            start = window.start or 0
            if self._read_with_count is not None and start == self.first:
                # The paginator ends the last page at the count: the same rows, fewer.
                ids = self._read_with_count[: window.stop - start]
            else:
                ids = list(self._matching().values_list("pk", flat=True)[window])
            return Listing(ids=ids, count=len(ids), expires=self.expires)

        parts = (*self.parts, window.start or 0, window.stop)
        return fresh(self.name, parts, compute).ids


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
        attach_authorities(articles)
        return {
            article.pk: render_to_string(CARD_TEMPLATE, {"article": article}, request=request)
            for article in articles
        }

    cards = cached_fragments("news-card", (site.pk if site else "-", get_language()), ids, render)
    return [mark_safe(cards[pk]) for pk in ids if pk in cards]  # noqa: S308 - rendered by the template engine


class BoundedPaginator(Paginator):
    """A paginator over MatchingIds that says whether its count is exact: past the
    bound the template shows "1,000+ items" and "Page 1 of 84+"."""

    @property
    def count_exact(self) -> bool:
        return self.object_list.exact

    @property
    def count_shown(self) -> str:
        """The count as a visitor reads it ("1,000", "1 000" in French); the bound
        when counting stopped there."""
        shown = self.count if self.count_exact else self.count - 1
        return number_format(shown, force_grouping=True)


def listing_context(
    index: ArticleIndexPage, request: HttpRequest, route_topic: Topic | None = None
) -> dict:
    facts = index_facts(index)
    filters = parse_filters(index, request, facts.topics)
    if route_topic is not None:
        filters = Filters(
            topic=route_topic,
            year=filters.year,
            kind=filters.kind,
            participant=filters.participant,
            country=filters.country,
        )
    paginator = BoundedPaginator(
        MatchingIds(index, filters, facts, requested_reach(request), requested_first(request)),
        ARTICLES_PER_PAGE,
    )
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
        # The countries of the Alliance's authorities, as the participants index counts
        # them (kept per publish): "News from the Netherlands" covers its authorities'
        # own local news and the articles that name one of them.
        "countries": participant_statistics(index.locale_id).per_country,
        "filter_query": query.urlencode(),
    }
