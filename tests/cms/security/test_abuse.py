"""Abuse controls that fit the deployment (issue #15, items 8 and 9; join form resilience).

Everything goes through real HTTP requests with Django's test client: the address a
request comes from is REMOTE_ADDR (the TLS proxy, when there is one) and the
X-Forwarded-For header the proxy appends to.
"""

from __future__ import annotations

from datetime import timedelta
from itertools import count

import pytest
from axes.models import AccessAttempt, AccessAttemptExpiration
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.exceptions import ImproperlyConfigured
from django.core.files.base import ContentFile
from django.db.models import F
from django.test import Client, override_settings
from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

from cms.security.client_ip import client_address
from cms.settings.env import env_count
from home.models import StandardPage
from participants.models import MembershipApplication
from tests.participants.conftest import empty_cache, join_en, join_fr  # noqa: F401  (fixtures)
from tests.participants.test_join import VALID

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.1"
_addresses = count(1)


def fresh_address() -> str:
    """An address no other test used: the per-process fallback counter outlives a test."""
    return f"192.0.2.{next(_addresses) % 250 + 1}"


def via_proxy(visitor: str) -> dict[str, str]:
    """What the application sees of a request the TLS proxy forwarded for `visitor`."""
    return {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": visitor}


# Client addresses: the shared proxy, and spoofed headers.


def test_applicants_behind_the_proxy_are_counted_each_on_their_own(client, join_en, settings):  # noqa: F811
    settings.TRUSTED_PROXY_COUNT = 1
    settings.JOIN_RATE_LIMIT = 2
    abuser = "203.0.113.66"
    for _ in range(2):
        assert client.post("/en/join/", VALID, **via_proxy(abuser)).status_code == 302
    assert client.post("/en/join/", VALID, **via_proxy(abuser)).status_code == 429
    # Made-up entries to the left of what the proxy appended change nothing.
    spoofed = via_proxy(f"198.51.100.{9}, 8.8.8.8, {abuser}")
    assert client.post("/en/join/", VALID, **spoofed).status_code == 429
    # Everyone else behind the same proxy still gets through.
    for visitor in ("198.51.100.9", "198.51.100.10"):
        assert client.post("/en/join/", VALID, **via_proxy(visitor)).status_code == 302
    assert MembershipApplication.objects.count() == 4


def test_without_a_trusted_proxy_the_header_is_ignored(client, join_en, settings):  # noqa: F811

    settings.TRUSTED_PROXY_COUNT = 0
    settings.JOIN_RATE_LIMIT = 2
    direct = fresh_address()
    for n in range(2):
        sent = {"REMOTE_ADDR": direct, "HTTP_X_FORWARDED_FOR": f"198.51.100.{n}"}
        assert client.post("/en/join/", VALID, **sent).status_code == 302
    sent = {"REMOTE_ADDR": direct, "HTTP_X_FORWARDED_FOR": "198.51.100.77"}
    assert client.post("/en/join/", VALID, **sent).status_code == 429
    request = client.get("/en/join/", **sent).wsgi_request
    assert client_address(request) == direct


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("", PROXY),  # a request that did not come through the proxy chain
        ("not-an-address", PROXY),
        ("203.0.113.5, <script>", PROXY),
        ("203.0.113.5", "203.0.113.5"),
        ("1.1.1.1,203.0.113.5", "203.0.113.5"),
        (" 2001:DB8::1 ", "2001:db8::1"),
        ("[2001:db8::2]:4711", "2001:db8::2"),
        ("203.0.113.9:51234", "203.0.113.9"),
    ],
)
def test_forwarded_for_values_from_the_proxy(client, home_en, settings, header, expected):

    settings.TRUSTED_PROXY_COUNT = 1
    request = client.get("/en/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=header).wsgi_request
    assert client_address(request) == expected


def test_trusted_proxy_count_is_validated():

    assert env_count("TRUSTED_PROXY_COUNT", 0, {"TRUSTED_PROXY_COUNT": "2"}, maximum=10) == 2
    for bad in ("-1", "11", "one"):
        with pytest.raises(ImproperlyConfigured, match="TRUSTED_PROXY_COUNT"):
            env_count("TRUSTED_PROXY_COUNT", 0, {"TRUSTED_PROXY_COUNT": bad}, maximum=10)


# Admin sign-in: account and address, progressive delay.

ALICE_PASSWORD = "alice's long password"


@pytest.fixture
def alice(home_en, settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 5
    settings.AXES_COOLOFF_MINUTES = 15
    return get_user_model().objects.create_user(
        "alice", "alice@example.org", ALICE_PASSWORD, is_staff=True, is_superuser=True
    )


def sign_in(client: Client, password: str, **address) -> int:
    data = {"username": "alice", "password": password}
    return client.post("/admin/login/", data, **address).status_code


def test_a_stranger_behind_the_proxy_cannot_lock_alice_out(alice, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    stranger = via_proxy("203.0.113.66")
    statuses = [sign_in(Client(), "guess", **stranger) for _ in range(5)]
    assert statuses == [200, 200, 200, 200, 429]
    # Locked for the stranger, whatever left-hand entries they add ...
    assert sign_in(Client(), "guess", **via_proxy("198.51.100.7, 203.0.113.66")) == 429
    assert sign_in(Client(), ALICE_PASSWORD, **stranger) == 429
    # ... while alice, behind the same proxy, signs in.
    assert sign_in(Client(), ALICE_PASSWORD, **via_proxy("198.51.100.7")) == 302


def _age_attempts(seconds: int) -> None:
    """Move alice's failed attempts `seconds` into the past, as if time had passed."""
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - timedelta(seconds=seconds))
    AccessAttemptExpiration.objects.update(expires_at=F("expires_at") - timedelta(seconds=seconds))


def _lockout_length() -> timedelta:
    attempt = AccessAttempt.objects.get(username="alice")
    return attempt.expiration.expires_at - attempt.attempt_time


def test_lockout_grows_with_each_failure_during_it(alice, settings):
    settings.AXES_FAILURE_LIMIT = 3
    settings.AXES_COOLOFF_MINUTES = 1
    address = {"REMOTE_ADDR": fresh_address()}
    assert [sign_in(Client(), "guess", **address) for _ in range(3)] == [200, 200, 429]
    assert _lockout_length() == timedelta(minutes=1)
    assert sign_in(Client(), "guess", **address) == 429
    assert _lockout_length() == timedelta(minutes=2)
    # A fixed one-minute lockout would be over after 90 seconds; this one is not.
    _age_attempts(90)
    assert sign_in(Client(), ALICE_PASSWORD, **address) == 429
    assert _lockout_length() == timedelta(minutes=4)
    _age_attempts(4 * 60 + 1)
    assert sign_in(Client(), ALICE_PASSWORD, **address) == 302
    assert not AccessAttempt.objects.filter(username="alice").exists()


def test_the_first_lockout_lasts_the_configured_minutes(alice, settings):
    settings.AXES_FAILURE_LIMIT = 3
    settings.AXES_COOLOFF_MINUTES = 1
    address = {"REMOTE_ADDR": fresh_address()}
    assert [sign_in(Client(), "guess", **address) for _ in range(3)] == [200, 200, 429]
    _age_attempts(61)
    assert sign_in(Client(), ALICE_PASSWORD, **address) == 302


# Page and document passwords.


@pytest.fixture
def private_page(home_en):
    page = StandardPage(title="Board minutes", slug="board-minutes", introduction="Minutes.")
    home_en.add_child(instance=page)
    page.save_revision().publish()
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="open sesame"
    )
    return page, restriction


def test_page_password_is_throttled_per_restriction_and_address(private_page, settings):
    settings.PASSWORD_ATTEMPT_LIMIT = 3
    page, restriction = private_page
    url = f"/en/_util/authenticate_with_password/{restriction.pk}/{page.pk}/"
    guesser = Client(REMOTE_ADDR=fresh_address())
    for n in range(3):
        wrong = guesser.post(url, {"password": f"guess {n}", "return_url": "/en/board-minutes/"})
        assert wrong.status_code == 200
        assert "not correct" in wrong.content.decode()
    refused = guesser.post(url, {"password": "open sesame", "return_url": "/en/board-minutes/"})
    assert refused.status_code == 429
    assert "Too many wrong passwords" in refused.content.decode()
    assert int(refused["Retry-After"]) == settings.PASSWORD_ATTEMPT_WINDOW
    assert guesser.get("/en/board-minutes/").status_code == 200  # the form, not the page
    assert "Minutes." not in guesser.get("/en/board-minutes/").content.decode()
    # In the visitor's language.
    french = guesser.post(f"/fr/_util/authenticate_with_password/{restriction.pk}/{page.pk}/", {})
    assert french.status_code == 429
    assert "Trop de mots de passe erronés" in french.content.decode()
    # Another visitor who knows the password is not affected.
    reader = Client(REMOTE_ADDR=fresh_address())
    right = reader.post(url, {"password": "open sesame", "return_url": "/en/board-minutes/"})
    assert right.status_code == 302
    assert "Minutes." in reader.get("/en/board-minutes/").content.decode()


def test_document_password_is_throttled(home_en, settings):
    settings.PASSWORD_ATTEMPT_LIMIT = 2
    private = Collection.get_first_root_node().add_child(name="Board papers")
    restriction = CollectionViewRestriction.objects.create(
        collection=private, restriction_type=CollectionViewRestriction.PASSWORD, password="pw"
    )
    document = get_document_model().objects.create(
        title="Budget", collection=private, file=ContentFile(b"secret budget", name="budget.txt")
    )
    url = f"/documents/authenticate_with_password/{restriction.pk}/"
    guesser = Client(REMOTE_ADDR=fresh_address(), HTTP_ACCEPT_LANGUAGE="fr")
    for _ in range(2):
        assert guesser.post(url, {"password": "x", "return_url": document.url}).status_code == 200
    refused = guesser.post(url, {"password": "pw", "return_url": document.url})
    assert refused.status_code == 429
    assert "Trop de mots de passe erronés" in refused.content.decode()
    reader = Client(REMOTE_ADDR=fresh_address())
    assert reader.post(url, {"password": "pw", "return_url": document.url}).status_code == 302
    assert b"".join(reader.get(document.url).streaming_content) == b"secret budget"


# The join form while the shared cache is down, and the applicant's confirmation.

UNREACHABLE_REDIS = {
    "BACKEND": "django_redis.cache.RedisCache",
    "LOCATION": "redis://127.0.0.1:1/0",
    "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 0.2, "SOCKET_TIMEOUT": 0.2},
}


def test_join_form_works_and_still_limits_while_the_cache_is_down(join_en, settings):  # noqa: F811
    """Redis as production configures it (cms/settings/base.py: a down Redis answers None
    rather than raising, which Wagtail's own caching needs) but unreachable."""
    settings.JOIN_RATE_LIMIT = 2
    client = Client(REMOTE_ADDR=fresh_address())
    caches = {"default": UNREACHABLE_REDIS, "renditions": UNREACHABLE_REDIS}
    with override_settings(CACHES=caches, DJANGO_REDIS_IGNORE_EXCEPTIONS=True):
        for n in range(2):
            response = client.post("/en/join/", {**VALID, "email": f"a{n}@example.org"})
            assert response.status_code == 302
        # Counted per process meanwhile: the limit holds.
        assert client.post("/en/join/", VALID).status_code == 429
    assert sorted(MembershipApplication.objects.values_list("email", flat=True)) == [
        "a0@example.org",
        "a1@example.org",
    ]


PHISHING = {
    "authority_name": "URGENT Verify your bank account at https://evil.example.net",
    "contact_name": "Call +44 20 7946 0000 now",
    "motivation": "Your account is suspended. Log in at https://evil.example.net/login today.",
    "email": "victim@example.org",
}


@pytest.mark.parametrize(
    ("url", "greeting", "thanks"),
    [
        (
            "/en/join/",
            "Hello,",
            "application to join the European Alliance of Cities and Regions for Roma",
        ),
        (
            "/fr/rejoindre/",
            "Bonjour,",
            "demande d’adhésion à l’Alliance européenne des villes et des régions",
        ),
    ],
)
def test_the_confirmation_carries_none_of_the_applicants_text(
    client,
    join_fr,  # noqa: F811
    url,
    greeting,
    thanks,
):
    response = client.post(url, {**VALID, **PHISHING}, REMOTE_ADDR=fresh_address())
    assert response.status_code == 302
    confirmation = mail.outbox[0]
    assert confirmation.to == ["victim@example.org"]
    text = confirmation.subject + confirmation.body
    for typed in (*PHISHING.values(), *VALID.values()):
        if typed not in ("on", "LT", "municipality", "victim@example.org"):
            assert typed not in text
    assert "evil.example.net" not in text
    assert greeting in confirmation.body
    assert thanks in confirmation.body
