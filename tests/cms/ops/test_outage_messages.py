"""The 503 page tells the truth: after a POST, the change may or may not have been saved.

A fault can strike after a draft revision or an application was committed and before
the response was written, so "nothing was received" can be false (issue #22, item 6).
The outage is real: the live connection is pointed at a database that cannot be
reached, as in tests/cms/ops/test_health_and_outage.py.
"""

from __future__ import annotations

import pytest
from django.test import Client

from tests.cms.ops.test_health_and_outage import database_down
from tests.participants.conftest import empty_cache, join_en  # noqa: F401  (fixtures)

pytestmark = [pytest.mark.resilience, pytest.mark.django_db]

UNCERTAIN_EN = "may or may not have been saved"
UNCERTAIN_FR = "a peut-être été enregistré"


@pytest.fixture
def visitor() -> Client:
    return Client(raise_request_exception=False)


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_a_change_sent_during_an_outage_may_or_may_not_be_saved(visitor, join_en, method):  # noqa: F811
    with database_down():
        response = getattr(visitor, method)("/en/join/", {"authority_name": "Trakai"})
    assert response.status_code == 503
    html = response.content.decode()
    assert UNCERTAIN_EN in html
    assert "has not been received" not in html
    # How to check: reload, the page's history, the join confirmation email.
    assert "history" in html
    assert "confirmation email" in html


def test_the_uncertain_message_is_in_the_visitors_language(visitor, join_en):  # noqa: F811
    with database_down():
        response = visitor.post("/fr/rejoindre/", {"authority_name": "Trakai"})
    assert response.status_code == 503
    html = response.content.decode()
    assert UNCERTAIN_FR in html
    assert "historique" in html


def test_a_page_read_during_an_outage_keeps_the_plain_message(visitor, join_en):  # noqa: F811
    with database_down():
        response = visitor.get("/en/join/")
    assert response.status_code == 503
    html = response.content.decode()
    assert "Please try again in a few minutes" in html
    assert UNCERTAIN_EN not in html
    # Nothing was sent, so there is nothing to check.
    assert "confirmation email" not in html
