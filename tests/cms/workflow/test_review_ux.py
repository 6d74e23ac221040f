"""The gate is easy to walk (cms/workflow/review_ux.py): reviewers are told what their decision
did, every path; one email per event per person; abandoned new drafts are shown to their
author, announced, then deleted (cleanup_abandoned_drafts)."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page, PageLogEntry
from wagtail.test.utils.form_data import rich_text
from wagtail.users.models import UserProfile

from home.models import StandardPage, TerminologyNote
from tests.cms.test_settings import run_manage
from tests.cms.workflow.admin_actions import client_for, create_page, edit_page, workflow_action

pytestmark = pytest.mark.django_db

NOTE_URLS = "wagtailsnippets_home_terminologynote"


def submitted_page(client, parent, slug: str = "housing") -> StandardPage:
    response = create_page(
        client, parent, "home.StandardPage", action="submit", title="Housing", slug=slug
    )
    assert response.status_code == 302, response.content[:1000]
    return StandardPage.objects.get(locale__language_code="en", slug=slug)


def shown_messages(response) -> list[str]:
    """What the next admin page shows the user (the messages of the redirect)."""
    assert response.status_code in (200, 302)
    return [str(message).strip() for message in get_messages(response.wsgi_request)]


def emails_per_recipient() -> Counter:
    return Counter(address for message in mail.outbox for address in message.to)


def prefers(user, language: str):
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()
    return user


# Confirmation after each decision -----------------------------------------------------


def test_approval_says_it_is_live_and_where(home_en, editor, reviewer):
    page = submitted_page(client_for(editor), home_en)
    response = workflow_action(client_for(reviewer), page, "approve", comment="Good.")
    messages = shown_messages(response)
    assert any(
        "“Housing” (standard page) was approved and published; it is live at "
        "http://testserver/en/housing/." in message
        for message in messages
    ), messages
    # The confirmation is the reviewer's alone: the author's next screen does not show it.
    html = client_for(editor).get(reverse("wagtailadmin_home")).content.decode()
    assert "was approved and published" not in html


def test_approval_is_confirmed_in_the_reviewers_language(home_en, editor, reviewer):
    page = submitted_page(client_for(editor), home_en)
    response = workflow_action(client_for(prefers(reviewer, "fr")), page, "approve")
    messages = shown_messages(response)
    assert any("Vous avez approuvé « Housing »" in m and "/en/housing/" in m for m in messages), (
        messages
    )


def test_approval_of_a_scheduled_page_says_when_it_goes_live(home_en, editor, reviewer):
    go_live = timezone.now() + timedelta(days=3)
    page = home_en.add_child(
        instance=StandardPage(title="Later", slug="later", live=False, go_live_at=go_live)
    )
    page.save_revision(user=editor)
    page.get_workflow().start(page, editor)
    response = workflow_action(client_for(reviewer), page, "approve")
    messages = shown_messages(response)
    assert any(
        "“Later” (standard page) was approved; it will go live on " in m for m in messages
    ), messages
    page.refresh_from_db()
    assert not page.live


def test_rejection_names_the_author_and_the_comment(home_en, editor, reviewer):
    editor.first_name, editor.last_name = "Edith", "Editor"
    editor.save()
    page = submitted_page(client_for(editor), home_en)
    response = workflow_action(client_for(reviewer), page, "reject", comment="Add the date.")
    assert "“Housing” (standard page) was sent back to Edith Editor with your comment." in (
        shown_messages(response)
    )


def test_rejection_without_comment_in_french(home_en, editor, reviewer):
    page = submitted_page(client_for(editor), home_en)
    response = workflow_action(client_for(prefers(reviewer, "fr")), page, "reject")
    messages = shown_messages(response)
    assert any("Vous avez renvoyé « Housing »" in m and "edith-editor." in m for m in messages), (
        messages
    )
    assert not any("commentaire" in m for m in messages)


def test_dashboard_modal_approval_is_confirmed_on_the_dashboard(home_en, editor, reviewer):
    """The "awaiting your review" panel posts the modal with XHR, then goes to `next`."""
    page = submitted_page(client_for(editor), home_en)
    task_state = page.current_workflow_task_state
    client = client_for(reviewer)
    dashboard = client.get(reverse("wagtailadmin_home"))
    action_url = reverse(
        "wagtailadmin_pages:workflow_action", args=(page.pk, "approve", task_state.pk)
    )
    assert action_url in dashboard.content.decode()
    response = client.post(
        f"{action_url}?next=/admin/",
        {"comment": ""},
        headers={"x-requested-with": "XMLHttpRequest"},
    )
    assert response.json()["step"] == "success"
    html = client.get(response.json()["redirect"]).content.decode()
    assert "was approved and published; it is live at http://testserver/en/housing/." in html


def test_approval_from_the_edit_view_is_confirmed(home_en, editor, reviewer):
    page = submitted_page(client_for(editor), home_en)
    client = client_for(reviewer)
    response = edit_page(
        client, page, action="workflow-action", **{"workflow-action-name": "approve"}
    )
    assert any("it is live at http://testserver/en/housing/" in m for m in shown_messages(response))


def test_snippet_approval_is_confirmed(editor, reviewer):
    client_for(editor).post(
        reverse(f"{NOTE_URLS}:add"),
        {
            "title": "Please note",
            "text": rich_text("<p>Umbrella term.</p>"),
            "locale": "1",
            "action-submit": "action-submit",
        },
    )
    note = TerminologyNote.objects.get(title="Please note")
    url = reverse(
        f"{NOTE_URLS}:workflow_action",
        args=(note.pk, "approve", note.current_workflow_task_state.pk),
    )
    response = client_for(reviewer).post(url, {"comment": ""})
    assert "“Please note” (terminology note) was approved and published." in shown_messages(
        response
    )


# One email per event per person ------------------------------------------------------


def test_one_email_per_person_on_submit_approve_and_reject_of_a_page(
    home_en, editor, reviewer, second_reviewer, administrator
):
    mail.outbox.clear()
    page = submitted_page(client_for(editor), home_en)
    per_person = emails_per_recipient()
    assert per_person == {reviewer.email: 1, second_reviewer.email: 1, administrator.email: 1}

    mail.outbox.clear()
    workflow_action(client_for(reviewer), page, "reject", comment="Date?")
    assert emails_per_recipient() == {editor.email: 1}

    mail.outbox.clear()
    edit_page(client_for(editor), page, action="submit", introduction="17 December.")
    assert emails_per_recipient() == {
        reviewer.email: 1,
        second_reviewer.email: 1,
        administrator.email: 1,
    }

    mail.outbox.clear()
    workflow_action(client_for(second_reviewer), page, "approve")
    assert emails_per_recipient() == {editor.email: 1}


def test_an_administrator_who_submits_gets_no_email_and_reviewers_one(
    home_en, reviewer, administrator
):
    mail.outbox.clear()
    submitted_page(client_for(administrator), home_en, slug="from-admin")
    assert emails_per_recipient() == {reviewer.email: 1}


def test_one_email_per_person_for_a_snippet(editor, reviewer, administrator):
    mail.outbox.clear()
    client_for(editor).post(
        reverse(f"{NOTE_URLS}:add"),
        {
            "title": "Note",
            "text": rich_text("<p>Text.</p>"),
            "locale": "1",
            "action-submit": "action-submit",
        },
    )
    assert emails_per_recipient() == {reviewer.email: 1, administrator.email: 1}
    note = TerminologyNote.objects.get(title="Note")
    mail.outbox.clear()
    url = reverse(
        f"{NOTE_URLS}:workflow_action",
        args=(note.pk, "reject", note.current_workflow_task_state.pk),
    )
    client_for(reviewer).post(url, {"comment": "No."})
    assert emails_per_recipient() == {editor.email: 1}


# Abandoned new drafts ----------------------------------------------------------------


def age(page: Page, days: int = 40) -> None:
    """As if nobody had edited the page for `days` (its last revision's time)."""
    Page.objects.filter(pk=page.pk).update(
        latest_revision_created_at=timezone.now() - timedelta(days=days)
    )


def draft(parent: Page, owner, slug: str, days: int = 40) -> StandardPage:
    """A new page saved (or autosaved) once by `owner` and left alone for `days`."""
    response = create_page(client_for(owner), parent, "home.StandardPage", title=slug, slug=slug)
    assert response.status_code == 302, response.content[:1000]
    page = StandardPage.objects.get(locale__language_code="en", slug=slug)
    age(page, days)
    return page


def abandoned_panel(user) -> str:
    """The dashboard's "Your abandoned drafts" panel as `user` sees it ("" if absent)."""
    html = client_for(user).get(reverse("wagtailadmin_home")).content.decode()
    if 'id="abandoned-drafts' not in html:
        return ""
    return html.split('id="abandoned-drafts', 1)[1].split("</section>", 1)[0]


def backdate_notices(days: int = 8) -> None:
    PageLogEntry.objects.filter(action="cms.abandoned_draft.notice").update(
        timestamp=timezone.now() - timedelta(days=days)
    )


def test_dashboard_lists_only_the_authors_own_abandoned_drafts(home_en, editor, second_editor):
    draft(home_en, editor, "forgotten-draft")
    draft(home_en, editor, "fresh-draft", days=2)
    draft(home_en, second_editor, "someone-elses-draft")
    submitted = draft(home_en, editor, "submitted-draft")
    submitted.get_workflow().start(submitted, editor)
    age(submitted)

    html = abandoned_panel(editor)
    assert "Your abandoned drafts" in html
    assert "forgotten-draft" in html
    for other in ("fresh-draft", "someone-elses-draft", "submitted-draft"):
        assert other not in html

    html = abandoned_panel(second_editor)
    assert "someone-elses-draft" in html and "forgotten-draft" not in html


def test_dashboard_panel_speaks_the_authors_language_and_is_absent_when_empty(
    home_en, editor, second_editor
):
    draft(home_en, editor, "oubli")
    html = abandoned_panel(prefers(editor, "fr"))
    assert "Vos brouillons abandonnés" in html and "pas encore annoncée" in html
    assert "n’ont jamais été soumises à relecture" in html
    assert abandoned_panel(second_editor) == ""


def test_author_is_warned_once_then_the_draft_and_its_alias_are_deleted(home_en, editor):
    page = draft(home_en, prefers(editor, "fr"), "left-behind")
    aliases = list(Page.objects.filter(alias_of=page).values_list("pk", flat=True))
    mail.outbox.clear()

    call_command("cleanup_abandoned_drafts")
    assert [message.to for message in mail.outbox] == [[editor.email]]
    notice = mail.outbox[0]
    assert "Votre brouillon inutilisé sera supprimé le" in notice.subject
    assert f"http://testserver/admin/pages/{page.pk}/edit/" in notice.body
    assert StandardPage.objects.filter(pk=page.pk).exists()

    call_command("cleanup_abandoned_drafts")  # a second run within the grace period
    assert len(mail.outbox) == 1
    assert StandardPage.objects.filter(pk=page.pk).exists()
    panel = abandoned_panel(editor)
    assert "left-behind" in panel and "pas encore annoncée" not in panel  # a date instead

    backdate_notices()
    call_command("cleanup_abandoned_drafts")
    assert not Page.objects.filter(pk__in=[page.pk, *aliases]).exists()
    entry = PageLogEntry.objects.get(page_id=page.pk, action="cms.abandoned_draft.delete")
    assert entry.data["owner"] == editor.get_username()
    assert PageLogEntry.objects.filter(page_id=page.pk, action="wagtail.delete").exists()


def test_an_edit_after_the_notice_keeps_the_draft(home_en, editor):
    page = draft(home_en, editor, "still-wanted")
    call_command("cleanup_abandoned_drafts")
    backdate_notices()
    edit_page(client_for(editor), page, introduction="Back to work.")
    mail.outbox.clear()
    call_command("cleanup_abandoned_drafts")
    assert StandardPage.objects.filter(pk=page.pk).exists()
    assert not mail.outbox


def test_never_touches_pages_that_were_live_submitted_translated_or_have_children(
    home_en, home_fr, locales, editor
):
    was_live = draft(home_en, editor, "was-live")
    was_live.save_revision(user=editor).publish()
    was_live.refresh_from_db()
    was_live.unpublish()
    live = draft(home_en, editor, "live-page")
    live.save_revision(user=editor).publish()
    submitted = draft(home_en, editor, "in-review")
    submitted.get_workflow().start(submitted, editor)
    translated = draft(home_en, editor, "translated")
    french = translated.get_translation_or_none(locales["fr"])
    if french is None:
        french = translated.copy_for_translation(locales["fr"])
    french.alias_of = None
    french.save()
    parent = draft(home_en, editor, "parent")
    parent.add_child(instance=StandardPage(title="Child", slug="child", live=False))
    kept = [was_live, live, submitted, translated, parent]
    for page in kept:
        age(page)

    mail.outbox.clear()
    for _run in range(2):
        call_command("cleanup_abandoned_drafts")
        backdate_notices()
    assert not mail.outbox
    assert not PageLogEntry.objects.filter(action__startswith="cms.abandoned_draft").exists()
    assert Page.objects.filter(pk__in=[page.pk for page in kept]).count() == len(kept)


def test_dry_run_changes_nothing(home_en, editor):
    page = draft(home_en, editor, "dry")
    mail.outbox.clear()
    call_command("cleanup_abandoned_drafts", "--dry-run")
    backdate_notices()
    call_command("cleanup_abandoned_drafts", "--dry-run")
    assert not mail.outbox
    assert StandardPage.objects.filter(pk=page.pk).exists()
    assert not PageLogEntry.objects.filter(action__startswith="cms.abandoned_draft").exists()


@pytest.mark.parametrize(
    ("arguments", "error"),
    [
        (["--days", "0"], "--days must be at least 1 day, got 0."),
        (["--days", "thirty"], "--days must be a whole number of days, got 'thirty'."),
        (["--grace-days", "-3"], "--grace-days must be at least 1 day, got -3."),
    ],
)
def test_bad_arguments_are_refused_with_a_clear_error(home_en, editor, arguments, error):
    page = draft(home_en, editor, "kept")
    with pytest.raises(CommandError, match=error):
        call_command("cleanup_abandoned_drafts", *arguments)
    assert StandardPage.objects.filter(pk=page.pk).exists()
    assert not mail.outbox


def test_bad_arguments_exit_non_zero_from_the_shell():
    result = run_manage("cleanup_abandoned_drafts", "--days", "-1")
    assert result.returncode != 0
    assert "--days must be at least 1 day, got -1." in result.stderr
    assert "Traceback" not in result.stderr
