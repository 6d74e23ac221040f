"""The news list's hot queries go through indexes, whatever the number of articles
(issue #23): one page of a topic's articles through ``articles_newest_first`` (newest
first, stopping after the page), and the soonest expiry, which bounds how long the list
is kept, through ``articles_page_expiry``. Plans read with sequential scans and sorts
discouraged, as in tests/articles/test_query_plans.py: can an index serve the query?"""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from articles.facts import index_facts
from articles.listing import Filters, MatchingIds
from participants.models import participant_statistics
from tests.articles.factories import ArticlePageFactory, TopicFactory
from tests.participants.factories import ParticipantIndexPageFactory, ParticipantPageFactory
from tests.plans import plan

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="query plans are PostgreSQL's (production)"
    ),
]


def test_a_page_of_a_topic_and_the_soonest_expiry_are_read_through_indexes(news_en):
    topic = TopicFactory()
    for day in range(1, 6):
        article = ArticlePageFactory(parent=news_en, publication_date=f"2024-05-0{day}")
        article.topic_links.create(topic=topic)
    filters = Filters(topic=topic, year=None, kind="")
    page = news_en.matching_articles(filters).values_list("pk", flat=True)[:12]
    page_plan = plan(page)
    assert "articles_newest_first" in page_plan
    assert "Unique" not in page_plan  # no DISTINCT over the joined links
    expiring = news_en.articles().order_by("expire_at").filter(expire_at__isnull=False)
    assert "articles_page_expiry" in plan(expiring.values("expire_at")[:1])


def _statement(queries: CaptureQueriesContext, marker: str) -> str:
    return next(q["sql"] for q in queries.captured_queries if marker in q["sql"])


@override_settings(FRAGMENT_CACHE_SECONDS=0)
def test_a_years_count_reads_only_that_years_rows_through_the_date_index(news_en):
    """The bounded count of "2020" starts from ``articles_newest_first`` on the year's
    range: unordered, PostgreSQL merged both primary keys across every year (30,793
    buffers at 50,000 articles, 79 ms; 7,095 through the index)."""
    for year in (2019, 2020, 2021):
        for day in (1, 2):
            ArticlePageFactory(parent=news_en, publication_date=f"{year}-05-0{day}")
    filters = Filters(topic=None, year=2020, kind="")
    with CaptureQueriesContext(connection) as queries:
        counted = MatchingIds(news_en, filters, index_facts(news_en))
        assert (counted.count(), counted.exact) == (2, True)
    count_plan = plan(_statement(queries, "COUNT(*)"))
    # The first rows read, which the LIMIT stops, are the year's, on the date index; the
    # pages are then joined to them (unordered: every page hashed, or merged by key).
    first_scan = next(line for line in count_plan.splitlines() if " Scan " in line)
    assert "Index Scan using articles_newest_first" in first_scan, count_plan
    assert "Index Cond: ((publication_date >= '2020-01-01'::date)" in count_plan, count_plan
    assert "Merge Join" not in count_plan and "Hash Join" not in count_plan, count_plan


def test_the_country_options_probe_each_profiles_page_by_primary_key(home_en, news_en):
    """The news index's country filter counts the active profiles per country from the
    profiles, one primary-key probe of each one's page: as a join PostgreSQL merged
    along the page table's primary key, every article between two profiles (20,946
    buffers at 50,000 articles; 5,359 now, 1,290 at 1,000)."""
    profiles = ParticipantIndexPageFactory(parent=home_en)
    for country in ("NL", "NL", "FR"):
        ParticipantPageFactory(parent=profiles, country=country)
    ParticipantPageFactory(parent=profiles, country="FR", status="former")
    ParticipantPageFactory(parent=profiles, country="FR", live=False)
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        statistics = participant_statistics(news_en.locale_id)
    assert [(row.code, row.count) for row in statistics.per_country] == [("NL", 2), ("FR", 1)]
    counts_plan = plan(_statement(queries, "GROUP BY"))
    assert "SubPlan" in counts_plan, counts_plan
    # (an index scan or a bitmap scan of the primary key, as the test data's statistics go)
    assert "Index Cond: (id = participants_participantpage.page_ptr_id)" in counts_plan, counts_plan
    assert "Merge Join" not in counts_plan, counts_plan


@override_settings(FRAGMENT_CACHE_SECONDS=0)
def test_the_years_filter_probes_each_year_on_the_date_index(news_en):
    """The years that have news: one statement, a probe per year on
    ``articles_newest_first`` that stops at the year's first article. As EXISTS,
    PostgreSQL dropped the probe's LIMIT and semi-joined every article to the years (733
    buffers at 1,000 articles, growing with them); as one subquery per year it spent 8 ms
    planning a probe that runs in 1 ms (#19)."""
    for year in (2019, 2021):
        ArticlePageFactory(parent=news_en, publication_date=f"{year}-05-01")
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        facts = index_facts(news_en)
    assert facts.years == [2021, 2019]
    years_plan = plan(_statement(queries, "probe_years"))
    assert "Semi Join" not in years_plan, years_plan
    # One probe, planned once and run per year (not an InitPlan per year).
    assert "SubPlan 1\n" in years_plan and "SubPlan 2" not in years_plan, years_plan
    probe = years_plan[years_plan.index("SubPlan 1\n") :]
    assert "Limit" in probe and "articles_newest_first" in probe, years_plan
