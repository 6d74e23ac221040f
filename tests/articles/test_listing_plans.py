"""The news list's hot queries go through indexes, whatever the number of articles
(issue #23): one page of a topic's articles through ``articles_newest_first`` (newest
first, stopping after the page), and the soonest expiry, which bounds how long the list
is kept, through ``articles_page_expiry``. Plans read with sequential scans and sorts
discouraged, as in tests/articles/test_query_plans.py: can an index serve the query?"""

from __future__ import annotations

import pytest
from django.db import connection

from articles.listing import Filters
from tests.articles.factories import ArticlePageFactory, TopicFactory
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
