"""Small builders for the API tests (kept here so the tests depend only on our models)."""

from __future__ import annotations

import datetime

import factory
import wagtail_factories
from wagtail.models import Locale
from wagtail.rich_text import RichText

from articles.models import ArticleIndexPage, ArticlePage, SeminarReportPage, Topic


class TopicFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Topic {n}")
    slug = factory.Sequence(lambda n: f"topic-{n}")
    locale = factory.LazyFunction(Locale.get_default)
    live = True

    class Meta:
        model = Topic


class NewsIndexFactory(wagtail_factories.PageFactory):
    title = "News"
    slug = "news"

    class Meta:
        model = ArticleIndexPage


class ArticleFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Article {n}")
    standfirst = factory.Sequence(lambda n: f"What article {n} is about.")
    publication_date = datetime.date(2024, 5, 1)
    body = factory.LazyFunction(lambda: [("paragraph", RichText("<p>Body text.</p>"))])

    class Meta:
        model = ArticlePage


class ReportFactory(ArticleFactory):
    title = factory.Sequence(lambda n: f"Seminar {n}")
    start_date = datetime.date(2015, 12, 17)
    place = "Trakai, near Vilnius"
    country = "LT"
    attendee_count = 23

    class Meta:
        model = SeminarReportPage
