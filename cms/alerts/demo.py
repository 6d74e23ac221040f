"""Demo content of alerts: a warning that the Alliance's meeting in Kaunas is postponed,
in English and French, on the whole site from the moment the demo is loaded for six
months, with a link to the news.

Run by cms/demo.py, which loads before the articles app makes the news index: the alert
is then made without its link. Called once the news index exists (with it as
``link_page``, or found by its slug), it links to it.
"""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from wagtail.models import Page, Site

from cms.alerts.models import Alert, AlertLevel
from cms.demo_kit.loader import DemoLoader, Text

MESSAGE = Text(
    "The Alliance’s meeting in Kaunas is postponed; a new date will follow.",
    "La réunion de l’Alliance à Kaunas est reportée ; une nouvelle date suivra.",
)
LINK_TEXT = Text("Read the news", "Lire les actualités")
NEWS_SLUG = "news"
SHOWN_FOR = timedelta(days=182)


def load(loader: DemoLoader, link_page: Page | None = None) -> Alert:
    """The postponement alert, live in English and French; linked to `link_page`, or to
    the news index when there is one. Idempotent: an existing alert is left as it is."""
    link_page = link_page or _news_index(loader)
    alert = Alert.objects.filter(locale=loader.source_locale, message=MESSAGE.en).first()
    if alert is None:
        starts_at = timezone.now().replace(second=0, microsecond=0)
        alert = Alert(
            level=AlertLevel.WARNING,
            message=MESSAGE.en,
            link_page=link_page,
            link_text=LINK_TEXT.en if link_page else "",
            starts_at=starts_at,
            ends_at=starts_at + SHOWN_FOR,
            locale=loader.source_locale,
        )
        alert.save()
        alert.save_revision().publish()
        loader.note(f"alert “{MESSAGE.en}”")
        loader.translate(alert, [MESSAGE, LINK_TEXT])
    return alert


def _news_index(loader: DemoLoader) -> Page | None:
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is None:
        return None
    return (
        site.root_page.get_children()
        .filter(slug=NEWS_SLUG, locale=loader.source_locale)
        .live()
        .first()
    )
