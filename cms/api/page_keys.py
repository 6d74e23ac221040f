"""The keys walk of a page listing on Wagtail's page table alone (issue #23).

A listing of one page type (``/api/v2/pages/?type=articles.ArticlePage``) is a query on
that type's table joined to ``wagtailcore_page``, where its conditions live (``live``, the
site's trees, the view restrictions, the locale) and its order (``path``). Walked to a deep
offset and counted up to the window (cms/api/paging.py), that join reads, for every
skipped entry, its page row and its article row: 21,679 shared buffers for the request at
offset 9,000 of 50,000 articles against 582 at 1,000 (``python -m bench.scale.buffers``);
769 this way (docs/operations.md#scale).

When every condition and ordering column of the listing is on the page table, the same
rows are the pages whose content type is the listing's type or one of its subclasses
(Wagtail's own ``PageQuerySet.type``: each page's ``content_type`` is its most specific
class, whose table rows exist from the page table down). The walk and the count then read
``wagtailcore_page`` alone, and the index of migration cms.0016 (live pages in path order,
with the columns those conditions and the item cache read) answers them without a heap
or a second table: an index-only scan however deep the offset. Any other listing (a
condition on the type's own columns, a subquery, a join to another table, ``pk IN``) is
walked as before.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db.models import QuerySet
from django.db.models.expressions import Col, Value
from django.db.models.lookups import Lookup
from django.db.models.sql.datastructures import BaseTable, Join
from django.db.models.sql.where import AND, WhereNode
from wagtail.models import Page

PAGE_TABLE = Page._meta.db_table


def _nodes(node: Any) -> Iterator[Any]:
    """Every node of a WHERE tree: its nodes, lookups and their expressions."""
    yield node
    children = node.children if isinstance(node, WhereNode) else node.get_source_expressions()
    for child in children:
        if child is not None:
            yield from _nodes(child) if hasattr(child, "get_source_expressions") else [child]


def _page_alias(queryset: QuerySet) -> str | None:
    """The alias of the page table when the query joins only its model's parent tables
    (the multi-table inheritance links, inner joins), else None."""
    query = queryset.query
    parents = {parent._meta.db_table for parent in queryset.model._meta.get_parent_list()}
    found = None
    for alias, table in query.alias_map.items():
        if isinstance(table, BaseTable) or not query.alias_refcount.get(alias):
            continue  # the base table, or a join a filter trimmed (not in the SQL)
        if not isinstance(table, Join) or table.table_name not in parents:
            return None
        if table.join_type != "INNER JOIN" or table.filtered_relation is not None:
            return None
        if table.table_name == PAGE_TABLE:
            found = alias
    return found


def _on_page_table(queryset: QuerySet, alias: str) -> bool:
    """Whether every condition reads only columns of the page table (plain lookups on
    columns and literal values: no subquery, raw SQL, transform or other table)."""
    for node in _nodes(queryset.query.where):
        if isinstance(node, Lookup):
            values = node.rhs if isinstance(node.rhs, (list, tuple, set)) else ()
            if any(hasattr(value, "as_sql") for value in values):
                return False  # an expression inside ``__in=[...]``
        elif isinstance(node, Col):
            if node.alias != alias:
                return False
        elif not isinstance(node, (WhereNode, Value)):
            return False
    return True


def _page_field(queryset: QuerySet, name: str) -> bool:
    """Whether ``name`` is the id or a column the type inherits from the page table."""
    if name == "pk":
        return True
    if "__" in name:
        return False
    try:
        field = queryset.model._meta.get_field(name)
    except FieldDoesNotExist:
        return False
    return bool(getattr(field, "concrete", False)) and field.model is Page


def _ordering(queryset: QuerySet) -> list[str] | None:
    query = queryset.query
    order = list(query.order_by)
    if not order and query.default_ordering:
        order = list(queryset.model._meta.ordering)
    if not all(isinstance(term, str) and term != "?" for term in order):
        return None
    return order


def page_keys(queryset: QuerySet, columns: Sequence[str] = ()) -> QuerySet:
    """``queryset``'s rows, in its order, as a query on the page table alone when its
    conditions, order and ``columns`` (what the walk reads besides the id) are all on
    that table; ``queryset`` itself otherwise."""
    model = queryset.model
    if not issubclass(model, Page) or model is Page or model._meta.proxy:
        return queryset
    query = queryset.query
    if (
        query.combinator
        or query.distinct
        or query.group_by is not None
        or query.annotations
        or query.extra
        or query.extra_tables
        or query.extra_order_by
        or query.select_for_update
        or query.is_sliced
    ):
        return queryset
    alias = _page_alias(queryset)
    order = _ordering(queryset)
    if alias is None or order is None:
        return queryset
    names = [term.lstrip("-") for term in order] + list(columns)
    if not all(_page_field(queryset, name) for name in names):
        return queryset
    if not _on_page_table(queryset, alias):
        return queryset
    keys = Page.objects.type(model)  # the type and its subclasses, by content type
    if keys.query.get_initial_alias() != alias:
        return queryset
    # The listing's own conditions, whose columns are this query's base table.
    keys.query.where.add(query.where.clone(), AND)
    return keys.order_by(*order)
