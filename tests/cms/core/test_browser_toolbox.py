"""The editor's toolbox on the demo site, in a real Chromium (#21).

One page holds every block of the shared body (axe, nothing loaded from elsewhere). The
demo's seminar report carries a table, two call-outs, a document list and a video;
the join page an FAQ; the home page the alert banner and the upcoming events. Each page
passes axe with no serious or critical violation, in English and French; the FAQ opens
with the keyboard; the alert is dismissed without a cookie and stays dismissed. The
element screenshots illustrate the editor guide (docs/editor-guide.md, docs/images/).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from wagtail.documents.models import Document

from articles.models import SeminarReportPage
from cms.core.blocks import BaseStreamBlock
from home.models import HomePage, StandardPage
from participants.models import JoinPage
from tests.conftest import ARTIFACTS
from tests.shared_data import SharedSite, committed, load_demo

pytestmark = [pytest.mark.browser]

REPORT_EN = "/en/news/lithuania-national-seminar-2015/"
REPORT_FR = "/fr/actualites/seminaire-national-lituanie-2015/"


EVERY_BLOCK = "/en/every-block/"


def demo_and_a_page_with_every_block() -> None:
    """The demo, plus a page whose body holds every block of the shared StreamField,
    taken from the demo's pages (their images, documents and pages exist)."""
    load_demo()
    home = HomePage.objects.get(locale__language_code="en")
    report = SeminarReportPage.objects.get(locale=home.locale, slug=REPORT_EN.split("/")[-2])
    join = JoinPage.objects.get(locale=home.locale)
    body = [*report.body.raw_data, *join.body.raw_data, *home.body.raw_data]
    body += [
        {"type": "heading", "value": {"text": "More blocks", "level": "h2"}},
        {"type": "quote", "value": {"text": "Inclusion starts locally.", "attribution": "CoE"}},
        {
            "type": "call_to_action",
            "value": {
                "title": "Join the Alliance",
                "text": "",
                "page": join.pk,
                "url": "",
                "button_label": "Apply",
            },
        },
        {"type": "embed", "value": "https://vimeo.com/76979871"},
        {
            "type": "image",
            "value": {
                "image": report.listing_image_id,
                "alt_text": report.listing_image_alt_text,
                "decorative": False,
                "caption": "",
                "credit": "CoE",
            },
        },
        {"type": "document", "value": {"document": Document.objects.first().pk, "title": ""}},
    ]
    names = {block["type"] for block in body}
    assert names >= set(BaseStreamBlock().child_blocks), names
    page = StandardPage(title="Every block", slug="every-block", introduction="All of them.")
    page.body = body
    home.add_child(instance=page)
    page.save_revision().publish()


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker) -> Iterator[SharedSite[None]]:
    yield from committed(django_db_blocker, demo_and_a_page_with_every_block)


def test_a_page_with_every_block_passes_axe(demo, tab):
    requests: list[str] = []
    tab.page.on("request", lambda request: requests.append(request.url))
    tab.page.goto(demo.url + EVERY_BLOCK)
    for selector in (
        ".block-table",
        ".block-accordion",
        ".block-document-list",
        ".callout--key_figure",
        ".media-consent",
        ".upcoming-events",
        ".block-quote",
        ".call-to-action",
        ".alert-banner",
    ):
        assert tab.page.locator(selector).count() >= 1, selector
    assert tab.serious_accessibility_violations() == []
    assert tab.console_errors == []
    assert all(request.startswith(demo.url) for request in requests), "nothing from elsewhere"


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
