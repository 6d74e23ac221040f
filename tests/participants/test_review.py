"""Applications in the admin: reviewers only; “Accept” drafts a profile; CSV export."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, Permission

from participants.models import MembershipApplication, ParticipantPage
from tests.participants.factories import MembershipApplicationFactory

pytestmark = pytest.mark.django_db


def test_reviewers_group_has_exactly_view_and_change(db):
    reviewers = Group.objects.get(name="Reviewers")
    codenames = set(
        reviewers.permissions.filter(content_type__app_label="participants").values_list(
            "codename", flat=True
        )
    )
    assert {"view_membershipapplication", "change_membershipapplication"} <= codenames
    assert reviewers.permissions.filter(codename="access_admin").exists()
    editors = Group.objects.filter(name="Editors").first()
    if editors is not None:
        assert not editors.permissions.filter(codename__endswith="_membershipapplication").exists()


def test_reviewer_sees_filters_and_exports_applications(client, reviewer):
    MembershipApplicationFactory(authority_name="Trakai", country="LT", status="new")
    MembershipApplicationFactory(authority_name="Veldhoven", country="NL", status="declined")
    client.force_login(reviewer)
    listing = client.get("/admin/applications/")
    assert listing.status_code == 200
    assert "Trakai" in listing.content.decode() and "Veldhoven" in listing.content.decode()
    filtered = client.get("/admin/applications/", {"status": "declined"})
    assert "Veldhoven" in filtered.content.decode()
    assert "Trakai" not in filtered.content.decode()
    export = client.get("/admin/applications/", {"export": "csv"})
    assert export.status_code == 200
    assert export["Content-Type"].startswith("text/csv")
    csv = b"".join(export.streaming_content).decode()
    header, *rows = csv.strip().splitlines()
    assert "Email" in header and "Status" in header
    assert len(rows) == 2


def test_reviewer_changes_status_and_notes(client, reviewer):
    application = MembershipApplicationFactory(authority_name="Trakai")
    client.force_login(reviewer)
    response = client.post(
        f"/admin/applications/edit/{application.pk}/",
        {"status": "under_review", "notes": "Called the mayor's office."},
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == "under_review"
    assert application.notes == "Called the mayor's office."
    assert application.authority_name == "Trakai"


@pytest.mark.parametrize(
    "url",
    [
        "/admin/applications/",
        "/admin/applications/?export=csv",
        "/admin/applications/edit/{pk}/",
        "/admin/applications/accept/{pk}/",
        "/admin/applications/delete/{pk}/",
    ],
)
def test_editors_get_403(client, editor, url):
    application = MembershipApplicationFactory()
    client.force_login(editor)
    response = client.get(url.format(pk=application.pk))
    assert response.status_code == 403
    assert application.email not in response.content.decode()


def test_editor_cannot_accept_by_post(client, editor, index_en):
    application = MembershipApplicationFactory()
    client.force_login(editor)
    assert client.post(f"/admin/applications/accept/{application.pk}/").status_code == 403
    assert ParticipantPage.objects.count() == 0


def test_anonymous_is_sent_to_login(client):
    application = MembershipApplicationFactory()
    response = client.get(f"/admin/applications/edit/{application.pk}/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_accept_creates_a_draft_profile_once(client, reviewer, index_en):
    application = MembershipApplicationFactory(
        authority_name="Municipality of Trakai", country="LT", kind="municipality"
    )
    client.force_login(reviewer)
    assert client.get(f"/admin/applications/accept/{application.pk}/").status_code == 200
    response = client.post(f"/admin/applications/accept/{application.pk}/")
    assert response.status_code == 302
    page = ParticipantPage.objects.get()
    assert page.title == "Municipality of Trakai"
    assert page.country.code == "LT"
    assert page.kind == "municipality"
    assert page.contact_email == application.email
    assert page.contact_email_public is False
    assert page.live is False
    assert page.get_parent().specific == index_en
    assert page.get_latest_revision() is not None
    application.refresh_from_db()
    assert application.status == "accepted"
    assert application.participant_page == page
    # The draft is not public.
    assert client.logout() is None
    assert client.get("/en/participants/municipality-of-trakai/").status_code == 404
    assert "Trakai" not in client.get("/api/participants.geojson").content.decode()
    # Accepting again makes no duplicate.
    client.force_login(reviewer)
    client.post(f"/admin/applications/accept/{application.pk}/")
    assert ParticipantPage.objects.count() == 1


def test_accept_without_index_explains(client, reviewer, home_en):
    application = MembershipApplicationFactory()
    client.force_login(reviewer)
    response = client.post(f"/admin/applications/accept/{application.pk}/", follow=True)
    assert "Create a participants index page first" in response.content.decode()
    assert MembershipApplication.objects.get().status == "new"


def test_application_permissions_only_via_group(reviewer):
    assert reviewer.has_perm("participants.view_membershipapplication")
    assert not Permission.objects.filter(
        group__name="Editors", codename="view_membershipapplication"
    ).exists()
