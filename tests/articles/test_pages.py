"""Article and seminar report pages: where they may live, how editors create them,
and what readers see (event facts, localised dates, JSON-LD, sharing tags, .ics)."""

from __future__ import annotations

import datetime
import json

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from articles.ical import fold
from articles.models import ArticleIndexPage, ArticlePage, SeminarReportPage
from cms.core.models import CustomImage
from home.models import HomePage, StandardPage
from tests.articles.conftest import soup_of
from tests.articles.factories import (
    ArticleIndexPageFactory,
    ArticlePageFactory,
    SeminarReportPageFactory,
    TopicFactory,
    tag,
)
from tests.home.factories import StandardPageFactory

pytestmark = pytest.mark.django_db


def test_page_type_rules(home_en, news_en):
    assert ArticleIndexPage.can_create_at(home_en) is False  # one news page per home page
    assert set(ArticleIndexPage.allowed_subpage_models()) == {ArticlePage, SeminarReportPage}
    assert set(ArticleIndexPage.allowed_parent_page_models()) == {HomePage}
    for model in (ArticlePage, SeminarReportPage):
        assert model.can_create_at(news_en)
        assert not model.can_create_at(home_en)
        assert model.allowed_subpage_models() == []
    assert not ArticlePage.can_create_at(Page.get_first_root_node())
    assert ArticlePage not in StandardPage.allowed_subpage_models()


def _article_form(topic_ids: list[int], **overrides) -> dict:
    data = {
        "title": "Housing seminar held",
        "slug": "housing-seminar-held",
        "publication_date": "2024-03-05",
        "standfirst": "Municipalities ask for the power to award social housing.",
        "listing_image": "",
        "body": streamfield([("paragraph", rich_text("<p>Housing is a human right.</p>"))]),
        "topic_links": inline_formset([{"topic": pk} for pk in topic_ids]),
        "related_page_links": inline_formset([]),
        "participant_links": inline_formset([]),
        "comments": inline_formset([]),
        "action-publish": "action-publish",
    }
    data.update(overrides)
    return nested_form_data(data)


class TestAdminCreation(WagtailPageTestCase):
    """Editors create both kinds of page through the real admin forms."""

    def setUp(self) -> None:
        self.user = get_user_model().objects.create_superuser("boss", "boss@example.org", "pw")
        self.client.force_login(self.user)
        self.home = Site.objects.get(is_default_site=True).root_page.specific
        self.news = ArticleIndexPageFactory(parent=self.home)
        self.topic = TopicFactory(name="Housing", slug="housing")

    def test_article_can_be_created_and_published(self) -> None:
        self.assertCanCreateAt(ArticleIndexPage, ArticlePage)
        self.assertCanNotCreateAt(HomePage, ArticlePage)
        self.assertCanCreate(self.news, ArticlePage, _article_form([self.topic.pk]))
        article = ArticlePage.objects.get(slug="housing-seminar-held", locale=self.news.locale)
        assert article.live
        assert article.publication_date == datetime.date(2024, 3, 5)
        assert [link.topic for link in article.topic_links.all()] == [self.topic]

    def test_report_can_be_created_with_its_event_facts(self) -> None:
        data = _article_form(
            [self.topic.pk],
            title="Seminar in Trakai",
            slug="seminar-in-trakai",
            start_date="2015-12-17",
            end_date="",
            venue="",
            place="Trakai, near Vilnius",
            country="LT",
            organiser="Congress",
            partners="Roma Community Centre",
            attendee_count="23",
            attendee_description="elected officials",
            topics_discussed=streamfield(
                [("topic", {"title": "Funding", "summary": "Continuity of projects."})]
            ),
            outcomes=rich_text("<p>More power over social housing.</p>"),
            site_visits=streamfield([]),
            gallery=streamfield([]),
            documents=streamfield([]),
        )
        self.assertCanCreate(self.news, SeminarReportPage, data)
        report = SeminarReportPage.objects.get(slug="seminar-in-trakai", locale=self.news.locale)
        assert report.start_date == datetime.date(2015, 12, 17)
        assert report.country.code == "LT"
        assert report.attendee_count == 23
        assert report.topics_discussed[0].value["title"] == "Funding"

    def test_report_with_end_before_start_is_refused_and_nothing_is_saved(self) -> None:
        data = _article_form(
            [],
            title="Impossible seminar",
            slug="impossible-seminar",
            start_date="2015-12-17",
            end_date="2015-12-01",
            attendee_count="-4",
            country="XX",
            topics_discussed=streamfield([]),
            site_visits=streamfield([]),
            gallery=streamfield([]),
            documents=streamfield([]),
        )
        url = f"/admin/pages/add/articles/seminarreportpage/{self.news.pk}/"
        response = self.client.post(url, data)
        assert response.status_code == 200
        errors = response.context["form"].errors
        assert "end_date" in errors or "__all__" in errors
        assert "attendee_count" in errors
        assert "country" in errors
        assert not SeminarReportPage.objects.filter(slug="impossible-seminar").exists()

    def test_anonymous_visitor_cannot_reach_the_create_form(self) -> None:
        self.client.logout()
        url = f"/admin/pages/add/articles/articlepage/{self.news.pk}/"
        response = self.client.post(url, _article_form([]))
        assert response.status_code == 302
        assert "/admin/login/" in response["Location"]
        assert not ArticlePage.objects.filter(slug="housing-seminar-held").exists()


def test_report_shows_event_facts_gallery_and_documents(client: Client, news_en):
    report = SeminarReportPageFactory(
        parent=news_en,
        slug="lithuania",
        title="Seminar in Lithuania",
        partners="Roma Community Centre",
        topics_discussed=[("topic", {"title": "Housing", "summary": "More social housing."})],
        site_visits=[("visit", {"name": "Kirtimai", "description": "A community centre."})],
    )
    html = soup_of(client.get("/en/news/lithuania/"))
    facts = html.find("aside", class_="event-facts")
    assert facts.h2.get_text() == "Event facts"
    text = facts.get_text(" ", strip=True)
    for fact in ("17 December 2015", "Trakai, near Vilnius", "Lithuania", "23 elected officials"):
        assert fact in text
    assert facts.find("time")["datetime"] == "2015-12-17"
    assert html.find("h2", id="topics-discussed-heading")
    assert "More social housing." in html.find("section", class_="topics-discussed").get_text()
    assert "Kirtimai" in html.get_text()
    ics_link = facts.find("a", attrs={"download": True})
    assert ics_link["href"] == "/en/news/lithuania/ical/"
    assert report.live


def test_dates_are_localised_in_french(client: Client, news_en, news_fr, locales):
    report = SeminarReportPageFactory(parent=news_en, slug="lithuania", title="Seminar")
    french = report.copy_for_translation(locales["fr"])
    french.slug = "lituanie"
    french.save_revision().publish()
    html = soup_of(client.get("/fr/actualites/lituanie/"))
    facts = html.find("aside", class_="event-facts").get_text(" ", strip=True)
    assert "17 décembre 2015" in facts
    assert "Lituanie" in facts  # the country's name in French
    assert "1 mai 2024" in html.find("p", class_="article-date").get_text()
    assert html.find("h2", id="facts-heading").get_text() == "Informations pratiques"


def _json_ld(html) -> dict[str, dict]:
    scripts = html.find_all("script", type="application/ld+json")
    return {data["@type"]: data for data in (json.loads(s.string) for s in scripts)}


def test_report_carries_news_article_and_event_json_ld(client: Client, news_en):
    report = SeminarReportPageFactory(
        parent=news_en, slug="lithuania", title="Seminar </script><b>", end_date=None
    )
    response = client.get("/en/news/lithuania/")
    assert b"</script><b>" not in response.content  # escaped inside the JSON
    data = _json_ld(soup_of(response))
    assert data["NewsArticle"]["headline"] == "Seminar </script><b>"
    assert data["NewsArticle"]["datePublished"] == "2024-05-01"
    event = data["Event"]
    assert event["startDate"] == event["endDate"] == "2015-12-17"
    assert event["location"]["address"]["addressCountry"] == "LT"
    assert event["location"]["address"]["addressLocality"] == "Trakai, near Vilnius"
    assert event["url"] == report.full_url == "http://testserver/en/news/lithuania/"


def test_article_has_news_article_but_no_event(client: Client, news_en):
    ArticlePageFactory(parent=news_en, slug="plain")
    assert set(_json_ld(soup_of(client.get("/en/news/plain/")))) == {
        "NewsArticle",
        "BreadcrumbList",
    }


def test_report_without_date_has_no_event_and_no_calendar(client: Client, news_en):
    SeminarReportPageFactory(parent=news_en, slug="france", start_date=None, country="FR")
    html = soup_of(client.get("/en/news/france/"))
    assert set(_json_ld(html)) == {"NewsArticle", "BreadcrumbList"}
    assert "Not recorded" in html.find("aside", class_="event-facts").get_text()
    assert client.get("/en/news/france/ical/").status_code == 404


def test_ical_download_follows_rfc_5545(client: Client, news_en):
    SeminarReportPageFactory(
        parent=news_en,
        slug="lithuania",
        title="Seminar; with, commas and a very long title that must be folded over lines",
        end_date=datetime.date(2015, 12, 18),
    )
    response = client.get("/en/news/lithuania/ical/")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert 'filename="lithuania.ics"' in response["Content-Disposition"]
    body = response.content.decode()
    assert body.endswith("\r\n")
    lines = body.split("\r\n")[:-1]
    assert all(len(line.encode()) <= 75 for line in lines)
    assert "\n" not in body.replace("\r\n", "")
    unfolded = body.replace("\r\n ", "")
    assert unfolded.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
    assert "DTSTART;VALUE=DATE:20151217\r\n" in unfolded
    assert "DTEND;VALUE=DATE:20151219\r\n" in unfolded  # exclusive end
    assert "SUMMARY:Seminar\\; with\\, commas and a very long title" in unfolded
    assert "LOCATION:Trakai\\, near Vilnius\\, Lithuania\r\n" in unfolded
    assert "URL:http://testserver/en/news/lithuania/\r\n" in unfolded  # the site's address
    assert unfolded.count("BEGIN:VEVENT") == 1


def test_ical_folding_never_splits_a_multibyte_character():
    folded = fold("SUMMARY:" + "é" * 100)
    for line in folded.split("\r\n"):
        assert len(line.encode()) <= 75
        line.encode().decode()  # would raise if a character had been cut
    assert folded.replace("\r\n ", "") == "SUMMARY:" + "é" * 100


def test_open_graph_and_twitter_tags_come_from_the_page(client: Client, news_en):
    image = CustomImage.objects.create(
        title="Kirtimai", file=get_test_image_file(), description="Houses in Kirtimai"
    )
    ArticlePageFactory(
        parent=news_en,
        slug="shared",
        title="Shared article",
        standfirst="What it says.",
        listing_image=image,
    )
    html = soup_of(client.get("/en/news/shared/"))

    def meta(key: str) -> str:
        tag = html.find("meta", attrs={"property": key}) or html.find("meta", attrs={"name": key})
        return tag["content"]

    assert meta("og:type") == "article"
    assert meta("og:title") == "Shared article"
    assert meta("og:description") == "What it says."
    origin = Site.objects.get(is_default_site=True).root_url  # the public address
    assert meta("og:url") == f"{origin}/en/news/shared/"
    assert meta("og:image").startswith(f"{origin}/media/images/")
    assert meta("og:image:alt") == "Houses in Kirtimai"
    assert meta("twitter:card") == "summary_large_image"
    assert len(html.find_all("meta", attrs={"property": "og:type"})) == 1


def test_every_page_advertises_the_feeds_of_its_language(client: Client, news_en, news_fr):
    english = soup_of(client.get("/en/"))
    feeds = {
        link["type"]: link["href"]
        for link in english.find_all("link", rel="alternate")
        if link.get("type")
    }
    assert feeds == {
        "application/rss+xml": "http://testserver/en/news/feed/rss/",
        "application/atom+xml": "http://testserver/en/news/feed/atom/",
    }
    french = soup_of(client.get("/fr/"))
    rss = french.find("link", type="application/rss+xml")
    assert rss["href"] == "http://testserver/fr/actualites/feed/rss/"
    assert french.find("footer").find("a", type="application/rss+xml")["href"] == (
        "/fr/actualites/feed/rss/"
    )


def test_draft_and_private_articles_are_not_served(client: Client, news_en):
    ArticlePageFactory(parent=news_en, slug="draft", live=False)
    private = ArticlePageFactory(parent=news_en, slug="private")
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    assert client.get("/en/news/draft/").status_code == 404
    response = client.get("/en/news/private/")
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_topics_and_related_pages_show_in_the_readers_language(
    client: Client, news_en, news_fr, locales
):
    housing = TopicFactory(name="Housing", slug="housing")
    logement = housing.copy_for_translation(locales["fr"])
    logement.name, logement.slug = "Logement", "logement"
    logement.save()
    about = StandardPageFactory(parent=news_en.get_parent(), slug="about", title="About")
    about_fr = about.copy_for_translation(locales["fr"])
    about_fr.title, about_fr.slug = "À propos", "a-propos"
    about_fr.save_revision().publish()
    secret = StandardPageFactory(parent=news_en.get_parent(), slug="secret", title="Secret")
    PageViewRestriction.objects.create(page=secret, restriction_type="login")
    article = ArticlePageFactory(parent=news_en, slug="housing")
    tag(article, housing)
    article.related_page_links.create(related_page=about)
    article.related_page_links.create(related_page=secret)
    french = article.copy_for_translation(locales["fr"])
    french.slug = "logement"
    french.save_revision().publish()

    html = soup_of(client.get("/fr/actualites/logement/"))
    topic = html.find("ul", class_="topic-tags").a
    assert topic.get_text() == "Logement"
    assert topic["href"] == "/fr/actualites/topic/logement/"
    related = html.find("aside", class_="related-pages")
    assert [a["href"] for a in related.find_all("a")] == ["/fr/a-propos/"]


def test_pages_describe_themselves_to_search_engines(client: Client, news_en, home_en):
    """A meta description on every page that has something to say (Lighthouse's SEO
    audit failed without one): the editor's search description, else the page's own
    summary (the standfirst of an article); none at all rather than an empty one."""
    ArticlePageFactory(parent=news_en, slug="plain", standfirst="What it says.")
    ArticlePageFactory(
        parent=news_en,
        slug="described",
        standfirst="What it says.",
        search_description="What search engines show.",
    )
    StandardPageFactory(parent=home_en, slug="silent", introduction="")

    def description(path: str) -> str | None:
        tag = soup_of(client.get(path)).find("meta", attrs={"name": "description"})
        return tag["content"] if tag else None

    assert description("/en/news/plain/") == "What it says."
    assert description("/en/news/described/") == "What search engines show."
    assert description("/en/silent/") is None
