"""Fixtures of the API tests: a small bilingual site with every kind of page."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass
from io import BytesIO

import pytest
from django.core.files.images import ImageFile
from PIL import Image as PILImage
from wagtail.images import get_image_model
from wagtail.models import Locale, Page

from articles.models import ArticleParticipant, ArticleRelatedPage, ArticleTopic
from tests.cms.api.factories import ArticleFactory, NewsIndexFactory, ReportFactory, TopicFactory
from tests.participants.factories import ParticipantIndexPageFactory, ParticipantPageFactory
from tests.shared_data import bilingual_home, clear_caches, rolled_back


def make_image(title: str = "Delegation"):
    buffer = BytesIO()
    PILImage.new("RGB", (1200, 800), (40, 90, 140)).save(buffer, "PNG")
    return get_image_model().objects.create(
        title=title,
        description="The delegation in front of the community centre",
        caption="Veldhoven delegation",
        credit="CoE",
        file=ImageFile(BytesIO(buffer.getvalue()), name="delegation.png"),
    )


def translate(page: Page, locale, **fields) -> Page:
    """A published French translation (as wagtail-localize would leave it after review)."""
    translated = page.copy_for_translation(locale)
    for name, value in fields.items():
        setattr(translated, name, value)
    translated.save_revision().publish()
    # Read again: publishing saved another instance, so this one's url_path still has
    # the source's slug, and a page made under it (an alias) would inherit that.
    return Page.objects.get(pk=translated.pk).specific


@dataclass
class Site:
    home_en: Page
    home_fr: Page
    news_en: Page
    news_fr: Page
    report: Page
    report_fr: Page
    article: Page
    alias_fr: Page
    participant: Page
    participant_fr: Page
    topic: object
    topic_fr: object
    draft: Page


@pytest.fixture(scope="module")
def site_once(django_db_setup, django_db_blocker) -> Iterator[Site]:
    """The site, built once per module (about 0.6 s a time, for ~150 tests) and rolled
    back when the module ends; what a test changes is undone after it (its own
    transaction is a savepoint inside this one: tests/shared_data.py)."""

    def build() -> Site:
        home_en, home_fr = bilingual_home()
        return build_site(home_en, home_fr, Locale.objects.get(language_code="fr"))

    yield from rolled_back(django_db_blocker, build)


@pytest.fixture
def site(site_once: Site, locales) -> Site:
    """The module's site as each test starts: its rows are as built (the previous test's
    changes were rolled back), and so are these objects, read again from the database,
    and the caches, emptied, since they could remember what a rolled-back test wrote."""
    clear_caches()
    fresh = {
        name: type(value)._default_manager.get(pk=value.pk)
        for name, value in vars(site_once).items()
    }
    return Site(**fresh)


def build_site(home_en: Page, home_fr: Page, fr) -> Site:
    """The site of the `site` fixture; a function too, for a module that builds it once
    for all its tests (tests/cms/api/test_query_counts.py)."""
    news_en = NewsIndexFactory(parent=home_en)
    news_fr = translate(news_en, fr, title="Actualités", slug="actualites")
    members = ParticipantIndexPageFactory(parent=home_en)
    participant = ParticipantPageFactory(parent=members, title="Veldhoven", country="NL")
    translate(members, fr, title="Participants", slug="participants")
    participant_fr = translate(participant, fr, title="Veldhoven (FR)")
    topic = TopicFactory(name="Housing", slug="housing")
    topic_fr = topic.copy_for_translation(fr)
    topic_fr.name, topic_fr.slug, topic_fr.live = "Logement", "logement", True
    topic_fr.save()

    report = ReportFactory(
        parent=news_en,
        title="Seminar in Lithuania",
        slug="lithuania-seminar",
        publication_date=datetime.date(2015, 12, 20),
        start_date=datetime.date(2015, 12, 17),
        end_date=datetime.date(2015, 12, 18),
        country="LT",
        listing_image=make_image(),
    )
    ArticleTopic.objects.create(page=report, topic=topic)
    ArticleParticipant.objects.create(page=report, participant=participant)
    report.save_revision().publish()
    report_fr = translate(report, fr, title="Séminaire en Lituanie", slug="seminaire-lituanie")

    article = ArticleFactory(
        parent=news_en,
        title="Housing news",
        slug="housing-news",
        publication_date=datetime.date(2024, 3, 1),
    )
    ArticleRelatedPage.objects.create(page=article, related_page=report)
    article.save_revision().publish()
    # Left untranslated: French shows an alias of the English page.
    alias_fr = article.create_alias(parent=news_fr, update_locale=fr, update_slug="housing-news")

    draft = ArticleFactory(parent=news_en, title="Secret draft", slug="secret-draft", live=False)
    return Site(
        home_en=home_en,
        home_fr=home_fr,
        news_en=news_en,
        news_fr=news_fr,
        report=report,
        report_fr=report_fr,
        article=article,
        alias_fr=alias_fr,
        participant=participant,
        participant_fr=participant_fr,
        topic=topic,
        topic_fr=topic_fr,
        draft=draft,
    )
