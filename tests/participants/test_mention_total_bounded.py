"""A profile's number of mentions is counted up to a bound (#23): past
``LISTING_COUNT_MAX`` the link says "All 10+ news items mentioning …" and still leads to
the filtered news list; below it (every demo profile) it reads as before, and the count
reads no more rows than the bound."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

from tests.articles.factories import ArticleIndexPageFactory
from tests.participants.test_latest_mentions import add_mentions
from tests.shared_data import clear_caches

pytestmark = pytest.mark.django_db


def link_of(client: Client, url: str) -> tuple[str, str] | None:
    clear_caches()
    response = client.get(url)
    assert response.status_code == 200
    link = BeautifulSoup(response.content, "html.parser").select_one(".all-mentions a")
    return (link.get_text(), link["href"]) if link else None


@override_settings(LISTING_COUNT_MAX=3)
def test_past_the_bound_the_profile_says_plus(client: Client, home_en, make_participant):
    news = ArticleIndexPageFactory(parent=home_en, title="News", slug="news")
    named = make_participant(title="Named", slug="named")
    add_mentions(news, named, 12)
    # The bound is at least the ten the profile shows: more than that is "10+".
    assert link_of(client, "/en/participants/named/") == (
        "All 10+ news items mentioning Named",
        f"/en/news/?participant={named.pk}",
    )
    with CaptureQueriesContext(connection) as queries:
        clear_caches()
        client.get("/en/participants/named/")
    (count,) = [q["sql"] for q in queries if "COUNT(" in q["sql"].upper()]
    assert "LIMIT 11" in count, count
    with override_settings(LISTING_COUNT_MAX=12):  # at the bound: exact
        assert link_of(client, "/en/participants/named/")[0] == (
            "All 12 news items mentioning Named"
        )


@override_settings(LISTING_COUNT_MAX=3)
def test_no_link_when_every_mention_is_shown(client: Client, home_en, make_participant):
    news = ArticleIndexPageFactory(parent=home_en, title="News", slug="news")
    named = make_participant(title="Named", slug="named")
    add_mentions(news, named, 5)
    assert link_of(client, "/en/participants/named/") is None
