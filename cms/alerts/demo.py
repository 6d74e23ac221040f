"""Demo content of alerts: a warning that the national seminar in Kaunas is postponed,
in English and French, on the whole site from the moment the demo is loaded until the
seminar starts, with a link to the seminar's page and its new dates.

Run by the articles app's demo once it has made the seminar's page (the kernel's demo
loads before any page of the apps exists).
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.utils import timezone
from wagtail.models import Page

from cms.alerts.models import Alert, AlertLevel
from cms.demo_kit.loader import DemoLoader, Text

MESSAGE = Text(
    "The national seminar in Kaunas is postponed by a week.",
    "Le séminaire national de Kaunas est reporté d’une semaine.",
)
LINK_TEXT = Text("See the new dates", "Voir les nouvelles dates")
# Without a start date on the linked page, the alert shows for this long.
SHOWN_FOR = timedelta(days=60)


def load(loader: DemoLoader, link_page: Page) -> Alert:
    """The postponement alert, live in English and French, linked to `link_page` (the
    seminar) and shown until it starts. Idempotent: an existing alert is left as it is."""
    alert = Alert.objects.filter(locale=loader.source_locale, message=MESSAGE.en).first()
    if alert is None:
        starts_at = timezone.now().replace(second=0, microsecond=0)
        alert = Alert(
            level=AlertLevel.WARNING,
            message=MESSAGE.en,
            link_page=link_page,
            link_text=LINK_TEXT.en if link_page else "",
            starts_at=starts_at,
            ends_at=_seminar_start(link_page) or starts_at + SHOWN_FOR,
            locale=loader.source_locale,
        )
        alert.save()
        alert.save_revision().publish()
        loader.note(f"alert “{MESSAGE.en}”")
        loader.translate(alert, [MESSAGE, LINK_TEXT])
    return alert


def _seminar_start(page: Page) -> datetime | None:
    """The first moment of the linked seminar's first day (Europe/Paris), if it has one."""
    start_date = getattr(page.specific, "start_date", None)
    if start_date is None:
        return None
    return timezone.make_aware(datetime.combine(start_date, time.min))
