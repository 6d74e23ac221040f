"""What the first visitor after a publish pays: SQL queries per page with every cache off
(issue #19; measured with timings by ``python -m bench.cold``).

Every cache is off as right after a publish: no page cache, no fragment cache, and the
default cache emptied before the measured request, except Wagtail's list of site roots,
which a publish leaves in place. Each page is asked once first (renditions are made on a
first view). The counts are the same with 3 and with 10 articles in every list: a query
per item (a card, a topic, an image) would break the equality as well as the pin.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from bs4 import BeautifulSoup
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Locale, Page
from wagtail.models.sites import SITE_ROOT_PATHS_CACHE_KEY, SITE_ROOT_PATHS_CACHE_VERSION

from articles.models import ArticlePage
from cms.core.models import CustomImage
from tests.articles.factories import (
    ArticleIndexPageFactory,
    ArticlePageFactory,
    SeminarReportPageFactory,
    TopicFactory,
    tag,
)
from tests.cms.alerts.conftest import make_alert, translate
from tests.participants.factories import (
    JoinPageFactory,
    ParticipantIndexPageFactory,
    ParticipantPageFactory,
)
from tests.shared_data import bilingual_home, rolled_back

pytestmark = pytest.mark.django_db

# Common to every page below: the site, with the footer's settings (#19: -1, they were
# a query of their own) and its root as a home page (#19: -1, the root's specific row
# was a query when routing), the locales, the page's rows as Wagtail routes to it (a
# child and its specific row per level below the news or participants page: the step
# below the home page is among the homes' children, #19: -1), the view restrictions,
# the page's translation group (language links and translation notice: none for a home
# page or a page right below one, whose group is among the homes' read when complete,
# #19: -1), one read of the homes of every locale and the live pages right below them
# (#19: the header and menu, the French root's translation when routing, the home
# page's join page and its translation, the news page of the feed links, and each other
# language's home page the language links fall back to were a query each), and the live
# alert banners.

# Home page: the participant headline (a count; the participants page it links to
# comes with the homes: #19, -1) and the latest news (the articles, their renditions,
# their topic links; the topics in the reader's language are the linked ones, no query
# of their own: #19, -1). 20 on the demo before.
HOME_EN = 10
# In French the root's translation and the join page's come with the homes (#19: -2);
# the French articles link to the English topics, whose French names are one query.
# 22 on the demo before.
HOME_FR = 10
# News list: its facts (date span, years, topics), the bounded count, the ids of the
# page, their cards (articles, renditions, topic links), the countries of the country
# filter and the upcoming events' section of the news page. The feed links' news page
# is the one below the home page (#19: -1); the count rides on the page's ids (#19: -1);
# the years' probes carry the span of the dates (#19: -1).
NEWS_INDEX = 14
# An article: its listing image (sharing picture), the news page, its topic links with
# their topics (#19: -2, a query per linked topic before), its topics in its language,
# and its related pages (its locale for JSON-LD is the request's read of the locales:
# #19, -1).
ARTICLE = 13
# A seminar report: the same and its participating members.
SEMINAR_REPORT = 14
# The participants index: the count per country, the page of profiles and the map.
PARTICIPANTS_INDEX = 9


def cold_queries(client: Client, path: str) -> int:
    """The queries of ``path`` with the default cache emptied, after a first view."""
    assert client.get(path).status_code == 200, path
    roots = cache.get(SITE_ROOT_PATHS_CACHE_KEY, version=SITE_ROOT_PATHS_CACHE_VERSION)
    cache.clear()
    if roots is not None:
        cache.set(SITE_ROOT_PATHS_CACHE_KEY, roots, 3600, version=SITE_ROOT_PATHS_CACHE_VERSION)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200, path
    return len(captured)


@pytest.fixture
def cold(settings):
    settings.PAGE_CACHE_SECONDS = 0
    settings.FRAGMENT_CACHE_SECONDS = 0
    cache.clear()
    yield
    cache.clear()


def build_site() -> dict:
    """A site like the demo's: news and participants in the menu of both languages (the
    French participants page as the demo has it), a join page, topics in both languages."""
    home_en, home_fr = bilingual_home()
    locales = {locale.language_code: locale for locale in Locale.objects.all()}
    news_en = ArticleIndexPageFactory(parent=home_en, show_in_menus=True)
    news_fr = news_en.copy_for_translation(locales["fr"])
    news_fr.title, news_fr.slug = "Actualités", "actualites"
    news_fr.save_revision().publish()
    people = ParticipantIndexPageFactory(parent=home_en, show_in_menus=True)
    for number in range(3):
        ParticipantPageFactory(parent=people, title=f"Town {number}", slug=f"town-{number}")
    french_people = people.copy_for_translation(locales["fr"])
    french_people.slug = "participants"
    french_people.save_revision().publish()
    join = JoinPageFactory(parent=home_en, show_in_menus=True)
    french_join = join.copy_for_translation(locales["fr"])
    french_join.slug = "rejoindre"
    french_join.save_revision().publish()
    for home in (home_en, home_fr):
        home.join_heading, home.join_page = "Join", join
        home.save_revision().publish()
    topics = [TopicFactory(), TopicFactory()]
    for topic in topics:
        french = topic.copy_for_translation(locales["fr"])
        french.name, french.slug = f"{topic.name} (fr)", f"{topic.slug}-fr"
        french.save()
    image = CustomImage.objects.create(title="Photo", file=get_test_image_file())
    return {"news": news_en, "topics": topics, "image": image, "locales": locales}


@pytest.fixture(scope="module")
def shared_site(django_db_setup, django_db_blocker) -> Iterator[dict]:
    """Built once for the module (it was built for each test: over a second apiece on
    PostgreSQL) inside a transaction rolled back when the module ends; each test's own
    transaction is rolled back after it, so every test starts from this same site
    (tests/shared_data.py, `rolled_back`)."""
    yield from rolled_back(django_db_blocker, build_site)


@pytest.fixture
def site(cold, shared_site: dict) -> dict:
    """The shared rows read afresh: the news page in memory counts the children an
    earlier test added (since rolled back), and a child added under it would go wrong."""
    return {
        "news": shared_site["news"].specific_class.objects.get(pk=shared_site["news"].pk),
        "topics": [type(topic).objects.get(pk=topic.pk) for topic in shared_site["topics"]],
        "image": CustomImage.objects.get(pk=shared_site["image"].pk),
        "locales": {
            code: Locale.objects.get(pk=loc.pk) for code, loc in shared_site["locales"].items()
        },
    }


def add_articles(site: dict, count: int) -> None:
    """Articles and seminar reports with a picture and two topics, in both languages."""
    for number in range(count):
        factory = SeminarReportPageFactory if number % 2 else ArticlePageFactory
        article = factory(parent=site["news"], listing_image=site["image"])
        tag(article, *site["topics"])
        french = article.copy_for_translation(site["locales"]["fr"])
        french.title = f"{article.title} (fr)"
        french.save_revision().publish()


def measure(client: Client) -> dict[str, int]:
    article = ArticlePage.objects.exact_type(ArticlePage).filter(locale__language_code="en")
    report = ArticlePage.objects.not_exact_type(ArticlePage).filter(locale__language_code="en")
    return {
        "home en": cold_queries(client, "/en/"),
        "home fr": cold_queries(client, "/fr/"),
        "news index": cold_queries(client, "/en/news/"),
        "article": cold_queries(client, article.first().url),
        "seminar report": cold_queries(client, report.first().url),
        "participants index": cold_queries(client, "/en/participants/"),
    }


PINS = {
    "home en": HOME_EN,
    "home fr": HOME_FR,
    "news index": NEWS_INDEX,
    "article": ARTICLE,
    "seminar report": SEMINAR_REPORT,
    "participants index": PARTICIPANTS_INDEX,
}


def test_cold_pages_cost_the_same_with_3_and_10_articles(site, client: Client):
    add_articles(site, 3)
    three = measure(client)
    add_articles(site, 7)
    ten = measure(client)
    assert three == ten, "a query per item came back"
    assert three == PINS


def test_home_pages_stay_within_the_target(site, client: Client):
    """Issue #19's target for the home page: at most 15 queries with every cache off."""
    add_articles(site, 3)
    assert cold_queries(client, "/en/") <= 15
    assert cold_queries(client, "/fr/") <= 15


def join_link(client: Client, path: str) -> str:
    html = BeautifulSoup(client.get(path).content, "html.parser")
    return html.select_one(".call-to-action a.button")["href"]


def test_the_join_link_leads_to_the_join_page_in_the_readers_language(site, client: Client):
    """Read with the homes (no query of its own), as Wagtail's ``localized`` would: the
    chosen page's live translation, or the chosen page while it has none."""
    assert join_link(client, "/en/") == "/en/join/"
    assert join_link(client, "/fr/") == "/fr/rejoindre/"
    Page.objects.get(slug="rejoindre").specific.unpublish()
    assert join_link(client, "/fr/") == "/en/join/"


def test_an_alert_on_a_section_costs_only_the_alerts(site, client: Client):
    """An alert on the news section linking to the news page, in both languages: its
    section and link in every language come with the homes (#19: -1), so the news page
    costs what it costs without one (the live alerts are read on every page); the banner
    is shown, linked to the news page."""
    add_articles(site, 3)
    alert = make_alert(
        site["locales"]["en"], section=site["news"], link_page=site["news"], link_text="More"
    )
    translate(alert, site["locales"]["fr"], message="La réunion est reportée.", link_text="Plus")
    assert cold_queries(client, "/en/news/") == NEWS_INDEX
    html = BeautifulSoup(client.get("/en/news/").content, "html.parser")
    link = html.find("a", string=lambda text: text and "More" in text)
    assert "Kaunas" in html.get_text() and link is not None and link["href"] == "/en/news/"
