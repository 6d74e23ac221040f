"""The API tests build content with the articles app's factories, under the names they use."""

from tests.articles.factories import ArticleIndexPageFactory as NewsIndexFactory
from tests.articles.factories import ArticlePageFactory as ArticleFactory
from tests.articles.factories import SeminarReportPageFactory as ReportFactory
from tests.articles.factories import TopicFactory

__all__ = ["ArticleFactory", "NewsIndexFactory", "ReportFactory", "TopicFactory"]
