"""A search costs the same with 20 or 80 matches (#23): the database ranks and cuts the
page shown (ORDER BY rank LIMIT), counts the matches and their facets in SQL, and no
statement brings every match back; on PostgreSQL the top-N query reads the GIN index."""

from __future__ import annotations

import re
from functools import partial

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from wagtail.models import Locale

from search.engine import facet_parts, search_pages
from search.ranking import summary_sql
from tests.articles.factories import ArticleIndexPageFactory, ArticlePageFactory, TopicFactory, tag
from tests.shared_data import clear_caches

pytestmark = pytest.mark.django_db

# The search index: wagtailsearch_indexentry, or SQLite's FTS5 table of index entries.
INDEX_TABLE = re.compile(r"index_?entr", re.IGNORECASE)
SEARCHES = ("/en/search/?q=housing", "/api/v2/pages/?search=housing&locale=en&limit=2")
# Statements reading the index per search: the summary (counts, facets and the ranked
# candidates in one walk of the matches), and for the search page the pages shown (#23:
# the API ranked in a second statement that walked the matches again).
INDEX_READS = dict(zip(SEARCHES, (2, 1), strict=True))


def seed(news, topic, first: int, last: int) -> None:
    for n in range(first, last):
        article = ArticlePageFactory(
            parent=news, title=f"Housing report {n}", standfirst="Roma families and housing."
        )
        if n % 2:
            tag(article, topic)


def statements(client: Client, url: str) -> tuple[object, list[str]]:
    client.get(url)  # the query logged once: later searches only count a hit
    clear_caches()  # the search's shared fragments: what is measured is the search
    client.get("/en/search/?q=warmup")  # sessions, locales and site lookups cached
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, response.content
    return response, [query["sql"] for query in queries]


def test_a_search_costs_the_same_with_20_or_80_matches(client: Client, home_en):
    news = ArticleIndexPageFactory(parent=home_en)
    topic = TopicFactory(name="Housing", slug="housing")
    seed(news, topic, 0, 20)
    few = {url: statements(client, url) for url in SEARCHES}
    seed(news, topic, 20, 80)
    many = {url: statements(client, url) for url in SEARCHES}

    page, api = (many[url][0] for url in SEARCHES)
    assert b"80 results" in page.content
    assert api.json()["meta"]["total_count"] == 80
    assert api.json()["meta"]["facets"]["topic"] == [
        {"value": "housing", "label": "Housing", "count": 40}
    ]
    for url in SEARCHES:
        few_sql, many_sql = few[url][1], many[url][1]
        assert len(few_sql) == len(many_sql), "\n".join([*few_sql, "----", *many_sql])
        # The index is read once to count (COUNT, with the facets) and rank the
        # candidates (LIMIT); the page's pages with their own fields are read by id, the
        # search page's through the match (its own fields joined), the API's by key.
        index_reads = [sql for sql in many_sql if INDEX_TABLE.search(sql)]
        assert len(index_reads) == INDEX_READS[url], "\n".join(index_reads)
        assert all("COUNT(" in sql.upper() or "LIMIT" in sql.upper() for sql in index_reads[:1])


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's query plans")
def test_the_top_n_query_reads_the_document_index(home_en):
    """The ranking as the site asks it (search.ranking.summary_sql): the candidates cut
    by the database (a Limit) and matched through the GIN index. On a few test rows the
    content-type indexes, useless on a real site where nearly every entry is a page, and
    the object id index (search.0007, the way in for the most recent matches of a word on
    most pages) are the cheapest way in: they are dropped for this plan, inside the
    test's transaction (rolled back)."""
    news = ArticleIndexPageFactory(parent=home_en)
    seed(news, TopicFactory(name="Housing", slug="housing"), 0, 5)
    locale = Locale.objects.get(language_code="en")
    results = search_pages("housing", locale).results
    sql, params = summary_sql(results.matches, partial(facet_parts, locale), 10)
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no pending checks: may ALTER
        cursor.execute(
            "SELECT indexname, EXISTS (SELECT FROM pg_constraint WHERE conname = indexname)"
            " FROM pg_indexes WHERE tablename = 'wagtailsearch_indexentry'"
            " AND (indexdef LIKE '%%btree (content_type_id%%'"
            " OR indexdef LIKE '%%btree (object_id)%%')"
        )
        for name, is_constraint in cursor.fetchall():
            if is_constraint:  # (content_type_id, object_id) is unique
                cursor.execute(f'ALTER TABLE wagtailsearch_indexentry DROP CONSTRAINT "{name}"')
            else:
                cursor.execute(f'DROP INDEX "{name}"')
        cursor.execute("ANALYZE")  # as autovacuum may have, so that every run plans alike
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert re.search(r"CTE alliance_match\s+->  Limit", plan), plan  # cut by the database
    assert "search_indexentry_document_gin" in plan, plan
