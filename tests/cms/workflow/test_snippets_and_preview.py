"""Content snippets go through the same review; reviewers preview what they approve."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from wagtail.test.utils.form_data import rich_text

from home.models import StandardPage, TerminologyNote
from tests.cms.workflow.admin_actions import client_for, refused

pytestmark = pytest.mark.django_db

NOTE_URLS = "wagtailsnippets_home_terminologynote"


def submit_note(client: Client, action: str = "action-submit"):
    return client.post(
        reverse(f"{NOTE_URLS}:add"),
        {
            "title": "Please note",
            "text": rich_text("<p>“Roma and Travellers” is an umbrella term.</p>"),
            "locale": "1",
            action: action,
        },
    )


def test_terminology_note_is_reviewed_before_it_goes_live(editor, reviewer):
    response = submit_note(client_for(editor))
    assert response.status_code == 302
    note = TerminologyNote.objects.get(title="Please note")
    assert not note.live
    assert note.workflow_in_progress

    task_state = note.current_workflow_task_state
    url = reverse(f"{NOTE_URLS}:workflow_action", args=(note.pk, "approve", task_state.pk))
    assert refused(client_for(editor).post(url, {"comment": ""}))
    note.refresh_from_db()
    assert not note.live

    assert client_for(reviewer).post(url, {"comment": "Correct wording."}).status_code == 302
    note.refresh_from_db()
    assert note.live


def test_editors_and_reviewers_cannot_publish_a_note_directly(editor, reviewer):
    for user in (editor, reviewer):
        response = submit_note(client_for(user), action="action-publish")
        assert response.status_code in (302, 403)
    assert not TerminologyNote.objects.filter(live=True).exists()


def test_reviewer_previews_the_revision_under_review(home_en, editor, reviewer):
    page = home_en.add_child(
        instance=StandardPage(title="Draft report", slug="draft-report", live=False)
    )
    page.introduction = "Text only reviewers may read before approval."
    page.save_revision(user=editor)
    page.get_workflow().start(page, editor)
    task = page.current_workflow_task
    url = reverse("wagtailadmin_pages:workflow_preview", args=(page.pk, task.pk))

    response = client_for(reviewer).get(url)
    assert response.status_code == 200
    assert "Text only reviewers may read before approval." in response.content.decode()

    anonymous = Client().get(url)
    assert anonymous.status_code == 302 and "/admin/login/" in anonymous["Location"]
    assert Client().get("/en/draft-report/").status_code == 404
