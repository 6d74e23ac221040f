"""Optional two-factor sign-in for staff (cms/security/two_factor.py), off and on.

Codes are real TOTP codes computed from the device's key, as an authenticator app would.
"""

from __future__ import annotations

import re
from base64 import b32encode

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.models import APIToken

from cms.workflow.roles import EDITORS, sync_roles

pytestmark = pytest.mark.django_db

PASSWORD = "a long enough password"
VERIFY = "/admin/two-factor/verify/"
SETUP = "/admin/two-factor/setup/"
WRONG = "This code is not valid."


@pytest.fixture
def two_factor(settings):
    settings.STAFF_TWO_FACTOR = True
    settings.OTP_TOTP_THROTTLE_FACTOR = 1


@pytest.fixture
def editor(home_en) -> User:
    sync_roles()
    user = User.objects.create_user("editor", "editor@example.org", PASSWORD)
    user.groups.add(Group.objects.get(name=EDITORS))
    return user


def authenticator(user: User) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="phone", confirmed=True)


def current_code(device: TOTPDevice) -> str:
    device.refresh_from_db()
    value = totp(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{value:0{device.digits}d}"


def signed_in(user: User) -> Client:
    """A client after the password step, through Wagtail's real login form."""
    client = Client()
    response = client.post("/admin/login/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302, response.content.decode()[:500]
    return client


def test_off_by_default_nothing_changes(editor, settings):
    assert settings.STAFF_TWO_FACTOR is False
    authenticator(editor)
    client = signed_in(editor)
    assert client.get("/admin/").status_code == 200
    # The pages do not exist (Django's locale middleware tries /en/… first, as for any 404).
    assert client.get(VERIFY, follow=True).status_code == 404
    assert client.get(SETUP, follow=True).status_code == 404
    assert not TOTPDevice.objects.filter(user=editor, confirmed=False).exists()


def test_staff_with_an_authenticator_must_enter_its_code(editor, two_factor):
    device = authenticator(editor)
    client = signed_in(editor)
    for admin_page in ("/admin/", "/admin/pages/", "/admin/images/"):
        response = client.get(admin_page)
        assert response.status_code == 302
        assert response["Location"].startswith(f"{VERIFY}?next=")
    page = client.get(f"{VERIFY}?next=/admin/pages/")
    assert page.status_code == 200
    assert "Enter your sign-in code" in page.content.decode()

    wrong = client.post(VERIFY, {"code": "000000" if current_code(device) != "000000" else "1"})
    assert wrong.status_code == 200
    assert WRONG in wrong.content.decode()
    assert client.get("/admin/").status_code == 302

    device.throttle_reset()  # the wrong code above started django-otp's back-off
    right = client.post(VERIFY, {"code": current_code(device), "next": "/admin/pages/"})
    assert right.status_code == 302
    assert right["Location"] == "/admin/pages/"
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/pages/").status_code == 200

    # Signing out ends the verification: the next sign-in asks for a code again.
    client.post("/admin/logout/")
    again = signed_in(editor)
    assert again.get("/admin/")["Location"].startswith(VERIFY)


def test_next_never_leads_off_site(editor, two_factor):
    device = authenticator(editor)
    client = signed_in(editor)
    response = client.post(
        VERIFY, {"code": current_code(device), "next": "https://evil.example.org/"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/admin/"


def test_staff_without_an_authenticator_sets_one_up_with_a_local_qr_code(editor, two_factor):
    client = signed_in(editor)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith(f"{SETUP}?next=")

    page = client.get(SETUP)
    html = page.content.decode()
    assert page.status_code == 200
    assert "<svg" in html  # drawn here, not fetched from a QR-code service
    assert not re.search(r"<img[^>]+src=\"https?://", html)
    pending = TOTPDevice.objects.get(user=editor, confirmed=False)
    secret = b32encode(pending.bin_key).decode()
    shown = re.search(r"<code data-secret>([^<]+)</code>", html).group(1)
    assert shown.replace(" ", "") == secret
    # Reloading keeps the same secret, so an already scanned code stays valid.
    assert secret.replace(" ", "") in client.get(SETUP).content.decode().replace(" ", "")
    assert TOTPDevice.objects.filter(user=editor).count() == 1

    wrong = client.post(SETUP, {"code": "12345"})
    assert WRONG in wrong.content.decode()
    assert not TOTPDevice.objects.get(pk=pending.pk).confirmed
    pending.throttle_reset()

    done = client.post(SETUP, {"code": current_code(pending)})
    assert done.status_code == 200
    codes = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", done.content.decode())
    assert len(codes) == 10
    assert TOTPDevice.objects.get(pk=pending.pk).confirmed
    assert client.get("/admin/").status_code == 200

    # A backup code signs in once, without the phone.
    phoneless = signed_in(editor)
    assert phoneless.post(VERIFY, {"code": codes[0].upper()}).status_code == 302
    assert phoneless.get("/admin/").status_code == 200
    StaticDevice.objects.get(user=editor).throttle_reset()
    reused = signed_in(editor)
    assert WRONG in reused.post(VERIFY, {"code": codes[0]}).content.decode()
    assert reused.get("/admin/").status_code == 302


def test_wrong_codes_are_throttled(editor, two_factor, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 60  # a minute after the first wrong code
    device = authenticator(editor)
    client = signed_in(editor)
    wrong_code = "000000" if current_code(device) != "000000" else "111111"
    assert WRONG in client.post(VERIFY, {"code": wrong_code}).content.decode()
    # Even the right code is refused during the back-off, with the reason.
    throttled = client.post(VERIFY, {"code": current_code(device)})
    assert throttled.status_code == 200
    assert "Too many wrong codes. Wait" in throttled.content.decode()
    assert client.get("/admin/").status_code == 302
    device.refresh_from_db()
    assert device.throttling_failure_count == 1


def test_password_throttling_by_axes_still_applies(editor, two_factor, settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3
    authenticator(editor)
    client = Client()
    for _ in range(2):
        response = client.post("/admin/login/", {"username": "editor", "password": "wrong"})
        assert response.status_code == 200
    assert client.post("/admin/login/", {"username": "editor", "password": "x"}).status_code == 429
    locked = client.post("/admin/login/", {"username": "editor", "password": PASSWORD})
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session


def test_public_site_and_api_tokens_are_not_gated(editor, home_en, two_factor):
    device = authenticator(editor)
    client = signed_in(editor)  # password given, code not yet
    assert client.get("/en/").status_code == 200
    assert client.get("/api/v2/pages/").status_code == 200
    assert client.get(VERIFY).status_code == 200

    home_en.title = "Draft home title"
    home_en.save_revision()
    token = APIToken.create_token(user=editor, name="front end")[1]
    draft = Client().get(
        f"/api/v3/pages/{home_en.pk}/?version=draft", HTTP_AUTHORIZATION=f"Bearer {token}"
    )
    assert draft.status_code == 200
    assert draft.json()["title"] == "Draft home title"
    assert current_code(device)  # the device exists, yet the token needed no code


def test_people_without_admin_access_are_left_to_wagtail(home_en, two_factor):
    User.objects.create_user("visitor", "v@example.org", PASSWORD)
    client = Client()
    client.force_login(User.objects.get(username="visitor"))
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    assert client.get("/en/").status_code == 200
