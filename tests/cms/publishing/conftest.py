"""Fixtures of the release tests: a seminar report with its French translation, and a
webhook endpoint whose queued events the tests read."""

from __future__ import annotations

import pytest
from wagtail.models import Page
from wagtail_localize.operations import translate_object

from cms.publishing.models import WebhookEndpoint
from tests.articles.factories import SeminarReportPageFactory
from tests.cms.publishing.releases_kit import Report


@pytest.fixture
def endpoint(db) -> WebhookEndpoint:
    return WebhookEndpoint.objects.create(
        name="Front end", url="https://front.example.org/hook", secret="s"
    )


@pytest.fixture
def report(home_en, home_fr, locales, editor) -> Report:
    """A never-published English seminar report with a French translation draft."""
    english = SeminarReportPageFactory(
        parent=home_en, title="Trakai seminar", slug="trakai", live=False
    )
    translate_object(english, [locales["fr"]])
    french = english.get_translation(locales["fr"])
    assert not french.live and french.alias_of_id is None
    return Report(english=Page.objects.get(pk=english.pk), french=french)
