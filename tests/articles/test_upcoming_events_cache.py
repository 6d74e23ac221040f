"""Upcoming events change at midnight though nobody publishes: with every cache on (whole
pages, fragments, API v2 items), a page that lists them is never served past the day it
was rendered for."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from contextlib import contextmanager
from unittest import mock

import pytest
from django.test import Client
from django.utils import timezone

from cms.caching.middleware import CACHE_HEADER
from tests.articles.conftest import soup_of
from tests.articles.factories import SeminarReportPageFactory
from tests.shared_data import clear_caches

pytestmark = pytest.mark.django_db

PARIS = datetime.timezone(datetime.timedelta(hours=1))
DAY = datetime.date(2027, 3, 10)
NOON = datetime.datetime(2027, 3, 10, 12, 0, tzinfo=PARIS)
JUST_AFTER_MIDNIGHT = datetime.datetime(2027, 3, 11, 0, 0, 30, tzinfo=PARIS)


@contextmanager
def clock(moment: datetime.datetime) -> Iterator[None]:
    """Django's clock (the day, the caches' expiry) stopped at ``moment``."""
    with mock.patch("django.utils.timezone.now", return_value=moment):
        yield


@pytest.fixture
def every_cache(settings) -> Iterator[None]:
    settings.PAGE_CACHE_SECONDS = 3600
    settings.FRAGMENT_CACHE_SECONDS = 3600
    clear_caches()
    yield
    clear_caches()


@pytest.fixture
def home_with_events(every_cache, home_en, news_en, django_capture_on_commit_callbacks):
    with clock(NOON), django_capture_on_commit_callbacks(execute=True):
        for title, day in (("Seminar today", DAY), ("Seminar tomorrow", DAY.replace(day=11))):
            SeminarReportPageFactory(
                parent=news_en, title=title, slug=title.lower().replace(" ", "-"), start_date=day
            )
        home_en.body = [
            ("upcoming_events", {"heading": "", "country": "", "topic": None, "count": 3})
        ]
        home_en.save_revision().publish()
    return home_en


def listed(response) -> list[str]:
    html = soup_of(response)
    return [link.get_text(strip=True) for link in html.select(".event-title")]


@pytest.mark.parametrize("path", ["/en/", "/en/news/"])
def test_a_cached_page_of_events_is_not_served_past_midnight(home_with_events, path):
    visitor = Client()
    with clock(NOON):
        assert timezone.localdate() == DAY
        first = visitor.get(path)
        assert "Seminar today" in listed(first)
        again = visitor.get(path)
        assert again[CACHE_HEADER] == "hit"
        assert listed(again) == listed(first)
    with clock(JUST_AFTER_MIDNIGHT):
        next_day = visitor.get(path)
        assert "Seminar today" not in listed(next_day), "yesterday's event is gone"
        assert "Seminar tomorrow" in listed(next_day)
        assert visitor.get(path)[CACHE_HEADER] == "hit", "and the new day is cached again"


def test_the_api_gives_the_days_events_with_item_caching_on(home_with_events):
    def events(response) -> list[str]:
        body = response.json()["body"]
        block = next(b for b in body if b["type"] == "upcoming_events")
        return [event["title"] for event in block["value"]["events"]]

    visitor = Client()
    url = f"/api/v2/pages/{home_with_events.pk}/"
    with clock(NOON):
        assert "Seminar today" in events(visitor.get(url))
        assert "Seminar today" in events(visitor.get(url))
    with clock(JUST_AFTER_MIDNIGHT):
        assert "Seminar today" not in events(visitor.get(url))
