"""Searching pages: the rules shared by the search page, the autocomplete and the API.

Only live, public pages of one locale are searched; the query is reduced to words before
it reaches any backend, so punctuation, SQL or template syntax is just text; one query
matches and ranks, and gives the count and the facets (no second full-text match).
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass, field
from functools import cache, partial

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ObjectDoesNotExist
from django.core.validators import slug_unicode_re
from django.db import connection
from django.db.models import Q, QuerySet
from django.db.models.expressions import RawSQL
from django.db.models.query import ModelIterable
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from modelsearch.utils import get_descendants_content_types_pks
from wagtail.models import Locale, Page, PageQuerySet
from wagtail.search.backends import get_search_backend

from search import lookups  # noqa: F401 - registers __in_array
from search.ranking import MATCH_IDS, RankedResults, ranked

MAX_QUERY_LENGTH = 200
MAX_TERMS = 12
WORD = re.compile(r"\w+")

# Words that name a kind of content, unaccented: a query using one ranks pages of that
# kind first, keeping the backend's order within each group ("Lithuania seminar" is the
# seminar report before the Lithuanian cities' profiles, on either database; "Veldhoven
# news" the news item before the city's profile). News are articles (seminar reports
# included) and the news list itself, so "news" alone still finds the list first.
NEWS_WORDS = frozenset({"news", "actualite", "actualites"})
KIND_WORDS: dict[str, frozenset[str]] = {
    "articles.seminarreportpage": frozenset({"seminar", "seminars", "seminaire", "seminaires"}),
    "articles.articlepage": NEWS_WORDS,
    "articles.articleindexpage": NEWS_WORDS,
}

# Page types a visitor can narrow to, in the order the facet lists them.
FACET_PAGE_TYPES = (
    "articles.articlepage",
    "articles.seminarreportpage",
    "articles.localnewspage",  # a member authority's own news (#20)
    "participants.participantpage",
    "home.standardpage",
)


def normalise_query(raw: str) -> str:
    """The words of a query, at most MAX_TERMS of them: what every backend receives."""
    return " ".join(WORD.findall(raw[:MAX_QUERY_LENGTH])[:MAX_TERMS])


def searchable_pages(locale: Locale) -> PageQuerySet:
    """Live pages of one locale that anonymous visitors may read."""
    return Page.objects.live().public().filter(locale=locale)


def backend_for(locale: Locale):
    """The configured backend, querying in the locale's language when it can."""
    backend = get_search_backend()
    for_language = getattr(backend, "for_language", None)
    return for_language(locale.language_code) if for_language else backend


def optional_model(label: str):
    """A model of an app that may not be installed or migrated yet."""
    try:
        return apps.get_model(label)
    except LookupError:
        return None


@dataclass
class FacetChoice:
    value: str
    label: str
    count: int
    selected: bool = False
    url: str = ""


@dataclass
class Facet:
    name: str
    label: str
    choices: list[FacetChoice] = field(default_factory=list)


@dataclass
class Filters:
    """The facet values a visitor selected, already validated."""

    content_type: ContentType | None = None
    topic: object | None = None
    country: str | None = None
    errors: list[str] = field(default_factory=list)
    invalid: list[str] = field(default_factory=list)

    @classmethod
    def from_params(cls, params, locale: Locale) -> Filters:
        """Reads type, topic and country; unknown values are dropped with a message."""
        filters = cls()
        type_label = params.get("type", "").strip().lower()
        if type_label:
            model = optional_model(type_label) if type_label in FACET_PAGE_TYPES else None
            if model is None:
                filters.errors.append(_("Unknown content type; showing every type."))
                filters.invalid.append("type")
            else:
                filters.content_type = ContentType.objects.get_for_model(model)
        topic_value = params.get("topic", "").strip()
        if topic_value:
            filters.topic = topic_for(topic_value, locale)
            if filters.topic is None:
                filters.errors.append(_("Unknown topic; showing every topic."))
                filters.invalid.append("topic")
        country = params.get("country", "").strip().upper()
        if country:
            if country in dict(countries):
                filters.country = country
            else:
                filters.errors.append(_("Unknown country; showing every country."))
                filters.invalid.append("country")
        return filters

    def apply(self, pages: PageQuerySet) -> PageQuerySet:
        if self.content_type is not None:
            pages = pages.filter(content_type=self.content_type)
        if self.topic is not None:
            pages = pages.filter(pk__in=pages_with_topic(self.topic))
        if self.country is not None:
            ids = Q()
            for model in country_models():
                ids |= Q(pk__in=model.objects.filter(country=self.country).values("pk"))
            pages = pages.filter(ids)
        return pages

    def as_params(self) -> dict[str, str]:
        params = {}
        if self.content_type is not None:
            params["type"] = f"{self.content_type.app_label}.{self.content_type.model}"
        if self.topic is not None:
            params["topic"] = self.topic.slug
        if self.country is not None:
            params["country"] = self.country
        return params


def country_models() -> list:
    """Page types with a country: participant profiles and seminar reports."""
    labels = ("participants.ParticipantPage", "articles.SeminarReportPage")
    return [model for label in labels if (model := optional_model(label)) is not None]


def topic_model():
    return optional_model("articles.Topic")


def topic_for(value: str, locale: Locale):
    """The live topic of the locale with this slug, or None. A value that cannot be a
    slug is None without a query: a NUL character in it made PostgreSQL refuse the
    statement (a 500 for ``?topic=%00``), where an unknown topic is explained."""
    model = topic_model()
    if model is None or not slug_unicode_re.fullmatch(value):
        return None
    return model.objects.filter(slug=value, locale=locale, live=True).first()


def pages_with_topic(topic) -> QuerySet:
    """Ids of the articles with a topic. Topic links are synchronised between
    translations, so a French article may link the English topic: match by translation."""
    link = optional_model("articles.ArticleTopic")
    return link.objects.filter(topic__translation_key=topic.translation_key).values("page_id")


def unaccented(word: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))


def sort_key(name: str) -> str:
    """A name as visitors sort it: case and accents aside ("Éducation" before "Emploi")."""
    return unaccented(name).casefold()


def title_words(query: str) -> list[str]:
    """The words whose presence in a title ranks a page first, on every database backend
    (search/backend.py, search/backend_sqlite.py): the query's words, less those naming
    a kind when others remain ("Veldhoven news" ranks by "Veldhoven" in titles, by
    kind for "news")."""
    words = query.split()
    kind_words = frozenset().union(*KIND_WORDS.values())
    others = [word for word in words if unaccented(word.lower()) not in kind_words]
    return others or words


def named_kinds(query: str) -> set[int]:
    """Content type ids of the kinds of page the query names (``KIND_WORDS``)."""
    words = {unaccented(word) for word in WORD.findall(query.lower())}
    named: set[int] = set()
    for label, kind_words in KIND_WORDS.items():
        if words & kind_words:
            model = optional_model(label)
            if model is not None:
                named.update(get_descendants_content_types_pks(model))
    return named


def specific_pages(rows: list[tuple[int, int]]) -> list[Page]:
    """The specific pages of (id, content type id) rows, in their order: one query per page
    type (the ids come from a search that already applied every filter)."""
    found = {}
    grouped: dict[int, list[int]] = defaultdict(list)
    for pk, content_type_id in rows:
        grouped[content_type_id].append(pk)
    for content_type_id, ids in grouped.items():
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        if model is None or not issubclass(model, Page):
            model = Page  # a page type whose code is gone: shown as a plain page
        found.update((page.pk, page) for page in model._default_manager.filter(pk__in=ids))
    return [found[pk] for pk, _content_type_id in rows if pk in found]


@cache
def specific_links() -> dict[type[Page], tuple[str, ...]]:
    """Each page type and the chain of its parent links from ``Page`` ("articlepage",
    "seminarreportpage" for a seminar report): what ``select_related`` follows to read
    a page's own fields in the same query as the page."""
    links: dict[type[Page], tuple[str, ...]] = {}
    for model in apps.get_models():
        if not issubclass(model, Page) or model is Page:
            continue
        chain: list[str] = []
        current = model
        while current is not Page:
            parent = next(base for base in current._meta.parents if issubclass(base, Page))
            chain.insert(0, current._meta.parents[parent].related_query_name())
            current = parent
        links[model] = tuple(chain)
    return links


def specific_of(page: Page) -> Page:
    """The specific page of a page read with ``read_specific``'s joins, without a query;
    the page itself if its type's code is gone."""
    model = ContentType.objects.get_for_id(page.content_type_id).model_class()
    specific = page
    for name in specific_links().get(model, ()):
        try:
            specific = getattr(specific, name)
        except ObjectDoesNotExist:  # a row missing from a page type's table
            return page
    return specific


def read_specific(queryset: QuerySet, content_types: Collection[int] | None = None) -> list[Page]:
    """A slice of ranked pages with their own fields, in one query: the tables of the
    page types among the matches joined (``LEFT JOIN``; every page type's when they are
    not known), where ``specific()`` read the pages, then each type's rows again."""
    links = specific_links()
    if content_types is None:
        models = links.keys()
    else:
        models = [ContentType.objects.get_for_id(pk).model_class() for pk in content_types]
    joins = sorted({"__".join(links[model]) for model in models if model in links})
    rows = queryset.select_related(*joins)
    rows._iterable_class = ModelIterable  # the pages as read; specific_of, no query each
    return [specific_of(page) for page in rows]


@dataclass
class SearchOutcome:
    query: str
    results: object  # RankedResults, or a search cluster's results: sliceable, countable
    # The same results when the backend is the database: they count the facets in SQL.
    ranked: RankedResults | None
    operator: str


def search_pages(query: str, locale: Locale, filters: Filters | None = None) -> SearchOutcome:
    """Every term must match; if nothing does, any term may (ranked by relevance)."""
    pages = searchable_pages(locale).specific()
    if filters is not None:
        pages = filters.apply(pages)
    backend = backend_for(locale)
    operator = "and"
    results = backend.search(query, pages, operator=operator)
    parts = partial(facet_parts, locale)
    found = ranked(results, specific_pages, parts, read_specific)
    if len(query.split()) > 1 and not (found if found is not None else results).count():
        operator = "or"
        results = backend.search(query, pages, operator=operator)
        found = ranked(results, specific_pages, parts, read_specific)
    if found is None:
        return SearchOutcome(query, results, None, operator)
    found.put_first(named_kinds(query))
    return SearchOutcome(query, found, found, operator)


@cache
def facet_sql() -> dict[str, str]:
    """The statements of the facet counts, over the match (``MATCH_IDS``): topics named
    in a locale, topics by translation key only, and each page type with a country.
    Plain SQL, written once: as ORM querysets they cost a millisecond a search to build,
    and the names of a locale's topics a second query."""
    quote = connection.ops.quote_name
    statements: dict[str, str] = {}
    link, topic = optional_model("articles.ArticleTopic"), topic_model()
    if link is not None and topic is not None:
        links, topics, pk = quote(link._meta.db_table), quote(topic._meta.db_table), quote("id")
        page = quote(link._meta.get_field("page").column)
        linked = quote(link._meta.get_field("topic").column)
        key, locale = quote("translation_key"), quote(topic._meta.get_field("locale").column)
        slug, name, live = quote("slug"), quote("name"), quote("live")
        # Topic links are synchronised between translations (a French article may link
        # the English topic): counted by translation key, named by the locale's topic.
        statements["named topics"] = f"""
            SELECT 'topic', CAST(t.{key} AS TEXT), t.{slug}, t.{name}, COUNT(DISTINCT l.{page})
            FROM {links} l JOIN {topics} lt ON lt.{pk} = l.{linked}
            JOIN {topics} t ON t.{key} = lt.{key} AND t.{locale} = %s AND t.{live}
            WHERE l.{page} IN ({MATCH_IDS}) GROUP BY t.{key}, t.{slug}, t.{name}
        """  # noqa: S608 - names from the models
        statements["topics"] = f"""
            SELECT 'topic', CAST(lt.{key} AS TEXT), NULL, NULL, COUNT(DISTINCT l.{page})
            FROM {links} l JOIN {topics} lt ON lt.{pk} = l.{linked}
            WHERE l.{page} IN ({MATCH_IDS}) GROUP BY lt.{key}
        """  # noqa: S608 - names from the models
    for model in country_models():
        table, pk = quote(model._meta.db_table), quote(model._meta.pk.column)
        statements[model._meta.label_lower] = f"""
            SELECT 'country', CAST(c.country AS TEXT), NULL, NULL, COUNT(*) FROM {table} c
            WHERE c.{pk} IN ({MATCH_IDS}) AND c.country <> '' GROUP BY c.country
        """  # noqa: S608 - names from the models
    return statements


def facet_parts(locale: Locale | None, match_ids: RawSQL) -> list[tuple[str, list]]:
    """Counts of the matching pages per topic (by translation key) and per country, for
    ``ranking.summarise`` (``match_ids`` is its ``MATCH_IDS``, which the statements
    name); given a locale, with the slug and name of its live topics (topics without one
    in the locale are not counted), so that the facet needs no second query."""
    statements = facet_sql()
    parts: list[tuple[str, list]] = []
    if locale is not None and "named topics" in statements:
        parts.append((statements["named topics"], [locale.pk]))
    elif "topics" in statements:
        parts.append((statements["topics"], []))
    parts.extend(
        (sql, []) for name, sql in statements.items() if name not in ("topics", "named topics")
    )
    return parts


def facets(outcome: SearchOutcome, locale: Locale, filters: Filters) -> list[Facet]:
    """Counts per content type, topic and country over the matching pages."""
    if outcome.ranked is None:
        return []
    summary = outcome.ranked.summary()
    found = []
    type_facet = Facet("type", _("Content type"))
    wanted = {
        ContentType.objects.get_for_model(model).pk: (label, model)
        for label in FACET_PAGE_TYPES
        if (model := optional_model(label)) is not None
    }
    for content_type_id, (label, model) in wanted.items():
        if summary.types.get(content_type_id):
            type_facet.choices.append(
                FacetChoice(
                    label,
                    str(model._meta.verbose_name_plural).capitalize(),
                    summary.types[content_type_id],
                    filters.content_type is not None and filters.content_type.pk == content_type_id,
                )
            )
    found.append(type_facet)

    topic_counts, country_counts = summary.topics, summary.countries
    topic = topic_model()
    if topic is not None:
        topic_facet = Facet("topic", _("Topic"))
        if summary.topic_names:  # read with the counts
            named = [(key, *summary.topic_names[key]) for key in topic_counts]
        elif topic_counts:
            rows = topic.objects.filter(
                locale=locale, live=True, translation_key__in=list(topic_counts)
            )
            named = [(row.translation_key, row.slug, row.name) for row in rows]
        else:
            named = []
        selected = filters.topic.translation_key if filters.topic is not None else None
        for key, slug, name in sorted(
            named, key=lambda row: (-topic_counts[row[0]], sort_key(row[2]))
        ):
            topic_facet.choices.append(FacetChoice(slug, name, topic_counts[key], key == selected))
        found.append(topic_facet)

    if country_models():
        country_facet = Facet("country", _("Country"))
        names = dict(countries)
        for code in sorted(country_counts, key=lambda code: str(names.get(code, code))):
            country_facet.choices.append(
                FacetChoice(
                    code,
                    str(names.get(code, code)),
                    country_counts[code],
                    filters.country == code,
                )
            )
        found.append(country_facet)
    return [facet for facet in found if facet.choices]
