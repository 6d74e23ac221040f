"""Alerts as an editor, a reviewer and a translator leave them, and a clock to move."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from unittest import mock

import pytest
from wagtail.models import Locale

from cms.alerts.models import Alert, AlertLevel
from home.models import StandardPage
from tests.home.factories import StandardPageFactory

NOW = datetime(2026, 12, 5, 9, 0, tzinfo=UTC)


def published(alert: Alert) -> Alert:
    """Saved and published, as the review's approval leaves it."""
    alert.save()
    alert.save_revision().publish()
    alert.refresh_from_db()
    return alert


def make_alert(locale: Locale, **fields) -> Alert:
    defaults = {"level": AlertLevel.WARNING, "message": "The meeting in Kaunas is postponed."}
    return published(Alert(locale=locale, **{**defaults, **fields}))


def translate(alert: Alert, locale: Locale, **fields) -> Alert:
    """The alert's live translation (the same translation key), as a translator's
    approved translation leaves it."""
    synchronised = {
        name: getattr(alert, name)
        for name in ("level", "starts_at", "ends_at", "section_id", "link_page_id", "link_url")
    }
    return published(
        Alert(locale=locale, translation_key=alert.translation_key, **{**synchronised, **fields})
    )


@contextmanager
def clock(moment: datetime) -> Iterator[None]:
    """Django's clock (which the alerts and the page cache read) stopped at `moment`."""
    with mock.patch("django.utils.timezone.now", return_value=moment):
        yield


@pytest.fixture
def about(home_en) -> StandardPage:
    page = StandardPageFactory(parent=home_en, title="About the Alliance", slug="about")
    return page


@pytest.fixture
def team(about) -> StandardPage:
    return StandardPageFactory(parent=about, title="Our team", slug="team")


@pytest.fixture
def contact(home_en) -> StandardPage:
    return StandardPageFactory(parent=home_en, title="Contact", slug="contact")


@pytest.fixture
def about_fr(about, home_fr, locales) -> StandardPage:
    french = about.copy_for_translation(locales["fr"])
    french.title = "À propos de l’Alliance"
    french.slug = "a-propos"
    french.save_revision().publish()
    return StandardPage.objects.get(pk=french.pk)


def hours(count: float) -> timedelta:
    return timedelta(hours=count)
