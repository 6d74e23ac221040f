"""What every page tells search engines and sharing sites (cms/chrome/head.py): one
canonical address (an untranslated alias names its source), a sharing picture even
when the page has none, breadcrumbs as JSON-LD and Open Graph locales."""

from __future__ import annotations

import json

import pytest
from bs4 import BeautifulSoup
from django.test import Client
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Page, Site
from wagtail_localize.synctree import create_aliases_for_new_page

from cms.core.models import CustomImage, SocialMediaSettings
from tests.articles.factories import ArticlePageFactory
from tests.home.factories import StandardPageFactory

pytestmark = pytest.mark.django_db


def soup(client: Client, url: str) -> BeautifulSoup:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return BeautifulSoup(response.content, "html.parser")


def meta(html: BeautifulSoup, key: str) -> str:
    tag = html.find("meta", attrs={"property": key}) or html.find("meta", attrs={"name": key})
    assert tag is not None, key
    return tag["content"]


def canonical(html: BeautifulSoup) -> str:
    links = html.find_all("link", rel="canonical")
    assert len(links) == 1, links
    return links[0]["href"]


def json_ld(html: BeautifulSoup, kind: str) -> dict | None:
    for script in html.find_all("script", type="application/ld+json"):
        data = json.loads(script.string)
        if data.get("@type") == kind:
            return data
    return None


@pytest.fixture
def origin(home_en) -> str:
    return Site.objects.get(is_default_site=True).root_url


def test_every_page_names_itself_canonical_on_the_public_address(
    client: Client, origin, news_en, home_en
):
    article = ArticlePageFactory(parent=news_en, slug="one")
    page = StandardPageFactory(parent=home_en, slug="about")
    for url in ("/en/", news_en.url, article.url, page.url):
        html = soup(client, url)
        assert canonical(html) == f"{origin}{url}"
        assert meta(html, "og:url") == canonical(html)


def test_a_view_that_is_not_a_page_is_canonical_without_its_query(client: Client, origin, home_en):
    html = soup(client, "/en/search/?q=roma&page=2")
    assert canonical(html) == f"{origin}/en/search/"


def test_an_untranslated_alias_names_its_source_as_canonical(
    client: Client, origin, home_en, home_fr
):
    create_aliases_for_new_page(StandardPageFactory(parent=home_en, slug="only"))
    french = soup(client, "/fr/only/")
    assert canonical(french) == f"{origin}/en/only/"
    assert meta(french, "og:url") == f"{origin}/en/only/"


def test_open_graph_locale_has_a_territory_and_lists_the_translations(
    client: Client, news_en, news_fr
):
    english = soup(client, news_en.url)
    assert meta(english, "og:locale") == "en_GB"
    alternates = [m["content"] for m in english.find_all("meta", property="og:locale:alternate")]
    assert alternates == ["fr_FR"]
    french = soup(client, Page.objects.get(pk=news_fr.pk).url)
    assert meta(french, "og:locale") == "fr_FR"
    assert [m["content"] for m in french.find_all("meta", property="og:locale:alternate")] == [
        "en_GB"
    ]


def test_a_page_without_a_picture_is_shared_with_the_emblem_in_its_language(
    client: Client, origin, news_en, news_fr
):
    english = soup(client, news_en.url)
    assert meta(english, "og:image") == f"{origin}/static/img/share-default.png"
    assert (meta(english, "og:image:width"), meta(english, "og:image:height")) == ("1200", "630")
    assert meta(english, "og:image:alt").startswith("Emblem of the European Alliance")
    assert meta(english, "twitter:card") == "summary_large_image"
    french = soup(client, Page.objects.get(pk=news_fr.pk).url)
    assert meta(french, "og:image:alt").startswith("Emblème de l’Alliance européenne")


def test_the_sites_default_sharing_image_replaces_the_emblem(client: Client, origin, news_en):
    image = CustomImage.objects.create(
        title="Strasbourg", file=get_test_image_file(), description="The Palais de l'Europe"
    )
    settings = SocialMediaSettings.for_site(Site.objects.get(is_default_site=True))
    settings.default_share_image = image
    settings.save()
    html = soup(client, news_en.url)
    assert meta(html, "og:image").startswith(f"{origin}/media/images/")
    assert meta(html, "og:image:alt") == "The Palais de l'Europe"
    # A page's own picture still comes first.
    own = CustomImage.objects.create(
        title="Kirtimai", file=get_test_image_file(), description="Houses in Kirtimai"
    )
    article = ArticlePageFactory(parent=news_en, slug="pictured", listing_image=own)
    assert meta(soup(client, article.url), "og:image:alt") == "Houses in Kirtimai"


def test_breadcrumbs_lead_from_the_home_page_to_the_page(client: Client, origin, news_en, home_en):
    article = ArticlePageFactory(parent=news_en, slug="crumbs", title="Crumbs")
    trail = json_ld(soup(client, article.url), "BreadcrumbList")
    items = trail["itemListElement"]
    assert [(item["position"], item["name"], item["item"]) for item in items] == [
        (1, home_en.title, f"{origin}/en/"),
        (2, news_en.title, f"{origin}{news_en.url}"),
        (3, "Crumbs", f"{origin}{article.url}"),
    ]
    assert json_ld(soup(client, "/en/"), "BreadcrumbList") is None


def test_breadcrumbs_leave_out_an_unpublished_ancestor(client: Client, origin, home_en):
    section = StandardPageFactory(parent=home_en, slug="section", title="Section")
    child = StandardPageFactory(parent=section, slug="child", title="Child")
    section.unpublish()
    child.refresh_from_db()
    # Wagtail still serves a live page under an unpublished one; its crumbs skip it.
    response = client.get("/en/section/child/")
    assert response.status_code == 200
    trail = json_ld(BeautifulSoup(response.content, "html.parser"), "BreadcrumbList")
    assert [item["name"] for item in trail["itemListElement"]] == [home_en.title, "Child"]


def test_no_value_can_end_the_json_ld_element(client: Client, news_en):
    article = ArticlePageFactory(parent=news_en, slug="script", title="</script><b>x</b>")
    html = client.get(article.url).content.decode()
    assert "</script><b>" not in html
