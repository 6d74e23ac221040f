"""A hosted video in a real Chromium: nothing leaves the site until the visitor asks (#21).

One page load: every request the tab makes is recorded; before the click all go to the
site itself; “Load and play video” puts the privacy-friendly player in place, focused.
"""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from wagtail.rich_text import RichText

from home.models import HomePage, StandardPage
from tests.shared_data import SharedSite, committed, load_demo

pytestmark = [pytest.mark.browser]


def build() -> str:
    # From the migrated database (a browser module before this one flushed its own
    # data, the default site included): the demo's rows are put back, then the page.
    load_demo()
    home_en = HomePage.objects.get(locale__language_code="en")
    page = StandardPage(
        title="Recordings",
        slug="recordings",
        introduction="The seminar's opening.",
        body=[
            (
                "media",
                {
                    "title": "The Alliance in two minutes",
                    "kind": "video",
                    "url": "https://www.youtube.com/watch?v=M7lc1UVf-VE",
                    "transcript": RichText("<p>Welcome to the Alliance.</p>"),
                },
            )
        ],
    )
    home_en.add_child(instance=page)
    page.save_revision().publish()
    return page.url


@pytest.fixture(scope="module")
def site(django_db_setup, django_db_blocker) -> Iterator[SharedSite[str]]:
    yield from committed(django_db_blocker, build)


def test_the_player_loads_only_after_the_click(site, tab):
    requests: list[str] = []
    tab.page.on("request", lambda request: requests.append(request.url))
    tab.page.goto(site.url + site.data)
    button = tab.page.get_by_role("button", name="Load and play video")
    button.wait_for()  # shown by media-consent.js
    origin = urlsplit(site.url).netloc
    assert [url for url in requests if urlsplit(url).netloc != origin] == []
    assert tab.page.locator("iframe").count() == 0
    assert tab.console_errors == []
    assert tab.serious_accessibility_violations() == []
    tab.screenshot("media-placeholder")

    # Offline, the player's request fails: that it was made is what counts.
    with tab.page.expect_request(lambda request: "youtube-nocookie.com" in request.url) as player:
        button.click()
    assert player.value.url.startswith("https://www.youtube-nocookie.com/embed/M7lc1UVf-VE")
    frame = tab.page.locator("iframe.media-frame")
    assert frame.get_attribute("title") == "The Alliance in two minutes"
    assert tab.page.evaluate("document.activeElement.tagName") == "IFRAME"
    assert tab.page.get_by_role("button", name="Load and play video").count() == 0
