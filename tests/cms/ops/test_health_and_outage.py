"""Health endpoints and a database outage: a clean 503, then recovery without restart."""

from __future__ import annotations

import json
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from django.db import connection
from django.test import Client

from cms.ops.health import check_cache
from tests.home.factories import StandardPageFactory

pytestmark = [pytest.mark.resilience, pytest.mark.django_db]


TRANSACTION_STATE = (
    "autocommit",
    "in_atomic_block",
    "savepoint_state",
    "savepoint_ids",
    "atomic_blocks",
    "commit_on_exit",
    "needs_rollback",
    "closed_in_transaction",
    "errors_occurred",
    "health_check_done",
)


@contextmanager
def database_down() -> Iterator[None]:
    """Point the live connection at a database that cannot be reached, then restore it.

    Real connection failures, not mocks: PostgreSQL is asked for a port nobody listens
    on, SQLite for a file in a directory that does not exist.
    """
    original = dict(connection.settings_dict)
    # Keep the open connection aside rather than closing it: closing SQLite's in-memory
    # test database would destroy it.
    connection.ensure_connection()
    kept = connection.connection
    # A connection attempt resets the wrapper's transaction state; the test's own
    # transaction must survive the simulated outage.
    state = {name: getattr(connection, name) for name in TRANSACTION_STATE}
    connection.connection = None
    if connection.vendor == "postgresql":
        connection.settings_dict["PORT"] = 1
        connection.settings_dict["OPTIONS"] = {**original.get("OPTIONS", {}), "connect_timeout": 2}
    else:
        connection.settings_dict["NAME"] = "/nonexistent-directory/alliance.sqlite3"
    try:
        yield
    finally:
        if connection.connection is not None:
            connection.connection.close()
        connection.settings_dict.clear()
        connection.settings_dict.update(original)
        connection.connection = kept
        for name, value in state.items():
            setattr(connection, name, value)


def test_healthz_answers_without_database_or_host_check(outage_client: Client):
    with database_down():
        response = outage_client.get("/healthz", HTTP_HOST="10.0.0.7")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert response["Cache-Control"] == "no-store"


def test_readyz_reports_database_and_cache(outage_client: Client):
    response = outage_client.get("/readyz")
    assert response.status_code == 200
    assert response.json()["checks"] == {"database": "ok", "cache": "ok"}
    with database_down():
        down = outage_client.get("/readyz")
    assert down.status_code == 503
    body = down.json()
    assert body["status"] == "down"
    assert body["checks"]["database"].startswith("unavailable")
    assert body["checks"]["cache"] == "ok"
    assert outage_client.get("/readyz").status_code == 200


def test_outage_gives_a_clean_503_page_and_the_site_recovers(outage_client: Client, home_en):
    StandardPageFactory(parent=home_en, title="About the Alliance", slug="about")
    with database_down():
        response = outage_client.get("/en/about/")
    assert response.status_code == 503
    assert response["Retry-After"]
    assert response["Cache-Control"] == "no-store"
    html = response.content.decode()
    assert "temporarily unavailable" in html
    for leak in ("Traceback", "OperationalError", "sqlite", "psycopg", "settings"):
        assert leak not in html
    # The same process serves again as soon as the database is back.
    assert outage_client.get("/en/about/").status_code == 200


def test_outage_page_is_in_the_visitors_language(outage_client: Client, home_en):
    with database_down():
        response = outage_client.get("/fr/")
    assert response.status_code == 503
    assert "temporairement indisponible" in response.content.decode()


def test_a_form_sent_during_an_outage_is_told_to_check_before_resending(
    outage_client: Client, home_en
):
    # Issue #22 item 6: the fault may follow a commit, so "not received" would be false.
    with database_down():
        response = outage_client.post("/en/", {"name": "A city"})
    assert response.status_code == 503
    assert "may or may not have been saved" in response.content.decode()
    assert "has not been received" not in response.content.decode()


def test_programming_errors_stay_500_not_503(outage_client: Client, home_en, settings):
    # A broken template is a bug, not an outage: it must not hide behind "try again".
    settings.ROOT_URLCONF = "tests.cms.ops.broken_urls"
    response = outage_client.get("/boom/")
    assert response.status_code == 500
    assert json.dumps("Traceback") not in response.content.decode()


def test_concurrent_readiness_probes_never_see_each_others_writes():
    # Load balancers probe every app server, and every worker answers on its own, all
    # against one shared cache: a probe must not read another probe's value and report
    # a healthy cache as unavailable (taking the server out of rotation).
    outcomes: list[str] = []
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # switch threads as often as possible
    try:
        threads = [
            threading.Thread(target=lambda: outcomes.extend(check_cache() for _ in range(300)))
            for _ in range(8)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        sys.setswitchinterval(interval)
    assert len(outcomes) == 2400
    assert set(outcomes) == {"ok"}
