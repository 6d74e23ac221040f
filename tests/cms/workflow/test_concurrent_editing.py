"""Two people on one page (issue #22, item 8): nobody's edit is overwritten unannounced.

Through the real admin views: Wagtail's editing sessions tell each person who else is
on the page and that a newer version exists; a Publish or Submit pressed on a form
loaded before a colleague saved is kept as a draft with a link to compare; and the
page's revision pointers always describe its revisions, whatever the interleaving.
"""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from wagtail.admin.models import EditingSession
from wagtail.models import Page, PageLogEntry
from wagtail.users.models import UserProfile

from home.models import StandardPage
from tests.cms.workflow.admin_actions import _page_form_data, client_for, edit_page
from tests.conftest import user_in

pytestmark = [pytest.mark.resilience, pytest.mark.django_db]


@pytest.fixture
def about(home_en) -> StandardPage:
    page = home_en.add_child(
        instance=StandardPage(title="About", slug="about", introduction="Who we are.")
    )
    page.save_revision().publish()
    page.refresh_from_db()
    return page


@pytest.fixture
def second_administrator(db):
    return user_in("basil-admin", superuser=True)


def stale_form(client, page: Page, **fields):
    """The edit form as `client` loaded it now, to be posted later."""
    url = reverse("wagtailadmin_pages:edit", args=(page.pk,))
    return url, _page_form_data(client, url, type(page.specific), **fields)


def assert_pointers_true(page: Page) -> None:
    page.refresh_from_db()
    newest = page.revisions.order_by("-created_at", "-pk").first()
    assert page.latest_revision_id == newest.pk
    assert page.has_unpublished_changes == (page.latest_revision_id != page.live_revision_id)


def test_each_editor_is_told_who_else_is_editing_and_of_a_newer_version(
    about, administrator, second_administrator
):
    ada, basil = client_for(administrator), client_for(second_administrator)
    edit_url = reverse("wagtailadmin_pages:edit", args=(about.pk,))
    assert ada.get(edit_url).status_code == 200
    assert basil.get(edit_url).status_code == 200
    sessions = {s.user_id: s for s in EditingSession.objects.filter(object_id=str(about.pk))}
    assert set(sessions) == {administrator.pk, second_administrator.pk}

    def ping(client, user, **data):
        url = reverse(
            "wagtailadmin_editing_sessions:ping",
            args=("wagtailcore", "page", about.pk, sessions[user.pk].pk),
        )
        response = client.post(url, data)
        assert response.status_code == 200
        return response.json()["other_sessions"]

    loaded = about.latest_revision
    others = ping(ada, administrator, revision_id=loaded.pk)
    assert [other["user"] for other in others] == [
        second_administrator.get_full_name() or "basil-admin"
    ]
    assert others[0]["revision_id"] is None

    response = edit_page(basil, about, action="publish", title="About the Alliance")
    assert response.status_code == 302
    others = ping(ada, administrator, revision_id=loaded.pk)
    newer = about.revisions.order_by("-pk").first()
    assert any(other["revision_id"] == newer.pk for other in others), others


def test_publish_from_a_form_loaded_before_a_colleague_published_is_kept_as_a_draft(
    about, administrator, second_administrator
):
    ada, basil = client_for(administrator), client_for(second_administrator)
    url, ada_form = stale_form(ada, about, title="About us (Ada)")
    assert edit_page(basil, about, action="publish", title="About us (Basil)").status_code == 302
    basils = about.revisions.order_by("-pk").first()

    ada_form["action-publish"] = "publish"
    response = ada.post(url, ada_form, follow=True)

    assert response.status_code == 200
    page = Page.objects.get(pk=about.pk)
    assert page.title == "About us (Basil)"  # what the public sees was not replaced
    assert page.live_revision_id == basils.pk
    assert page.get_latest_revision_as_object().title == "About us (Ada)"  # nothing lost
    assert page.has_unpublished_changes
    html = response.content.decode()
    assert "Not published and not submitted" in html
    assert "basil-admin" in html
    compare = reverse(
        "wagtailadmin_pages:revisions_compare",
        kwargs={
            "pk": about.pk,
            "revision_id_a": ada_form["loaded_revision_id"],
            "revision_id_b": basils.pk,
        },
    )
    assert compare in html
    assert ada.get(compare).status_code == 200
    assert not PageLogEntry.objects.filter(
        page=about, action="wagtail.publish", user=administrator
    ).exists()

    # Having seen the comparison, Ada reloads and publishes: now it goes through.
    assert edit_page(ada, about, action="publish", title="About us (Ada)").status_code == 302
    page.refresh_from_db()
    assert page.title == "About us (Ada)"
    assert_pointers_true(page)


def test_french_editor_reads_the_warning_in_french(about, administrator, second_administrator):
    profile = UserProfile.get_for_user(administrator)
    profile.preferred_language = "fr"
    profile.save()
    ada, basil = client_for(administrator), client_for(second_administrator)
    url, ada_form = stale_form(ada, about, title="À propos")
    assert edit_page(basil, about, action="publish", title="About us").status_code == 302
    ada_form["action-publish"] = "publish"
    html = ada.post(url, ada_form, follow=True).content.decode()
    assert "Ni publiée ni soumise" in html
    assert Page.objects.get(pk=about.pk).title == "About us"


def test_submission_from_a_stale_form_is_not_sent_to_review(about, editor, second_editor):
    edith, eric = client_for(editor), client_for(second_editor)
    url, edith_form = stale_form(edith, about, title="About (Edith)")
    assert edit_page(eric, about, title="About (Eric)").status_code == 302  # a draft only

    edith_form["action-submit"] = "submit"
    html = edith.post(url, edith_form, follow=True).content.decode()

    page = Page.objects.get(pk=about.pk)
    assert not page.workflow_in_progress
    assert page.get_latest_revision_as_object().title == "About (Edith)"
    assert "Not published and not submitted" in html
    assert "eric-editor" in html


def test_a_form_up_to_date_publishes_and_its_own_autosave_is_not_a_conflict(about, administrator):
    ada = client_for(administrator)
    url, form = stale_form(ada, about, title="About, updated")
    own_autosave = about.save_revision(user=administrator)  # what her autosave would make
    form["overwrite_revision_id"] = str(own_autosave.pk)
    form["action-publish"] = "publish"
    response = ada.post(url, form)
    assert response.status_code == 302
    page = Page.objects.get(pk=about.pk)
    assert page.title == "About, updated"
    assert_pointers_true(page)


def test_submit_after_the_editors_own_autosave_rewrote_its_revision_goes_to_review(about, editor):
    """Autosave rewrites its own revision in place (same id, newer time): the form still
    names the time it was loaded at, and that is no colleague's change (the browser
    workflow test once got "edith-editor saved a newer version" for her own autosave)."""
    edith = client_for(editor)
    own_autosave = about.save_revision(user=editor)
    url, form = stale_form(edith, about, title="About (Edith)")
    # Autosave again: Wagtail keeps the id and moves created_at on.
    type(own_autosave).objects.filter(pk=own_autosave.pk).update(
        created_at=own_autosave.created_at + datetime.timedelta(seconds=5)
    )
    form["overwrite_revision_id"] = str(own_autosave.pk)
    form["action-submit"] = "submit"

    html = edith.post(url, form, follow=True).content.decode()

    page = Page.objects.get(pk=about.pk)
    assert page.workflow_in_progress
    assert "Not published and not submitted" not in html


def test_revision_pointers_stay_true_when_a_save_lands_between_save_and_publish(about):
    """What Wagtail's edit view does (save a revision, then publish it from the object
    it loaded) with a colleague's save in between, the interleaving that once left
    ``has_unpublished_changes`` true with ``latest_revision`` the live one."""
    mine = StandardPage.objects.get(pk=about.pk)
    mine.title = "Mine"
    my_revision = mine.save_revision()

    theirs = StandardPage.objects.get(pk=about.pk)
    theirs.title = "Theirs"
    their_revision = theirs.save_revision()

    my_revision.publish()

    page = StandardPage.objects.get(pk=about.pk)
    assert page.live_revision_id == my_revision.pk
    assert page.latest_revision_id == their_revision.pk
    assert page.has_unpublished_changes
    assert_pointers_true(page)

    their_revision.publish()
    page.refresh_from_db()
    assert (page.live_revision_id, page.latest_revision_id) == (
        their_revision.pk,
        their_revision.pk,
    )
    assert not page.has_unpublished_changes
