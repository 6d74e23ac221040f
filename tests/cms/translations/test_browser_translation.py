"""A translator works in wagtail-localize's editor in a real Chromium and sends the
French seminar report to review; nothing changes for readers until it is approved."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from articles.models import SeminarReportPage
from tests.cms.workflow.test_browser_workflow import log_in, one_request_at_a_time  # noqa: F401
from tests.conftest import user_in
from tests.shared_data import load_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NEW_TEXT = "Séminaire national : texte revu par la traductrice"


@pytest.mark.usefixtures("one_request_at_a_time")
def test_translator_translates_a_segment_and_submits_it_for_review(live_server, tab):
    load_demo()
    user_in("thea-translator", "Translators (fr)")
    report_fr = SeminarReportPage.objects.get(
        locale__language_code="fr", slug="seminaire-national-lituanie-2015"
    )
    live_title = report_fr.title
    page = tab.page
    page.set_viewport_size({"width": 1280, "height": 900})

    log_in(tab, live_server.url, "thea-translator")
    page.goto(f"{live_server.url}/admin/pages/{report_fr.pk}/edit/")
    expect(page.get_by_role("button", name="Edit").first).to_be_visible()
    tab.screenshot("translation-01-editor")

    page.get_by_role("button", name="Edit").first.click()
    field = page.locator("textarea").first
    field.fill(NEW_TEXT)
    page.get_by_role("button", name="Save").first.click()
    expect(page.get_by_text(NEW_TEXT).first).to_be_visible()
    tab.screenshot("translation-02-segment-saved")

    page.goto(f"{live_server.url}/admin/translations/submit/{report_fr.pk}/")
    page.get_by_role("button", name="Submit translation for review").click()
    page.wait_for_url(f"{live_server.url}/admin/pages/**")
    tab.screenshot("translation-03-submitted")

    report_fr.refresh_from_db()
    assert report_fr.workflow_in_progress
    assert report_fr.title == live_title, "readers see the approved version until review"
    assert NEW_TEXT in str(report_fr.get_latest_revision().content)
