"""Upcoming events: seminar reports whose dates are ahead, in the "Upcoming events"
block, above the news list and in each language's iCalendar feed. Only live, public
reports from today on, in the page's language, by date; never drafts or private ones."""

from __future__ import annotations

import datetime
import io
import json

import pytest
from django.core.exceptions import ValidationError
from django.core.management.base import OutputWrapper
from django.db import connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from wagtail import blocks
from wagtail.admin.telepath import JSContext
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import PageViewRestriction

from articles.demo_events import load_upcoming
from articles.models import SeminarReportPage, Topic
from cms.api.streams import StreamRepresentation
from cms.core.blocks.events import UpcomingEventsBlock
from cms.core.events import MAX_EVENTS, upcoming_events
from cms.core.models import CustomImage
from cms.demo_kit.loader import DemoLoader
from tests.articles.conftest import soup_of
from tests.articles.factories import SeminarReportPageFactory, TopicFactory, tag
from tests.articles.test_listing import INDEX_QUERIES, _add_articles, _index_queries

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def days(number: int) -> datetime.date:
    return TODAY + datetime.timedelta(days=number)


def report(news, title: str, start: int | None, **fields) -> SeminarReportPage:
    return SeminarReportPageFactory(
        parent=news,
        title=title,
        slug=title.lower().replace(" ", "-"),
        start_date=days(start) if start is not None else None,
        **fields,
    )


def translate(page: SeminarReportPage, locale, title: str, place: str = "") -> SeminarReportPage:
    french = page.copy_for_translation(locale)
    french.title, french.slug = title, page.slug + "-fr"
    if place:
        french.place = place
    french.save_revision().publish()
    return french


@pytest.fixture
def agenda(news_en):
    """Reports in the past, today, ahead, and ahead but hidden in three ways."""
    housing = TopicFactory(name="Housing", slug="housing")
    pages = {
        "past": report(news_en, "Past seminar", -1),
        "undated": report(news_en, "Undated seminar", None),
        "today": report(news_en, "Seminar today", 0, country="LT"),
        "soon": report(news_en, "Seminar in Kaunas", 5, end_date=days(6), place="Kaunas"),
        "later": report(news_en, "Seminar in Lyon", 10, country="FR", place="Lyon"),
        "last": report(news_en, "Seminar in Madrid", 20, country="ES", place="Madrid"),
        "draft": report(news_en, "Draft seminar", 3, live=False),
        "expired": report(
            news_en, "Expired seminar", 4, expire_at=timezone.now() - datetime.timedelta(minutes=1)
        ),
        "private": report(news_en, "Private seminar", 2),
    }
    PageViewRestriction.objects.create(page=pages["private"], restriction_type="login")
    tag(pages["later"], housing)
    tag(pages["past"], housing)
    return {**pages, "housing": housing}


def titles(events) -> list[str]:
    return [event.title for event in events]


def test_only_future_live_public_reports_by_date_and_limited(agenda, news_en):
    events = upcoming_events(news_en.locale, limit=MAX_EVENTS)
    assert titles(events) == [
        "Seminar today",
        "Seminar in Kaunas",
        "Seminar in Lyon",
        "Seminar in Madrid",
    ]
    assert titles(upcoming_events(news_en.locale, limit=2)) == [
        "Seminar today",
        "Seminar in Kaunas",
    ]
    kaunas = events.events[1]
    assert (kaunas.start_date, kaunas.end_date, kaunas.place) == (days(5), days(6), "Kaunas")
    assert kaunas.url == "/en/news/seminar-in-kaunas/"
    assert kaunas.full_url == "http://testserver/en/news/seminar-in-kaunas/"
    assert events.feed_url == "/en/news/feed/events/"


def test_filters_by_country_and_by_topic_of_any_language(agenda, news_en, locales):
    assert titles(upcoming_events(news_en.locale, country="fr")) == ["Seminar in Lyon"]
    assert titles(upcoming_events(news_en.locale, country="DE")) == []
    assert titles(upcoming_events(news_en.locale, topic=agenda["housing"])) == ["Seminar in Lyon"]
    logement = agenda["housing"].copy_for_translation(locales["fr"])
    logement.name, logement.slug = "Logement", "logement"
    logement.save()
    assert titles(upcoming_events(news_en.locale, topic=logement)) == ["Seminar in Lyon"]
    assert titles(upcoming_events(news_en.locale, country="ES", topic=logement)) == []


def test_a_language_lists_its_own_translations_only(agenda, news_fr, locales):
    translate(agenda["soon"], locales["fr"], "Séminaire à Kaunas")
    draft = agenda["later"].copy_for_translation(locales["fr"])  # a translation not yet live
    draft.title = "Séminaire à Lyon (brouillon)"
    draft.save_revision()
    events = upcoming_events(news_fr.locale)
    assert titles(events) == ["Séminaire à Kaunas"]
    assert events.events[0].url == "/fr/actualites/seminar-in-kaunas-fr/"
    assert events.events[0].locale == "fr"
    assert events.feed_url == "/fr/actualites/feed/events/"


# --- the iCalendar feed ---------------------------------------------------------------


def parse_calendar(body: str) -> list[dict[str, str]]:
    """The VEVENTs of an iCalendar text (unfolded), each as {property: value}."""
    assert body.endswith("\r\n") and "\n" not in body.replace("\r\n", "")
    assert all(len(line.encode()) <= 75 for line in body.split("\r\n"))
    lines = body.replace("\r\n ", "").split("\r\n")[:-1]
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-1] == "END:VCALENDAR"
    events: list[dict[str, str]] = []
    for line in lines:
        if line == "BEGIN:VEVENT":
            events.append({})
        elif events and line != "END:VEVENT" and not line.startswith("END:VCALENDAR"):
            name, value = line.split(":", 1)
            events[-1][name] = value
    return events


def test_the_feed_of_each_language_has_its_upcoming_events(
    client: Client, agenda, news_fr, locales
):
    translate(agenda["soon"], locales["fr"], "Séminaire à Kaunas", place="Kaunas (Lituanie)")
    translate(agenda["past"], locales["fr"], "Séminaire passé")
    response = client.get("/en/news/feed/events/")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    english = parse_calendar(response.content.decode())
    assert [event["SUMMARY"] for event in english] == [
        "Seminar today",
        "Seminar in Kaunas",
        "Seminar in Lyon",
        "Seminar in Madrid",
    ]
    kaunas = english[1]
    assert kaunas["DTSTART;VALUE=DATE"] == f"{days(5):%Y%m%d}"
    assert kaunas["DTEND;VALUE=DATE"] == f"{days(7):%Y%m%d}"  # exclusive: after the last day
    today = english[0]
    assert today["DTEND;VALUE=DATE"] == f"{days(1):%Y%m%d}"  # one day
    assert kaunas["URL"] == "http://testserver/en/news/seminar-in-kaunas/"
    assert "X-WR-CALNAME:Upcoming events | News" in response.content.decode()

    response = client.get("/fr/actualites/feed/events/")
    assert response.status_code == 200
    body = response.content.decode()
    french = parse_calendar(body)
    assert [event["SUMMARY"] for event in french] == ["Séminaire à Kaunas"]
    assert french[0]["URL"] == "http://testserver/fr/actualites/seminar-in-kaunas-fr/"
    assert french[0]["LOCATION"] == "Kaunas (Lituanie)\\, Lituanie"  # country in French
    assert french[0]["UID"] != kaunas["UID"]
    assert "X-WR-CALNAME:Événements à venir | Actualités" in body


def test_the_feed_is_empty_but_valid_with_nothing_planned_and_404_elsewhere(
    client: Client, news_en
):
    report(news_en, "Past seminar", -3)
    response = client.get("/en/news/feed/events/")
    assert response.status_code == 200
    assert parse_calendar(response.content.decode()) == []
    for language in ("de", "xx"):  # no such language: sent to English, where no such page
        response = client.get(f"/{language}/news/feed/events/", follow=True)
        assert response.status_code == 404
        assert response.redirect_chain == [(f"/en/{language}/news/feed/events/", 302)]
    assert client.get("/en/news/feed/nothing/").status_code == 404


# --- the block ------------------------------------------------------------------------


def render_block(value: dict, page, language: str) -> str:
    block = UpcomingEventsBlock()
    request = RequestFactory().get("/")
    with translation.override(language):
        return block.render(block.to_python(value), {"page": page, "request": request})


def test_the_block_lists_events_in_the_pages_language(agenda, news_en, news_fr, locales):
    translate(agenda["soon"], locales["fr"], "Séminaire à Kaunas")
    translate(agenda["later"], locales["fr"], "Séminaire à Lyon", place="Lyon")
    html = render_block({"heading": "", "count": 5}, news_en, "en")
    assert "<h2" in html and "Upcoming events" in html
    assert html.index("Seminar today") < html.index("Seminar in Kaunas") < html.index("Lyon")
    assert "Draft seminar" not in html and "Private seminar" not in html
    assert "Past seminar" not in html
    assert 'href="/en/news/seminar-in-kaunas/"' in html
    assert 'href="/en/news/feed/events/"' in html and "All upcoming events (iCal)" in html

    french = render_block({"heading": "Prochains séminaires", "count": 1}, news_fr, "fr")
    assert "Prochains séminaires" in french
    assert "Séminaire à Kaunas" in french and "Lyon" not in french  # limited to 1
    date = days(5)
    months = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août"]
    months += ["septembre", "octobre", "novembre", "décembre"]
    assert f"{date.day} {months[date.month - 1]} {date.year}" in french
    assert "Lituanie" in french
    assert 'href="/fr/actualites/feed/events/"' in french
    assert "Tous les événements à venir (iCal)" in french

    lyon = render_block({"country": "FR", "count": 5}, news_fr, "fr")
    assert "Séminaire à Lyon" in lyon and "Kaunas" not in lyon
    assert "Lyon, France" in lyon


def test_the_block_says_when_nothing_is_planned(news_en, news_fr):
    html = render_block({"count": 5}, news_fr, "fr")
    assert "Aucun événement n’est prévu pour le moment." in html
    assert "<ul" not in html


def test_the_blocks_api_representation_is_in_the_pages_language(agenda, news_en, news_fr, locales):
    translate(agenda["soon"], locales["fr"], "Séminaire à Kaunas")
    block = UpcomingEventsBlock()
    value = block.to_python({"heading": "", "count": 3})
    data = block.get_api_representation(value, {"page": news_fr})
    assert data == {
        "heading": "Événements à venir",
        "events": [
            {
                "title": "Séminaire à Kaunas",
                "url": "http://testserver/fr/actualites/seminar-in-kaunas-fr/",
                "start_date": days(5).isoformat(),
                "end_date": days(6).isoformat(),
                "place": "Kaunas",
                "country": {"code": "LT", "name": "Lituanie"},
                "locale": "fr",
            }
        ],
        "feed_url": "http://testserver/fr/actualites/feed/events/",
    }
    english = block.get_api_representation(value, {"page": news_en})
    assert [event["title"] for event in english["events"]][:2] == [
        "Seminar today",
        "Seminar in Kaunas",
    ]
    assert english["events"][0]["country"] == {"code": "LT", "name": "Lithuania"}


def test_a_stream_gives_the_block_as_it_represents_itself(agenda, news_en):
    """Through the APIs' stream representation (cms/api/streams.py), as a page body
    holding the block would be given once the block is in the shared stream."""
    stream_block = blocks.StreamBlock([("upcoming_events", UpcomingEventsBlock())])
    value = stream_block.to_python(
        [{"type": "upcoming_events", "value": {"heading": "Next", "count": 2}, "id": "e1"}]
    )
    data = StreamRepresentation(value, {}, page=news_en).data()
    assert [item["type"] for item in data] == ["upcoming_events"]
    assert data[0]["value"]["heading"] == "Next"
    assert [event["title"] for event in data[0]["value"]["events"]] == [
        "Seminar today",
        "Seminar in Kaunas",
    ]


def test_the_block_refuses_a_count_out_of_bounds(news_en):
    block = UpcomingEventsBlock()
    for count in (0, MAX_EVENTS + 1):
        with pytest.raises(ValidationError):
            block.clean(block.to_python({"count": count}))
    assert block.clean(block.to_python({"count": MAX_EVENTS}))["count"] == MAX_EVENTS
    with pytest.raises(ValidationError):
        block.clean(block.to_python({"country": "XX", "count": 5}))
    assert block.get_default()["count"] == 5


def test_the_blocks_editing_form_offers_countries_in_the_editors_language(news_en):
    block = UpcomingEventsBlock()
    block.set_name("upcoming_events")
    with translation.override("fr"):
        packed = json.dumps(JSContext().pack(block), ensure_ascii=False)
    assert '"LT\\">Lituanie<' in packed and ">Allemagne<" in packed
    assert block.child_blocks["topic"].target_model is Topic


def test_the_block_preview_shows_a_sample_when_nothing_is_planned(news_en):
    block = UpcomingEventsBlock()
    block.set_name("upcoming_events")
    assert block.is_previewable
    assert block.get_description()
    value = block.get_preview_value()
    html = block.render(value, {"block_def": block, "request": RequestFactory().get("/")})
    assert "National seminar on Roma inclusion" in html and "Kaunas" in html


def test_the_block_costs_the_same_queries_for_few_and_many_reports(news_en):
    def queries() -> int:
        render_block({"count": 5}, news_en, "en")  # the site's root paths are read once
        with CaptureQueriesContext(connection) as captured:
            render_block({"count": 5}, news_en, "en")
        return len(captured)

    for number in range(2):
        report(news_en, f"Seminar {number}", number + 1)
    few = queries()
    for number in range(2, 30):
        report(news_en, f"Seminar {number}", number + 1, country="LT")
    many = queries()
    # The request's site, the private sections, the reports and the news page.
    assert (few, many) == (4, 4)


# --- the news page's section ----------------------------------------------------------


def test_the_news_page_shows_the_next_three_events_above_its_list(client: Client, agenda):
    html = soup_of(client.get("/en/news/"))
    section = html.find("section", class_="upcoming-events")
    assert section is not None and section.find("h2").get_text() == "Upcoming events"
    links = section.select(".event-title")
    assert [link.get_text() for link in links] == [
        "Seminar today",
        "Seminar in Kaunas",
        "Seminar in Lyon",
    ]
    feed = section.find("a", type="text/calendar")
    assert feed["href"] == "/en/news/feed/events/"
    assert section.find_next("section", class_="article-list-section") is not None
    alternate = html.find("link", rel="alternate", type="text/calendar")
    assert alternate["href"] == "http://testserver/en/news/feed/events/"
    # A filtered list is about something else: no section.
    filtered = soup_of(client.get("/en/news/?type=article"))
    assert filtered.find("section", class_="upcoming-events") is None


def test_the_news_page_has_no_section_without_upcoming_events(client: Client, news_en):
    report(news_en, "Past seminar", -3)
    html = soup_of(client.get("/en/news/"))
    assert html.find("section", class_="upcoming-events") is None
    assert html.find("link", rel="alternate", type="text/calendar") is not None


def test_the_news_page_costs_the_same_queries_for_few_and_many_events(client: Client, news_en):
    """The news list's own query-count scenario (tests/articles/test_listing.py), its
    reports dated ahead: the section costs what it costs with no event, at 5 and 50."""
    topics = [TopicFactory(), TopicFactory()]
    image = CustomImage.objects.create(title="Photo", file=get_test_image_file())
    _add_articles(news_en, topics, image, 5)
    SeminarReportPage.objects.update(start_date=days(3))
    five = _index_queries(client)
    _add_articles(news_en, topics, image, 45)
    SeminarReportPage.objects.update(start_date=days(3))
    fifty = _index_queries(client)
    assert (five, fifty) == (INDEX_QUERIES, INDEX_QUERIES)
    html = soup_of(client.get("/en/news/"))
    assert len(html.select(".upcoming-events .event-title")) == 3


def test_a_kept_section_forgets_an_event_whose_day_has_passed(
    fragments, client: Client, agenda, monkeypatch
):
    def section_titles() -> list[str]:
        html = soup_of(client.get("/en/news/"))
        return [link.get_text() for link in html.select(".upcoming-events .event-title")]

    assert section_titles()[0] == "Seminar today"
    with CaptureQueriesContext(connection) as captured:
        assert section_titles()[0] == "Seminar today"
    assert len(captured) == 0  # kept
    monkeypatch.setattr(timezone, "localdate", lambda *args: days(1))
    assert section_titles() == ["Seminar in Kaunas", "Seminar in Lyon", "Seminar in Madrid"]
    block_events = upcoming_events(agenda["soon"].locale)
    assert titles(block_events)[0] == "Seminar in Kaunas"


def test_the_demo_seminar_is_ahead_in_both_languages(client: Client, news_en, news_fr):
    loader = DemoLoader(stdout=OutputWrapper(io.StringIO()))
    report = load_upcoming(loader, news_en)
    assert load_upcoming(loader, news_en).pk == report.pk  # loading again adds nothing
    assert (report.start_date, report.end_date) == (days(45), days(46))
    english = parse_calendar(client.get("/en/news/feed/events/").content.decode())
    french = parse_calendar(client.get("/fr/actualites/feed/events/").content.decode())
    assert [event["SUMMARY"] for event in english] == ["National seminar in Kaunas"]
    assert [event["SUMMARY"] for event in french] == ["Séminaire national à Kaunas"]
    assert french[0]["DTSTART;VALUE=DATE"] == f"{days(45):%Y%m%d}"
    assert french[0]["DTEND;VALUE=DATE"] == f"{days(47):%Y%m%d}"
    assert french[0]["LOCATION"] == "Municipalité de la ville de Kaunas\\, Kaunas\\, Lituanie"
