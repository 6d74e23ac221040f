"""Property-based test of API v3 against its own OpenAPI document (schemathesis).

Every operation gets a bounded number of generated requests (derandomized, so the run
is the same every time) through the WSGI application, anonymously and with an Editor's
API token: no request may produce a 5xx, every response must match the schema the
document declares for it, and every status code must be one the document declares
(the 4xx errors are documented by cms/api/v3/errors.py). The Editor also sends the
write operations: whatever they create or change stays a draft, nothing is published.
Each live page is also fetched by id, so the typed page schemas (images, StreamField
blocks, translations) are checked against real content, not only against 404s. The
document itself must be valid OpenAPI 3.1 (openapi-spec-validator).
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
import schemathesis
from django.contrib.auth.models import Group, User
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from openapi_spec_validator import validate
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    response_schema_conformance,
    status_code_conformance,
)
from wagtail.models import APIToken, Page, PageLogEntry

from cms.workflow.roles import EDITORS, sync_roles

pytestmark = pytest.mark.django_db

CHECKS = [not_a_server_error, response_schema_conformance, status_code_conformance]
MAX_EXAMPLES = 20
EDITOR_EXAMPLES = 10
WRITE_EXAMPLES = 5
WRITES = ("POST", "PUT", "PATCH", "DELETE")


@pytest.fixture(scope="module")
def loaded_schema(site_once, django_db_blocker) -> Iterator:
    """The served document, read once for the module (about a second each time it was
    read for a test); it describes the API's code, not the rows, and every test draws
    its own cases from it."""
    # Like Django's test client: the request signals must not close the connection that
    # holds the test's transaction (on PostgreSQL it would be closed after each request).
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        with django_db_blocker.unblock():
            loaded = schemathesis.openapi.from_wsgi("/api/v3/openapi.json", get_wsgi_application())
        yield loaded
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def schema(loaded_schema, site):
    return loaded_schema


@pytest.fixture
def editor_headers(db) -> dict[str, str]:
    sync_roles()
    user = User.objects.create_user("schemathesis-editor", "st@example.org", "x")
    user.groups.add(Group.objects.get(name=EDITORS))
    return {"Authorization": f"Bearer {APIToken.create_token(user=user, name='st')[1]}"}


def run_operation(operation, headers: dict[str, str] | None = None, examples: int = 0) -> None:
    @given(case=operation.as_strategy())
    @settings(
        max_examples=examples or MAX_EXAMPLES,
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    def check(case) -> None:
        case.call_and_validate(headers=headers, checks=CHECKS)

    check()


def operations(schema, **selection) -> list:
    selected = schema.include(**selection) if selection else schema
    return [result.ok() for result in selected.get_all_operations()]


def test_openapi_document_is_valid_openapi_3_1(client, site):
    """The document as served (tests/cms/api/test_contract.py checks its snapshot in
    detail, without a database)."""
    document = client.get("/api/v3/openapi.json").json()
    assert document["openapi"].startswith("3.1")
    validate(document)  # openapi-spec-validator: raises, naming the place
    schemes = document["components"]["securitySchemes"]
    assert all(s["type"] != "http" or s.get("scheme") for s in schemes.values()), schemes
    public = document["paths"]["/api/v3/pages/"]["get"]
    assert {} in public["security"], public["security"]  # anonymous reads, said the OAS way
    assert {"400", "404", "422"} <= set(public["responses"])
    write = document["paths"]["/api/v3/pages/"]["post"]
    assert {"400", "401", "403", "404", "422"} <= set(write["responses"])
    problem = write["responses"]["401"]["content"]["application/problem+json"]["schema"]
    assert problem == {"$ref": "#/components/schemas/ProblemDetail"}


def test_get_operations_never_fail_and_match_the_schema(schema):
    gets = operations(schema, method="GET")
    paths = {operation.path for operation in gets}
    assert {"/api/v3/pages/", "/api/v3/pages/{page_id}/", "/api/v3/sites/"} <= paths, paths
    for operation in gets:
        run_operation(operation)


def test_an_editors_requests_never_fail_match_the_schema_and_publish_nothing(
    schema, site, editor_headers
):
    live_before = set(Page.objects.filter(live=True).values_list("pk", "latest_revision_id"))
    for operation in operations(schema, method="GET"):
        run_operation(operation, editor_headers, EDITOR_EXAMPLES)
    writes = [op for op in operations(schema) if op.method.upper() in WRITES]
    assert {"POST /api/v3/pages/", "PATCH /api/v3/pages/{page_id}/"} <= {
        f"{op.method.upper()} {op.path}" for op in writes
    }
    for operation in writes:
        run_operation(operation, editor_headers, WRITE_EXAMPLES)
    published = PageLogEntry.objects.filter(action__in=["wagtail.publish", "wagtail.unpublish"])
    assert not published.filter(user__username="schemathesis-editor").exists()
    live_after = set(Page.objects.filter(live=True).values_list("pk", "latest_revision_id"))
    assert {pk for pk, _ in live_after} <= {pk for pk, _ in live_before}
    assert not {pk for pk, _ in live_before} - {pk for pk, _ in live_after}, "unpublished"


def test_every_live_page_matches_its_typed_schema(schema, site):
    detail = operations(schema, method="GET", path="/api/v3/pages/{page_id}/")[0]
    pages = Page.objects.live().public().exclude(depth=1)
    assert pages.count() >= 10
    for page in pages:
        for query in ({}, {"rich_text_format": "html"}):
            case = detail.Case(path_parameters={"page_id": page.pk}, query=query)
            response = case.call_and_validate(checks=CHECKS)
            assert response.status_code == 200, (page, response.text[:300])


def test_bad_input_responses_are_documented_problems(schema, editor_headers):
    """The errors of cms/api/v3/errors.py's table, as the document declares them."""
    listing = operations(schema, method="GET", path="/api/v3/pages/")[0]
    for query in ({"offset": 2**63}, {"search": "a\x00b"}, {"limit": 0}, {"locale": "zz"}):
        for headers in (None, editor_headers):
            response = listing.Case(query=query).call_and_validate(headers=headers, checks=CHECKS)
            assert 400 <= response.status_code < 500, (query, response.status_code)
            assert response.headers["content-type"] == ["application/problem+json"]
            assert json.loads(response.text)["detail"]
