"""API v3 ``?search=`` ranks, cuts and counts in the database among a bounded number of
matches, as API v2 and the search page (#23, search/ranking.py): past
``SEARCH_MATCHES_RANKED`` the count is the bound with ``count_exact`` false, the number
of statements does not change with the number of matches, and on PostgreSQL no
statement reads more rows of the match than the bound, through indexes."""

from __future__ import annotations

import json
import re

import pytest
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

from tests.articles.factories import ArticleIndexPageFactory, TopicFactory
from tests.search.test_result_size import seed
from tests.shared_data import clear_caches

pytestmark = pytest.mark.django_db

INDEX_TABLE = re.compile(r"index_?entr", re.IGNORECASE)


def search(client: Client, url: str) -> tuple[dict, list[str]]:
    client.get(url)  # anything computed once per process is out of the way
    clear_caches()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, response.content
    return response.json(), [query["sql"] for query in queries]


@override_settings(SEARCH_MATCHES_RANKED=3)
def test_the_count_stops_at_the_bound_and_says_so(client: Client, home_en):
    news = ArticleIndexPageFactory(parent=home_en)
    seed(news, TopicFactory(name="Housing", slug="housing"), 0, 5)  # 5 "housing" articles
    found, _sql = search(client, "/api/v3/pages/?search=housing&limit=2")
    assert (found["count"], found["count_exact"]) == (3, False)
    assert len(found["items"]) == 2
    assert all("Housing report" in item["title"] for item in found["items"])
    # Paging stops with the candidates: the third is the last one reachable.
    rest, _sql = search(client, "/api/v3/pages/?search=housing&limit=2&offset=2")
    assert len(rest["items"]) == 1
    assert {item["id"] for item in rest["items"]}.isdisjoint(i["id"] for i in found["items"])
    with override_settings(SEARCH_MATCHES_RANKED=5):  # at the bound: exact
        exact, _sql = search(client, "/api/v3/pages/?search=housing&limit=2")
        assert (exact["count"], exact["count_exact"]) == (5, True)


def test_a_search_that_matches_nothing_or_no_word_is_an_empty_exact_page(client: Client, home_en):
    for url in ("/api/v3/pages/?search=zzzqqq", "/api/v3/pages/?search=%22%27"):
        found, _sql = search(client, url)
        assert (found["count"], found["count_exact"], found["items"]) == (0, True, [])
    assert client.get("/api/v3/pages/?search=housing&cursor=abc").status_code == 400


@override_settings(SEARCH_MATCHES_RANKED=10)
def test_the_statements_are_the_same_with_4_or_30_matches(client: Client, home_en):
    news = ArticleIndexPageFactory(parent=home_en)
    topic = TopicFactory(name="Housing", slug="housing")
    seed(news, topic, 0, 4)
    few, few_sql = search(client, "/api/v3/pages/?search=housing&limit=2")
    seed(news, topic, 4, 30)
    many, many_sql = search(client, "/api/v3/pages/?search=housing&limit=2")
    assert (few["count"], few["count_exact"]) == (4, True)
    assert (many["count"], many["count_exact"]) == (10, False)
    assert len(few_sql) == len(many_sql), "\n".join([*few_sql, "----", *many_sql])
    # Every read of the index is cut by the database (the candidates' LIMIT 11, counted
    # and ranked in one statement): none brings every match back.
    index_reads = [sql for sql in many_sql if INDEX_TABLE.search(sql)]
    assert index_reads, "\n".join(many_sql)
    assert all("LIMIT" in sql.upper() for sql in index_reads), "\n".join(index_reads)


def plan_nodes(node: dict):
    yield node
    for child in node.get("Plans", ()):
        yield from plan_nodes(child)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's query plans")
@override_settings(SEARCH_MATCHES_RANKED=3)
def test_the_statements_read_no_more_than_the_bound_through_indexes(client: Client, home_en):
    """EXPLAIN ANALYZE of each statement of a v3 search that reads the index, sequential
    scans and sorts discouraged (can an index serve it?): the index entries are read through an
    index, and whatever reaches a sort or an aggregate came through a Limit of the bound
    (+1 for the count, which must know whether there are more)."""
    news = ArticleIndexPageFactory(parent=home_en)
    seed(news, TopicFactory(name="Housing", slug="housing"), 0, 8)
    _found, statements = search(client, "/api/v3/pages/?search=housing&limit=2")
    index_reads = [sql for sql in statements if INDEX_TABLE.search(sql)]
    # One statement counts and ranks the candidates (#23: the page's ids were a second
    # one, walking the matches again and joining them back to the pages and entries).
    assert len(index_reads) == 1, "\n".join(statements)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
        cursor.execute("SET LOCAL enable_seqscan = off")
        # Sorts discouraged too, as every plan test asks (tests/plans.py): on a few rows,
        # with earlier tests' dead rows in the tables, the planner may rightly hash-join
        # every match and sort them (seen in a full run), which says nothing about whether
        # an index can serve the bounded read.
        cursor.execute("SET LOCAL enable_sort = off")
        for sql in index_reads:
            cursor.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) {sql}")
            raw = cursor.fetchone()[0]
            plan = (raw if isinstance(raw, list) else json.loads(raw))[0]["Plan"]
            nodes = list(plan_nodes(plan))
            entries = [n for n in nodes if n.get("Relation Name") == "wagtailsearch_indexentry"]
            assert entries, plan
            assert all(n["Node Type"] != "Seq Scan" for n in entries), plan
            assert len(entries) == 1, plan  # one walk of the matches
            limits = [n for n in nodes if n["Node Type"] == "Limit"]
            assert limits and all(n["Actual Rows"] <= 4 for n in limits), plan
            for node in nodes:
                if node["Node Type"] in ("Sort", "Aggregate", "HashAggregate"):
                    assert all(c["Actual Rows"] * c["Actual Loops"] <= 4 for c in node["Plans"]), (
                        plan
                    )
