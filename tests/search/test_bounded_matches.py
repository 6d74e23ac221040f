"""A word on every page is ranked and counted among a bounded number of matches (#23):
the ``SEARCH_MATCHES_RANKED`` most recent ones. Past that bound the count is the bound
and says so ("3+ results"; API v2's ``total_count_exact`` false), and the database's
ranking reads no more rows than the bound."""

from __future__ import annotations

import json
from functools import partial

import pytest
from django.db import connection
from django.test import Client, override_settings
from wagtail.models import Locale

from search.engine import facet_parts, search_pages
from search.ranking import summary_sql
from tests.articles.factories import ArticleIndexPageFactory, TopicFactory
from tests.search.test_result_size import seed
from tests.shared_data import clear_caches

pytestmark = pytest.mark.django_db


@override_settings(SEARCH_MATCHES_RANKED=3)
def test_counting_stops_at_the_bound_and_says_so(client: Client, home_en):
    news = ArticleIndexPageFactory(parent=home_en)
    seed(news, TopicFactory(name="Housing", slug="housing"), 0, 5)  # 5 "housing" articles
    clear_caches()
    page = client.get("/en/search/?q=housing")
    assert b"3+ results" in page.content
    assert b"5 results" not in page.content
    api = client.get("/api/v2/pages/?search=housing&locale=en").json()["meta"]
    assert (api["total_count"], api["total_count_exact"]) == (3, False)
    with override_settings(SEARCH_MATCHES_RANKED=5):  # at the bound: exact
        clear_caches()
        api = client.get("/api/v2/pages/?search=housing&locale=en").json()["meta"]
        assert (api["total_count"], api["total_count_exact"]) == (5, True)
        assert b"5 results" in client.get("/en/search/?q=housing").content


def plan_nodes(node: dict):
    yield node
    for child in node.get("Plans", ()):
        yield from plan_nodes(child)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's query plans")
@override_settings(SEARCH_MATCHES_RANKED=3)
def test_the_ranking_reads_no_more_rows_than_the_bound(home_en):
    """EXPLAIN ANALYZE of the statement that counts and ranks (search.ranking.summary_sql):
    ``ts_rank`` is computed only for rows that came through a Limit of the bound (+1 for
    the count), the index entries are read by one walk of the matches (the page of
    results joined the pages and their entries back to the candidates: 3 times the walk's
    buffers at 50,000 articles), and the ranking's sort sees the bound's rows; a word on
    50,000 pages ranks 1,000 of them."""
    news = ArticleIndexPageFactory(parent=home_en)
    seed(news, TopicFactory(name="Housing", slug="housing"), 0, 8)
    locale = Locale.objects.get(language_code="en")
    results = search_pages("housing", locale).results
    sql, params = summary_sql(results.matches, partial(facet_parts, locale), 3)
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, VERBOSE, FORMAT JSON) {sql}", params)
        raw = cursor.fetchone()[0]
    plan = (raw if isinstance(raw, list) else json.loads(raw))[0]["Plan"]
    nodes = list(plan_nodes(plan))
    cte = [node for node in nodes if node.get("Subplan Name") == "CTE alliance_match"]
    assert len(cte) == 1 and cte[0]["Node Type"] == "Limit", plan
    assert cte[0]["Actual Rows"] <= 4, plan
    entries = [node for node in nodes if node.get("Relation Name") == "wagtailsearch_indexentry"]
    assert len(entries) == 1, plan  # one walk of the matches
    ranking = [node for node in nodes if "ts_rank" in json.dumps(node.get("Output", ""))]
    assert ranking, plan
    assert all(node["Actual Rows"] * node["Actual Loops"] <= 4 for node in ranking), plan
    ordered = [node for node in nodes if "alliance_order" in json.dumps(node.get("Sort Key", ""))]
    assert ordered, plan
    for sort in ordered:
        assert all(child["Actual Rows"] * child["Actual Loops"] <= 3 for child in sort["Plans"]), (
            plan
        )


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's autocomplete")
@override_settings(SEARCH_AUTOCOMPLETE_RECENT=3)
def test_autocomplete_reads_a_window_of_the_most_recent_pages(client: Client, home_en):
    """A prefix of every title suggests among the most recent pages only: the cost is the
    window's (search.backend.recent_autocomplete), not the number of matches."""
    news = ArticleIndexPageFactory(parent=home_en)
    seed(news, TopicFactory(name="Housing", slug="housing"), 0, 5)
    clear_caches()
    titles = [
        row["title"] for row in client.get("/en/search/autocomplete/?q=hous").json()["results"]
    ]
    # The window holds the 3 most recent pages: the news index is not among them.
    assert sorted(titles) == ["Housing report 2", "Housing report 3", "Housing report 4"]
