"""The second factor covers every staff session, not only /admin/ (issue #15, item 10).

With ``STAFF_TWO_FACTOR`` on, someone who has only the password of a staff account is,
outside the admin, an anonymous visitor: no private page, private document or API v2
private page, by session cookie or by HTTP Basic credentials. After the code, all of
them. Codes themselves are capped per account and address.
"""

from __future__ import annotations

import base64

import pytest
from django.contrib.auth.models import Group, User
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

from cms.workflow.roles import EDITORS, sync_roles
from home.models import StandardPage

pytestmark = pytest.mark.django_db

PASSWORD = "a long enough password"
VERIFY = "/admin/two-factor/verify/"


@pytest.fixture(autouse=True)
def two_factor(settings):
    settings.STAFF_TWO_FACTOR = True
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # django-otp's own back-off off: ours is tested
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def editor(home_en) -> User:
    sync_roles()
    user = User.objects.create_user("editor", "editor@example.org", PASSWORD)
    user.groups.add(Group.objects.get(name=EDITORS))
    return user


@pytest.fixture
def device(editor) -> TOTPDevice:
    return TOTPDevice.objects.create(user=editor, name="phone", confirmed=True)


def current_code(device: TOTPDevice) -> str:
    device.refresh_from_db()
    value = totp(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{value:0{device.digits}d}"


def wrong_code(device: TOTPDevice) -> str:
    return "000000" if current_code(device) != "000000" else "111111"


def password_only(user: User, **address) -> Client:
    """A session after Wagtail's real login form, before the code."""
    client = Client(**address)
    response = client.post("/admin/login/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    return client


def with_code(client: Client, device: TOTPDevice) -> Client:
    assert client.post(VERIFY, {"code": current_code(device)}).status_code == 302
    return client


@pytest.fixture
def private_page(home_en) -> StandardPage:
    page = StandardPage(title="Staff notes", slug="staff-notes", introduction="Internal notes.")
    home_en.add_child(instance=page)
    page.save_revision().publish()
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
    return page


@pytest.fixture
def private_document(home_en):
    collection = Collection.get_first_root_node().add_child(name="Staff only")
    CollectionViewRestriction.objects.create(
        collection=collection, restriction_type=CollectionViewRestriction.LOGIN
    )
    return get_document_model().objects.create(
        title="Salaries", collection=collection, file=ContentFile(b"salaries", name="pay.txt")
    )


def test_a_password_only_session_cannot_read_a_private_page(editor, device, private_page):
    client = password_only(editor)
    response = client.get("/en/staff-notes/")
    assert response.status_code == 302  # to the sign-in page, as for a visitor
    assert "Internal notes." not in client.get("/en/staff-notes/", follow=True).content.decode()
    # What stays reachable: the public site, the code page, signing out.
    assert client.get("/en/").status_code == 200
    assert client.get("/admin/")["Location"].startswith(VERIFY)
    assert client.get(VERIFY).status_code == 200
    with_code(client, device)
    assert "Internal notes." in client.get("/en/staff-notes/").content.decode()
    client.post("/admin/logout/")
    assert "_auth_user_id" not in client.session
    assert client.get("/en/staff-notes/").status_code == 302


def test_a_password_only_session_cannot_read_a_private_document(editor, device, private_document):
    client = password_only(editor)
    assert client.get(private_document.url).status_code == 302
    with_code(client, device)
    response = client.get(private_document.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"salaries"


def test_a_password_only_session_cannot_read_private_pages_in_the_api(editor, device, private_page):
    detail = f"/api/v2/pages/{private_page.pk}/"
    client = password_only(editor)
    assert client.get(detail).status_code == 404
    listed = client.get("/api/v2/pages/?type=home.StandardPage").json()["items"]
    assert private_page.pk not in [item["id"] for item in listed]
    assert client.get(f"/api/v3/pages/{private_page.pk}/").status_code == 404
    # HTTP Basic credentials are a password alone too.
    basic = base64.b64encode(f"editor:{PASSWORD}".encode()).decode()
    assert Client().get(detail, HTTP_AUTHORIZATION=f"Basic {basic}").status_code in (401, 403, 404)
    with_code(client, device)
    assert client.get(detail).status_code == 200


def test_staff_without_an_authenticator_are_anonymous_until_set_up(editor, private_page):
    client = password_only(editor)
    assert client.get("/en/staff-notes/").status_code == 302
    assert client.get("/admin/")["Location"].startswith("/admin/two-factor/setup/")


def test_wrong_codes_are_capped_per_account_and_address(editor, device, settings):
    settings.TWO_FACTOR_ATTEMPT_LIMIT = 3
    client = password_only(editor, REMOTE_ADDR="192.0.2.10")
    for _ in range(3):
        response = client.post(VERIFY, {"code": wrong_code(device)})
        assert "This code is not valid." in response.content.decode()
    refused = client.post(VERIFY, {"code": current_code(device)})
    assert refused.status_code == 200
    assert "Too many wrong codes were entered from your address" in refused.content.decode()
    assert client.get("/admin/").status_code == 302
    # In the user's language.
    french = client.post(VERIFY, {"code": current_code(device)}, HTTP_ACCEPT_LANGUAGE="fr")
    assert "Trop de codes erronés" in french.content.decode()
    # The same account from another address (the owner, elsewhere) is not blocked.
    elsewhere = password_only(editor, REMOTE_ADDR="192.0.2.11")
    assert elsewhere.post(VERIFY, {"code": current_code(device)}).status_code == 302
    assert elsewhere.get("/admin/").status_code == 200


def test_backup_and_malformed_codes_count_too(editor, device, settings):
    settings.TWO_FACTOR_ATTEMPT_LIMIT = 2
    client = password_only(editor, REMOTE_ADDR="192.0.2.12")
    for bad in ("not a code at all", "x" * 32):
        response = client.post(VERIFY, {"code": bad})
        assert response.status_code == 200
    refused = client.post(VERIFY, {"code": current_code(device)})
    assert "Too many wrong codes were entered from your address" in refused.content.decode()
    # Over-long input is a form error, not a crash.
    assert client.post(VERIFY, {"code": "1" * 500}).status_code == 200
