"""In a real Chromium, the translation editor shows the terminology panel above the
segments, the React editor still works beside it, and the panel passes axe (no serious
or critical violation)."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from articles.models import SeminarReportPage
from tests.cms.workflow.test_browser_workflow import log_in, one_request_at_a_time  # noqa: F401
from tests.conftest import user_in
from tests.shared_data import load_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.usefixtures("one_request_at_a_time")
def test_the_translator_reads_the_terms_above_the_segments(live_server, tab):
    load_demo()
    user_in("thea-translator", "Translators (fr)")
    report_fr = SeminarReportPage.objects.get(
        locale__language_code="fr", slug="seminaire-national-lituanie-2015"
    )
    page = tab.page
    page.set_viewport_size({"width": 1280, "height": 900})

    log_in(tab, live_server.url, "thea-translator")
    page.goto(f"{live_server.url}/admin/pages/{report_fr.pk}/edit/")

    panel = page.locator("#cms-terminology")
    expect(panel.get_by_role("heading", name="Terminology")).to_be_visible()
    expect(panel.get_by_text("Roms et Gens du voyage").first).to_be_visible()
    expect(panel.get_by_text("Tsiganes")).to_be_visible()
    # Moved above the segments, outside the element the React editor renders into.
    assert page.evaluate(
        "document.getElementById('cms-terminology').nextElementSibling"
        ".classList.contains('js-translation-editor')"
    )
    expect(page.get_by_role("button", name="Edit").first).to_be_visible()
    tab.screenshot("translation-terminology-panel")
    # The panel only: wagtail-localize's own editor is not ours to audit here.
    results = Axe().run(page, context="#cms-terminology")
    serious = [
        f"{violation['id']}: {violation['help']}"
        for violation in results.response["violations"]
        if violation["impact"] in {"serious", "critical"}
    ]
    assert serious == []
    # No script error; a failed background request of wagtail-localize's editor (seen
    # once in many runs on SQLite, with the JSON error that follows it) is not the panel's.
    script_errors = [
        error
        for error in tab.console_errors
        if "Failed to load resource" not in error and "not valid JSON" not in error
    ]
    assert script_errors == []
