"""The scale benchmark's bulk seeder (bench/scale, issue #23) makes real, valid pages.

The benchmark's figures only mean something if the 50,000 articles it writes in bulk
are what editors' publishing makes: a consistent tree, live and editable revisions,
routable English and French pages, wagtail-localize's records of the translations and
search index entries. Seeded here at a tiny size on the demo.
"""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from wagtail.models import Locale, Page

from articles.models import ArticleIndexPage, ArticlePage, SeminarReportPage
from bench.scale.seeder import ARTICLE_SLUG, PARTICIPANT_SLUG, grow
from cms.translations.status import NOT_STARTED, TRANSLATED, translation_status_rows
from participants.models import ParticipantPage
from tests.shared_data import load_demo, rolled_back

ARTICLES, PARTICIPANTS = 30, 10


@pytest.fixture(scope="module")
def grown(django_db_setup, django_db_blocker):
    def build():
        load_demo()
        english = Locale.objects.get(language_code="en")
        articles = ArticlePage.objects.filter(locale=english).count() + ARTICLES
        participants = ParticipantPage.objects.filter(locale=english).count() + PARTICIPANTS
        first = grow(articles, participants, batch=12, log=lambda _line: None)
        again = grow(articles, participants, batch=12, log=lambda _line: None)
        return first, again

    yield from rolled_back(django_db_blocker, build)


def seeded(number: int, language_code: str) -> ArticlePage:
    slug = f"{ARTICLE_SLUG}{number}" if language_code == "en" else f"scale-actualite-{number}"
    return ArticlePage.objects.get(slug=slug, locale__language_code=language_code).specific


@pytest.mark.django_db
def test_the_tree_is_valid_and_every_page_published_once(grown) -> None:
    first, again = grown
    assert (first.articles, first.participants, first.translations) == (30, 10, 9 + 3)
    assert (again.articles, again.participants) == (0, 0)  # a size reached adds nothing
    assert Page.find_problems() == ([], [], [], [], [])
    seeded_pages = Page.objects.filter(slug__startswith="scale-")
    assert seeded_pages.count() == 30 + 10 + 9 + 3
    for page in seeded_pages.specific():
        assert page.live and not page.has_unpublished_changes
        assert page.live_revision_id == page.latest_revision_id is not None
        assert page.latest_revision.as_object().title == page.title
    news = ArticleIndexPage.objects.get(locale__language_code="en")
    assert news.numchild == news.get_children().count()
    assert SeminarReportPage.objects.filter(slug__startswith=ARTICLE_SLUG).count() == 3


@pytest.mark.django_db
def test_english_and_french_pages_are_served_edited_and_found(grown, client) -> None:
    english, french = seeded(10, "en"), seeded(10, "fr")
    assert isinstance(english, SeminarReportPage)
    assert french.translation_key == english.translation_key
    assert french.get_parent().specific == ArticleIndexPage.objects.get(locale=french.locale)
    assert english.participant_links.count() == 1  # 10 is no multiple of 4: no hub
    for page, text in ((english, "Roma inclusion in practice"), (french, "des Roms en pratique")):
        response = client.get(page.url)
        assert response.status_code == 200, page.url
        assert text in response.content.decode()
    profile = ParticipantPage.objects.get(slug=f"{PARTICIPANT_SLUG}0", locale__language_code="en")
    assert client.get(profile.url).status_code == 200
    assert "Alliance news 17" in client.get("/en/search/?q=news+17").content.decode()

    admin = get_user_model().objects.create_superuser("scale-admin", "a@example.org", "x")
    client.force_login(admin)
    editor = client.get(f"/admin/pages/{english.pk}/edit/")
    assert editor.status_code == 200
    assert "Trakai, near Vilnius" in editor.content.decode()


@pytest.mark.django_db
def test_translation_status_report_sees_finished_translations(grown) -> None:
    rows = {
        row.title: row
        for row in translation_status_rows(["fr"])
        if row.title.startswith("Alliance news")
    }
    translated, untranslated = (
        rows["Alliance news 11: Roma inclusion in practice"],
        rows["Alliance news 15: Roma inclusion in practice"],
    )
    assert translated.status == TRANSLATED
    assert translated.total_segments == translated.translated_segments == 6
    assert untranslated.status == NOT_STARTED
