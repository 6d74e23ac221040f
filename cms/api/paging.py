"""Paging of API listings at a cost that does not grow with the amount of content.

Shared by both APIs (cms/api/v2/paging.py, cms/api/v3/paging.py). Four rules:

- **Stable order.** Every listing is ordered with the id as the last key, so an item is
  never shown twice or skipped between two pages of a listing because of a tie (two
  pages published in the same second, ``?order=-first_published_at``: the database was
  free to return them in either order on each request).
- **Keys first, rows second.** The page of a listing is found by reading only its ordering
  columns and ids (an index walk, however deep the offset), then the rows of those ids
  are read with their joins and prefetches: a deep offset no longer reads every skipped
  row in full. Both happen in one statement (:func:`read_page`): the walk is a subquery
  (``pk IN (SELECT … ORDER BY … LIMIT … OFFSET …)``) of the read, and the count, when it
  is not kept, a scalar subquery of it (one round trip instead of three, issue #19).
  A listing of one page type whose conditions and order are all on Wagtail's page table
  is walked and counted on that table alone, through one index (cms/api/page_keys.py).
  Offsets stop at :func:`offset_window` (10,000 by default, as search engines do); past
  it, the answer is a 400 that points to the cursor.
- **Cursors.** When the order is the id, or one indexed column then the id, each
  response carries a cursor to the next page: the last row's ordering values, signed
  (never trusted from the client). ``?cursor=`` continues from there with a seek
  (``WHERE (column, id) > (value, id)``), as cheap for the millionth item as for the
  first, and stable while content is published during the walk.
- **Bounded counts.** ``total_count`` is exact up to the offset window and reported as
  the window past it (``total_count_exact: false``): counting stops there. For
  anonymous consumers it is kept under the content generation (cms.caching.fragments),
  so it is counted once per publish.
"""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.exceptions import EmptyResultSet, FieldDoesNotExist, ValidationError
from django.db import connection
from django.db.models import Model, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.utils.translation import gettext as _

from cms.api.page_keys import page_keys
from cms.caching import deps
from cms.caching.fragments import cached_fragment, fragment_cache_seconds
from cms.core.sites import public_url

CURSOR_SALT = "cms.api.paging.cursor"
# Parameters that change which rows a listing holds; all others (these) do not.
NOT_FILTERS = frozenset(["offset", "limit", "cursor", "fields", "order", "rich_text_format"])


def offset_window() -> int:
    """How far offsets reach and how far counts are exact (``API_OFFSET_WINDOW``)."""
    return int(getattr(settings, "API_OFFSET_WINDOW", 10_000))


class PagingError(Exception):
    """A bad ``offset`` or ``cursor``: a 400 in either API, the message names the
    parameter and is in the client's language."""


@dataclass(frozen=True)
class Order:
    """A seekable order: ``column`` (None: the id alone) then the id, one direction."""

    column: str | None
    descending: bool

    @property
    def name(self) -> str:
        sign = "-" if self.descending else ""
        return ",".join(f"{sign}{name}" for name in self.columns)

    @property
    def columns(self) -> tuple[str, ...]:
        return ("pk",) if self.column is None else (self.column, "pk")


def _is_pk(model: type[Model], name: str) -> bool:
    return name in ("pk", "id", model._meta.pk.name)


def _unique(model: type[Model], name: str) -> bool:
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return False
    return bool(getattr(field, "unique", False)) and "__" not in name


def _indexed(model: type[Model], name: str) -> bool:
    """Whether a seek on ``name`` can use an index: its own, or one it leads."""
    if "__" in name:
        return False
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return False
    if not getattr(field, "concrete", False) or field.is_relation:
        return False
    if field.db_index or field.unique or field.primary_key:
        return True
    owner = field.model._meta
    return any(index.fields and index.fields[0].lstrip("-") == name for index in owner.indexes)


def stable_order(queryset: QuerySet) -> tuple[QuerySet, Order | None]:
    """``queryset`` with the id as its last ordering key, and its seekable order (None
    when the order is random, an expression, several columns or an unindexed one)."""
    model = queryset.model
    order = list(queryset.query.order_by)
    if not order and queryset.query.default_ordering:
        order = list(model._meta.ordering)  # what the database would be asked for
    if not all(isinstance(term, str) for term in order) or "?" in order:
        return queryset, None
    if not order:
        return queryset.order_by("pk"), Order(None, False)
    names = [term.lstrip("-") for term in order]
    descending = [term.startswith("-") for term in order]
    if not _is_pk(model, names[-1]):
        # A unique column has no ties: the id is a key of the cursor only, never sorted
        # on (PostgreSQL would sort each run of equal paths by id after the index walk).
        if not _unique(model, names[-1]):
            queryset = queryset.order_by(*order, "-pk" if descending[0] else "pk")
        names.append("pk")
        descending.append(descending[0])
    if len(names) > 2 or len(set(descending)) > 1:
        return queryset, None
    if len(names) == 1:
        return queryset, Order(None, descending[0])
    if not _indexed(model, names[0]):
        return queryset, None
    return queryset, Order(names[0], descending[0])


def _plain(value: Any) -> Any:
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    return value


def encode_cursor(order: Order, row: Sequence[Any]) -> str:
    """The opaque, signed cursor after ``row`` (its values of ``order.columns``)."""
    values = [_plain(value) for value in row[: len(order.columns)]]
    return signing.Signer(salt=CURSOR_SALT).sign_object(
        {"o": order.name, "v": values}, compress=True
    )


def _cursor_values(raw: str, order: Order, model: type[Model]) -> list[Any]:
    try:
        data = signing.Signer(salt=CURSOR_SALT).unsign_object(raw)
    except (signing.BadSignature, ValueError) as error:
        raise PagingError(
            _("cursor: not a cursor this API gave (it is malformed or was altered)")
        ) from error
    if not isinstance(data, dict) or data.get("o") != order.name:
        made_for = data.get("o") if isinstance(data, dict) else None
        raise PagingError(
            _(
                "cursor: it continues a listing ordered by %(cursor)s, this one is ordered "
                "by %(order)s; keep the order of the first request, or start again without "
                "a cursor"
            )
            % {"cursor": made_for, "order": order.name}
        )
    values = data.get("v")
    if not isinstance(values, list) or len(values) != len(order.columns):
        raise PagingError(_("cursor: not a cursor this API gave (it is malformed or was altered)"))
    try:
        parsed = [
            model._meta.pk.to_python(value)
            if name == "pk"
            else model._meta.get_field(name).to_python(value)
            for name, value in zip(order.columns, values, strict=True)
        ]
    except (ValidationError, TypeError, ValueError) as error:
        raise PagingError(
            _("cursor: not a cursor this API gave (it is malformed or was altered)")
        ) from error
    return parsed


def _after(order: Order, values: list[Any]) -> Q:
    """The rows after ``values`` in ``order``. NULLs sort where the database puts them
    (last ascending on PostgreSQL, first on SQLite), so the seek does the same."""
    later = "lt" if order.descending else "gt"
    *head, last_id = values
    after_id = Q(**{f"pk__{later}": last_id})
    if order.column is None:
        return after_id
    column = order.column
    value = head[0]
    nulls_after = connection.features.nulls_order_largest != order.descending
    if value is None:
        tail = Q(**{f"{column}__isnull": True}) & after_id
        return tail if nulls_after else tail | Q(**{f"{column}__isnull": False})
    seek = Q(**{f"{column}__{later}": value}) | (Q(**{column: value}) & after_id)
    return seek | Q(**{f"{column}__isnull": True}) if nulls_after else seek


def _counted(queryset: QuerySet) -> QuerySet:
    """The rows a bounded count reads: no more than the window and one (on the page
    table alone when the listing allows it: cms/api/page_keys.py)."""
    return page_keys(queryset).order_by().values("pk")[: offset_window() + 1]


def _bounded(found: int) -> tuple[int, bool]:
    window = offset_window()
    return min(found, window), found <= window


def bounded_count(queryset: QuerySet, cache_parts: tuple[object, ...] | None) -> tuple[int, bool]:
    """(count, exact): exact up to the offset window, the window past it. Kept under the
    content generation when ``cache_parts`` names everything the rows depend on."""

    def count() -> int:
        return _counted(queryset).count()

    found = count() if cache_parts is None else cached_fragment("api-count", cache_parts, count)
    return _bounded(found)


def _kept_count(cache_parts: tuple[object, ...] | None) -> bool:
    """Whether the count is read from (and kept in) the shared cache, rather than
    counted in the statement that reads the page."""
    return cache_parts is not None and fragment_cache_seconds() > 0


# The name of the annotation that carries the bounded count on each row of a page.
COUNT_COLUMN = "api_listing_count"


def _count_subquery(queryset: QuerySet) -> RawSQL:
    """``(SELECT COUNT(*) FROM (<the bounded rows>))``: uncorrelated, so the database
    evaluates it once per statement (PostgreSQL's InitPlan, SQLite's cached subquery),
    however many rows carry it."""
    sql, params = _counted(queryset).query.sql_with_params()
    # The SQL is Django's own, compiled from the queryset; values stay parameters.
    return RawSQL(f"SELECT COUNT(*) FROM ({sql}) AS api_counted", params)  # noqa: S608, S611


def filter_key(path: str, host: str, query: Mapping[str, Iterable[str]]) -> str:
    """A digest of what decides a listing's rows: its endpoint, host and filters."""
    items = sorted(
        (name, value)
        for name, values in query.items()
        if name not in NOT_FILTERS
        for value in values
    )
    return hashlib.sha256(repr((path, host, items)).encode()).hexdigest()[:32]


@dataclass
class Window:
    """One page of a listing: its ids in order, each one's ``extra`` columns, the count
    and the cursor to the next page (None at the end, or when the order has none)."""

    rows: list[tuple[Any, ...]]
    ids: list[Any]
    total: int
    exact: bool
    next_cursor: str | None


def next_url(request: Any, cursor: str | None) -> str | None:
    """This request's address on the public origin, at ``cursor`` instead of its offset
    (v2's ``meta.next``, v3's ``next``)."""
    if cursor is None:
        return None
    query = request.GET.copy()
    query.pop("offset", None)
    query["cursor"] = cursor
    return public_url(f"{request.path}?{query.urlencode()}")


def check_offset(offset: int, cursor: str | None) -> None:
    if cursor and offset:
        raise PagingError(_("cursor: cannot be combined with offset; send one or the other"))
    window = offset_window()
    if offset >= window:
        raise PagingError(
            _(
                "offset: must be below %(window)d; to go further, follow the next link "
                "each page gives (it carries a cursor)"
            )
            % {"window": window}
        )


def window(
    queryset: QuerySet,
    *,
    offset: int,
    limit: int,
    cursor: str | None,
    cache_parts: tuple[object, ...] | None,
    extra: Sequence[str] = (),
) -> tuple[QuerySet, Window]:
    """The page at ``offset`` (or after ``cursor``) of ``queryset``, read by keys; and
    the queryset, stably ordered, whose rows of ``Window.ids`` are the page's items."""
    check_offset(offset, cursor)
    queryset, order = stable_order(queryset)
    total, exact = bounded_count(queryset, cache_parts)
    seeked = _seek(page_keys(queryset, extra), order, cursor)
    columns = order.columns if order is not None else ("pk",)
    rows = list(seeked.values_list(*columns, *extra)[offset : offset + limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    next_cursor = encode_cursor(order, rows[-1]) if more and rows and order else None
    ids = [row[len(columns) - 1] for row in rows]
    return queryset, Window([row[len(columns) :] for row in rows], ids, total, exact, next_cursor)


def _seek(queryset: QuerySet, order, cursor: str | None) -> QuerySet:
    """The rows after ``cursor`` in ``order`` (all of them without a cursor)."""
    if not cursor:
        return queryset
    if order is None:
        raise PagingError(
            _(
                "cursor: not available for this order; order by the id or by one "
                "indexed field such as -first_published_at, or page with offset"
            )
        )
    return queryset.filter(_after(order, _cursor_values(cursor, order, queryset.model)))


def read_page(
    queryset: QuerySet,
    *,
    offset: int,
    limit: int,
    cursor: str | None,
    cache_parts: tuple[object, ...] | None,
) -> tuple[list[Model], Window]:
    """The objects of the page at ``offset`` (or after ``cursor``) of ``queryset``, with
    their joins and prefetches, and its window, in one statement (plus the prefetches):

    ``SELECT <rows>, (SELECT COUNT(*) FROM (<rows> LIMIT window + 1)) FROM <rows>
    WHERE pk IN (SELECT pk FROM <rows> ORDER BY <order> LIMIT limit + 1 OFFSET offset)
    ORDER BY <order>``

    The subquery of ids is the keys-first walk of :func:`window` (its ordering columns
    and ids only, through the order's index, however deep the offset); the outer query
    reads only the rows it names. One row more than the page tells whether a next page
    exists. The count is read from the shared cache when it is kept there; a page that
    comes back empty past the start counts separately (nothing carried it)."""
    check_offset(offset, cursor)
    queryset, order = stable_order(queryset)
    seeked = _seek(page_keys(queryset), order, cursor)
    kept = _kept_count(cache_parts)
    counted: tuple[int, bool] | None = bounded_count(queryset, cache_parts) if kept else None
    ids = seeked.values("pk")[offset : offset + limit + 1]
    rows = queryset.filter(pk__in=ids)
    if counted is None:
        if cache_parts is not None:
            deps.record_fragment("api-count", cache_parts)  # what the response depends on
        try:
            count = _count_subquery(queryset)
        except EmptyResultSet:  # a condition that no row can meet (``pk IN ()``)
            return [], Window([], [], 0, True, None)
        rows = rows.annotate(**{COUNT_COLUMN: count})
    fetched = list(rows)
    more = len(fetched) > limit
    objects = fetched[:limit]
    if counted is None:
        # The row past the page carries the count too: ``limit=0`` asks for the count only.
        if fetched:
            counted = _bounded(getattr(fetched[0], COUNT_COLUMN))
        elif offset or cursor:
            counted = bounded_count(queryset, None)
        else:
            counted = (0, True)
    next_cursor = None
    if more and objects and order is not None:
        last = objects[-1]
        next_cursor = encode_cursor(order, [getattr(last, name) for name in order.columns])
    found = Window([], [obj.pk for obj in objects], counted[0], counted[1], next_cursor)
    return objects, found
