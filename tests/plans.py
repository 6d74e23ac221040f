"""PostgreSQL's plan for a query, read with sequential scans and sorts discouraged (#23).

On a test database of a few rows the planner would rightly scan (or read another index and
sort, depending on when autovacuum last analysed the tables: a clean-clone CI run did), so
the plan tests ask whether an index *can* serve a query's filter and order at all, which is
what breaks when a query or an index changes. One helper, so every plan test asks it alike."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import connection
from django.db.models import QuerySet


def plan(query: QuerySet | str, params: Sequence | None = None) -> str:
    """The text of ``EXPLAIN`` for a queryset, or for SQL as run (from captured queries,
    already interpolated unless ``params`` are given). Settings are ``SET LOCAL``: they
    end with the test's transaction."""
    if isinstance(query, QuerySet):
        sql, params = query.query.sql_with_params()
    else:
        sql = query
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # as autovacuum may have, so that every run plans alike
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_sort = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())
