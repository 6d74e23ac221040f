"""The news in a real Chromium: rendered, error-free and accessible."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.shared_data import SharedSite, committed, load_demo

pytestmark = [pytest.mark.browser]


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker) -> Iterator[SharedSite[None]]:
    """The demo site, committed once for the module's tests and shown by a live server
    of the module (tests/shared_data.py): the tests only read it."""
    yield from committed(django_db_blocker, load_demo)


@pytest.mark.parametrize(
    ("path", "name", "heading"),
    [
        ("/en/news/", "news-index-en", "News"),
        ("/fr/actualites/?type=report", "news-index-fr", "Actualités"),
        (
            "/en/news/lithuania-national-seminar-2015/",
            "seminar-report-en",
            "First national seminar on Roma inclusion at local level held in Lithuania",
        ),
        (
            "/fr/actualites/seminaire-national-lituanie-2015/",
            "seminar-report-fr",
            "Premier séminaire national sur l’inclusion des Roms au niveau local en Lituanie",
        ),
        ("/en/news/topic/housing/", "topic-en", "Topic: Housing"),
        ("/en/", "home-latest-news-en", None),
    ],
)
def test_news_pages_render_accessibly(demo, tab, path, name, heading):
    tab.page.goto(demo.url + path)
    if heading is not None:
        assert tab.page.locator("h1").inner_text() == heading
    images = tab.page.locator("main img")
    for index in range(images.count()):
        image = images.nth(index)
        image.scroll_into_view_if_needed()
        # Gallery images load lazily: wait for this one to finish, successfully or not.
        width = image.evaluate(
            """img => img.complete ? img.naturalWidth : new Promise(resolve => {
                img.addEventListener("load", () => resolve(img.naturalWidth));
                img.addEventListener("error", () => resolve(0));
            })"""
        )
        assert width > 0, index
    tab.screenshot(f"articles-{name}")
    assert tab.serious_accessibility_violations() == []
    assert tab.console_errors == []


def test_report_shows_facts_gallery_and_calendar_download(demo, tab):
    tab.page.goto(demo.url + "/en/news/lithuania-national-seminar-2015/")
    facts = tab.page.locator("aside.event-facts")
    assert "17 December 2015" in facts.inner_text()
    assert tab.page.locator(".gallery figure").count() == 2
    with tab.page.expect_download() as download_info:
        facts.get_by_role("link", name="Add to calendar (.ics)").click()
    download = download_info.value
    assert download.suggested_filename == "lithuania-national-seminar-2015.ics"
    content = Path(download.path()).read_bytes().decode()
    assert "DTSTART;VALUE=DATE:20151217\r\n" in content


def test_filters_work_by_keyboard(demo, tab):
    tab.page.goto(demo.url + "/en/news/")
    tab.page.get_by_label("Type").select_option("report")
    tab.page.get_by_role("button", name="Filter").press("Enter")
    tab.page.wait_for_url("**/en/news/?*type=report*")
    kinds = tab.page.locator(".article-list .card-kind").all_text_contents()
    assert kinds and set(kinds) == {"Seminar report"}
    assert tab.console_errors == []
