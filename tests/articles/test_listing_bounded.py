"""The news list's total is counted up to a bound (#23): past ``LISTING_COUNT_MAX`` (and
past the page asked for) the list says "12+ items" and "Page 1 of 2+", "Older" still
leads on, and the count reads no more rows than the bound, whatever the number of
articles. Below the bound (the demo's news) a visitor sees what they saw before."""

from __future__ import annotations

import datetime
import json

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

from tests.articles.factories import ArticlePageFactory
from tests.shared_data import clear_caches

pytestmark = pytest.mark.django_db

FIRST_DAY = datetime.date(2024, 1, 1)


def add_articles(news, count: int) -> None:
    for number in range(count):
        ArticlePageFactory(
            parent=news,
            title=f"Article {number:02d}",
            slug=f"article-{number:02d}",
            publication_date=FIRST_DAY + datetime.timedelta(days=number),
        )


def read(client: Client, url: str) -> BeautifulSoup:
    clear_caches()
    response = client.get(url)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def summary(page: BeautifulSoup) -> tuple[str, str, bool]:
    pagination = page.select_one(".pagination [aria-current]")
    return (
        page.select_one(".result-count").get_text(strip=True),
        pagination.get_text(strip=True) if pagination else "",
        page.select_one('.pagination a[rel="next"]') is not None,
    )


@override_settings(LISTING_COUNT_MAX=3)
def test_past_the_bound_the_total_says_plus_and_older_leads_on(client: Client, news_en):
    add_articles(news_en, 14)
    # Page 1 counts up to its own reach (12 articles): more than that is "12+".
    first = read(client, news_en.url)
    assert summary(first) == ("12+ items", "Page 1 of 2+", True)
    assert len(first.select(".article-list > li")) == 12
    # Page 2 reaches 24: the 14 are counted exactly, and it is the last page.
    second = read(client, f"{news_en.url}?page=2")
    assert summary(second) == ("14 items", "Page 2 of 2", False)
    assert len(second.select(".article-list > li")) == 2
    # Bad or huge page numbers: the first page, or the last one, counted to it.
    assert summary(read(client, f"{news_en.url}?page=abc"))[:2] == ("12+ items", "Page 1 of 2+")
    assert summary(read(client, f"{news_en.url}?page=99999999999")) == (
        "14 items",
        "Page 2 of 2",
        False,
    )


def test_below_the_bound_nothing_changes(client: Client, news_en):
    add_articles(news_en, 13)
    assert summary(read(client, news_en.url)) == ("13 items", "Page 1 of 2", True)


def plan_nodes(node: dict):
    yield node
    for child in node.get("Plans", ()):
        yield from plan_nodes(child)


@override_settings(LISTING_COUNT_MAX=3)
def test_the_count_reads_no_more_rows_than_the_bound(client: Client, news_en):
    """The statement that counts the list is cut by a LIMIT of the bound + 1 (13 for
    page 1), and on PostgreSQL its aggregate receives no more rows than that with 20
    articles: a COUNT of every match would fail here."""
    add_articles(news_en, 20)
    clear_caches()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(news_en.url).status_code == 200
    # The list's count; the country filter's options are a count per country (GROUP BY).
    (count,) = [
        q["sql"]
        for q in queries
        if "COUNT(" in q["sql"].upper() and "GROUP BY" not in q["sql"].upper()
    ]
    assert "LIMIT 13" in count, count
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) {count}")
        raw = cursor.fetchone()[0]
    plan = (raw if isinstance(raw, list) else json.loads(raw))[0]["Plan"]
    aggregates = [n for n in plan_nodes(plan) if n["Node Type"] == "Aggregate"]
    assert aggregates, plan
    for node in aggregates:
        assert all(c["Actual Rows"] * c["Actual Loops"] <= 13 for c in node["Plans"]), plan
