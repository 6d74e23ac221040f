"""Searching pages: the rules shared by the search page, the autocomplete and the API.

Only live, public pages of one locale are searched; the query is reduced to words before
it reaches any backend, so punctuation, SQL or template syntax is just text; facets are
counted from one fetch of the matching pages' ids (no second full-text match).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale, Page, PageQuerySet
from wagtail.search.backends import get_search_backend

from search import lookups  # noqa: F401 - registers __in_array

MAX_QUERY_LENGTH = 200
MAX_TERMS = 12
WORD = re.compile(r"\w+")

# Page types a visitor can narrow to, in the order the facet lists them.
FACET_PAGE_TYPES = (
    "articles.articlepage",
    "articles.seminarreportpage",
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
            from django_countries import countries

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
    """The live topic of the locale with this slug, or None."""
    model = topic_model()
    if model is None:
        return None
    return model.objects.filter(slug=value, locale=locale, live=True).first()


def pages_with_topic(topic) -> QuerySet:
    """Ids of the articles with a topic. Topic links are synchronised between
    translations, so a French article may link the English topic: match by translation."""
    link = optional_model("articles.ArticleTopic")
    return link.objects.filter(topic__translation_key=topic.translation_key).values("page_id")


@dataclass
class SearchOutcome:
    query: str
    results: object  # modelsearch results: sliceable, countable, lazily evaluated
    # (id, content type id) of every matching page when the backend is the database;
    # fetched once, it gives the count and every facet without matching again.
    matching: list[tuple[int, int]] | None
    operator: str


def search_pages(query: str, locale: Locale, filters: Filters | None = None) -> SearchOutcome:
    """Every term must match; if nothing does, any term may (ranked by relevance)."""
    pages = searchable_pages(locale).specific()
    if filters is not None:
        pages = filters.apply(pages)
    backend = backend_for(locale)
    results = backend.search(query, pages, operator="and")
    operator = "and"
    matching = matching_ids(results)
    if len(query.split()) > 1 and (matching == [] or (matching is None and not results.count())):
        results = backend.search(query, pages, operator="or")
        operator = "or"
        matching = matching_ids(results)
    return SearchOutcome(query, results, matching, operator)


def matching_ids(results) -> list[tuple[int, int]] | None:
    """(id, content type id) of all matching pages, when the backend is the database."""
    get_queryset = getattr(results, "get_queryset", None)
    if get_queryset is None:
        return None
    rows = list(get_queryset().order_by().values_list("pk", "content_type_id"))
    # Paginating asks for the count: it is known now, so spare the database a second match.
    results._count_cache = len(rows)
    return rows


def facets(outcome: SearchOutcome, locale: Locale, filters: Filters) -> list[Facet]:
    """Counts per content type, topic and country over the matching pages."""
    if outcome.matching is None:
        return []
    found = []
    type_facet = Facet("type", _("Content type"))
    wanted = {
        ContentType.objects.get_for_model(model).pk: (label, model)
        for label in FACET_PAGE_TYPES
        if (model := optional_model(label)) is not None
    }
    counts = Counter(content_type_id for _pk, content_type_id in outcome.matching)
    ids = [pk for pk, _content_type_id in outcome.matching]
    for content_type_id, (label, model) in wanted.items():
        if counts.get(content_type_id):
            type_facet.choices.append(
                FacetChoice(
                    label,
                    str(model._meta.verbose_name_plural).capitalize(),
                    counts[content_type_id],
                    filters.content_type is not None and filters.content_type.pk == content_type_id,
                )
            )
    found.append(type_facet)

    topic = topic_model()
    link = optional_model("articles.ArticleTopic")
    if topic is not None and link is not None:
        topic_facet = Facet("topic", _("Topic"))
        counts = dict(
            link.objects.filter(page_id__in_array=ids)
            .order_by()
            .values_list("topic__translation_key")
            .annotate(n=Count("page_id", distinct=True))
        )
        if counts:
            topics = topic.objects.filter(
                locale=locale, live=True, translation_key__in=list(counts)
            ).order_by("name")
            for row in sorted(topics, key=lambda row: -counts[row.translation_key]):
                topic_facet.choices.append(
                    FacetChoice(
                        row.slug,
                        row.name,
                        counts[row.translation_key],
                        filters.topic is not None and filters.topic.pk == row.pk,
                    )
                )
        found.append(topic_facet)

    if models := country_models():
        from django_countries import countries

        country_facet = Facet("country", _("Country"))
        counts: dict[str, int] = {}
        for model in models:  # one query per model with a country: two
            rows = (
                model.objects.filter(pk__in_array=ids)
                .exclude(country="")
                .order_by()
                .values_list("country")
                .annotate(n=Count("pk"))
            )
            for code, n in rows:
                counts[code] = counts.get(code, 0) + n
        names = dict(countries)
        for code in sorted(counts, key=lambda code: str(names.get(code, code))):
            country_facet.choices.append(
                FacetChoice(code, str(names.get(code, code)), counts[code], filters.country == code)
            )
        found.append(country_facet)
    return [facet for facet in found if facet.choices]
