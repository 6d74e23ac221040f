"""The home pages in a real Chromium: rendered, error-free and accessible."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.shared_data import SharedSite, committed, load_demo

pytestmark = [pytest.mark.browser]


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker) -> Iterator[SharedSite[None]]:
    """The demo site, committed once for the module's tests and shown by a live server
    of the module (tests/shared_data.py): the tests only read it."""
    yield from committed(django_db_blocker, load_demo)


@pytest.mark.parametrize(
    ("path", "lang", "heading"),
    [
        ("/en/", "en", "European Alliance of Cities and Regions for Roma Inclusion"),
        ("/fr/", "fr", "Alliance européenne des villes et des régions pour l’inclusion des Roms"),
    ],
)
def test_home_page_renders_accessibly(demo, tab, path, lang, heading):
    tab.page.goto(demo.url + path)
    assert tab.page.locator("html").get_attribute("lang") == lang
    assert tab.page.locator("h1").inner_text() == heading
    assert tab.page.locator(".hero-image img").evaluate("img => img.naturalWidth") > 0
    tab.screenshot(f"home-{lang}")
    assert tab.serious_accessibility_violations() == []
    assert tab.console_errors == []


def test_language_switcher_and_skip_link_work_by_keyboard(demo, tab):
    tab.page.goto(demo.url + "/en/about/")
    tab.page.keyboard.press("Tab")
    assert tab.page.evaluate("document.activeElement.className") == "skip-link"
    tab.page.get_by_role("link", name="français").click()
    tab.page.wait_for_url("**/fr/a-propos/")
    assert tab.page.locator("h1").inner_text() == "À propos de l’Alliance"
