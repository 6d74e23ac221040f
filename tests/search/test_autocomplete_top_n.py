"""Autocomplete is a top-N query: the database ranks and cuts, whatever the matches."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from search.views import AUTOCOMPLETE_RESULTS
from tests.search.conftest import standard_page

pytestmark = pytest.mark.django_db

# The search index: wagtailsearch_indexentry, or SQLite's FTS5 table of index entries.
INDEX_TABLE = re.compile(r"index_?entr", re.IGNORECASE)
LIMIT = re.compile(rf"\bLIMIT {AUTOCOMPLETE_RESULTS}\b", re.IGNORECASE)


def seed(parent, first: int, last: int) -> None:
    for n in range(first, last):
        standard_page(parent, f"Alliance meeting {n}", f"Roma families and housing, part {n}.")


def suggest(client: Client) -> tuple[list[str], list[str]]:
    url = "/en/search/autocomplete/?q=allian"
    client.get(url)  # anything computed once per process is out of the way
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, response.content
    return [row["title"] for row in response.json()["results"]], [q["sql"] for q in queries]


def test_autocomplete_limits_in_the_database_at_any_size(client: Client, home_en):
    seed(home_en, 0, 3)
    few, few_sql = suggest(client)
    seed(home_en, 3, 20)
    many, many_sql = suggest(client)

    assert len(few) == 3
    assert len(many) == AUTOCOMPLETE_RESULTS
    assert len(few_sql) == len(many_sql), "\n".join([*few_sql, "----", *many_sql])
    index_reads = [sql for sql in many_sql if INDEX_TABLE.search(sql)]
    assert index_reads, "\n".join(many_sql)
    # Ranked and cut by the database (ORDER BY rank LIMIT 8): only the pages shown are
    # read, one query per page type.
    assert all(LIMIT.search(sql) for sql in index_reads)
