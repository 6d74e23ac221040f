"""The articles demo: the seed's seminar report with every fact, in both languages."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Q
from django.test import Client

from articles.models import ArticleIndexPage, ArticlePage, SeminarReportPage, Topic
from participants.models import ParticipantPage
from tests.articles.conftest import soup_of
from tests.shared_data import load_demo, rolled_back

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo_once(django_db_setup, django_db_blocker) -> Iterator[None]:
    """The demo, loaded once for the module and rolled back at its end; what a test
    changes is undone after it (tests/shared_data.py)."""
    yield from rolled_back(django_db_blocker, load_demo)


@pytest.fixture
def demo(demo_once, locales):
    """The demo site, as loaded by `load_demo_content`."""


def test_news_index_exists_in_both_languages_and_is_in_the_menu(client: Client, demo):
    indexes = ArticleIndexPage.objects.live().order_by("locale__language_code")
    assert [(page.locale.language_code, page.url) for page in indexes] == [
        ("en", "/en/news/"),
        ("fr", "/fr/actualites/"),
    ]
    assert all(page.show_in_menus for page in indexes)
    nav = soup_of(client.get("/fr/")).find("nav", class_="main-nav")
    assert "Actualités" in nav.get_text()


def test_lithuania_report_has_every_fact_of_the_seed(client: Client, demo):
    report = SeminarReportPage.objects.get(slug="lithuania-national-seminar-2015")
    assert report.start_date == datetime.date(2015, 12, 17)
    assert report.country.code == "LT"
    assert report.attendee_count == 23
    assert report.standfirst == (
        "Mayors, civil servants, national authorities and NGOs discuss Roma inclusion"
    )
    assert [block.value["title"] for block in report.topics_discussed] == [
        "Funding",
        "Communication with Roma communities",
        "Coordination between levels of government",
        "Employment",
        "Housing",
        "Education",
        "The role of NGOs",
        "Political participation",
    ]
    photos = [block.value["image"] for block in report.gallery]
    assert len(photos) == 2
    assert all(photo.credit == "CoE" for photo in photos)
    assert all("illustration" in photo.description.lower() for photo in photos)
    expected_members = ParticipantPage.objects.filter(
        Q(country="LT") | Q(slug="veldhoven"), locale=report.locale
    )
    assert {link.participant for link in report.participant_links.all()} == set(expected_members)

    html = soup_of(client.get("/en/news/lithuania-national-seminar-2015/"))
    text = html.get_text(" ", strip=True)
    for fact in (
        "17 December 2015",
        "Trakai, near Vilnius",
        "23 elected officials and senior civil servants",
        "government representatives, scholars and NGO representatives",
        "Veldhoven",
        "Kirtimai",
        "France, Spain and Serbia",
        "Photo: CoE",
    ):
        assert fact in text, fact
    if expected_members:
        assert html.find("h2", id="members-heading").get_text() == "Participating Alliance members"


def test_french_report_is_translated_with_french_dates(client: Client, demo):
    html = soup_of(client.get("/fr/actualites/seminaire-national-lituanie-2015/"))
    assert html.h1.get_text() == (
        "Premier séminaire national sur l’inclusion des Roms au niveau local en Lituanie"
    )
    text = html.get_text(" ", strip=True)
    assert "17 décembre 2015" in text
    assert "Trakai, près de Vilnius" in text
    assert "Thèmes débattus" in text
    assert "Centre communautaire rom" in text


def test_earlier_seminars_have_no_invented_dates_or_places(demo):
    for slug, country in (
        ("national-seminar-france", "FR"),
        ("national-seminar-spain", "ES"),
        ("national-seminar-serbia", "RS"),
    ):
        report = SeminarReportPage.objects.get(slug=slug)
        assert report.country.code == country
        assert report.start_date is None and report.end_date is None
        assert report.place == report.venue == ""
        assert report.attendee_count is None
        assert "before December 2015" in report.standfirst


def test_news_articles_and_topics_exist_in_both_languages(demo):
    news = ArticlePage.objects.filter(seminarreportpage__isnull=True)
    assert news.filter(locale__language_code="en").count() >= 3
    assert news.filter(locale__language_code="fr").count() >= 3
    assert set(Topic.objects.filter(locale__language_code="fr").values_list("name", flat=True)) >= {
        "Logement",
        "Éducation",
        "Emploi",
        "Financement",
    }


def test_demo_is_idempotent(demo):
    counts = (ArticlePage.objects.count(), Topic.objects.count())
    out = StringIO()
    call_command("load_demo_content", stdout=out, stderr=StringIO())
    assert (ArticlePage.objects.count(), Topic.objects.count()) == counts
    assert "nothing changed" in out.getvalue()


@pytest.mark.parametrize(
    "language, report, join, home, words",
    [
        (
            "en",
            "/en/news/lithuania-national-seminar-2015/",
            "/en/join/",
            "/en/",
            ("Programme of the seminar", "Questions about joining", "Upcoming events"),
        ),
        (
            "fr",
            "/fr/actualites/seminaire-national-lituanie-2015/",
            "/fr/rejoindre/",
            "/fr/",
            ("Programme du séminaire", "Questions sur l’adhésion", "Événements à venir"),
        ),
    ],
)
def test_the_demo_uses_every_toolbox_block_in_both_languages(
    client: Client, demo, language, report, join, home, words
):
    """Issue #21: each new block at least once in English and in French."""
    table_caption, faq_heading, events_heading = words
    page = soup_of(client.get(report))
    assert page.select_one(".block-table caption").get_text() == table_caption
    assert page.select_one(".callout--key_figure") and page.select_one(".callout--note")
    assert page.select_one(".block-document-list a")
    assert page.select_one(".media-consent template")  # the player waits for a click
    join_page = soup_of(client.get(join))
    assert join_page.select_one(".block-accordion h2").get_text() == faq_heading
    assert len(join_page.select(".block-accordion details")) == 3
    home_page = soup_of(client.get(home))
    assert home_page.select_one(".upcoming-events h2").get_text() == events_heading
    assert home_page.select_one(".upcoming-events .event-title")
    assert home_page.select_one(".alert-banner").get("data-alert-id")
