"""The editorial workflow in a real Chromium: an editor writes and submits an article,
it stays hidden until a second person, a reviewer, approves it, and then the public sees it.

Everything goes through the screens people use: the Wagtail login form, the page editor
with its StreamField, the action menu, the reviewer's dashboard. The screenshots of each
step (test-artifacts/workflow-NN-*.png) illustrate docs/editor-guide.md.
"""

from __future__ import annotations

import re

import pytest
from django.db import connection
from playwright.sync_api import expect

from articles.models import ArticleIndexPage, ArticlePage
from tests.conftest import ARTIFACTS, user_in
from tests.shared_data import load_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery staple"
TITLE = "School mediators compare notes"
STANDFIRST = "Twelve cities now train Roma school mediators together."
PARAGRAPH = "The mediators met for two days to share what works in their classrooms."
VIEWPORT = {"width": 1280, "height": 800}
NOT_FOUND_LOG = "Failed to load resource: the server responded with a status of 404 (Not Found)"


def csp_violations(errors: list[str]) -> list[str]:
    return [error for error in errors if "Content Security Policy" in error]


def shoot(tab, name: str) -> None:
    """A viewport-sized screenshot, small enough to illustrate the editor guide."""
    ARTIFACTS.mkdir(exist_ok=True)
    tab.page.screenshot(path=str(ARTIFACTS / f"{name}.png"), animations="disabled")


def log_in(tab, base_url: str, username: str) -> None:
    tab.page.goto(base_url + "/admin/login/")
    tab.page.get_by_label("Username").fill(username)
    tab.page.get_by_label("Password").fill(PASSWORD)
    tab.page.get_by_role("button", name="Sign in").click()
    tab.page.wait_for_url(base_url + "/admin/")


def as_anonymous(tab) -> None:
    # Leave the page first: an editor left open keeps pinging its editing session, and a
    # ping sent after the cookies are gone is refused (403) and logged as an error.
    tab.page.goto("about:blank")
    tab.page.context.clear_cookies()


@pytest.fixture
def one_request_at_a_time(settings) -> None:
    """On SQLite the test database lives in memory, shared between the live server's
    threads, and SQLite then answers "database table is locked" at once instead of
    waiting when two requests write together. The editor's background requests (autosave
    every half second, editing-session pings) would race with the clicks under test, so
    on SQLite they are switched off; on PostgreSQL they stay on, as in production."""
    if connection.vendor == "sqlite":
        settings.WAGTAIL_AUTOSAVE_INTERVAL = 0
        settings.WAGTAIL_EDITING_SESSION_PING_INTERVAL = 3_600_000


@pytest.mark.usefixtures("one_request_at_a_time")
def test_editor_writes_reviewer_approves_public_sees(live_server, tab):
    load_demo()
    editor = user_in("edith-editor", "Editors")
    reviewer = user_in("rita-reviewer", "Reviewers")
    base = live_server.url
    page = tab.page
    page.set_viewport_size(VIEWPORT)
    news = ArticleIndexPage.objects.get(locale__language_code="en")

    # 1. The editor signs in through the real login form.
    page.goto(base + "/admin/login/")
    shoot(tab, "workflow-01-login")
    log_in(tab, base, editor.username)
    shoot(tab, "workflow-02-editor-dashboard")

    # 2. From the page explorer, a new news article under News.
    page.goto(f"{base}/admin/pages/{news.pk}/")
    page.get_by_role("link", name="Add child page").first.click()
    page.get_by_role("link", name=re.compile("News article", re.I)).first.click()
    page.wait_for_url(re.compile(r"/admin/pages/add/articles/articlepage/"))
    page.locator("#id_title").fill(TITLE)
    page.locator("#id_publication_date").fill("2026-03-12")
    page.locator("#id_standfirst").fill(STANDFIRST)
    # A heading one level too deep, for the quality gate to catch.
    page.get_by_role("button", name="Insert a block").first.click()
    page.get_by_role("option", name="Heading").click()
    page.locator("#body-0-value-text").fill("What the mediators do")
    page.locator("#body-0-value-level").select_option("h3")
    page.get_by_role("button", name="Insert a block").last.click()
    page.get_by_role("option", name="Paragraph").click()
    page.locator(".public-DraftEditor-content").first.click()
    page.keyboard.type(PARAGRAPH)
    # Draftail copies its content into the form's hidden input a moment after typing.
    expect(page.locator("#body-1-value")).to_have_value(re.compile("two days"))
    page.evaluate("window.scrollTo(0, 0)")
    shoot(tab, "workflow-03-editor-writes")

    # 3. Submitting runs the quality gate: refused, with the problem named.
    page.get_by_role("button", name="More actions").click()
    shoot(tab, "workflow-04-action-menu")
    page.get_by_role("button", name=re.compile("Submit to Editorial review")).click()
    expect(page.locator(".messages")).to_contain_text("skips a level")
    shoot(tab, "workflow-05-quality-gate")
    assert not ArticlePage.objects.filter(title=TITLE, live=True).exists()

    # 4. The editor fixes the heading level and submits again, once the re-rendered
    # editor has restored the paragraph into its hidden input (as in step 2).
    expect(page.locator("#body-1-value")).to_have_value(re.compile("two days"))
    page.locator("#body-0-value-level").select_option("h2")
    page.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name=re.compile("Submit to Editorial review")).click()
    expect(page.locator(".messages")).to_contain_text("submitted")
    article = ArticlePage.objects.get(title=TITLE, locale__language_code="en")
    assert article.url_path.endswith("/news/school-mediators-compare-notes/")
    assert article.workflow_in_progress
    # Neither the article nor the French alias that wagtail-localize keeps of it is live.
    assert not ArticlePage.objects.filter(title=TITLE, live=True).exists()
    article_url = f"{base}/en/news/{article.slug}/"
    shoot(tab, "workflow-06-submitted")
    admin_errors = list(tab.console_errors)

    # 5. Until a reviewer approves, an anonymous visitor sees nothing of it.
    as_anonymous(tab)
    mark = len(tab.console_errors)
    response = page.goto(article_url)
    assert response.status == 404
    assert TITLE not in page.content()
    shoot(tab, "workflow-07-anonymous-404")
    # Chromium logs the 404 itself; nothing else may be logged.
    assert tab.console_errors[mark:] == [NOT_FOUND_LOG]
    mark = len(tab.console_errors)
    page.goto(base + "/en/news/")
    expect(page.locator("main")).not_to_contain_text(TITLE)
    shoot(tab, "workflow-08-news-without-draft")
    public_errors = tab.console_errors[mark:]

    # 6. The reviewer finds it on the dashboard, previews it and approves with a comment.
    mark = len(tab.console_errors)
    log_in(tab, base, reviewer.username)
    awaiting = page.get_by_role("region", name="Awaiting your review")
    row = awaiting.get_by_role("row").filter(has_text=TITLE)
    expect(row).to_contain_text(editor.username)
    shoot(tab, "workflow-09-reviewer-dashboard")
    row.get_by_role("button", name="Actions").click()
    expect(row.get_by_role("link", name="Preview")).to_be_visible()
    row.get_by_role("button", name="Approve with comment").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_label("Comment").fill("Clear and accurate. Thank you.")
    shoot(tab, "workflow-10-approve-with-comment")
    dialog.get_by_role("button", name=re.compile("Approve")).click()
    # The dashboard reloads without the article: nothing is left to review.
    expect(awaiting).to_have_count(0)
    shoot(tab, "workflow-11-approved")
    admin_errors += tab.console_errors[mark:]
    article.refresh_from_db()
    assert article.live

    # 7. Now the public sees it, at its address and in the news list.
    as_anonymous(tab)
    mark = len(tab.console_errors)
    response = page.goto(article_url)
    assert response.status == 200
    expect(page.locator("h1")).to_have_text(TITLE)
    expect(page.locator("main")).to_contain_text(STANDFIRST)
    expect(page.locator("main")).to_contain_text(PARAGRAPH)
    expect(page.locator("main h2")).to_contain_text("What the mediators do")
    shoot(tab, "workflow-12-public-article")
    assert tab.serious_accessibility_violations() == []
    page.goto(base + "/en/news/")
    news_link = page.locator("main").get_by_role("link", name=TITLE)
    expect(news_link).to_have_attribute("href", f"/en/news/{article.slug}/")
    shoot(tab, "workflow-13-public-news")
    public_errors += tab.console_errors[mark:]

    assert public_errors == []
    assert csp_violations(admin_errors) == []
