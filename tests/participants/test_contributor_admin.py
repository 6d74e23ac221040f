"""Contributors from the admin: “Invite a contributor” on a participant's page, the
invitation offered by “Accept” on an application, administrators' “Revoke”, and the
contributor's reduced admin (menu and dashboard)."""

from __future__ import annotations

import json
import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from participants.contributors import Contributor, contributor_for, invite_contributor
from participants.models import ParticipantPage
from tests.articles.contribution_kit import closed_port
from tests.cms.workflow.admin_actions import client_for, refused
from tests.participants.factories import MembershipApplicationFactory

pytestmark = pytest.mark.django_db

PASSWORD = "Roma-inclusion-2026!"


@pytest.fixture
def veldhoven(make_participant):
    page = make_participant(title="Veldhoven", slug="veldhoven", country="NL")
    page.save_revision().publish()
    return page


def invite_url(page) -> str:
    return reverse("participants_invite_contributor", args=[page.pk])


def test_administrators_and_reviewers_see_the_invite_button(veldhoven, administrator, reviewer):
    for user in (administrator, reviewer):
        page = client_for(user).get(reverse("wagtailadmin_pages:edit", args=[veldhoven.pk]))
        assert invite_url(veldhoven) in page.content.decode()


def test_editors_neither_see_nor_use_it(veldhoven, editor):
    client = client_for(editor)
    page = client.get(reverse("wagtailadmin_pages:edit", args=[veldhoven.pk]))
    assert invite_url(veldhoven) not in page.content.decode()
    response = client.post(invite_url(veldhoven), {"email": "x@example.nl", "language": "nl"})
    assert refused(response)
    assert not Contributor.objects.exists()


def test_inviting_from_the_participants_page(veldhoven, administrator):
    client = client_for(administrator)
    form = client.get(invite_url(veldhoven))
    assert form.status_code == 200 and "Nederlands" in form.content.decode()
    response = client.post(invite_url(veldhoven), {"email": "anke@example.nl", "language": "nl"})
    assert response.status_code == 302
    contributor = Contributor.objects.get()
    assert contributor.participant.pk == veldhoven.pk and contributor.invited_by == administrator
    [message] = mail.outbox
    assert message.to == ["anke@example.nl"] and "/contribute/invitation/" in message.body
    shown = client.get(response["Location"]).content.decode()
    assert "anke@example.nl is invited to write for Veldhoven" in shown


def test_inviting_with_bad_input_says_why(veldhoven, make_participant, administrator):
    trakai = make_participant(title="Trakai", slug="trakai", country="LT")
    invite_contributor(trakai, "ona@trakai.lt", "lt")
    client = client_for(administrator)
    malformed = client.post(invite_url(veldhoven), {"email": "not-an-address", "language": "nl"})
    assert (
        malformed.status_code == 200 and "Enter a valid email address" in malformed.content.decode()
    )
    elsewhere = client.post(
        invite_url(veldhoven), {"email": "ona@trakai.lt", "language": "nl"}, follow=True
    )
    assert "ona@trakai.lt is already a contributor for Trakai." in elsewhere.content.decode()
    staff = client.post(
        invite_url(veldhoven), {"email": administrator.email, "language": "nl"}, follow=True
    )
    assert "already belongs to a staff account" in staff.content.decode()
    language = client.post(invite_url(veldhoven), {"email": "a@example.nl", "language": "xx"})
    assert "Select a valid choice" in language.content.decode()
    assert Contributor.objects.count() == 1


def test_a_mail_server_that_is_down_leaves_the_invitation_and_shows_its_link(
    veldhoven, administrator, settings
):
    """The real SMTP backend, pointed at a port where nothing listens: the invitation is
    saved, the administrator is told the email failed and given the link, no error page."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", closed_port()
    client = client_for(administrator)

    response = client.post(invite_url(veldhoven), {"email": "anke@example.nl", "language": "nl"})

    assert response.status_code == 302
    contributor = Contributor.objects.get()
    assert contributor.user.email == "anke@example.nl"
    shown = client.get(response["Location"]).content.decode()
    assert "the email could not be sent: give them this link yourself" in shown
    link = re.search(r"(https?://\S+/contribute/invitation/[^\s<\"]+)", shown)
    assert link, "the link is shown"


def test_accepting_an_application_invites_its_contact(reviewer, index_en):
    application = MembershipApplicationFactory(
        authority_name="Gemeente Eindhoven", email="wim@eindhoven.nl", language="fr"
    )
    client = client_for(reviewer)
    url = reverse("membership_applications:accept", args=[application.pk])
    confirm = client.get(url).content.decode()
    assert "Invite wim@eindhoven.nl" in confirm
    response = client.post(url, {"invite": "1", "language": "nl"})
    assert response.status_code == 302
    page = ParticipantPage.objects.get(title="Gemeente Eindhoven")
    contributor = Contributor.objects.get()
    assert contributor.participant.pk == page.pk and contributor.language == "nl"
    assert mail.outbox[-1].to == ["wim@eindhoven.nl"]
    # Unticked, accepting invites nobody.
    other = MembershipApplicationFactory(authority_name="Best", email="b@best.nl")
    client.post(reverse("membership_applications:accept", args=[other.pk]), {"language": "nl"})
    assert Contributor.objects.count() == 1


def test_administrators_revoke_a_contributor(veldhoven, administrator, reviewer):
    contributor, _url = invite_contributor(veldhoven, "anke@example.nl", "nl")
    user = contributor.user
    user.set_password(PASSWORD)
    user.save()
    session = client_for(user)
    assert session.get(reverse("wagtailadmin_home")).status_code == 200
    # Reviewers invite but do not revoke, nor see the list.
    assert refused(client_for(reviewer).get(reverse("contributors:index")))
    assert refused(client_for(reviewer).post(reverse("contributors:revoke", args=[contributor.pk])))
    assert contributor_for(user) is not None
    admin = client_for(administrator)
    listing = admin.get(reverse("contributors:index")).content.decode()
    assert "anke@example.nl" in listing
    found = admin.get(reverse("contributors:index"), {"q": "anke"})
    assert found.status_code == 200 and "anke@example.nl" in found.content.decode()
    edit = admin.get(reverse("contributors:edit", args=[contributor.pk])).content.decode()
    assert reverse("contributors:revoke", args=[contributor.pk]) in edit
    response = admin.post(reverse("contributors:revoke", args=[contributor.pk]))
    assert response.status_code == 302
    user.refresh_from_db()
    assert not user.is_active and contributor_for(user) is None
    assert "/admin/login/" in session.get(reverse("wagtailadmin_home"))["Location"]
    assert not Client().login(username=user.username, password=PASSWORD)


def sidebar_items(html: str) -> set[str]:
    props = re.search(r'id="wagtail-sidebar-props"[^>]*>(.*?)</script>', html, re.S).group(1)
    return set(re.findall(r'"name": "([a-z-]+)"', json.dumps(json.loads(props))))


def test_a_contributors_admin_is_reduced_to_what_they_can_do(veldhoven, editor):
    contributor, _url = invite_contributor(veldhoven, "anke@example.nl", "nl")
    mine = client_for(contributor.user).get(reverse("wagtailadmin_home")).content.decode()
    names = sidebar_items(mine)
    assert {"explorer", "images"} <= names
    assert not names & {"reports", "site-history", "workflows", "settings", "snippets"}
    # Their own panel leads to what they may do.
    assert "You write for Veldhoven" in mine
    assert reverse("wagtailadmin_pages:edit", args=[veldhoven.pk]) in mine
    assert reverse("wagtailadmin_pages:add_subpage", args=[veldhoven.pk]) in mine
    # Editors keep the full menu, without the contributor's panel.
    assert (
        "You write for" not in client_for(editor).get(reverse("wagtailadmin_home")).content.decode()
    )
    assert "reports" in sidebar_items(
        client_for(editor).get(reverse("wagtailadmin_home")).content.decode()
    )
