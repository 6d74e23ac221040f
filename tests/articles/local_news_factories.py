"""A factory for a member authority's local news (#20), created under a profile."""

from __future__ import annotations

from articles.local_news import LocalNewsPage
from tests.articles.factories import ArticlePageFactory


class LocalNewsPageFactory(ArticlePageFactory):
    title = "Roma mediators in Veldhoven"
    kind = "news"
    written_in = "en"

    class Meta:
        model = LocalNewsPage
