"""Factories for the articles app's pages and snippets."""

import datetime

import factory
import wagtail_factories
from wagtail.models import Locale
from wagtail.rich_text import RichText

from articles.models import ArticleIndexPage, ArticlePage, ArticleTopic, SeminarReportPage, Topic


class TopicFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Topic {n}")
    slug = factory.Sequence(lambda n: f"topic-{n}")
    description = "What this topic covers."
    locale = factory.LazyFunction(Locale.get_default)
    live = True

    class Meta:
        model = Topic


class ArticleIndexPageFactory(wagtail_factories.PageFactory):
    title = "News"
    slug = "news"
    introduction = "News of the Alliance."

    class Meta:
        model = ArticleIndexPage


class ArticlePageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Article {n}")
    standfirst = factory.Sequence(lambda n: f"What article {n} is about.")
    publication_date = datetime.date(2024, 5, 1)
    body = factory.LazyFunction(lambda: [("paragraph", RichText("<p>Body text.</p>"))])

    class Meta:
        model = ArticlePage


class SeminarReportPageFactory(ArticlePageFactory):
    title = factory.Sequence(lambda n: f"Seminar {n}")
    start_date = datetime.date(2015, 12, 17)
    place = "Trakai, near Vilnius"
    country = "LT"
    organiser = "Congress of Local and Regional Authorities"
    attendee_count = 23
    attendee_description = "elected officials and senior civil servants"

    class Meta:
        model = SeminarReportPage


def tag(page: ArticlePage, *topics: Topic) -> None:
    for topic in topics:
        ArticleTopic.objects.create(page=page, topic=topic)
