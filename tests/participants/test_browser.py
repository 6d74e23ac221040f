"""The participants map and the join form in a real Chromium, audited with axe-core."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from participants.models import MembershipApplication
from tests.shared_data import SharedSite, committed, load_demo

pytestmark = [pytest.mark.browser]


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker) -> Iterator[SharedSite[None]]:
    """The demo site, committed once for the module's tests and shown by a live server
    of the module (tests/shared_data.py): the map and index tests only read it, and the
    application the join form test sends is seen by no other test."""
    yield from committed(django_db_blocker, load_demo)


def marker_count(tab) -> int:
    tab.page.wait_for_selector("#participant-map[data-marker-count]")
    return tab.page.locator("path.participant-marker").count()


def test_index_map_shows_markers_and_filters_work(demo, tab):
    requests: list[str] = []
    tab.page.on("request", lambda request: requests.append(request.url))
    tab.page.goto(demo.url + "/en/participants/")
    # 19 active demo profiles with coordinates; the former one is listed but not mapped.
    assert marker_count(tab) == 19
    # No tile server: Europe's countries from the site's own static file, the 8 countries
    # with participants shaded and named in the page's language.
    tab.page.wait_for_selector("#participant-map[data-shapes='drawn']")
    assert tab.page.locator("path.map-country").count() > 60
    assert tab.page.locator("path.map-country--member").count() == 8
    assert sorted(tab.page.locator(".map-country-label").all_inner_texts()) == [
        "Bulgaria",
        "France",
        "Lithuania",
        "Netherlands",
        "Romania",
        "Serbia",
        "Slovakia",
        "Spain",
    ]
    assert any(url.endswith(".geojson") for url in requests)
    elsewhere = [url for url in requests if not url.startswith((demo.url + "/", "data:", "blob:"))]
    assert elsewhere == []
    assert tab.page.locator(".participant-table tbody tr").count() == 20
    assert tab.page.locator(".participant-headline").inner_text() == (
        "19 cities and regions from 8 countries"
    )
    tab.page.locator("path.participant-marker").first.click(force=True)
    assert tab.page.locator(".leaflet-popup-content a").count() == 1
    tab.screenshot("participants-index")
    assert tab.serious_accessibility_violations() == []

    # The filtered page, with a broken shapes file: the map keeps its markers.
    tab.page.route("**/*.geojson", lambda route: route.fulfill(status=200, body="<html>"))
    tab.page.select_option("#id_country", "LT")
    tab.page.get_by_role("button", name="Apply").click()
    tab.page.wait_for_url("**country=LT**")
    assert marker_count(tab) == 3
    tab.page.wait_for_selector("#participant-map[data-shapes='failed']")
    assert tab.page.locator("path.map-country").count() == 0
    rows = tab.page.locator(".participant-table tbody th a").all_inner_texts()
    assert rows == [
        "Kaunas District Municipality",
        "Trakai District Municipality",
        "Vilnius City Municipality",
    ]
    assert tab.console_errors == []


def test_french_index_lists_everyone_without_javascript(demo, browser):
    context = browser.new_context(locale="fr-FR", java_script_enabled=False)
    page = context.new_page()
    page.goto(demo.url + "/fr/participants/")
    assert page.locator(".participant-table tbody tr").count() == 20
    assert page.locator(".participant-headline").inner_text() == "19 villes et régions de 8 pays"
    context.close()


def test_join_form_shows_errors_then_confirmation(demo, tab):
    tab.page.goto(demo.url + "/en/join/")
    assert tab.serious_accessibility_violations() == []
    tab.page.get_by_role("button", name="Send the application").click()
    summary = tab.page.locator("#error-summary")
    summary.wait_for()
    assert tab.page.evaluate("document.activeElement.id") == "error-summary"
    assert "This field is required." in summary.inner_text()
    tab.screenshot("participants-join-errors")
    assert tab.serious_accessibility_violations() == []
    assert MembershipApplication.objects.count() == 0

    tab.page.fill("#id_authority_name", "Municipality of Example")
    tab.page.select_option("#id_kind", "municipality")
    tab.page.select_option("#id_country", "LT")
    tab.page.fill("#id_website", "https://example.org/")
    tab.page.fill("#id_contact_name", "Ona Example")
    tab.page.fill("#id_contact_role", "Deputy mayor")
    tab.page.fill("#id_email", "ona@example.org")
    tab.page.fill("#id_motivation", "We run a mediator programme and wish to share it.")
    tab.page.check("#id_consent")
    tab.page.get_by_role("button", name="Send the application").click()
    tab.page.wait_for_url("**/en/join/thanks/")
    assert tab.page.locator("h1").inner_text() == "Thank you for your application"
    tab.screenshot("participants-join-confirmation")
    assert tab.serious_accessibility_violations() == []
    assert MembershipApplication.objects.get().authority_name == "Municipality of Example"
    assert tab.console_errors == []
