"""A double-click on “Send the application” stores one application (issue #22, item 8b).

The form carries a one-time submission token; the database's unique constraint on
`MembershipApplication.submission_token` is the one place that refuses the second copy,
so two workers receiving the same POST at the same moment also store one.
"""

from __future__ import annotations

import threading
import uuid
from io import StringIO

import pytest
from bs4 import BeautifulSoup
from django.core import mail
from django.core.cache import caches
from django.core.management.base import OutputWrapper
from django.db import connection, connections
from django.test import Client

from cms.demo_kit.loader import DemoLoader
from home.demo import default_site
from home.models import StandardPage
from participants.models import MembershipApplication
from tests.participants.conftest import join_en  # noqa: F401  (fixture)
from tests.participants.factories import JoinPageFactory
from tests.participants.test_join import VALID

pytestmark = [pytest.mark.resilience, pytest.mark.django_db]


def token_of(response) -> str:
    field = BeautifulSoup(response.content, "html.parser").find(
        "input", attrs={"name": "submission_token"}
    )
    assert field is not None and field["type"] == "hidden"
    return field["value"]


def test_each_rendering_of_the_form_carries_a_new_token(client, join_en):  # noqa: F811
    first, second = token_of(client.get("/en/join/")), token_of(client.get("/en/join/"))
    assert uuid.UUID(first) != uuid.UUID(second)


def test_a_double_click_stores_one_application_and_thanks_twice(client, join_en):  # noqa: F811
    token = token_of(client.get("/en/join/"))
    first = client.post("/en/join/", {**VALID, "submission_token": token})
    sent = len(mail.outbox)
    second = client.post("/en/join/", {**VALID, "submission_token": token})
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"] == "/en/join/thanks/"
    assert MembershipApplication.objects.count() == 1
    assert str(MembershipApplication.objects.get().submission_token) == token
    assert len(mail.outbox) == sent, "the duplicate sent the emails again"


def test_two_forms_are_two_applications(client, join_en):  # noqa: F811
    for _ in range(2):
        token = token_of(client.get("/en/join/"))
        assert client.post("/en/join/", {**VALID, "submission_token": token}).status_code == 302
    assert MembershipApplication.objects.count() == 2


def test_a_corrected_form_keeps_its_token(client, join_en):  # noqa: F811
    token = token_of(client.get("/en/join/"))
    invalid = client.post("/en/join/", {**VALID, "email": "x", "submission_token": token})
    assert invalid.status_code == 200
    assert token_of(invalid) == token


@pytest.mark.parametrize("token", [None, "", "not-a-uuid", "'; DROP TABLE x; --", "1" * 500])
def test_an_old_form_without_a_valid_token_is_still_accepted(client, join_en, token):  # noqa: F811
    # Forms cached in browsers before the token existed must keep working: stored,
    # without a token, so such a form is not protected against a double-click.
    data = dict(VALID) if token is None else {**VALID, "submission_token": token}
    response = client.post("/en/join/", data)
    assert response.status_code == 302
    assert MembershipApplication.objects.get().submission_token is None


@pytest.fixture
def committed_join_page(locales):
    """The join page, committed: an earlier transactional test's flush may have removed
    the site that the migrations made, so it is rebuilt here when missing."""
    for cache_backend in caches.all():
        cache_backend.clear()  # Wagtail's cached site root paths of a flushed site
    home = default_site(DemoLoader(stdout=OutputWrapper(StringIO()))).root_page
    privacy = StandardPage(title="Privacy notice", slug="privacy")
    home.add_child(instance=privacy)
    privacy.save_revision().publish()
    return JoinPageFactory(parent=home, privacy_page=privacy)


@pytest.mark.django_db(transaction=True)
def test_two_workers_receiving_the_same_post_store_one(committed_join_page):
    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers need PostgreSQL (DATABASE_URL=postgres://...)")
    url = committed_join_page.url
    token = str(uuid.uuid4())
    start = threading.Barrier(2)
    statuses: list[int] = []

    def send() -> None:
        try:
            start.wait(timeout=10)
            client = Client(raise_request_exception=True)
            statuses.append(client.post(url, {**VALID, "submission_token": token}).status_code)
        finally:
            connections.close_all()

    workers = [threading.Thread(target=send) for _ in range(2)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=30)
    assert statuses == [302, 302]
    assert MembershipApplication.objects.filter(submission_token=token).count() == 1
