"""The hot listing queries can be answered through indexes (issue "cost independent of
content size"): the newest articles (home page, feeds, news list) through
``articles_newest_first``, the header menu through ``cms_page_depth_path``.

Read from PostgreSQL's plans with sequential scans and sorts discouraged: on a test
database of a few rows the planner would rightly scan (or read another index and sort,
depending on when autovacuum last analysed the tables: a clean-clone CI run did), so the
question asked is whether an index can serve the query's filter and order at all, which
is what breaks when a query or an index changes."""

from __future__ import annotations

import pytest
from django.db import connection

from tests.articles.factories import ArticlePageFactory
from tests.plans import plan

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="query plans are PostgreSQL's (production)"
    ),
]


def test_the_newest_articles_are_read_through_their_index(news_en):
    for day in range(1, 6):
        ArticlePageFactory(parent=news_en, publication_date=f"2024-05-0{day}")
    newest = news_en.articles()[:3]  # the home page's latest news, as it asks
    assert "articles_newest_first" in plan(newest)


def test_the_header_menu_is_read_through_the_depth_and_path_index(home_en, news_en):
    menu = home_en.get_children().live().in_menu().order_by("path")
    assert "cms_page_depth_path" in plan(menu)
