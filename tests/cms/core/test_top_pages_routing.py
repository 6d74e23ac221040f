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
from wagtail.models import Page

from home.models import HomePage, StandardPage
from tests.articles.factories import ArticleIndexPageFactory, ArticlePageFactory
from tests.cms.test_cold_render import cold_queries

pytestmark = pytest.mark.django_db


@pytest.fixture
def news(home_en):
    index = ArticleIndexPageFactory(parent=home_en, title="News", slug="news")
    ArticlePageFactory(parent=index, title="Open seminar", slug="open-seminar")
    return index


def _language_links(html: bytes) -> dict[str, str]:
    switcher = BeautifulSoup(html, "html.parser")
    return {link["hreflang"]: link["href"] for link in switcher.select("a[hreflang]")}


def _languages_of(html: bytes) -> dict[str, object]:
    """What a page says about its other languages: the switcher's links (and which say
    the page is not translated), the hreflang links and the Open Graph alternates."""
    page = BeautifulSoup(html, "html.parser")
    switcher = page.find("nav", class_="language-switcher").find_all("a", hreflang=True)
    return {
        "switcher": {link["hreflang"]: link["href"] for link in switcher},
        "untranslated": sorted(link["hreflang"] for link in switcher if link.get("title")),
        "hreflang": {
            link["hreflang"]: link["href"]
            for link in page.find_all("link", rel="alternate", hreflang=True)
        },
        "og": [meta["content"] for meta in page.find_all("meta", property="og:locale:alternate")],
    }


def _french_news(news, locales) -> Page:
    french = news.copy_for_translation(locales["fr"])
    french.title, french.slug = "Actualités", "actualites"
    french.save_revision().publish()
    return french


def _french_section(home_fr: HomePage) -> StandardPage:
    """A published French section right below the French home. Added to the home as the
    database has it: the ``home_fr`` fixture's object still carries the address it had
    before its slug became ``accueil`` (/home-fr/, which no site serves), and a child
    added to it would take that address (tests/conftest.py)."""
    home = Page.objects.get(pk=home_fr.pk)
    section = StandardPage(title="Rubrique", slug="rubrique", introduction="Une rubrique.")
    home.add_child(instance=section)
    section.save_revision().publish()
    return section


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
    _french_news(news, locales)
    response = client.get("/fr/actualites/")
    assert response.status_code == 200 and "Actualités" in response.content.decode()
    assert _language_links(response.content)["en"] == "/en/news/"


def test_a_translation_moved_deeper_is_linked_where_it_is(
    client: Client, settings, news, home_fr, locales
):
    """The French news page lives below another French page: the homes' read holds the
    English one only, so the group is read (one query more than when the group is among
    the homes), and the switcher, hreflang and og:locale:alternate all name the French
    page at its own address, not the French home."""
    settings.PAGE_CACHE_SECONDS = settings.FRAGMENT_CACHE_SECONDS = 0
    french = _french_news(news, locales)
    among_the_homes = cold_queries(client, "/en/news/")
    Page.objects.get(pk=french.pk).move(_french_section(home_fr), pos="last-child")
    moved = "/fr/rubrique/actualites/"
    assert cold_queries(client, "/en/news/") == among_the_homes + 1

    english = _languages_of(client.get("/en/news/").content)
    assert english == {
        "switcher": {"fr": moved},
        "untranslated": [],
        "hreflang": {
            "en": "http://testserver/en/news/",
            "fr": f"http://testserver{moved}",
            "x-default": "http://testserver/en/news/",
        },
        "og": ["fr_FR"],
    }
    french_page = client.get(moved)
    assert french_page.status_code == 200
    assert _languages_of(french_page.content)["switcher"] == {"en": "/en/news/"}


def test_links_kept_in_the_fragment_cache_follow_the_move(
    client: Client, fragments, news, home_fr, locales, django_capture_on_commit_callbacks
):
    """The language links of a page are kept between requests: the move makes them
    unreachable (after its commit), and the next request links the new address."""
    french = _french_news(news, locales)
    assert _language_links(client.get("/en/news/").content) == {"fr": "/fr/actualites/"}
    section = _french_section(home_fr)
    with django_capture_on_commit_callbacks(execute=True):
        Page.objects.get(pk=french.pk).move(section, pos="last-child")
    links = _language_links(client.get("/en/news/").content)
    assert links == {"fr": "/fr/rubrique/actualites/"}


def test_a_translation_no_site_serves_counts_as_missing(client: Client, news, home_fr, locales):
    """A live French translation moved out of the site (below a top-level page no site
    serves) has no address: the switcher leads to the French home and says the page is
    not translated, and neither hreflang nor og:locale:alternate announce French. The
    switcher used to link the French home as if it were the translation, with hreflang
    and og:locale:alternate announcing it."""
    french = _french_news(news, locales)
    outside = Page.get_first_root_node().add_child(
        instance=Page(title="Archive", slug="archive", locale=locales["fr"])
    )
    Page.objects.get(pk=french.pk).move(outside, pos="last-child")
    assert Page.objects.get(pk=french.pk).live
    assert Page.objects.get(pk=french.pk).get_url() is None

    assert _languages_of(client.get("/en/news/").content) == {
        "switcher": {"fr": "/fr/"},
        "untranslated": ["fr"],
        "hreflang": {"en": "http://testserver/en/news/", "x-default": "http://testserver/en/news/"},
        "og": [],
    }


def test_an_untranslated_page_still_leads_to_the_french_home(client: Client, news, home_fr):
    assert _languages_of(client.get("/en/news/").content) == {
        "switcher": {"fr": "/fr/"},
        "untranslated": ["fr"],
        "hreflang": {"en": "http://testserver/en/news/", "x-default": "http://testserver/en/news/"},
        "og": [],
    }
