"""Ranked search results that stay in the database: ranked and cut there, counted there.

The database backends' matches are a queryset ordered by relevance. A page of results is
that queryset with ``LIMIT``/``OFFSET`` (the pages shown read with their own fields in
the same statement, or one query per page type); the count and the facet counts come
from one more query over the match, in SQL (``summary``). Nothing here loads every
match: the first version read every matching id into Python (50,000 at 50,000 pages for
a common word) to count them, group them and send them back as one array for the facets
(issue #23).

A word on every page still made the database rank and count every match (50,000 at 50,000
pages). Both are bounded: the candidates are the ``SEARCH_MATCHES_RANKED`` most recent
matches (page ids, newest first: an index order, so the database stops there), ranked
among themselves; the count and the facets are counted over the same candidates, exact
up to that bound, then that bound with ``exact`` false (shown as "1,000+"). Below the
bound (every search of a site with fewer matches) nothing changes.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connections
from django.db.models import Case, QuerySet, Value, When
from django.db.models.expressions import RawSQL

Rows = list[tuple[int, int]]  # (id, content type id), best first
# The matching pages as a common table expression: (id, content_type_id).
MATCH = "alliance_match"
MATCH_IDS = f"SELECT id FROM {MATCH}"  # noqa: S608 (a constant)
# How many matches are ranked, counted and faceted at most (the most recent ones).
MATCHES_RANKED = 1000


def matches_ranked() -> int:
    return int(getattr(settings, "SEARCH_MATCHES_RANKED", MATCHES_RANKED))


def candidates(queryset: QuerySet, limit: int) -> QuerySet:
    """The ``limit`` most recent matches of a search (highest page ids first): the
    database walks the pages' primary key or stops its sort at ``limit`` rows, instead of
    ranking every match."""
    return queryset.order_by("-pk")[:limit]


@dataclass
class Summary:
    """What a search found, counted in SQL: the total and the facets' counts."""

    total: int = 0
    types: dict[int, int] = field(default_factory=dict)  # content type id: pages
    topics: dict[uuid.UUID, int] = field(default_factory=dict)  # translation key: pages
    # Translation key: (slug, name) of the topic in the language searched, when the
    # facet parts read them with the counts (``search.engine.facet_parts``).
    topic_names: dict[uuid.UUID, tuple[str, str]] = field(default_factory=dict)
    countries: dict[str, int] = field(default_factory=dict)  # ISO code: pages
    # False when more pages match than are counted: the total is then the bound, and
    # every facet count a lower bound.
    exact: bool = True


# Given the matching ids as a subquery (``MATCH_IDS``), the statements that count topics
# and countries: each yields (kind, value, slug, name, count) rows, kind "topic" or
# "country"; slug and name are a topic's in the language searched, or NULL. Querysets,
# or (SQL, parameters).
FacetParts = Callable[[RawSQL], list["QuerySet | tuple[str, list]"]]
# Reads the pages of a slice of the ranked queryset, in its order, in one query, given
# the content types among the matches when they are counted already (None: not yet);
# without it a slice is read as (id, content type id) rows, then handed to ``fetch``.
Read = Callable[[QuerySet, "Collection[int] | None"], list]


def summarise(queryset: QuerySet, facet_parts: FacetParts, bound: int) -> Summary:
    """Total, pages per content type, per topic and per country in one statement: the
    match is a common table expression read by each count (PostgreSQL materialises it
    once), and only the counts come back. At most ``bound`` + 1 matches are read: past
    ``bound`` the summary is of the ``bound`` most recent ones, and not ``exact``."""
    match = candidates(queryset, bound + 1).values_list("pk", "content_type_id")
    match_sql, params = match.query.get_compiler(using=match.db).as_sql()
    parts = [
        f"SELECT 'type', CAST(content_type_id AS TEXT), NULL, NULL, COUNT(*) FROM {MATCH}"  # noqa: S608
        " GROUP BY content_type_id"
    ]
    params = list(params)
    for part in facet_parts(RawSQL(MATCH_IDS, ())):  # noqa: S611 (a constant)
        if isinstance(part, tuple):
            sql, part_params = part
        else:
            sql, part_params = part.query.get_compiler(using=match.db).as_sql()
        parts.append(sql)
        params.extend(part_params)
    sql = f"WITH {MATCH}(id, content_type_id) AS ({match_sql}) " + " UNION ALL ".join(parts)
    summary = Summary()
    with connections[match.db].cursor() as cursor:
        cursor.execute(sql, params)
        for kind, value, slug, name, count in cursor.fetchall():
            if kind == "type":
                summary.types[int(value)] = count
                summary.total += count
            elif kind == "topic":
                key = uuid.UUID(str(value))
                summary.topics[key] = summary.topics.get(key, 0) + count
                if name is not None:
                    summary.topic_names[key] = (slug, name)
            else:
                summary.countries[value] = summary.countries.get(value, 0) + count
    if summary.total > bound:
        summary.exact = False
        summary.total = bound
    return summary


class RankedResults:
    """Search results ranked by the database: a slice reads only the rows it shows
    (``ORDER BY rank LIMIT``) among the bounded candidates, the count is the summary's
    (SQL counts), computed once."""

    def __init__(
        self,
        queryset: QuerySet,
        fetch: Callable[[Rows], list],
        facet_parts: FacetParts,
        read: Read | None = None,
    ):
        self.bound = matches_ranked()
        self.matches = queryset
        self.queryset = queryset.filter(pk__in=candidates(queryset, self.bound).values("pk"))
        self.fetch = fetch
        self.read = read
        self.facet_parts = facet_parts
        self._summary: Summary | None = None

    def summary(self) -> Summary:
        if self._summary is None:
            self._summary = summarise(self.matches, self.facet_parts, self.bound)
        return self._summary

    def count(self) -> int:
        return self.summary().total

    @property
    def exact(self) -> bool:
        """False when more pages match than are counted (``count()`` is the bound)."""
        return self.summary().exact

    def __len__(self) -> int:
        return self.count()

    def rows(self, key: slice) -> Rows:
        return list(self.queryset.values_list("pk", "content_type_id")[key])

    def __getitem__(self, key: int | slice):
        if not isinstance(key, slice):
            return self[key : key + 1][0]
        if self.read is not None:
            types = self._summary.types.keys() if self._summary is not None else None
            return self.read(self.queryset[key], types)
        return self.fetch(self.rows(key))

    def __iter__(self) -> Iterator:
        return iter(self[:])

    def put_first(self, content_type_ids: set[int]) -> None:
        """Pages of these types before the rest, each group in the backend's order."""
        if not content_type_ids:
            return
        first = Case(When(content_type_id__in=content_type_ids, then=Value(0)), default=Value(1))
        self.queryset = self.queryset.order_by(first, *self.queryset.query.order_by)


def ranked(
    results, fetch: Callable[[Rows], list], facet_parts: FacetParts, read: Read | None = None
) -> RankedResults | None:
    """The database backends' results as RankedResults; None for a search cluster, whose
    results are ranked and counted by the cluster."""
    get_queryset = getattr(results, "get_queryset", None)
    if get_queryset is None:
        return None
    return RankedResults(get_queryset(), fetch, facet_parts, read)
