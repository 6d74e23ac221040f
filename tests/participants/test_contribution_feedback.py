"""Feedback to a member authority's contributor (#20): each decision on their proposal
(changes requested with the comment, approved and waiting for its translations,
published) reaches them by email and on their dashboard, in their own language."""

from __future__ import annotations

import logging

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from wagtail.models import Page
from wagtail.users.models import UserProfile
from wagtail_localize.models import Translation

from tests.articles.contribution_kit import (
    DUTCH_TITLE,
    closed_port,
    contributor_fixture,  # noqa: F401 - a fixture
    no_translator_fixture,  # noqa: F401 - a fixture
    propose,
    translator_en_fixture,  # noqa: F401 - a fixture
    veldhoven_fixture,  # noqa: F401 - a fixture
)
from tests.cms.workflow.admin_actions import client_for, workflow_action

pytestmark = pytest.mark.django_db

COMMENT = "Please name the school where the mediators work."


def speaks(contributor, language: str) -> None:
    profile = UserProfile.get_for_user(contributor.user)
    profile.preferred_language = language
    profile.save()


def in_french(text: str) -> str:
    with translation.override("fr"):
        return gettext(text)


def mails_to(user) -> list:
    return [message for message in mail.outbox if user.email in message.to]


def dashboard(user) -> str:
    response = client_for(user).get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    return response.content.decode()


def test_changes_requested_reach_the_contributor_with_the_comment_in_french(
    contributor, no_translator, translator_en
):
    speaks(contributor, "fr")
    page = propose(contributor, contributor.participant)
    mail.outbox.clear()

    response = workflow_action(client_for(translator_en), page, "reject", comment=COMMENT)
    assert response.status_code == 302

    # In the contributor's language, whatever the reviewer's.
    subject = in_french("Changes requested: “%(title)s”") % {"title": DUTCH_TITLE}
    [message] = [m for m in mails_to(contributor.user) if m.subject == subject]
    assert subject == f"Modifications demandées : « {DUTCH_TITLE} »"
    assert COMMENT in message.body
    assert "tom-translator" in message.body
    assert f"/admin/pages/{page.pk}/edit/" in message.body
    assert not [m for m in mails_to(translator_en) if m.subject == subject], "only to the author"

    board = dashboard(contributor.user)
    assert in_french("Your contributions") == "Vos contributions" and "Vos contributions" in board
    assert DUTCH_TITLE in board and COMMENT in board
    assert in_french("Changes requested") in board


def test_approved_waiting_then_published_in_the_contributors_language(
    contributor, no_translator, translator_en, translator_fr, reviewer
):
    speaks(contributor, "en")
    page = propose(contributor, contributor.participant)
    assert workflow_action(client_for(translator_en), page, "approve").status_code == 302
    mail.outbox.clear()
    assert workflow_action(client_for(reviewer), page, "approve").status_code == 302
    [approved] = [m for m in mails_to(contributor.user) if m.subject.startswith("Approved: ")]
    assert approved.subject == f"Approved: “{DUTCH_TITLE}”"
    assert "goes live when its translations are approved" in approved.body
    assert "Approved; it goes live with its translations" in dashboard(contributor.user)

    # The French translator translates by hand (no machine here) and a reviewer approves:
    # the release publishes both, and the contributor hears that it is live.
    french = Page.objects.get(translation_key=page.translation_key, locale__language_code="fr")
    translate_by_hand(french)
    url = reverse("cms_submit_translation_for_review", args=(french.pk,))
    assert client_for(translator_fr).post(url).status_code == 302
    mail.outbox.clear()
    assert workflow_action(client_for(reviewer), french, "approve").status_code == 302
    assert Page.objects.get(pk=page.pk).live
    [published] = [m for m in mails_to(contributor.user) if m.subject.startswith("Published")]
    assert published.subject == f"Published: “{DUTCH_TITLE}”"
    assert Page.objects.get(pk=page.pk).specific.get_full_url() in published.body
    board = dashboard(contributor.user)
    assert "Published" in board and "View live" in board


def translate_by_hand(french: Page) -> None:
    """Every string of the French translation typed by a translator (a PO round trip)."""
    translation = Translation.objects.get(
        source__object_id=french.translation_key, target_locale=french.locale
    )
    po = translation.export_po()
    for entry in po:
        # The slug follows the translated title (cms/translations/slugs.py).
        entry.msgstr = entry.msgid if entry.msgctxt == "slug" else f"(fr) {entry.msgid}"
    translation.import_po(po)
    translation.save_target(publish=False)


def test_the_panel_is_only_for_authors_of_contributions(contributor, no_translator, editor):
    propose(contributor, contributor.participant)
    assert "Your contributions" in dashboard(contributor.user)
    assert "Your contributions" not in dashboard(editor), "nothing submitted: no panel"


def test_a_mail_server_that_is_down_costs_the_email_not_the_decision(
    contributor, no_translator, translator_en, settings, caplog
):
    """The real SMTP backend, pointed at a port where nothing listens: the reviewer's
    decision is saved and shown, the failure is logged, no error page."""
    page = propose(contributor, contributor.participant)
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = closed_port()

    with caplog.at_level(logging.ERROR, logger="cms.translations.feedback"):
        response = workflow_action(client_for(translator_en), page, "reject", comment=COMMENT)

    assert response.status_code == 302
    assert any("Could not tell the author" in record.message for record in caplog.records)
    board = dashboard(contributor.user)
    assert COMMENT in board and "Changes requested" in board
