"""The sitemap index and its sections (cms/publishing/sitemap.py), read as a search engine
reads them: the index first, then every section (and every ``?p=`` page) it lists.

A section per page type and language, each bounded; live public pages only; a constant
number of queries per section page, whatever its length; kept in the fragment cache
until the next publish, and never served stale after one."""

from __future__ import annotations

import datetime
from urllib.parse import urlsplit

import pytest
from defusedxml import ElementTree as ET
from django.test import Client
from django.utils import timezone
from wagtail.models import Page, PageViewRestriction

from articles.models import ArticleIndexPage, ArticlePage
from cms.publishing import sitemap
from cms.publishing.privacy import mirror_onto_aliases
from tests.articles.factories import (
    ArticleIndexPageFactory,
    ArticlePageFactory,
    SeminarReportPageFactory,
)
from tests.home.factories import StandardPageFactory

pytestmark = pytest.mark.django_db

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "xhtml": "http://www.w3.org/1999/xhtml"}
BASE = "http://testserver"
# A section page with the fragment cache off: the site, the view restrictions, the
# page of rows with their locale, and their listed translations (no count of the whole
# section since #23: 5 before).
SECTION_QUERIES = 4
# The index: the site and the sections' sizes kept on publish (cms/publishing/sections.py;
# 3 before, with the view restrictions and an aggregate over every listed page).
INDEX_QUERIES = 2


def fetch(client: Client, url: str) -> ET.Element:
    """A sitemap document, checked to be well-formed XML of the sitemaps namespace."""
    response = client.get(url.removeprefix(BASE))
    assert response.status_code == 200, (url, response.status_code)
    assert response["Content-Type"] == "application/xml"
    root = ET.fromstring(response.content)
    assert root.tag in {f"{{{NS['s']}}}sitemapindex", f"{{{NS['s']}}}urlset"}, root.tag
    return root


def index(client: Client) -> list[str]:
    root = fetch(client, "/sitemap.xml")
    assert root.tag == f"{{{NS['s']}}}sitemapindex"
    return [entry.findtext("s:loc", namespaces=NS) for entry in root.findall("s:sitemap", NS)]


def entries(client: Client, url: str) -> dict[str, dict]:
    """The URLs of one section page: lastmod and hreflang alternates by location."""
    root = fetch(client, url)
    assert root.tag == f"{{{NS['s']}}}urlset"
    found = {}
    for entry in root.findall("s:url", NS):
        location = entry.findtext("s:loc", namespaces=NS)
        assert location not in found, f"{location} listed twice in {url}"
        found[location] = {
            "lastmod": entry.findtext("s:lastmod", namespaces=NS),
            "alternates": {
                link.get("hreflang"): link.get("href") for link in entry.findall("xhtml:link", NS)
            },
        }
    return found


def everything(client: Client) -> dict[str, dict]:
    """Every URL of every section the index lists; none listed twice."""
    found: dict[str, dict] = {}
    for location in index(client):
        section = entries(client, location)
        assert not set(section) & set(found), f"{location} repeats URLs of another section"
        found.update(section)
    return found


def section_name(location: str) -> str:
    path = urlsplit(location).path
    assert path.startswith("/sitemap-") and path.endswith(".xml"), location
    return path.removeprefix("/sitemap-").removesuffix(".xml")


def publish(page: Page) -> Page:
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def translate(page: Page, locales, slug: str) -> Page:
    french = page.copy_for_translation(locales["fr"])
    french.slug = slug
    return publish(french)


@pytest.fixture
def news(home_en, home_fr, locales, clean_caches) -> dict[str, ArticleIndexPage]:
    english = ArticleIndexPageFactory(parent=home_en)
    french = english.copy_for_translation(locales["fr"])
    french.title, french.slug = "Actualités", "actualites"
    publish(french)
    return {"en": english, "fr": french}


def test_index_lists_one_section_per_type_and_language_with_pages(client, news, locales):
    article = publish(ArticlePageFactory(parent=news["en"], slug="housing"))
    french = translate(article, locales, "logement")
    SeminarReportPageFactory(parent=news["en"], slug="trakai")  # no French translation
    ArticlePageFactory(parent=news["en"], slug="draft", live=False)
    locations = index(client)
    assert all(location.startswith(f"{BASE}/sitemap-") for location in locations)
    assert sorted(section_name(location) for location in locations) == [
        "home-pages-en",
        "home-pages-fr",
        "news-articles-en",
        "news-articles-fr",
        "news-index-pages-en",
        "news-index-pages-fr",
        "seminar-reports-en",
    ]
    lastmods = {
        section_name(entry.findtext("s:loc", namespaces=NS)): entry.findtext(
            "s:lastmod", namespaces=NS
        )
        for entry in fetch(client, "/sitemap.xml").findall("s:sitemap", NS)
    }
    # A section's lastmod is its latest page's last publication.
    assert datetime.datetime.fromisoformat(lastmods["news-articles-fr"]) == french.last_published_at
    assert datetime.datetime.fromisoformat(lastmods["news-articles-en"]) == (
        article.last_published_at
    )


def test_a_section_lists_its_type_in_its_language_with_lastmod_and_alternates(
    client, news, locales
):
    article = publish(ArticlePageFactory(parent=news["en"], slug="housing"))
    translate(article, locales, "logement")
    alone = publish(ArticlePageFactory(parent=news["en"], slug="alone"))
    SeminarReportPageFactory(parent=news["en"], slug="trakai")
    english = entries(client, "/sitemap-news-articles-en.xml")
    assert set(english) == {f"{BASE}/en/news/housing/", f"{BASE}/en/news/alone/"}
    assert english[f"{BASE}/en/news/housing/"]["alternates"] == {
        "en": f"{BASE}/en/news/housing/",
        "fr": f"{BASE}/fr/actualites/logement/",
        "x-default": f"{BASE}/en/news/housing/",
    }
    assert english[f"{BASE}/en/news/alone/"]["alternates"] == {}
    published = timezone.localtime(alone.last_published_at).date().isoformat()
    assert english[f"{BASE}/en/news/alone/"]["lastmod"] == published
    french = entries(client, "/sitemap-news-articles-fr.xml")
    assert list(french) == [f"{BASE}/fr/actualites/logement/"]
    assert french[f"{BASE}/fr/actualites/logement/"]["alternates"]["en"] == (
        f"{BASE}/en/news/housing/"
    )
    assert list(entries(client, "/sitemap-seminar-reports-en.xml")) == [f"{BASE}/en/news/trakai/"]


def test_private_draft_expired_and_scheduled_pages_are_in_no_section(client, news, locales):
    home = news["en"].get_parent()
    ArticlePageFactory(parent=news["en"], slug="draft", live=False)
    private = ArticlePageFactory(parent=news["en"], slug="private")
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    members = StandardPageFactory(parent=home, slug="members")
    PageViewRestriction.objects.create(page=members, restriction_type="password", password="x")
    StandardPageFactory(parent=members, slug="inside")
    ArticlePageFactory(
        parent=news["en"], slug="expired", expire_at=timezone.now() - datetime.timedelta(hours=1)
    )
    ArticlePageFactory(
        parent=news["en"], slug="scheduled", go_live_at=timezone.now() + datetime.timedelta(days=1)
    )
    secret = ArticlePageFactory(parent=news["en"], slug="secret")
    alias = secret.create_alias(parent=news["fr"], update_locale=locales["fr"])
    PageViewRestriction.objects.create(page=secret, restriction_type="login")
    mirror_onto_aliases(secret.pk)  # as the restriction's signal does
    public = ArticlePageFactory(parent=news["en"], slug="public")
    draft_fr = public.copy_for_translation(locales["fr"])  # an unpublished translation
    draft_fr.slug = "brouillon"
    draft_fr.save()
    urls = everything(client)
    text = " ".join(
        [*urls, *(href for url in urls.values() for href in url["alternates"].values())]
    )
    for hidden in ("draft", "private", "members", "inside", "expired", "scheduled", "secret"):
        assert f"/{hidden}/" not in text
    assert "brouillon" not in text
    assert alias.live and "/fr/actualites/secret/" not in text  # live, private through its source
    assert urls[f"{BASE}/en/news/public/"]["alternates"] == {}
    assert "standard-pages-en" not in {section_name(location) for location in index(client)}


def test_a_section_longer_than_the_limit_is_split_into_pages_the_index_lists(
    client, news, monkeypatch
):
    monkeypatch.setattr(sitemap.SectionSitemap, "limit", 3)
    for number in range(7):
        ArticlePageFactory(parent=news["en"], slug=f"item-{number}")
    locations = [loc for loc in index(client) if "news-articles-en" in loc]
    assert locations == [
        f"{BASE}/sitemap-news-articles-en.xml",
        f"{BASE}/sitemap-news-articles-en.xml?p=2",
        f"{BASE}/sitemap-news-articles-en.xml?p=3",
    ]
    pages = [entries(client, location) for location in locations]
    assert [len(page) for page in pages] == [3, 3, 1]
    listed = [url for page in pages for url in page]
    assert sorted(listed) == sorted(f"{BASE}/en/news/item-{n}/" for n in range(7))
    assert client.get("/sitemap-news-articles-en.xml?p=4").status_code == 404
    assert client.get("/sitemap-news-articles-en.xml?p=two").status_code == 404


def test_unknown_sections_are_not_found(client, news):
    assert client.get("/sitemap-news-articles-xx.xml").status_code == 404
    assert client.get("/sitemap-nothing-en.xml").status_code == 404


def test_an_empty_known_section_is_an_empty_urlset(client, news):
    assert entries(client, "/sitemap-seminar-reports-fr.xml") == {}


@pytest.mark.parametrize("count", [5, 50])
def test_a_section_page_costs_the_same_queries_at_any_size(
    client, news, locales, count, django_assert_num_queries
):
    for number in range(count):
        article = ArticlePageFactory(parent=news["en"], slug=f"item-{number}")
        if number < 2:
            translate(article, locales, f"element-{number}")
    client.get("/sitemap.xml")  # warm Wagtail's site root paths, as on a running site
    with django_assert_num_queries(SECTION_QUERIES):
        urls = entries(client, "/sitemap-news-articles-en.xml")
    assert len(urls) == count
    assert len(urls[f"{BASE}/en/news/item-1/"]["alternates"]) == 3
    with django_assert_num_queries(INDEX_QUERIES):
        locations = index(client)
    assert f"{BASE}/sitemap-news-articles-fr.xml" in locations


def test_every_type_costs_the_same_queries(client, news, django_assert_num_queries):
    """Page types are read through Wagtail's Page: no type costs a query per URL."""
    home = news["en"].get_parent()
    for number in range(4):
        StandardPageFactory(parent=home, slug=f"about-{number}")
        SeminarReportPageFactory(parent=news["en"], slug=f"seminar-{number}")
    client.get("/sitemap.xml")
    for location in index(client):
        with django_assert_num_queries(SECTION_QUERIES):
            assert entries(client, location)


def test_a_type_with_its_own_sitemap_entries_is_read_whole_at_the_same_cost(
    client, news, monkeypatch, django_assert_num_queries
):
    """A page type that overrides ``get_sitemap_urls`` may read any of its fields: its
    section loads its own rows (streams aside), still in one query."""

    def get_sitemap_urls(page, request=None):
        entry = {"location": page.get_full_url(request), "lastmod": None}
        return [{**entry, "changefreq": "weekly" if page.standfirst else "never"}]

    monkeypatch.setattr(ArticlePage, "get_sitemap_urls", get_sitemap_urls)
    for number in range(6):
        ArticlePageFactory(parent=news["en"], slug=f"item-{number}")
    client.get("/sitemap.xml")
    with django_assert_num_queries(SECTION_QUERIES):
        root = fetch(client, "/sitemap-news-articles-en.xml")
    frequencies = [entry.findtext("s:changefreq", namespaces=NS) for entry in root]
    assert frequencies == ["weekly"] * 6


def test_a_warm_section_is_served_without_queries_until_a_publish(
    client, news, locales, fragments, django_assert_num_queries, django_capture_on_commit_callbacks
):
    first = ArticlePageFactory(parent=news["en"], slug="first")
    section = "/sitemap-news-articles-en.xml"
    assert list(entries(client, section)) == [f"{BASE}/en/news/first/"]
    index(client)
    with django_assert_num_queries(0):
        assert list(entries(client, section)) == [f"{BASE}/en/news/first/"]
        index(client)

    with django_capture_on_commit_callbacks(execute=True):
        second = publish(ArticlePageFactory(parent=news["en"], slug="second", live=False))
    assert set(entries(client, section)) == {f"{BASE}/en/news/first/", f"{BASE}/en/news/second/"}

    with django_capture_on_commit_callbacks(execute=True):
        first.unpublish()
    assert list(entries(client, section)) == [f"{BASE}/en/news/second/"]

    with django_capture_on_commit_callbacks(execute=True):
        translate(second, locales, "deuxieme")
    assert f"{BASE}/sitemap-news-articles-fr.xml" in index(client)
    assert entries(client, section)[f"{BASE}/en/news/second/"]["alternates"]["fr"] == (
        f"{BASE}/fr/actualites/deuxieme/"
    )

    with django_capture_on_commit_callbacks(execute=True):
        SeminarReportPageFactory(parent=news["en"], slug="trakai")
    assert f"{BASE}/sitemap-seminar-reports-en.xml" in index(client)


def test_a_cached_section_forgets_a_page_when_it_expires(client, news, fragments, monkeypatch):
    """Expiry changes no row and bumps no generation: the cached section knows when its
    first page expires and is computed again from then on."""
    ArticlePageFactory(
        parent=news["en"], slug="brief", expire_at=timezone.now() + datetime.timedelta(hours=1)
    )
    section = "/sitemap-news-articles-en.xml"
    assert list(entries(client, section)) == [f"{BASE}/en/news/brief/"]
    assert f"{BASE}{section}" in index(client)
    later = timezone.now() + datetime.timedelta(hours=2)
    monkeypatch.setattr(sitemap.timezone, "now", lambda: later)
    monkeypatch.setattr(sitemap.time, "time", later.timestamp)
    assert entries(client, section) == {}
    assert f"{BASE}{section}" not in index(client)
