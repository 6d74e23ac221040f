"""The site the dependency tests publish on, with both caches on, as in production."""

from __future__ import annotations

import pytest

from articles.models import ArticleParticipant, ArticleRelatedPage
from tests.articles.factories import ArticleIndexPageFactory, ArticlePageFactory
from tests.home.factories import StandardPageFactory
from tests.participants.factories import ParticipantIndexPageFactory, ParticipantPageFactory


@pytest.fixture
def caches_on(settings):
    settings.PAGE_CACHE_SECONDS = 60
    settings.FRAGMENT_CACHE_SECONDS = 600


@pytest.fixture
def site(home_en, home_fr, caches_on, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        news = ArticleIndexPageFactory(parent=home_en, show_in_menus=True)
        stories = {
            number: ArticlePageFactory(parent=news, title=f"Story {number}", slug=f"story-{number}")
            for number in (1, 2, 3)
        }
        participants = ParticipantIndexPageFactory(parent=home_en, show_in_menus=True)
        town = ParticipantPageFactory(parent=participants, title="Town 0", slug="town-0")
        StandardPageFactory(parent=home_en, title="About the Alliance", slug="about")
        # Story 2 links to story 1; story 3 names the town.
        ArticleRelatedPage.objects.create(page=stories[2], related_page=stories[1])
        ArticleParticipant.objects.create(page=stories[3], participant=town)
    return {"news": news, "stories": stories, "town": town}
