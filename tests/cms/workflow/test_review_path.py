"""The whole editorial path through the real admin views, with real emails."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page

from articles.models import ArticlePage
from home.models import StandardPage
from tests.articles.factories import ArticleIndexPageFactory
from tests.cms.workflow.admin_actions import (
    client_for,
    create_page,
    edit_page,
    refused,
    workflow_action,
)

pytestmark = pytest.mark.django_db


def public_titles(client: Client) -> set[str]:
    api = client.get("/api/v2/pages/?limit=100").json()["items"]
    return {item["title"] for item in api}


def test_editor_submits_reviewer_rejects_then_approves(home_en, editor, reviewer):
    anonymous = Client()
    editor_client, reviewer_client = client_for(editor), client_for(reviewer)

    response = create_page(
        editor_client,
        home_en,
        "home.StandardPage",
        action="submit",
        title="Housing seminar",
        slug="housing-seminar",
    )
    assert response.status_code == 302, response.content[:2000]
    page = StandardPage.objects.get(locale__language_code="en", slug="housing-seminar")
    assert not page.live
    assert page.workflow_in_progress
    assert anonymous.get("/en/housing-seminar/").status_code == 404
    assert "Housing seminar" not in public_titles(anonymous)
    assert "Housing seminar" not in anonymous.get("/en/search/?q=housing").content.decode()
    assert any(reviewer.email in message.to for message in mail.outbox)

    mail.outbox.clear()
    response = workflow_action(reviewer_client, page, "reject", comment="Add the date, please.")
    assert response.status_code == 302
    page.refresh_from_db()
    assert not page.live
    assert page.current_workflow_state.status == "needs_changes"
    assert any(editor.email in message.to for message in mail.outbox)

    response = edit_page(editor_client, page, action="submit", introduction="On 17 December 2015.")
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.current_workflow_task_state.status == "in_progress"
    assert not page.live

    mail.outbox.clear()
    response = workflow_action(reviewer_client, page, "approve", comment="Thanks.")
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.live
    assert anonymous.get("/en/housing-seminar/").status_code == 200
    assert "Housing seminar" in public_titles(anonymous)
    assert any(editor.email in message.to for message in mail.outbox)


@pytest.mark.parametrize("approver_fixture", ["reviewer", "administrator"])
def test_nobody_approves_their_own_submission(request, home_en, second_reviewer, approver_fixture):
    author = request.getfixturevalue(approver_fixture)
    author_client = client_for(author)
    create_page(
        author_client,
        home_en,
        "home.StandardPage",
        action="submit",
        title="My own page",
        slug="own-page",
    )
    page = StandardPage.objects.get(locale__language_code="en", slug="own-page")

    assert refused(workflow_action(author_client, page, "approve"))
    page.refresh_from_db()
    assert not page.live

    assert workflow_action(client_for(second_reviewer), page, "approve").status_code == 302
    page.refresh_from_db()
    assert page.live


def test_reviewer_who_edited_a_submission_cannot_approve_it(
    home_en, editor, reviewer, second_reviewer
):
    create_page(
        client_for(editor),
        home_en,
        "home.StandardPage",
        action="submit",
        title="Draft",
        slug="edited-in-review",
    )
    page = StandardPage.objects.get(locale__language_code="en", slug="edited-in-review")
    assert (
        edit_page(client_for(reviewer), page, introduction="Reviewer's rewrite").status_code == 302
    )
    page.refresh_from_db()
    assert page.get_latest_revision().user == reviewer
    # The reviewer's own words are now under review: a second person must approve them.
    assert refused(workflow_action(client_for(reviewer), page, "approve"))


def test_only_administrators_publish_directly(home_en, reviewer, administrator, editor):
    response = create_page(
        client_for(reviewer),
        home_en,
        "home.StandardPage",
        action="publish",
        title="Straight to live",
        slug="straight",
    )
    # Wagtail's own policy (no "publish" permission) keeps what was sent as a draft.
    assert response.status_code == 302
    assert not StandardPage.objects.get(locale__language_code="en", slug="straight").live

    create_page(
        client_for(editor),
        home_en,
        "home.StandardPage",
        action="publish",
        title="Editor tries",
        slug="editor-tries",
    )
    assert not StandardPage.objects.filter(
        locale__language_code="en", slug="editor-tries", live=True
    ).exists()

    response = create_page(
        client_for(administrator),
        home_en,
        "home.StandardPage",
        action="publish",
        title="Admin publishes",
        slug="admin-publishes",
    )
    assert response.status_code == 302
    assert StandardPage.objects.get(locale__language_code="en", slug="admin-publishes").live


def test_publish_button_is_hidden_from_reviewers(home_en, reviewer):
    url = reverse("wagtailadmin_pages:add", args=("home", "standardpage", home_en.pk))
    html = client_for(reviewer).get(url).content.decode()
    assert 'name="action-submit"' in html
    assert 'name="action-publish"' not in html


def test_only_administrators_unpublish_or_delete_live_pages(
    home_en, reviewer, editor, administrator
):
    """Unpublishing changes what the public sees: it goes through no workflow, so only
    administrators do it (reviewers used to hold "publish" for it, which let them
    publish too)."""
    page = home_en.add_child(instance=StandardPage(title="Live", slug="live-page"))
    page.save_revision().publish()
    reviewer_client = client_for(reviewer)
    assert refused(reviewer_client.post(reverse("wagtailadmin_pages:delete", args=(page.pk,))))
    assert Page.objects.filter(pk=page.pk).exists()

    for user in (editor, reviewer):
        client_for(user).post(reverse("wagtailadmin_pages:unpublish", args=(page.pk,)))
        page.refresh_from_db()
        assert page.live, f"{user.username} must not unpublish"

    client_for(administrator).post(reverse("wagtailadmin_pages:unpublish", args=(page.pk,)))
    page.refresh_from_db()
    assert not page.live


def test_editor_deletes_a_never_published_draft(home_en, editor):
    create_page(client_for(editor), home_en, "home.StandardPage", title="Scratch", slug="scratch")
    page = StandardPage.objects.get(locale__language_code="en", slug="scratch")
    response = client_for(editor).post(reverse("wagtailadmin_pages:delete", args=(page.pk,)))
    assert response.status_code == 302
    assert not Page.objects.filter(pk=page.pk).exists()


def test_scheduled_go_live_publishes_on_time(home_en, editor, reviewer):
    go_live = timezone.now() + timezone.timedelta(minutes=5)
    page = home_en.add_child(instance=StandardPage(title="Later", slug="later", live=False))
    revision = page.save_revision(user=editor)
    page.go_live_at = go_live
    revision = page.save_revision(user=editor)
    page.get_workflow().start(page, editor)
    assert workflow_action(client_for(reviewer), page, "approve").status_code == 302
    page.refresh_from_db()
    assert not page.live, "a revision scheduled for later is not live yet"
    revision.refresh_from_db()
    assert revision.approved_go_live_at is not None, "the approval scheduled it"

    call_command("publish_scheduled")
    page.refresh_from_db()
    assert not page.live

    # The clock moves on: the scheduled moment is now in the past.
    past = timezone.now() - timezone.timedelta(seconds=1)
    revision.content["go_live_at"] = past.isoformat()
    revision.approved_go_live_at = past
    revision.save(update_fields=["content", "approved_go_live_at"])
    call_command("publish_scheduled")
    page.refresh_from_db()
    assert page.live


def test_reviewer_approves_from_the_page_editor(home_en, editor, reviewer):
    """The editor's action menu approves without the reviewer becoming an author: a
    field with a callable default (publication date) must not count as a change."""
    news = ArticleIndexPageFactory(parent=home_en)
    create_page(
        client_for(editor),
        news,
        "articles.ArticlePage",
        action="submit",
        title="Seminar in Trakai",
        slug="trakai",
        standfirst="Mayors discuss inclusion.",
    )

    article = ArticlePage.objects.get(locale__language_code="en", slug="trakai")
    assert article.workflow_in_progress
    response = edit_page(
        client_for(reviewer),
        article,
        action="workflow-action",
        **{"workflow-action-name": "approve"},
    )
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.live
    assert article.live_revision.user == editor
