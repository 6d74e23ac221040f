"""Fixtures of the articles tests: the news page of each locale."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from articles.models import ArticleIndexPage
from tests.articles.factories import ArticleIndexPageFactory


@pytest.fixture
def news_en(home_en) -> ArticleIndexPage:
    return ArticleIndexPageFactory(parent=home_en)


@pytest.fixture
def news_fr(news_en, home_fr, locales) -> ArticleIndexPage:
    news = news_en.copy_for_translation(locales["fr"])
    news.title, news.slug = "Actualités", "actualites"
    news.save_revision().publish()
    return news


def soup_of(response) -> BeautifulSoup:
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.content, "html.parser")
