"""Ranked search results that stay in the database: ranked, cut and counted there.

The database backends' matches are a queryset ordered by relevance. One statement
(``summarise``) walks them once and returns the count, the facet counts and the
(id, content type) of the ranked candidates, numbered in the search's order; a page of
results is a slice of those rows, its pages then read by id with their own fields (one
query). Nothing here loads every match: the first version read every matching id into
Python (50,000 at 50,000 pages for a common word) to count them, group them and send
them back as one array for the facets (issue #23).

A word on every page still made the database rank and count every match (50,000 at 50,000
pages). Both are bounded: the candidates are the ``SEARCH_MATCHES_RANKED`` most recent
matches (page ids, newest first: an index order, so the database stops there), ranked
among themselves; the count and the facets are counted over the same candidates, exact
up to that bound, then that bound with ``exact`` false (shown as "1,000+"). Below the
bound (every search of a site with fewer matches) nothing changes.

The page of results was then a statement of its own that walked the matches again and
joined the pages and their index entries back to the candidates to rank them: 10,068
buffers at 50,000 articles for 20 results of API v2, three times the walk. Ranking in
the statement that counts makes a search one walk of at most the bound's matches.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connections
from django.db.models import F, OrderBy, QuerySet
from django.db.models.expressions import RawSQL
from django.db.models.functions import Random

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
    # The candidates, (id, content type id), in the search's order: ranked in the same
    # statement as the counts.
    rows: Rows = field(default_factory=list)


# Given the matching ids as a subquery (``MATCH_IDS``), the statements that count topics
# and countries: each yields (kind, value, slug, name, count) rows, kind "topic" or
# "country"; slug and name are a topic's in the language searched, or NULL. Querysets,
# or (SQL, parameters).
FacetParts = Callable[[RawSQL], list["QuerySet | tuple[str, list]"]]
# Reads the pages of a slice of the candidates (the matches with those ids) in one query,
# given the content types among the matches (None: not known); without it a slice is
# read as (id, content type id) rows, then handed to ``fetch``.
Read = Callable[[QuerySet, "Collection[int] | None"], list]


def order_terms(queryset: QuerySet) -> list[tuple[str, object]]:
    """The search's order as (direction, expression) pairs: the backend's ranking
    (``ts_rank``, ``bm25()`` and the bonuses, then ``-pk``) or an API's ``?order=``.
    Direction is the SQL after the expression ("DESC", "ASC NULLS LAST", ...)."""
    terms: list[tuple[str, object]] = []
    for item in queryset.query.order_by:
        if item == "?":  # refused with a search by both APIs; random if it ever comes
            terms.append(("ASC", Random()))
            continue
        if isinstance(item, str):
            descending = item.startswith("-")
            terms.append(("DESC" if descending else "ASC", F(item.lstrip("-"))))
            continue
        if not isinstance(item, OrderBy):
            item = item.asc() if hasattr(item, "asc") else OrderBy(item)
        direction = "DESC" if item.descending else "ASC"
        if item.nulls_first:
            direction += " NULLS FIRST"
        elif item.nulls_last:
            direction += " NULLS LAST"
        terms.append((direction, item.expression))
    return terms


def summary_sql(queryset: QuerySet, facet_parts: FacetParts, bound: int) -> tuple[str, list]:
    """The statement of ``summarise``: its (SQL, parameters)."""
    terms = {f"alliance_order_{n}": term for n, term in enumerate(order_terms(queryset))}
    names = list(terms)
    annotated = queryset.annotate(**{name: term for name, (_, term) in terms.items()})
    match = candidates(annotated, bound + 1).values_list("pk", "content_type_id", *names)
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
    # The ``bound`` most recent candidates in the search's order, numbered: the pages
    # of results are slices of these rows, with no second walk of the matches.
    # Ties (an API's ``?order=`` of equal values) newest first, the same on every page.
    order = [f"{name} {direction}" for name, (direction, _) in terms.items()]
    parts.append(
        "SELECT 'row', CAST(id AS TEXT), CAST(content_type_id AS TEXT), NULL,"  # noqa: S608
        f" ROW_NUMBER() OVER (ORDER BY {', '.join([*order, 'id DESC'])}) FROM"
        f" (SELECT * FROM {MATCH} ORDER BY id DESC LIMIT %s) {MATCH}_ranked"
    )
    params.append(bound)
    columns = ", ".join(["id", "content_type_id", *names])
    sql = f"WITH {MATCH}({columns}) AS ({match_sql}) " + " UNION ALL ".join(parts)
    return sql, params


def summarise(queryset: QuerySet, facet_parts: FacetParts, bound: int) -> Summary:
    """Total, pages per content type, per topic and per country, and the candidates in
    the search's order, in one statement: the match is a common table expression read
    by each part (PostgreSQL materialises it once: one walk of the matches, each ranked
    once), and only the counts and the (id, content type) of the ``bound`` candidates
    come back. At most ``bound`` + 1 matches are read: past ``bound`` the summary is of
    the ``bound`` most recent ones, and not ``exact``."""
    sql, params = summary_sql(queryset, facet_parts, bound)
    summary = Summary()
    ranked_rows: list[tuple[int, int, int]] = []
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(sql, params)
        for kind, value, slug, name, count in cursor.fetchall():
            if kind == "type":
                summary.types[int(value)] = count
                summary.total += count
            elif kind == "row":
                ranked_rows.append((count, int(value), int(slug)))
            elif kind == "topic":
                key = uuid.UUID(str(value))
                summary.topics[key] = summary.topics.get(key, 0) + count
                if name is not None:
                    summary.topic_names[key] = (slug, name)
            else:
                summary.countries[value] = summary.countries.get(value, 0) + count
    summary.rows = [(pk, content_type_id) for _, pk, content_type_id in sorted(ranked_rows)]
    if summary.total > bound:
        summary.exact = False
        summary.total = bound
    return summary


class RankedResults:
    """Search results ranked by the database among the bounded candidates, in the
    statement that counts them (``summarise``): a slice is the pages of a slice of its
    rows (one query), the count is the summary's, computed once.

    The page of results was a second statement that walked the matches again and joined
    the pages and their index entries back to the candidates: 10,068 buffers at 50,000
    articles for 20 results, 3 times the walk itself (issue #23)."""

    def __init__(
        self,
        queryset: QuerySet,
        fetch: Callable[[Rows], list],
        facet_parts: FacetParts,
        read: Read | None = None,
    ):
        self.bound = matches_ranked()
        self.matches = queryset
        self.fetch = fetch
        self.read = read
        self.facet_parts = facet_parts
        self.first: set[int] = set()
        self._summary: Summary | None = None

    def summary(self) -> Summary:
        if self._summary is None:
            self._summary = summarise(self.matches, self.facet_parts, self.bound)
            self._put_first()
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
        return self.summary().rows[key]

    def __getitem__(self, key: int | slice):
        if not isinstance(key, slice):
            return self[key : key + 1][0]
        rows = self.rows(key)
        if not rows:
            return []
        if self.read is None:
            return self.fetch(rows)
        ids = [pk for pk, _content_type_id in rows]
        pages = self.read(self.matches.order_by().filter(pk__in=ids), self.summary().types)
        position = {pk: number for number, pk in enumerate(ids)}
        return sorted(pages, key=lambda page: position[page.pk])

    def __iter__(self) -> Iterator:
        return iter(self[:])

    def put_first(self, content_type_ids: set[int]) -> None:
        """Pages of these types before the rest, each group in the backend's order."""
        self.first = set(content_type_ids)
        if self._summary is not None:
            self._put_first()

    def _put_first(self) -> None:
        if self.first and self._summary is not None:
            # A stable sort: within each group, the database's order.
            self._summary.rows.sort(key=lambda row: row[1] not in self.first)


def ranked(
    results, fetch: Callable[[Rows], list], facet_parts: FacetParts, read: Read | None = None
) -> RankedResults | None:
    """The database backends' results as RankedResults; None for a search cluster, whose
    results are ranked and counted by the cluster."""
    get_queryset = getattr(results, "get_queryset", None)
    if get_queryset is None:
        return None
    return RankedResults(get_queryset(), fetch, facet_parts, read)
