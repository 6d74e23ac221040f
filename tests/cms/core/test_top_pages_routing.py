"""Routing and the language links from the request's one read of the homes and the pages
right below them (cms/core/reading.py, issue #19): the site's root comes as a home page
with the site, the first step down is taken among the homes' children, and a top page's
translations come from the same read when it holds one per locale. Each shortcut falls
back to Wagtail's own lookup when the read cannot answer: these tests are those cases."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from home.models import StandardPage
from tests.articles.factories import ArticleIndexPageFactory, ArticlePageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def news(home_en):
    index = ArticleIndexPageFactory(parent=home_en, title="News", slug="news")
    ArticlePageFactory(parent=index, title="Open seminar", slug="open-seminar")
    return index


def _language_links(html: bytes) -> dict[str, str]:
    switcher = BeautifulSoup(html, "html.parser")
    return {link["hreflang"]: link["href"] for link in switcher.select("a[hreflang]")}


def test_the_root_and_the_first_step_down_ask_no_query_of_their_own(client: Client, news):
    client.get("/en/news/")
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/en/news/")
    assert response.status_code == 200 and b"Open seminar" in response.content
    sql = [query["sql"] for query in queries.captured_queries]
    # Wagtail's route() asks for the child by slug, then the root's specific row.
    assert not [statement for statement in sql if '"slug" = ' in statement]
    assert not [statement for statement in sql if statement.count('FROM "home_homepage"')]


def test_a_live_page_below_a_draft_section_is_still_reached(client: Client, news):
    """The draft section is not among the homes' live children: Wagtail's own lookup
    walks through it to the live article, as before."""
    news.unpublish()
    assert client.get("/en/news/").status_code == 404
    response = client.get("/en/news/open-seminar/")
    assert response.status_code == 200 and b"Open seminar" in response.content


def test_an_unknown_address_below_the_home_page_is_a_404(client: Client, news):
    assert client.get("/en/no-such-section/").status_code == 404
    assert client.get("/en/news/no-such-article/").status_code == 404


def test_the_french_section_is_routed_from_the_french_home(client: Client, news, home_fr, locales):
    french = news.copy_for_translation(locales["fr"])
    french.title, french.slug = "Actualités", "actualites"
    french.save_revision().publish()
    response = client.get("/fr/actualites/")
    assert response.status_code == 200 and "Actualités" in response.content.decode()
    assert _language_links(response.content)["en"] == "/en/news/"


def test_a_translation_moved_deeper_keeps_its_language_link(client: Client, news, home_fr, locales):
    """The French news page lives below another French page: the homes' read holds the
    English one only, so the group is read as before, and the page still says it exists
    in French."""
    french = news.copy_for_translation(locales["fr"])
    french.title, french.slug = "Actualités", "actualites"
    french.save_revision().publish()
    section = StandardPage(title="Rubrique", slug="rubrique", introduction="Une rubrique.")
    home_fr.add_child(instance=section)
    section.save_revision().publish()
    french.move(section, pos="last-child")
    html = BeautifulSoup(client.get("/en/news/").content, "html.parser")
    alternates = [meta["content"] for meta in html.find_all("meta", property="og:locale:alternate")]
    assert alternates == ["fr_FR"]
