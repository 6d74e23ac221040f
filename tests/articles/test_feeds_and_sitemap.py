"""RSS, Atom and the sitemap, read by real parsers: what machines are told about
the news must be complete for live public pages and silent about everything else."""

from __future__ import annotations

import datetime
import time

import feedparser
import pytest
from defusedxml import ElementTree as ET
from django.test import Client
from django.utils import timezone
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import PageViewRestriction

from cms.core.models import CustomImage
from tests.articles.factories import ArticlePageFactory, SeminarReportPageFactory, TopicFactory, tag
from tests.home.factories import StandardPageFactory

pytestmark = pytest.mark.django_db

SITEMAP_NS = {
    "s": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "xhtml": "http://www.w3.org/1999/xhtml",
}


@pytest.fixture
def feed_news(news_en):
    image = CustomImage.objects.create(title="Photo", file=get_test_image_file())
    topic = TopicFactory(name="Housing", slug="housing")
    for day in range(25):
        article = ArticlePageFactory(
            parent=news_en,
            title=f"Item {day:02d}",
            standfirst=f"Summary {day:02d} & more",
            publication_date=datetime.date(2024, 1, 1) + datetime.timedelta(days=day),
            listing_image=None if day % 2 else image,
        )
        tag(article, topic)
    ArticlePageFactory(
        parent=news_en, title="Draft item", publication_date=datetime.date(2030, 1, 1), live=False
    )
    ArticlePageFactory(
        parent=news_en,
        title="Expired item",
        publication_date=datetime.date(2030, 1, 1),
        expire_at=timezone.now() - datetime.timedelta(minutes=1),
    )
    private = ArticlePageFactory(
        parent=news_en, title="Private item", publication_date=datetime.date(2030, 1, 1)
    )
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    return news_en


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_feed_has_the_latest_20_public_items_with_their_fields(client: Client, feed_news, kind):
    response = client.get(f"/en/news/feed/{kind}/")
    assert response.status_code == 200
    expected_type = "application/rss+xml" if kind == "rss" else "application/atom+xml"
    assert response["Content-Type"].startswith(expected_type)
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    assert feed.version == ("rss20" if kind == "rss" else "atom10")
    assert feed.feed.title.startswith("News | ")
    assert feed.feed.language == "en" if kind == "rss" else True
    entries = feed.entries
    assert len(entries) == 20
    assert [entry.title for entry in entries] == [f"Item {day:02d}" for day in range(24, 4, -1)]
    newest = entries[0]
    assert newest.summary == "Summary 24 & more"
    assert newest.link == "http://testserver/en/news/item-24/"
    assert time.strftime("%Y-%m-%d", newest.published_parsed) == "2024-01-25"
    assert [tag.term for tag in newest.tags] == ["Housing"]
    enclosure = newest.enclosures[0]
    assert enclosure.type == "image/jpeg"
    assert enclosure.href.startswith("http://testserver/media/images/")
    assert int(enclosure.length) > 0
    assert client.get(enclosure.href.removeprefix("http://testserver")).status_code == 200
    assert entries[1].get("enclosures", []) == []  # odd days have no image
    titles = {entry.title for entry in entries}
    assert not titles & {"Draft item", "Private item", "Expired item"}


def test_french_feed_has_only_french_items(client: Client, news_en, news_fr, locales):
    article = ArticlePageFactory(parent=news_en, title="English", slug="english")
    ArticlePageFactory(parent=news_en, title="Only English", slug="only-english")
    french = article.copy_for_translation(locales["fr"])
    french.title, french.slug = "Français", "francais"
    french.save_revision().publish()
    feed = feedparser.parse(client.get("/fr/actualites/feed/rss/").content)
    assert feed.feed.language == "fr"
    assert [entry.title for entry in feed.entries] == ["Français"]
    assert feed.entries[0].link == "http://testserver/fr/actualites/francais/"


def test_feed_of_an_empty_news_page_is_valid(client: Client, news_en):
    for kind in ("rss", "atom"):
        feed = feedparser.parse(client.get(f"/en/news/feed/{kind}/").content)
        assert not feed.bozo
        assert feed.entries == []


def _sitemap(client: Client) -> dict[str, dict[str, str]]:
    """Every URL of every section the sitemap index lists (cms/publishing/sitemap.py)."""
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    index = ET.fromstring(response.content)
    urls = {}
    for section in index.findall("s:sitemap", SITEMAP_NS):
        location = section.find("s:loc", SITEMAP_NS).text
        response = client.get(location.removeprefix("http://testserver"))
        assert response.status_code == 200
        for url in ET.fromstring(response.content).findall("s:url", SITEMAP_NS):
            loc = url.find("s:loc", SITEMAP_NS).text
            urls[loc] = {
                link.get("hreflang"): link.get("href")
                for link in url.findall("xhtml:link", SITEMAP_NS)
            }
    return urls


def test_sitemap_lists_live_public_pages_of_every_locale_with_alternates(
    client: Client, news_en, news_fr, locales
):
    report = SeminarReportPageFactory(parent=news_en, slug="lithuania")
    french = report.copy_for_translation(locales["fr"])
    french.slug = "lituanie"
    french.save_revision().publish()
    ArticlePageFactory(parent=news_en, slug="english-only")
    urls = _sitemap(client)
    base = "http://testserver"
    assert urls[f"{base}/en/news/lithuania/"] == {
        "en": f"{base}/en/news/lithuania/",
        "fr": f"{base}/fr/actualites/lituanie/",
        "x-default": f"{base}/en/news/lithuania/",
    }
    assert urls[f"{base}/fr/actualites/lituanie/"]["en"] == f"{base}/en/news/lithuania/"
    assert urls[f"{base}/fr/"]["en"] == f"{base}/en/"
    assert urls[f"{base}/en/news/english-only/"] == {}


def test_sitemap_leaves_out_drafts_private_and_expired_pages(
    client: Client, news_en, news_fr, locales
):
    ArticlePageFactory(parent=news_en, slug="draft", live=False)
    private = ArticlePageFactory(parent=news_en, slug="private")
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    private_section = StandardPageFactory(parent=news_en.get_parent(), slug="members")
    PageViewRestriction.objects.create(
        page=private_section, restriction_type="password", password="x"
    )
    StandardPageFactory(parent=private_section, slug="inside")
    ArticlePageFactory(
        parent=news_en, slug="expired", expire_at=timezone.now() - datetime.timedelta(hours=1)
    )
    public = ArticlePageFactory(parent=news_en, slug="public")
    draft_fr = public.copy_for_translation(locales["fr"])  # an unpublished translation
    draft_fr.slug = "brouillon"
    draft_fr.save()
    urls = _sitemap(client)
    text = " ".join([*urls, *(href for alts in urls.values() for href in alts.values())])
    for hidden in ("draft", "private", "members", "inside", "expired", "brouillon"):
        assert f"/{hidden}/" not in text
    assert "http://testserver/en/news/public/" in urls
    assert urls["http://testserver/en/news/public/"] == {}
