"""Listing endpoints run the same number of SQL queries for 5 and for 50 items."""

from __future__ import annotations

import copy
import datetime
from collections.abc import Iterator

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Locale

from articles.models import ArticleParticipant, ArticleRelatedPage, ArticleTopic
from tests.cms.api.conftest import Site, build_site, make_image, translate
from tests.cms.api.factories import ArticleFactory, ReportFactory
from tests.shared_data import bilingual_home, clear_caches, rolled_back

pytestmark = pytest.mark.django_db

# Pinned: a change that makes a listing query per item breaks these. 20 and 12 until
# 31ae9e3, which builds the base queryset of visible pages once per request, not three times;
# articles 16 until translations and linked pages shared one read of the view restrictions.
# (With the shared cache on, as in production with Redis, see test_item_cache.py.)
# +1 since #23 (cms/api/paging.py): the page of a listing is found by its ids first (an
# index walk however deep the offset), then its rows are read; 15 and 8 before.
# -1: the anonymous visibility condition reads the request's one read of the view
# restrictions (cms/core/reading.py), which public() shares; 16 and 9 before.
# -3 (#19): the count, the ids and the rows are one statement (cms/api/paging.py:
# read_page; the ids walk is its subquery, still an index walk), and the default
# locale is no longer read for filters nobody asked for (cms/api/v2/filters.py:
# SearchWhenAsked); 15 and 8 before.
# -1 (#19): the topic links and their topics are one statement (articles/serializers.py:
# TopicListField.prefetch); 12 before.
# -1 (#19): the linked pages' visibility from the rows read with the links and the one
# read of the view restrictions (articles/serializers.py: visible_link_ids); 11 before.
V2_ARTICLES = 10
V2_ALL_PAGES = 5


def add_many(site: Site, fr: Locale) -> None:
    """30 more articles and reports, each translated, sharing images, a topic, a
    participant and a related page."""
    image = make_image("Shared")
    for n in range(30):
        cls = ReportFactory if n % 2 else ArticleFactory
        page = cls(
            parent=site.news_en,
            slug=f"bulk-{n}",
            publication_date=datetime.date(2023, 1, 1) + datetime.timedelta(days=n),
            listing_image=image if n % 3 else make_image(f"Own {n}"),
        )
        ArticleTopic.objects.create(page=page, topic=site.topic)
        ArticleParticipant.objects.create(page=page, participant=site.participant)
        ArticleRelatedPage.objects.create(page=page, related_page=site.report)
        page.save_revision().publish()
        translate(page, fr, title=f"Article {n} (fr)", slug=f"bulk-{n}-fr")


def build() -> Site:
    home_en, home_fr = bilingual_home()
    fr = Locale.objects.get(language_code="fr")
    site = build_site(home_en, home_fr, fr)
    add_many(site, fr)
    return site


@pytest.fixture(scope="module")
def shared_site(django_db_setup, django_db_blocker) -> Iterator[Site]:
    """The API tests' site with `add_many`'s pages, built once for the module and rolled
    back at its end; what a test changes (a report's gallery) is undone after it
    (tests/shared_data.py)."""
    yield from rolled_back(django_db_blocker, build)


@pytest.fixture
def site(shared_site, db, settings) -> Iterator[Site]:
    """The shared site (this module's own, with `add_many`'s pages), caches emptied
    around each test and its objects copied, so nothing a test does reaches the next."""
    settings.ALLOWED_HOSTS = ["*"]
    clear_caches()
    yield copy.deepcopy(shared_site)
    clear_caches()


@pytest.fixture
def many(site) -> None:
    """The listings' 30 extra pages: part of this module's shared site."""


def count(client, url: str) -> int:
    client.get(url)  # first call creates missing renditions once
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, response.content
    return len(queries)


@pytest.mark.parametrize("limit", [5, 50])
def test_v2_article_listing_with_all_fields(client, many, limit):
    url = f"/api/v2/pages/?type=articles.ArticlePage&fields=*&limit={limit}"
    assert count(client, url) == V2_ARTICLES


@pytest.mark.parametrize("limit", [5, 50])
def test_v2_page_listing_with_all_fields(client, many, limit):
    url = f"/api/v2/pages/?fields=*&limit={limit}"
    assert count(client, url) == V2_ALL_PAGES


def test_v2_listing_returns_full_objects(client, many):
    items = client.get("/api/v2/pages/?type=articles.ArticlePage&fields=*&limit=50").json()["items"]
    assert len(items) == 50
    assert all(
        item["listing_image"]["renditions"]["thumbnail_webp"]
        for item in items
        if item["listing_image"]
    )
    assert all(
        item["meta"]["translations"] for item in items if item["meta"]["slug"].startswith("bulk-")
    )


# Detail of a report whose gallery and body choose ``images`` images and pages. Blocks
# give chosen images and pages as objects (tests/cms/api/test_v2_blocks.py): the renditions of
# all chosen images come in one query, the visibility of all chosen pages in two (view
# restrictions, live pages), whatever their number. The page's own fields share one batch
# (cms/core/representation.batch_for): its translation group is read once, for
# ``meta.translations`` and ``meta.translation_status`` alike (was 30 with two batches).
# The private sections are read once per request (cms/core/reading.py; 29 before), the
# visibility condition included (28 before).
# #19: the page is read once as its own type with its relations prefetched (Wagtail read
# the base page, the specific one, its image, and its links, topics and participants once
# per field showing them), its parent in one query (the visible page at its path), its
# linked pages' visibility from the rows read with them, no default locale; 27 before.
# -1 (#19): the topic links with their topics in one statement; 18 before.
# -1 (#19): related pages' visibility from the rows read with the links; 17 before.
V2_REPORT_DETAIL = 16


@pytest.mark.parametrize("images", [1, 12])
def test_v2_detail_with_a_gallery_does_not_query_per_image(client, site, images):
    report = site.report
    report.gallery = [
        ("image", {"image": make_image(f"Photo {n}"), "caption": ""}) for n in range(images)
    ]
    cta = {"title": "Read", "text": "", "url": "", "button_label": "Go"}
    report.body = [("call_to_action", {**cta, "page": site.article})] * images
    report.save_revision().publish()
    url = f"/api/v2/pages/{report.pk}/"
    assert count(client, url) == V2_REPORT_DETAIL
    data = client.get(url).json()
    assert len(data["gallery"]) == images
    assert all(block["value"]["image"]["renditions"]["large"] for block in data["gallery"])
    assert all(block["value"]["page"]["locale"] == "en" for block in data["body"])


def test_v2_listing_with_all_fields_leaves_bodies_to_the_detail(client, many):
    """``fields=*`` on a listing gives no StreamField (detail only), so block values,
    whatever they choose, cannot make a listing query per item."""
    items = client.get("/api/v2/pages/?type=articles.ArticlePage&fields=*&limit=50").json()
    assert items["items"] and not {"body", "gallery", "documents"} & set(items["items"][0])


# API v3 listings have no ``fields`` parameter (Wagtail 8.0: the listing's response is
# ``list[BasePageSchema]``, wagtail/api/v3/routers/pages.py; an unknown query parameter
# such as ``fields`` is dropped by ``APIFieldFilterSchema`` with ``skip_invalid=True``,
# wagtail/api/v3/schemas/params.py). Every item always carries its whole listing schema
# (meta with locale, urls, translations and the alias flag); ``fields=*`` changes nothing.
# +1 since #23: ids first, then rows (cms/api/paging.py); 7 and 8 before. -1: one read
# of the view restrictions per request (cms/core/reading.py); 8 and 9 before.
# -2 (#19): count, ids and rows in one statement (cms/api/paging.py: read_page); 7 and 8.
V3_ALL_PAGES = 5
V3_ARTICLES = 6  # + the locale lookup of ?locale=
# + 1: meta.parent is checked for visibility (cms/api/v3/lookup.py), as v2 does.
# The private sections and the locale are read once per request (cms/core/reading.py;
# 27 before), the visibility condition included (25 before).
# #19: the page read once as its own type with its relations prefetched, the parent in
# one query, linked pages' visibility from their rows (cms/api/v3/lookup.py); 24 before.
# -1 (#19): the topic links with their topics in one statement; 17 before.
V3_REPORT_DETAIL = 16


@pytest.mark.parametrize("limit", [5, 50])
def test_v3_page_listing(client, many, limit, settings):
    settings.WAGTAILAPI_LIMIT_MAX = 50
    assert count(client, f"/api/v3/pages/?limit={limit}") == V3_ALL_PAGES


@pytest.mark.parametrize("limit", [5, 50])
def test_v3_page_listing_with_fields_star(client, many, limit, settings):
    """``fields=*`` is accepted and ignored: same items, same shape, same queries."""
    settings.WAGTAILAPI_LIMIT_MAX = 50
    url = f"/api/v3/pages/?type=articles.ArticlePage&fields=*&limit={limit}"
    assert count(client, url) == V3_ALL_PAGES
    items = client.get(url).json()["items"]
    assert len(items) == limit and {tuple(item) for item in items} == {("meta", "id", "title")}
    plain = client.get(f"/api/v3/pages/?type=articles.ArticlePage&limit={limit}").json()
    assert items == plain["items"]


@pytest.mark.parametrize("limit", [5, 50])
def test_v3_article_listing_in_french(client, many, limit, settings):
    settings.WAGTAILAPI_LIMIT_MAX = 50
    url = f"/api/v3/pages/?type=articles.ArticlePage&locale=fr&limit={limit}"
    assert count(client, url) == V3_ARTICLES


def test_v3_listing_returns_translations_for_every_item(client, many, settings):
    settings.WAGTAILAPI_LIMIT_MAX = 50
    items = client.get("/api/v3/pages/?type=articles.ArticlePage&limit=50").json()["items"]
    assert len(items) == 50
    bulk = [item for item in items if item["meta"]["slug"].startswith("bulk-")]
    assert bulk and all(item["meta"]["translations"] for item in bulk)


@pytest.mark.parametrize("images", [1, 12])
def test_v3_detail_with_a_gallery_does_not_query_per_image(client, site, images):
    """Chosen images in StreamField blocks are objects with renditions (and chosen pages
    objects with their locale), fetched for the whole page at once."""
    report = site.report
    report.gallery = [
        ("image", {"image": make_image(f"Photo {n}"), "caption": ""}) for n in range(images)
    ]
    cta = {"title": "Read", "text": "", "url": "", "button_label": "Go"}
    report.body = [("call_to_action", {**cta, "page": page}) for page in (site.article,) * images]
    report.save_revision().publish()
    url = f"/api/v3/pages/{report.pk}/"
    assert count(client, url) == V3_REPORT_DETAIL
    data = client.get(url).json()
    assert len(data["gallery"]) == images
    assert all(block["value"]["image"]["renditions"]["large"] for block in data["gallery"])
    assert all(block["value"]["page"]["locale"] == "en" for block in data["body"])
