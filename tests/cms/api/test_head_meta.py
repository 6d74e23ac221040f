"""What a front end needs for a page's ``<head>``, the same as the rendered site's
(cms/chrome/head.py): ``meta.canonical_url`` and ``meta.social_image`` on detail, in v2
and v3."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def details(client: Client, page_id: int) -> list[dict]:
    found = []
    for version in ("v2", "v3"):
        response = client.get(f"/api/{version}/pages/{page_id}/")
        assert response.status_code == 200, (version, response.content[:300])
        found.append(response.json()["meta"])
    return found


def test_a_page_is_its_own_canonical_address_and_an_alias_names_its_source(client, site):
    for meta in details(client, site.report_fr.pk):
        assert meta["canonical_url"] == meta["html_url"]
        assert meta["canonical_url"].endswith("/fr/actualites/seminaire-lituanie/")
    english = details(client, site.article.pk)[0]["html_url"]
    for meta in details(client, site.alias_fr.pk):
        assert meta["html_url"].endswith("/fr/actualites/housing-news/")
        assert meta["canonical_url"] == english


def test_social_image_is_the_pages_own_picture_else_the_emblem(client, site):
    for meta in details(client, site.report.pk):
        image = meta["social_image"]
        assert "/media/images/" in image["url"] and image["url"].startswith("http")
        assert abs(image["width"] / image["height"] - 1200 / 630) < 0.02  # a 1200×630 crop
        assert image["alt"] == site.report.listing_image.description
    for meta in details(client, site.article.pk):
        assert meta["social_image"]["url"].endswith("/static/img/share-default.png")
        assert meta["social_image"]["alt"].startswith("Emblem of the European Alliance")


def test_listings_leave_the_sharing_picture_out(client, site):
    """A rendition per item would make a listing's cost grow with its length."""
    items = client.get("/api/v2/pages/?type=articles.ArticlePage&fields=*").json()["items"]
    assert items and all("social_image" not in item["meta"] for item in items)
    response = client.get("/api/v2/pages/?fields=social_image")
    assert response.status_code == 400
