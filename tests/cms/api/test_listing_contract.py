"""Every page type gives ``listing_summary`` in both APIs, from the listing contract
(home/bases.py), so a front end draws a card without knowing each type's fields."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_every_page_type_gives_its_listing_summary_in_v2_and_v3(site):
    client = Client()
    pages = [site.home_en, site.news_en, site.report, site.article, site.participant]
    site.news_en.introduction = "What the Alliance's members did."
    site.news_en.save_revision().publish()
    for page in pages:
        specific = type(page.specific).objects.get(pk=page.pk)
        expected = specific.get_listing_summary()
        v2 = client.get(f"/api/v2/pages/{page.pk}/").json()
        v3 = client.get(f"/api/v3/pages/{page.pk}/").json()
        assert v2["listing_summary"] == v3["listing_summary"] == expected, type(specific)
    assert client.get(f"/api/v2/pages/{site.news_en.pk}/").json()["listing_summary"] == (
        "What the Alliance's members did."
    )
    assert client.get(f"/api/v2/pages/{site.report.pk}/").json()["listing_summary"] == (
        site.report.specific.standfirst
    )


def test_listings_carry_it_with_fields(site):
    items = Client().get("/api/v2/pages/?type=articles.ArticlePage&fields=listing_summary")
    assert items.status_code == 200
    summaries = {item["title"]: item["listing_summary"] for item in items.json()["items"]}
    assert summaries["Housing news"] == site.article.specific.standfirst
