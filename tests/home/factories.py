"""Factories for the home app's pages and snippets."""

import factory
import wagtail_factories
from wagtail.models import Locale
from wagtail.rich_text import RichText

from home.models import HomePage, StandardPage, TerminologyNote


class HomePageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Home {n}")
    introduction = "The Alliance fights discrimination against Roma."

    class Meta:
        model = HomePage


class StandardPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Standard page {n}")
    introduction = "An introduction."
    body = factory.LazyFunction(lambda: [("paragraph", RichText("<p>Body text.</p>"))])

    class Meta:
        model = StandardPage


class TerminologyNoteFactory(factory.django.DjangoModelFactory):
    title = "Please note"
    text = "<p>“Roma and Travellers” is the Council of Europe’s umbrella term.</p>"
    locale = factory.LazyFunction(Locale.get_default)
    live = True

    class Meta:
        model = TerminologyNote
