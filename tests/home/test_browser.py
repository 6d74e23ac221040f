"""The home pages in a real Chromium: rendered, error-free and accessible."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


@pytest.mark.parametrize(
    ("path", "lang", "heading"),
    [
        ("/en/", "en", "European Alliance of Cities and Regions for Roma Inclusion"),
        ("/fr/", "fr", "Alliance européenne des villes et des régions pour l’inclusion des Roms"),
    ],
)
def test_home_page_renders_accessibly(live_server, tab, path, lang, heading):
    call_command("load_demo_content", stdout=StringIO(), stderr=StringIO())
    tab.page.goto(live_server.url + path)
    assert tab.page.locator("html").get_attribute("lang") == lang
    assert tab.page.locator("h1").inner_text() == heading
    assert tab.page.locator(".hero-image img").evaluate("img => img.naturalWidth") > 0
    tab.screenshot(f"home-{lang}")
    assert tab.serious_accessibility_violations() == []
    assert tab.console_errors == []


def test_language_switcher_and_skip_link_work_by_keyboard(live_server, tab):
    call_command("load_demo_content", stdout=StringIO(), stderr=StringIO())
    tab.page.goto(live_server.url + "/en/about/")
    tab.page.keyboard.press("Tab")
    assert tab.page.evaluate("document.activeElement.className") == "skip-link"
    tab.page.get_by_role("link", name="français").click()
    tab.page.wait_for_url("**/fr/a-propos/")
    assert tab.page.locator("h1").inner_text() == "À propos de l’Alliance"
