"""Inviting a member authority's contributor: the command, the one-time link (valid,
expired, reused, revoked, unknown), the second factor, and every bad input of the
command with its message and exit status."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from wagtail.users.models import UserProfile

from participants.contributors import (
    Contributor,
    ContributorInvitation,
    contributor_for,
    invite_contributor,
    revoke_contributor,
)
from participants.management.commands.invite_contributor import Command
from tests.cms.test_settings import run_manage

pytestmark = pytest.mark.django_db

PASSWORD = "Roma-inclusion-2026!"


@pytest.fixture
def veldhoven(make_participant):
    return make_participant(title="Veldhoven", slug="veldhoven", country="NL")


@pytest.fixture
def trakai(make_participant):
    return make_participant(title="Trakai", slug="trakai", country="LT")


def invite(*args: str) -> str:
    """Run the command as an operator does; returns what it printed."""
    out = StringIO()
    call_command("invite_contributor", *args, stdout=out)
    return out.getvalue()


def link_path(output: str) -> str:
    url = output.strip().splitlines()[-1]
    assert url.startswith("http://testserver/contribute/invitation/"), url
    return url.removeprefix("http://testserver")


def choose_password(client: Client, path: str, password: str = PASSWORD):
    return client.post(path, {"new_password1": password, "new_password2": password})


def test_command_creates_a_contributor_prints_and_emails_the_link(veldhoven, settings):
    settings.WAGTAILADMIN_BASE_URL = "http://testserver"
    output = invite(
        "--participant", "veldhoven", "--email", "Anke@Veldhoven.nl", "--language", "nl"
    )
    path = link_path(output)
    assert "Anke@veldhoven.nl may now write for Veldhoven" in output
    contributor = Contributor.objects.get()
    user = contributor.user
    assert contributor.participant.pk == veldhoven.pk and contributor.language == "nl"
    assert not user.is_staff and not user.is_superuser and not user.has_usable_password()
    assert user.has_perm("wagtailadmin.access_admin")
    # The token is not in the database, only its hash.
    token = path.rstrip("/").rsplit("/", 1)[1]
    assert not ContributorInvitation.objects.filter(token_hash__contains=token).exists()
    # Emailed, in English: the site has no Dutch translation.
    [message] = mail.outbox
    assert message.to == ["Anke@veldhoven.nl"]
    assert "http://testserver" + path in message.body
    assert message.extra_headers["Content-Language"] == "en"
    assert "Veldhoven" in message.subject


def test_a_french_contributor_is_written_to_in_french(veldhoven, settings):
    settings.WAGTAILADMIN_BASE_URL = "http://testserver"
    invite("--participant", "veldhoven", "--email", "c@example.fr", "--language", "fr")
    assert mail.outbox[0].extra_headers["Content-Language"] == "fr"


def test_valid_link_sets_the_password_signs_in_and_is_used_once(veldhoven, settings):
    settings.WAGTAILADMIN_BASE_URL = "http://testserver"
    path = link_path(
        invite("--participant", "veldhoven", "--email", "anke@example.nl", "--language", "nl")
    )
    client = Client()
    page = client.get(path)
    assert page.status_code == 200
    assert "Choose your password" in page.content.decode()
    assert "Veldhoven" in page.content.decode()
    # Django's validators: a short, common password is refused, nothing is used up.
    weak = client.post(path, {"new_password1": "123", "new_password2": "123"})
    assert weak.status_code == 200
    assert "too short" in weak.content.decode()
    assert ContributorInvitation.objects.get().used_at is None
    response = choose_password(client, path)
    assert response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    assert client.get(reverse("wagtailadmin_home")).status_code == 200
    user = get_user_model().objects.get(email="anke@example.nl")
    assert user.check_password(PASSWORD)
    # Dutch is not an admin language: their admin is in English.
    assert UserProfile.get_for_user(user).preferred_language == "en"
    # They can sign in with the password they chose.
    assert Client().login(username=user.username, password=PASSWORD)
    # Used once.
    again = Client().get(path)
    assert again.status_code == 410
    assert "already used" in again.content.decode()
    assert choose_password(Client(), path, "Another-pass-2026!").status_code == 410
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_french_contributor_gets_the_admin_in_french(veldhoven, settings):
    _contributor, url = invite_contributor(veldhoven, "claire@example.fr", "fr")
    client = Client()
    choose_password(client, path_of(url))
    user = get_user_model().objects.get(email="claire@example.fr")
    assert UserProfile.get_for_user(user).preferred_language == "fr"


def path_of(url: str) -> str:
    return url[url.index("/contribute/") :]


def test_expired_link_explains_and_sets_nothing(veldhoven):
    _contributor, url = invite_contributor(veldhoven, "late@example.nl", "nl")
    ContributorInvitation.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    response = Client().get(path_of(url))
    assert response.status_code == 410
    assert "expired" in response.content.decode()
    assert choose_password(Client(), path_of(url)).status_code == 410
    assert not get_user_model().objects.get(email="late@example.nl").has_usable_password()


def test_invitations_last_the_configured_number_of_days(veldhoven, settings):
    settings.CONTRIBUTOR_INVITATION_DAYS = 2
    invite_contributor(veldhoven, "soon@example.nl", "nl")
    invitation = ContributorInvitation.objects.get()
    assert timedelta(days=2) - (invitation.expires_at - invitation.created_at) < timedelta(
        seconds=5
    )


def test_revoked_contributor_link_and_session_stop_at_once(veldhoven, administrator):
    contributor, url = invite_contributor(veldhoven, "gone@example.nl", "nl")
    revoke_contributor(contributor, administrator)
    response = Client().get(path_of(url))
    assert response.status_code == 410
    assert "withdrawn" in response.content.decode()
    assert contributor_for(contributor.user) is None


def test_revoking_ends_a_signed_in_contributors_access(veldhoven, administrator):
    contributor, url = invite_contributor(veldhoven, "anke@example.nl", "nl")
    client = Client()
    choose_password(client, path_of(url))
    assert client.get(reverse("wagtailadmin_home")).status_code == 200
    revoke_contributor(Contributor.objects.get(pk=contributor.pk), administrator)
    # The same browser, without signing out: the admin sends it to the sign-in page.
    response = client.get(reverse("wagtailadmin_pages:edit", args=[veldhoven.pk]))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    assert not Client().login(username=contributor.user.username, password=PASSWORD)


def test_unknown_link_is_a_clear_400(db):
    response = Client().get("/contribute/invitation/not-a-token/")
    assert response.status_code == 400
    assert "not valid" in response.content.decode()


def test_a_new_invitation_replaces_the_previous_link(veldhoven):
    _contributor, first = invite_contributor(veldhoven, "anke@example.nl", "nl")
    _contributor, second = invite_contributor(veldhoven, "anke@example.nl", "nl")
    assert Client().get(path_of(first)).status_code == 410
    assert Client().get(path_of(second)).status_code == 200
    assert Contributor.objects.count() == 1


def test_with_two_factor_the_contributor_sets_up_a_second_factor(veldhoven, settings):
    settings.STAFF_TWO_FACTOR = True
    _contributor, url = invite_contributor(veldhoven, "anke@example.nl", "nl")
    client = Client()
    assert "second factor" in client.get(path_of(url)).content.decode()
    response = choose_password(client, path_of(url))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("cms_two_factor_setup"))
    # Until the second factor is confirmed, the admin sends them back to set it up.
    blocked = client.get(reverse("wagtailadmin_pages:edit", args=[veldhoven.pk]))
    assert blocked.status_code == 302
    assert blocked["Location"].startswith(reverse("cms_two_factor_setup"))
    assert client.get(response["Location"]).status_code == 200


# Each bad input: (arguments, what the message says). The staff account and the other
# participant's contributor are made by the test below.
BAD_INPUT = {
    "unknown participant": (
        ["--participant", "atlantis", "--email", "a@example.nl"],
        "No participant profile with the slug 'atlantis'",
    ),
    "malformed address": (
        ["--participant", "veldhoven", "--email", "not-an-address"],
        "“not-an-address” is not a valid email address.",
    ),
    "address of another participant's contributor": (
        ["--participant", "veldhoven", "--email", "ona@trakai.lt"],
        "ona@trakai.lt is already a contributor for Trakai.",
    ),
    "address of a staff account": (
        ["--participant", "veldhoven", "--email", "eddie@example.org"],
        "eddie@example.org already belongs to a staff account",
    ),
    "language not taken": (
        ["--participant", "veldhoven", "--email", "a@example.nl", "--language", "xx"],
        "“xx” is not a contribution language; use one of: en, fr, nl",
    ),
    "empty participant": (
        ["--participant", " ", "--email", "a@example.nl"],
        "No participant profile with the slug ''",
    ),
}


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("case", list(BAD_INPUT), ids=list(BAD_INPUT))
def test_bad_input_exits_1_with_a_message_and_no_traceback(case, veldhoven, trakai, editor, capsys):
    invite_contributor(trakai, "ona@trakai.lt", "lt")
    users_before = get_user_model().objects.count()
    arguments, message = BAD_INPUT[case]
    with pytest.raises(SystemExit) as exit_status:
        Command().run_from_argv(["manage.py", "invite_contributor", *arguments])
    assert exit_status.value.code == 1
    stderr = capsys.readouterr().err
    assert message in stderr
    assert "Traceback" not in stderr
    assert get_user_model().objects.count() == users_before
    assert not mail.outbox


def test_the_links_pages_speak_the_contributors_language(veldhoven):
    """French for a French contributor (the page's language; its words come from the
    French catalogue), English for a Dutch one: the site has no Dutch."""
    _contributor, french = invite_contributor(veldhoven, "claire@example.fr", "fr")
    _contributor, dutch = invite_contributor(veldhoven, "anke@example.nl", "nl")
    assert 'lang="fr"' in Client().get(path_of(french)).content.decode()
    ContributorInvitation.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    assert 'lang="fr"' in Client().get(path_of(french)).content.decode()
    assert 'lang="en"' in Client().get(path_of(dutch)).content.decode()


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("0", "CONTRIBUTOR_INVITATION_DAYS must be between 1 and 90, got 0."),
        ("91", "CONTRIBUTOR_INVITATION_DAYS must be between 1 and 90, got 91."),
        ("-3", "CONTRIBUTOR_INVITATION_DAYS must be between 1 and 90, got -3."),
        ("a week", "CONTRIBUTOR_INVITATION_DAYS must be a whole number, got 'a week'."),
    ],
)
def test_a_bad_invitation_lifetime_stops_the_start(value, message):
    result = run_manage("check", CONTRIBUTOR_INVITATION_DAYS=value)
    assert result.returncode != 0
    assert message in result.stderr
    assert "Traceback" not in result.stderr
