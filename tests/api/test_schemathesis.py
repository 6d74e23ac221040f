"""Property-based test of API v3 against its own OpenAPI document (schemathesis).

Every GET operation gets a bounded number of generated requests (derandomized, so the
run is the same every time) through the WSGI application: no request may produce a
5xx, and every response must match the schema the document declares for it. Each live
page is also fetched by id, so the typed page schemas (images, StreamField blocks,
translations) are checked against real content, not only against 404s.
"""

from __future__ import annotations

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance
from wagtail.models import Page

pytestmark = pytest.mark.django_db

CHECKS = [not_a_server_error, response_schema_conformance]
MAX_EXAMPLES = 20


@pytest.fixture
def schema(site):
    # Like Django's test client: the request signals must not close the connection that
    # holds the test's transaction (on PostgreSQL it would be closed after each request).
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield schemathesis.openapi.from_wsgi("/api/v3/openapi.json", get_wsgi_application())
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def run_operation(operation) -> None:
    @given(case=operation.as_strategy())
    @settings(
        max_examples=MAX_EXAMPLES,
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    def check(case) -> None:
        case.call_and_validate(checks=CHECKS)

    check()


def test_get_operations_never_fail_and_match_the_schema(schema):
    operations = [result.ok() for result in schema.include(method="GET").get_all_operations()]
    paths = {operation.path for operation in operations}
    assert {"/api/v3/pages/", "/api/v3/pages/{page_id}/", "/api/v3/sites/"} <= paths, paths
    for operation in operations:
        run_operation(operation)


def test_every_live_page_matches_its_typed_schema(schema, site):
    detail = next(
        result.ok()
        for result in schema.include(
            method="GET", path="/api/v3/pages/{page_id}/"
        ).get_all_operations()
    )
    pages = Page.objects.live().public().exclude(depth=1)
    assert pages.count() >= 10
    for page in pages:
        for query in ({}, {"rich_text_format": "html"}):
            case = detail.Case(path_parameters={"page_id": page.pk}, query=query)
            response = case.call_and_validate(checks=CHECKS)
            assert response.status_code == 200, (page, response.text[:300])
