"""The translation-status report in a real Chromium, on the demo content."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from tests.shared_data import load_demo

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def test_report_lists_the_demo_content_and_filters_it(live_server, tab):
    load_demo()
    get_user_model().objects.create_superuser("ada", "ada@example.org", "correct horse")
    page = tab.page
    page.goto(live_server.url + "/admin/login/")
    page.fill("input[name=username]", "ada")
    page.fill("input[name=password]", "correct horse")
    page.click("button[type=submit]")
    page.wait_for_url("**/admin/")

    page.goto(live_server.url + "/admin/reports/translation-status/")
    assert page.locator("h1").first.inner_text().strip() == "Translation status"
    statuses = page.locator("table.listing tbody tr").evaluate_all(
        "rows => rows.map(row => row.dataset.translationStatus)"
    )
    assert len(statuses) > 10
    assert None not in statuses
    assert statuses.count("translated") > 10  # the demo content is in French
    assert "not_started" in statuses  # the page deliberately left in English
    tab.screenshot("translations-status-report")
    assert tab.serious_accessibility_violations() == []

    page.goto(live_server.url + "/admin/reports/translation-status/?status=translated")
    shown = page.locator("table.listing tbody tr").evaluate_all(
        "rows => rows.map(row => row.dataset.translationStatus)"
    )
    assert shown and set(shown) == {"translated"}
    assert tab.console_errors == []
