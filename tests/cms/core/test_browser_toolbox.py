"""The editor's toolbox on the demo site, in a real Chromium (#21).

The demo's seminar report carries a table, two call-outs, a document list and a video;
the join page an FAQ; the home page the alert banner and the upcoming events. Each page
passes axe with no serious or critical violation, in English and French; the FAQ opens
with the keyboard; the alert is dismissed without a cookie and stays dismissed. The
element screenshots illustrate the editor guide (docs/editor-guide.md, docs/images/).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.conftest import ARTIFACTS
from tests.shared_data import SharedSite, committed, load_demo

pytestmark = [pytest.mark.browser]

REPORT_EN = "/en/news/lithuania-national-seminar-2015/"
REPORT_FR = "/fr/actualites/seminaire-national-lituanie-2015/"


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker) -> Iterator[SharedSite[None]]:
    yield from committed(django_db_blocker, load_demo)


def shoot(tab, selector: str, name: str) -> None:
    """An element's screenshot, for the editor guide."""
    ARTIFACTS.mkdir(exist_ok=True)
    element = tab.page.locator(selector).first
    element.scroll_into_view_if_needed()
    element.screenshot(path=str(ARTIFACTS / f"{name}.png"))


def test_the_report_uses_every_report_block_accessibly_in_both_languages(demo, tab):
    tab.page.goto(demo.url + REPORT_EN)
    table = tab.page.locator(".block-table table")
    assert table.locator("caption").inner_text() == "Programme of the seminar"
    assert table.locator("tbody th[scope=row]").count() == 8
    assert table.locator("tbody td.cell-date").first.inner_text() == "Dec. 17, 2015"
    assert tab.page.locator(".callout--key_figure .callout-figure").inner_text().endswith("23")
    assert tab.page.locator(".block-document-list .document-meta").inner_text().startswith("(PDF, ")
    assert tab.page.get_by_role("button", name="Load and play video").is_visible()
    assert tab.serious_accessibility_violations() == []
    assert tab.console_errors == []
    shoot(tab, ".block-table", "block-table")
    shoot(tab, ".callout--key_figure", "block-callout-key-figure")
    shoot(tab, ".callout--note", "block-callout-note")
    shoot(tab, ".block-document-list", "block-document-list")
    shoot(tab, ".media-consent", "block-media")

    tab.page.goto(demo.url + REPORT_FR)
    assert tab.page.locator(".block-table caption").inner_text() == "Programme du séminaire"
    assert tab.page.locator(".block-table td.cell-date").first.inner_text() == "17 décembre 2015"
    assert tab.page.get_by_role("button", name="Charger et lire la vidéo").is_visible()
    assert tab.serious_accessibility_violations() == []
    shoot(tab, ".block-table", "block-table-fr")


def test_the_faq_opens_with_the_keyboard(demo, tab):
    tab.page.goto(demo.url + "/en/join/")
    first = tab.page.locator(".block-accordion details").first
    assert first.get_attribute("open") is None
    first.locator("summary").focus()
    tab.page.keyboard.press("Enter")
    assert first.get_attribute("open") is not None
    assert first.locator(".accordion-answer").is_visible()
    assert tab.serious_accessibility_violations() == []
    shoot(tab, ".block-accordion", "block-accordion")


def test_the_home_page_shows_the_alert_and_the_next_events_and_forgets_the_alert(demo, tab):
    tab.page.goto(demo.url + "/en/")
    banner = tab.page.locator(".alert-banner")
    assert "postponed by a week" in banner.inner_text()
    assert tab.page.locator(".upcoming-events .event-title").count() >= 1
    assert tab.serious_accessibility_violations() == []
    shoot(tab, ".alert-banners", "block-alert")
    shoot(tab, ".upcoming-events", "block-upcoming-events")

    banner.get_by_role("button", name="Dismiss").click()
    assert banner.is_hidden()
    tab.page.reload()
    assert tab.page.locator(".alert-banner").is_hidden(), "dismissed stays dismissed"
    assert tab.page.context.cookies() == [], "nothing that needs consent"
