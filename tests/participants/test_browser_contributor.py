"""A member authority's contributor in a real Chromium (issue #20): an administrator
invites her from Veldhoven's page, she opens the link, chooses a password, finds an admin
reduced to her profile, her proposals and her images, edits the profile, writes a local
news item in Dutch and submits it for review. The screenshots illustrate the editor
guide's "Member authorities" section (docs/images/contributor-*.png)."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from playwright.sync_api import expect
from wagtail.models import Page

from participants.models import ParticipantPage
from tests.cms.workflow.test_browser_workflow import (  # noqa: F401 (a fixture)
    log_in,
    one_request_at_a_time,
    shoot,
)
from tests.conftest import user_in
from tests.shared_data import load_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VIEWPORT = {"width": 1280, "height": 800}
PASSWORD = "Roma-inclusion-2026!"
DUTCH_TITLE = "Twee Roma-bemiddelaars aan de slag in Veldhoven"
DUTCH_STANDFIRST = "Sinds januari helpen twee bemiddelaars gezinnen met school en huisvesting."
DUTCH_PARAGRAPH = "De bemiddelaars spreken Romanes en Nederlands en werken vanuit het wijkcentrum."


@pytest.mark.usefixtures("one_request_at_a_time")
def test_a_contributor_accepts_edits_the_profile_and_proposes_dutch_news(live_server, tab):
    # Transactional tests start from an emptied database: the demo brings the site back.
    load_demo()
    admin = user_in("ada-admin", superuser=True)
    veldhoven = ParticipantPage.objects.get(slug="veldhoven", locale__language_code="en")
    base, page = live_server.url, tab.page
    page.set_viewport_size(VIEWPORT)

    # 1. An administrator invites Lotte from Veldhoven's page.
    log_in(tab, base, admin.username)
    page.goto(f"{base}/admin/pages/{veldhoven.pk}/edit/")
    page.get_by_role("button", name="Actions").first.click()
    page.get_by_role("link", name="Invite a contributor").click()
    page.get_by_label("Email address").fill("lotte@veldhoven.nl")
    page.get_by_label("Language they write in").select_option("nl")
    shoot(tab, "contributor-01-invite")
    page.get_by_role("button", name="Send the invitation").click()
    expect(page.locator(".messages")).to_contain_text("lotte@veldhoven.nl is invited")
    link = re.search(r"https?://\S+/contribute/invitation/\S+/", mail.outbox[-1].body).group(0)
    path = link[link.index("/contribute/") :]

    # 2. Lotte opens the link and chooses her password; she lands in her admin. The
    # administrator's editor is left first: its editing-session ping, sent after the
    # cookies are gone, would be refused (403, no CSRF cookie) and logged as an error.
    page.goto("about:blank")
    page.context.clear_cookies()
    page.goto(base + path)
    expect(page.get_by_role("heading", name="Choose your password")).to_be_visible()
    page.locator("#id_new_password1").fill(PASSWORD)
    page.locator("#id_new_password2").fill(PASSWORD)
    shoot(tab, "contributor-02-password")
    assert tab.serious_accessibility_violations() == []
    page.get_by_role("button", name="Save my password").click()
    page.wait_for_url(base + "/admin/")
    sidebar = page.locator("#wagtail-sidebar")
    expect(sidebar.get_by_role("link", name="Images")).to_be_visible()
    expect(sidebar).not_to_contain_text("Reports")
    expect(sidebar).not_to_contain_text("Settings")
    expect(page.get_by_role("heading", name="You write for Veldhoven")).to_be_visible()
    shoot(tab, "contributor-03-dashboard")

    # 3. Her profile, from her dashboard: she corrects the contact role, saves a draft.
    page.get_by_role("link", name="Edit your profile").click()
    page.locator("#id_contact_role").fill("Beleidsmedewerker inclusie")
    page.get_by_role("button", name="Save draft").click()
    expect(page.locator(".messages")).to_contain_text("updated")
    page.locator("#id_contact_role").scroll_into_view_if_needed()
    shoot(tab, "contributor-04-profile")
    latest = Page.objects.get(pk=veldhoven.pk).get_latest_revision_as_object()
    assert latest.contact_role == "Beleidsmedewerker inclusie"

    # 4. A local news item in Dutch, under her profile, submitted for review.
    page.goto(f"{base}/admin/pages/add/articles/localnewspage/{veldhoven.pk}/")
    page.locator("#id_title").fill(DUTCH_TITLE)
    page.locator("#id_written_in").select_option("nl")
    page.locator("#id_publication_date").fill("2026-11-20")
    page.locator("#id_standfirst").fill(DUTCH_STANDFIRST)
    page.get_by_role("button", name="Insert a block").first.click()
    page.get_by_role("option", name="Paragraph").click()
    page.locator(".public-DraftEditor-content").first.click()
    page.keyboard.type(DUTCH_PARAGRAPH)
    expect(page.locator("#body-0-value")).to_have_value(re.compile("bemiddelaars"))
    page.locator("#id_title").scroll_into_view_if_needed()
    shoot(tab, "contributor-05-proposal")
    page.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name=re.compile("Submit to Editorial review")).click()
    expect(page.locator(".messages")).to_contain_text("submitted")
    shoot(tab, "contributor-06-submitted")

    proposal = Page.objects.get(title=DUTCH_TITLE, locale__language_code="en").specific
    assert proposal.get_parent().pk == veldhoven.pk
    assert proposal.written_in == "nl"
    assert proposal.workflow_in_progress and not proposal.live
    assert tab.console_errors == []
