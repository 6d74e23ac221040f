"""The news filters' years (articles/listing.py ``index_facts``): the recent years are
probed with the span of the dates in one query; years of the span older than that window
take a second query and are still offered (issue #19: one query fewer on a cold render)."""

from __future__ import annotations

import datetime

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.articles.factories import ArticlePageFactory

pytestmark = pytest.mark.django_db


def _years(client: Client) -> tuple[list[str], int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/en/news/")
    assert response.status_code == 200
    html = BeautifulSoup(response.content, "html.parser")
    options = html.select("select[name=year] option")
    return [option["value"] for option in options if option["value"]], len(queries)


@pytest.fixture
def cold(settings):
    settings.PAGE_CACHE_SECONDS = 0
    settings.FRAGMENT_CACHE_SECONDS = 0


def test_recent_years_are_offered_newest_first(client: Client, news_en, cold):
    this_year = timezone.localdate().year
    for year in (this_year, this_year - 3):
        ArticlePageFactory(parent=news_en, publication_date=datetime.date(year, 5, 1))
    years, _ = _years(client)
    assert years == [str(this_year), str(this_year - 3)]


def test_years_older_than_the_window_are_offered_for_one_query_more(client: Client, news_en, cold):
    this_year = timezone.localdate().year
    ArticlePageFactory(parent=news_en, publication_date=datetime.date(this_year, 5, 1))
    client.get("/en/news/")
    _, recent_only = _years(client)
    ArticlePageFactory(parent=news_en, title="Founding", publication_date=datetime.date(1995, 3, 2))
    years, with_old = _years(client)
    assert years == [str(this_year), "1995"]
    assert with_old == recent_only + 1
    response = client.get("/en/news/?year=1995")
    assert "Founding" in response.content.decode()
