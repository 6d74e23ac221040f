"""An editor's click on "Submit" while autosave is still saving a new page.

Wagtail 8 autosaves the editor in the background. Without cms/static/cms/js/
submit-after-autosave.js, a submit sent while the first autosave of a new page is in
flight goes to the "add page" view too, and fails: the autosave has just created the page,
so its slug is taken ("validation errors", or a server error when both land together).
The autosave's response is held back here, as on a slow network, to make that moment last.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from articles.models import ArticleIndexPage, ArticlePage
from tests.cms.workflow.test_browser_workflow import log_in
from tests.conftest import user_in
from tests.shared_data import load_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "Mediators meet in Strasbourg"


@pytest.fixture
def autosave_on(settings) -> None:
    settings.WAGTAIL_AUTOSAVE_INTERVAL = 500
    # No editing-session pings: on SQLite they would race the requests under test.
    settings.WAGTAIL_EDITING_SESSION_PING_INTERVAL = 3_600_000


@pytest.mark.usefixtures("autosave_on")
def test_submit_during_first_autosave_waits_and_submits_the_saved_page(live_server, tab):
    load_demo()
    editor = user_in("edith-editor", "Editors")
    news = ArticleIndexPage.objects.get(locale__language_code="en")
    page = tab.page
    add_url = re.compile(r"/admin/pages/add/articles/articlepage/\d+/$")
    held_autosaves: list = []
    submits_to_add_view: list[str] = []

    def hold_autosave(route) -> None:
        request = route.request
        if request.method == "POST" and "application/json" in (request.headers.get("accept") or ""):
            held_autosaves.append((route, route.fetch()))  # the server has saved the page
            return
        if request.method == "POST":
            submits_to_add_view.append(request.url)
        route.continue_()

    log_in(tab, live_server.url, editor.username)
    page.route(add_url, hold_autosave)
    page.goto(f"{live_server.url}/admin/pages/add/articles/articlepage/{news.pk}/")
    # Wagtail records the form's initial state 2 s after load; edits count from then on.
    page.wait_for_timeout(2_500)
    page.locator("#id_title").fill(TITLE)
    page.locator("#id_publication_date").fill("2026-03-12")
    page.locator("#id_standfirst").fill("Twelve cities compare notes on school mediation.")
    for _ in range(100):
        if held_autosaves:
            break
        page.wait_for_timeout(100)
    assert held_autosaves, "autosave never saved the new page"
    assert ArticlePage.objects.filter(title=TITLE, locale__language_code="en").count() == 1

    page.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name=re.compile("Submit to Editorial review")).click()
    page.wait_for_timeout(1000)
    assert submits_to_add_view == [], "the submit went out while autosave was in flight"

    route, response = held_autosaves.pop()
    route.fulfill(response=response)
    expect(page.locator(".messages")).to_contain_text("submitted")
    assert submits_to_add_view == []
    article = ArticlePage.objects.get(title=TITLE, locale__language_code="en")
    assert article.workflow_in_progress
    assert not article.live
    assert not [error for error in tab.console_errors if "500" in error]
