"""API v3 ``?search=`` counts its matches in SQL: the cost does not grow with them."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.search.conftest import standard_page

pytestmark = pytest.mark.django_db

# The search index: wagtailsearch_indexentry, or SQLite's FTS5 table of index entries.
INDEX_TABLE = re.compile(r"index_?entr", re.IGNORECASE)


def seed(parent, first: int, last: int) -> None:
    for n in range(first, last):
        standard_page(parent, f"Housing report {n}", f"Roma families and housing, part {n}.")


def search(client: Client) -> tuple[dict, list[str]]:
    url = "/api/v3/pages/?search=housing&limit=2"
    client.get(url)  # anything computed once per process is out of the way
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, response.content
    return response.json(), [query["sql"] for query in queries]


def test_search_count_is_an_sql_count_whatever_the_number_of_matches(client: Client, home_en):
    seed(home_en, 0, 3)
    few, few_sql = search(client)
    seed(home_en, 3, 25)
    many, many_sql = search(client)

    assert few["count"] == 3
    assert many["count"] == 25
    assert len(few["items"]) == len(many["items"]) == 2
    assert len(few_sql) == len(many_sql), "\n".join([*few_sql, "----", *many_sql])
    # The count is a COUNT, and the matches are read one page at a time, never whole.
    assert any("COUNT(" in sql.upper() for sql in many_sql)
    index_reads = [sql for sql in many_sql if INDEX_TABLE.search(sql)]
    assert index_reads, "\n".join(many_sql)
    assert all("COUNT(" in sql.upper() or "LIMIT" in sql.upper() for sql in index_reads)
