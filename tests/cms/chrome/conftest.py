"""The news pages of the articles tests, for pages that carry breadcrumbs and pictures."""

from tests.articles.conftest import news_en, news_fr  # noqa: F401 - fixtures
