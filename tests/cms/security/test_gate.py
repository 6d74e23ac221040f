"""The one gate to live (issue #15, slice A): the reproduced attacks stay closed.

Going live happens only through the review workflow's approval, or by an administrator
(break-glass, recorded in the audit log). Each test below is one of the reproduced
attacks, or one guarantee of the gate, driven through the real admin or API v3.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, Permission
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from wagtail.models import (
    APIToken,
    GroupPagePermission,
    ModelLogEntry,
    Page,
    PageLogEntry,
    PageViewRestriction,
)

from articles.models import Topic
from cms.workflow.roles import REVIEWERS, sync_roles
from home.models import StandardPage
from tests.articles.factories import TopicFactory
from tests.cms.workflow.admin_actions import client_for, edit_page, refused, workflow_action

pytestmark = pytest.mark.django_db


def token(user, scheme: str = "Bearer") -> dict:
    _token, plaintext = APIToken.create_token(user=user, name="gate")
    return {"HTTP_AUTHORIZATION": f"{scheme} {plaintext}"}


def live_page(parent: Page, slug: str, **fields) -> StandardPage:
    page = parent.add_child(instance=StandardPage(title=slug, slug=slug, **fields))
    page.save_revision().publish()
    return page


def draft_page(parent: Page, slug: str, author) -> StandardPage:
    page = parent.add_child(
        instance=StandardPage(title=slug, slug=slug, introduction="Unreviewed", live=False)
    )
    page.save_revision(user=author)
    return page


def reload(page: Page) -> StandardPage | None:
    return StandardPage.objects.filter(pk=page.pk).first()


def post_json(user, url: str, data: dict | None = None, scheme: str = "Bearer"):
    return Client().post(url, data or {}, content_type="application/json", **token(user, scheme))


# 1. API v3: path variants, the lower-case scheme, DELETE of live pages, live copies.


@pytest.mark.parametrize("variant", ["{pk}", "+{pk}", "{pk}.0"])
def test_reviewer_token_cannot_publish_through_any_spelling_of_the_id(
    home_en, editor, reviewer, variant
):
    draft = draft_page(home_en, "draft", editor)
    path = variant.format(pk=draft.pk)
    response = post_json(reviewer, f"/api/v3/pages/{path}/actions/publish/")
    # 403 from the permission policy; odd spellings may also be a 404 at the API's edge
    # (cms/api/middleware.py): either way the draft stays a draft.
    assert response.status_code in (403, 404), response.content
    assert not reload(draft).live


def test_lower_case_bearer_scheme_does_not_escape_the_gate(home_en, editor, reviewer):
    draft = draft_page(home_en, "draft", editor)
    response = post_json(reviewer, f"/api/v3/pages/{draft.pk}/actions/publish/", scheme="bearer")
    assert response.status_code == 403, response.content
    assert not reload(draft).live


@pytest.mark.parametrize("address", ["/api/v3/pages/+{pk}/", "/api/v3/pages/{pk}/actions/delete/"])
def test_reviewer_token_cannot_delete_a_live_page(home_en, reviewer, address):
    page = live_page(home_en, "live")
    response = Client().delete(address.format(pk=page.pk), **token(reviewer))
    assert response.status_code in (403, 404), response.content
    assert reload(page) is not None and reload(page).live


def test_reviewer_token_cannot_make_a_live_copy(home_en, reviewer):
    page = live_page(home_en, "live")
    response = post_json(
        reviewer,
        f"/api/v3/pages/{page.pk}/actions/copy/",
        {"keep_live": True, "slug": "live-copy"},
    )
    assert response.status_code == 403, response.content
    assert not StandardPage.objects.filter(slug="live-copy", live=True).exists()


def test_refusal_is_in_the_users_language(home_en, editor, reviewer):
    draft = draft_page(home_en, "draft", editor)
    response = Client().post(
        f"/api/v3/pages/{draft.pk}/actions/publish/",
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="fr",
        **token(reviewer),
    )
    assert response.status_code == 403
    assert "relecture" in response.json()["detail"]


# 2. Snippets: publication through API v3 and the admin needs the workflow.


def test_reviewer_token_cannot_publish_a_snippet(editor, reviewer):
    topic = TopicFactory(name="Housing", slug="housing", live=False)
    topic.save_revision(user=editor)
    response = post_json(reviewer, f"/api/v3/snippets/articles.Topic/{topic.pk}/actions/publish/")
    assert response.status_code == 403, response.content
    assert not Topic.objects.get(pk=topic.pk).live


def test_reviewer_cannot_publish_a_snippet_in_the_admin(editor, reviewer):
    topic = TopicFactory(name="Housing", slug="housing", live=False)
    topic.save_revision(user=editor)
    url = reverse("wagtailsnippets_articles_topic:edit", args=(topic.pk,))
    client_for(reviewer).post(
        url,
        {"name": "Housing", "slug": "housing", "description": "", "action-publish": "publish"},
    )
    assert not Topic.objects.get(pk=topic.pk).live


# 3. Four eyes on authorship.


def test_reviewer_cannot_approve_their_own_words_submitted_by_someone_else(
    home_en, editor, reviewer, second_reviewer
):
    page = draft_page(home_en, "own-words", reviewer)  # R writes the draft
    edit_page(client_for(editor), page, action="submit")  # E submits it unchanged
    page = reload(page)
    assert page.workflow_in_progress
    assert refused(workflow_action(client_for(reviewer), page, "approve"))
    assert not reload(page).live
    assert refused(workflow_action(client_for(reviewer), page, "reject", comment="No."))
    assert reload(page).current_workflow_state.status == "in_progress"

    assert workflow_action(client_for(second_reviewer), page, "approve").status_code == 302
    assert reload(page).live


def test_administrator_is_bound_by_four_eyes_in_the_workflow(
    home_en, editor, administrator, reviewer
):
    page = draft_page(home_en, "admin-words", administrator)
    page.get_workflow().start(page, editor)
    assert refused(workflow_action(client_for(administrator), page, "approve"))
    assert not reload(page).live
    assert workflow_action(client_for(reviewer), page, "approve").status_code == 302
    assert reload(page).live


def test_words_that_were_already_live_do_not_bind_their_author(
    home_en, editor, reviewer, second_reviewer
):
    page = draft_page(home_en, "reviewed-before", reviewer)
    page.get_workflow().start(page, editor)
    workflow_action(client_for(second_reviewer), page, "approve")
    assert reload(page).live  # R's words went live through someone else's review
    edit_page(client_for(editor), reload(page), action="submit", introduction="Editor's update")
    assert workflow_action(client_for(reviewer), reload(page), "approve").status_code == 302
    assert reload(page).introduction == "Editor's update"


# 4. Private content stays private unless an administrator says otherwise.


def private_section(home_en) -> tuple[StandardPage, StandardPage]:
    section = live_page(home_en, "members")
    PageViewRestriction.objects.create(
        page=section, restriction_type=PageViewRestriction.PASSWORD, password="s3cret"
    )
    child = live_page(section, "minutes", introduction="Confidential minutes")
    return section, child


def test_reviewer_cannot_make_a_private_page_public_in_the_privacy_dialog(home_en, reviewer):
    section, _child = private_section(home_en)
    url = reverse("wagtailadmin_pages:set_privacy", args=(section.pk,))
    response = client_for(reviewer).post(url, {"restriction_type": "none"})
    assert response.status_code in (302, 403)
    assert PageViewRestriction.objects.filter(page=section).exists()
    assert "Confidential minutes" not in Client().get("/en/members/minutes/").content.decode()


def test_reviewer_token_cannot_move_a_private_child_out_of_its_section(home_en, reviewer):
    section, child = private_section(home_en)
    response = post_json(
        reviewer,
        f"/api/v3/pages/{child.pk}/actions/move/",
        {"destination_id": home_en.pk, "position": "last-child"},
    )
    assert response.status_code == 403, response.content
    assert reload(child).get_parent().pk == section.pk
    assert Client().get("/en/minutes/").status_code == 404


def test_reviewer_admin_copy_with_publish_copies_stays_a_draft(home_en, reviewer):
    _section, child = private_section(home_en)
    url = reverse("wagtailadmin_pages:copy", args=(child.pk,))
    client_for(reviewer).post(
        url,
        {
            "new_title": "Minutes copy",
            "new_slug": "minutes-copy",
            "new_parent_page": home_en.pk,
            "publish_copies": "on",
        },
    )
    assert not StandardPage.objects.filter(slug="minutes-copy", live=True).exists()
    assert Client().get("/en/minutes-copy/").status_code == 404


# The approval is the permission: it publishes exactly what was approved.


def test_approval_publishes_the_approved_revision_not_a_later_one(
    home_en, editor, reviewer, second_reviewer
):
    page = draft_page(home_en, "approved-revision", editor)
    page.introduction = "Reviewed text"
    approved = page.save_revision(user=editor)
    page.get_workflow().start(page, editor)
    later = reload(page)
    later.introduction = "Slipped in after submission"
    later.save_revision(user=second_reviewer)

    assert workflow_action(client_for(reviewer), page, "approve").status_code == 302
    page = reload(page)
    assert page.live and page.live_revision_id == approved.pk
    assert page.introduction == "Reviewed text"
    assert page.has_unpublished_changes


def test_workflow_approval_of_a_snippet_publishes_it(editor, reviewer):
    topic = TopicFactory(name="Housing", slug="housing", live=False)
    topic.save_revision(user=editor)
    topic.get_workflow().start(topic, editor)
    state = topic.current_workflow_task_state
    url = reverse(
        "wagtailsnippets_articles_topic:workflow_action", args=(topic.pk, "approve", state.pk)
    )
    assert client_for(reviewer).post(url, {"comment": ""}).status_code == 302
    assert Topic.objects.get(pk=topic.pk).live


# Break-glass: administrators publish directly, and the audit log says so and why.


def break_glass_entries(page: Page) -> list[PageLogEntry]:
    return list(PageLogEntry.objects.filter(page=page, action="cms.break_glass"))


def test_administrator_publishes_directly_and_the_reason_is_logged(home_en, editor, administrator):
    draft = draft_page(home_en, "urgent", editor)
    response = Client().post(
        f"/api/v3/pages/{draft.pk}/actions/publish/",
        content_type="application/json",
        HTTP_X_BREAK_GLASS_REASON="Legal takedown correction",
        **token(administrator),
    )
    assert response.status_code == 200, response.content
    assert reload(draft).live
    [entry] = break_glass_entries(draft)
    assert entry.user == administrator
    assert entry.data["reason"] == "Legal takedown correction"
    assert entry.data["action"] == "wagtail.publish"


def test_administrator_publish_in_the_admin_without_reason_is_logged(
    home_en, editor, administrator
):
    draft = draft_page(home_en, "urgent", editor)
    edit_page(client_for(administrator), draft, action="publish")
    assert reload(draft).live
    [entry] = break_glass_entries(draft)
    assert entry.user == administrator and entry.data["reason"] == "no reason given"


def test_administrator_scheduling_a_direct_publication_is_logged(home_en, editor, administrator):
    draft = draft_page(home_en, "later", editor)
    draft.go_live_at = timezone.now() + timezone.timedelta(days=1)
    draft.save_revision(user=editor)
    response = Client().post(
        f"/api/v3/pages/{draft.pk}/actions/publish/",
        content_type="application/json",
        HTTP_X_BREAK_GLASS_REASON="Embargo ends tomorrow",
        **token(administrator),
    )
    assert response.status_code == 200, response.content
    assert not reload(draft).live
    [entry] = break_glass_entries(draft)
    assert entry.data == {"action": "wagtail.publish.schedule", "reason": "Embargo ends tomorrow"}


def test_editor_asks_administrators_for_the_reason_and_logs_it(home_en, editor, administrator):
    draft = draft_page(home_en, "urgent", editor)
    admin = client_for(administrator)
    html = admin.get(reverse("wagtailadmin_pages:edit", args=(draft.pk,))).content.decode()
    assert "cms/js/break-glass-reason.js" in html and 'name="action-publish"' in html
    edit_page(admin, draft, action="publish", break_glass_reason="Wrong date on the poster")
    assert reload(draft).live
    [entry] = break_glass_entries(draft)
    assert entry.data["reason"] == "Wrong date on the poster"


def test_administrator_privacy_change_and_unpublish_are_logged(home_en, administrator):
    section, _child = private_section(home_en)
    admin = client_for(administrator)
    admin.post(
        reverse("wagtailadmin_pages:set_privacy", args=(section.pk,)),
        {"restriction_type": "none", "break_glass_reason": "Minutes are public now"},
    )
    assert not PageViewRestriction.objects.filter(page=section).exists()
    admin.post(reverse("wagtailadmin_pages:unpublish", args=(section.pk,)))
    assert not reload(section).live
    actions = {entry.data["action"]: entry.data["reason"] for entry in break_glass_entries(section)}
    assert actions["wagtail.view_restriction.delete"] == "Minutes are public now"
    assert actions["wagtail.unpublish"] == "no reason given"


def test_approval_is_not_break_glass(home_en, editor, reviewer):
    page = draft_page(home_en, "reviewed", editor)
    page.get_workflow().start(page, editor)
    workflow_action(client_for(reviewer), page, "approve")
    assert reload(page).live
    assert break_glass_entries(page) == []
    assert not ModelLogEntry.objects.filter(action="cms.break_glass").exists()


def test_break_glass_shows_in_the_page_history(home_en, editor, administrator):
    draft = draft_page(home_en, "urgent", editor)
    Client().post(
        f"/api/v3/pages/{draft.pk}/actions/publish/",
        content_type="application/json",
        HTTP_X_BREAK_GLASS_REASON="Correction of a wrong date",
        **token(administrator),
    )
    history = client_for(administrator).get(reverse("wagtailadmin_pages:history", args=(draft.pk,)))
    assert history.status_code == 200
    assert "Correction of a wrong date" in history.content.decode()


def test_too_long_break_glass_reason_is_a_clear_400(home_en, editor, administrator):
    draft = draft_page(home_en, "urgent", editor)
    response = Client().post(
        f"/api/v3/pages/{draft.pk}/actions/publish/",
        content_type="application/json",
        HTTP_X_BREAK_GLASS_REASON="x" * 2000,
        HTTP_ACCEPT_LANGUAGE="fr",
        **token(administrator),
    )
    assert response.status_code == 400
    assert "raison" in response.content.decode()
    assert not reload(draft).live


# Roles: existing databases lose direct publication on the next migrate.


def test_sync_roles_removes_publish_permissions_left_by_older_versions(home_en):
    reviewers = Group.objects.get(name=REVIEWERS)
    root = Page.get_first_root_node()
    publish_page = Permission.objects.get(
        codename="publish_page", content_type__app_label="wagtailcore"
    )
    GroupPagePermission.objects.get_or_create(group=reviewers, page=root, permission=publish_page)
    reviewers.permissions.add(Permission.objects.get(codename="publish_topic"))
    other = Group.objects.create(name="Old moderators")
    GroupPagePermission.objects.create(group=other, page=home_en, permission=publish_page)

    sync_roles()

    assert not GroupPagePermission.objects.filter(permission__codename="publish_page").exists()
    assert not Group.objects.filter(permissions__codename__startswith="publish_").exists()
    # What reviewers need to review is still there.
    codenames = set(
        GroupPagePermission.objects.filter(group=reviewers).values_list(
            "permission__codename", flat=True
        )
    )
    assert {"add_page", "change_page", "lock_page", "unlock_page"} <= codenames
