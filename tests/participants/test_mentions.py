"""A profile lists the live, public seminar reports and articles of its locale that name it."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from wagtail.models import PageViewRestriction

from articles.models import ArticleParticipant
from tests.articles.factories import (
    ArticleIndexPageFactory,
    ArticlePageFactory,
    SeminarReportPageFactory,
)
from tests.participants.factories import ParticipantPageFactory

pytestmark = pytest.mark.django_db


def mentions(client, url: str) -> list[str]:
    response = client.get(url)
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    return [a.get_text() for a in soup.select(".mentions a")]


def link(article, participant) -> None:
    article.participant_links.add(ArticleParticipant(participant=participant))
    article.save_revision().publish()


def test_profile_lists_live_public_articles_that_name_it(client, home_en, make_participant):
    veldhoven = make_participant(title="Veldhoven", slug="veldhoven")
    other = make_participant(title="Elsewhere")
    news = ArticleIndexPageFactory(parent=home_en)
    report = SeminarReportPageFactory(parent=news, title="Seminar in Trakai")
    article = ArticlePageFactory(parent=news, title="Veldhoven shares its experience")
    draft = ArticlePageFactory(parent=news, title="Draft about Veldhoven")
    private = ArticlePageFactory(parent=news, title="Private about Veldhoven")
    unrelated = ArticlePageFactory(parent=news, title="About elsewhere")
    for page in (report, article, draft, private):
        link(page, veldhoven)
    link(unrelated, other)
    draft.unpublish()
    PageViewRestriction.objects.create(page=private, restriction_type="login")

    assert sorted(mentions(client, "/en/participants/veldhoven/")) == [
        "Seminar in Trakai",
        "Veldhoven shares its experience",
    ]


def test_french_profile_lists_french_articles_only(client, home_en, home_fr, locales, index_fr):
    index_en = index_fr.get_translation(locales["en"])
    veldhoven = ParticipantPageFactory(parent=index_en, title="Veldhoven", slug="veldhoven")
    veldhoven_fr = veldhoven.copy_for_translation(locales["fr"])
    veldhoven_fr.save_revision().publish()
    news = ArticleIndexPageFactory(parent=home_en)
    article = ArticlePageFactory(parent=news, title="Veldhoven shares its experience")
    link(article, veldhoven)
    news_fr = news.copy_for_translation(locales["fr"])
    news_fr.save_revision().publish()
    article_fr = article.copy_for_translation(locales["fr"])
    article_fr.title = "Veldhoven partage son expérience"
    article_fr.save_revision().publish()

    assert mentions(client, "/en/participants/veldhoven/") == ["Veldhoven shares its experience"]
    assert mentions(client, "/fr/participants/veldhoven/") == ["Veldhoven partage son expérience"]
