"""Search in a real Chromium: from the header, with a facet and the keyboard autocomplete."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.shared_data import SharedSite, committed, load_demo

pytestmark = [pytest.mark.browser]


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker) -> Iterator[SharedSite[None]]:
    """The demo site, committed once for the module's tests and shown by a live server
    of the module (tests/shared_data.py): the tests only read it (a search is
    logged, which no test here looks at)."""
    yield from committed(django_db_blocker, load_demo)


def test_search_from_the_header_narrow_by_facet_and_autocomplete(demo, tab):
    page = tab.page
    page.goto(demo.url + "/en/")

    # Search from the header.
    box = page.get_by_role("combobox", name="Search the site").first
    box.fill("seminar")
    with page.expect_navigation():
        box.press("Enter")
    assert "/en/search/?q=seminar" in page.url
    results = page.locator(".search-result h3 a")
    assert results.count() >= 4
    assert page.locator(".result-snippet mark").first.inner_text().lower().startswith("seminar")
    assert tab.serious_accessibility_violations() == []

    # Narrow by a facet: only pages about Lithuania are left, the seminar report among them.
    lithuania = (
        page.locator(".search-facet")
        .filter(has_text="Country")
        .get_by_role("link", name="Lithuania")
    )
    expected_count = int(lithuania.locator(".facet-count").inner_text().strip("()"))
    assert expected_count < results.count()
    lithuania.click()
    page.wait_for_url(lambda url: "country=LT" in url)
    titles = [title.strip() for title in results.all_inner_texts()]
    assert len(titles) == expected_count
    assert "First national seminar on Roma inclusion at local level held in Lithuania" in titles
    assert "National seminar on Roma inclusion in Spain" not in titles
    assert page.locator(".search-facet a[aria-current=true]").count() == 1
    tab.screenshot("search-facet")

    # Autocomplete by keyboard only: type, arrow down, Enter opens the page.
    box = page.locator("#search-query")
    box.fill("")
    box.press_sequentially("Veldh", delay=30)
    listbox = page.locator("#search-query-suggestions")
    listbox.locator("[role=option]").first.wait_for()
    assert box.get_attribute("aria-expanded") == "true"
    options = listbox.locator("[role=option] .suggestion-title").all_inner_texts()
    assert "Veldhoven" in options
    for _ in range(options.index("Veldhoven") + 1):
        box.press("ArrowDown")
    active = box.get_attribute("aria-activedescendant")
    assert page.locator(f"#{active}").get_attribute("aria-selected") == "true"
    assert page.locator(f"#{active} .suggestion-title").inner_text() == "Veldhoven"
    tab.screenshot("search-autocomplete")
    assert tab.serious_accessibility_violations() == []
    box.press("Enter")
    page.wait_for_url(lambda url: "/veldhoven/" in url)
    assert page.locator("h1").inner_text() == "Veldhoven"
    assert tab.console_errors == []


def test_french_search_page_is_accessible(demo, tab):
    tab.page.goto(demo.url + "/fr/search/?q=logements")
    assert tab.page.locator("html").get_attribute("lang") == "fr"
    assert tab.page.locator(".search-result").count() >= 1
    tab.screenshot("search-fr")
    assert tab.serious_accessibility_violations() == []
    assert tab.console_errors == []
