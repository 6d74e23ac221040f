"""A release in a real Chromium, in the French admin (issue #17): an approved English
seminar report waits, visibly, for its French translation; an administrator publishes it
without waiting, with a reason that the history keeps. The screenshots illustrate the
editor guide's "Releases" section."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from wagtail.models import Locale, Page, PageLogEntry
from wagtail.users.models import UserProfile
from wagtail_localize.operations import translate_object

from articles.models import ArticleIndexPage
from tests.articles.factories import SeminarReportPageFactory
from tests.cms.publishing.releases_kit import approve, submit
from tests.cms.workflow.test_browser_workflow import log_in, one_request_at_a_time  # noqa: F401
from tests.conftest import user_in
from tests.shared_data import load_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def in_french(user):
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "fr"
    profile.save()
    return user


@pytest.mark.usefixtures("one_request_at_a_time")
def test_an_approved_report_waits_for_french_and_an_administrator_overrides(live_server, tab):
    # Transactional tests start from an emptied database: the demo brings the site back.
    load_demo()
    news = ArticleIndexPage.objects.get(locale__language_code="en")
    editor = in_french(user_in("edith-editor", "Editors"))
    reviewer = user_in("rui-reviewer", "Reviewers")
    admin = in_french(user_in("ada-admin", superuser=True))
    english = SeminarReportPageFactory(
        parent=news, title="Trakai seminar", slug="trakai", live=False
    )
    translate_object(english, [Locale.objects.get(language_code="fr")])
    submit(english, editor)
    approve(english, reviewer)
    assert not Page.objects.get(pk=english.pk).live, "it waits for French"
    base, page = live_server.url, tab.page
    page.set_viewport_size({"width": 1280, "height": 800})

    # The editor sees the waiting state in the page list, in French.
    log_in(tab, base, editor.username)
    page.goto(f"{base}/admin/pages/{news.pk}/")
    row = page.get_by_role("row").filter(has_text="Trakai seminar")
    expect(row).to_contain_text("Approuvée, en attente de : fr")
    tab.screenshot("release-fr-01-waiting")

    # An administrator publishes it without waiting, giving a reason.
    tab.page.context.clear_cookies()
    log_in(tab, base, admin.username)
    page.goto(f"{base}/admin/pages/{news.pk}/")
    page.get_by_role("row").filter(has_text="Trakai seminar").get_by_text(
        "Approuvée, en attente de : fr"
    ).click()
    expect(page.get_by_role("heading", name="Publier sans attendre")).to_be_visible()
    page.locator("#id_reason").fill("Annonce attendue par les partenaires ce matin.")
    tab.screenshot("release-fr-02-override")
    assert tab.serious_accessibility_violations() == [], "the override form is accessible"
    page.get_by_role("button", name="Publier maintenant").click()
    page.wait_for_load_state()

    assert Page.objects.get(pk=english.pk).live
    entry = PageLogEntry.objects.get(page=english, action="cms.release_override")
    assert entry.user_id == admin.pk
    assert entry.data["reason"] == "Annonce attendue par les partenaires ce matin."
