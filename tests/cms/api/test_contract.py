"""API v3's contract as front ends' tools read it (cms/api/v3/contract.py).

These tests read the snapshot of the OpenAPI document, tests/cms/api/expected/
openapi-v3.json, which test_golden.py keeps equal to what ``/api/v3/openapi.json``
serves; so, but for the last, they need no database and run in a few seconds:

- openapi-spec-validator accepts it (the upstream ``AllowAnonymous`` scheme made it
  invalid);
- its security model: one ``http`` ``bearer`` scheme; public reads also accept no
  credentials (``{}``), everything else needs the token;
- every operation documents the 4xx responses it can give, as RFC 7807 problems;
- openapi-python-client generates a module for every operation, without a warning (it
  skipped unpublish, copy and create-alias), the generated package imports, and it
  reads typed pages and problem details through the WSGI application (the one test here
  with a database).

The TypeScript types generated from the same file are checked by
frontend/scripts/check-types.sh (CI).
"""

from __future__ import annotations

import importlib
import json
import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pytest
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from openapi_spec_validator import validate

SNAPSHOT = Path(__file__).resolve().parent / "expected" / "openapi-v3.json"
BEARER = "BearerTokenAuth"
PROBLEM = {"$ref": "#/components/schemas/ProblemDetail"}
PUBLIC_COLLECTIONS = ("pages", "images", "documents", "redirects", "globals", "terms")
WRITES = ("post", "put", "patch", "delete")
PACKAGE = "alliance_api_client"
SKIPPED = re.compile(r"WARNING parsing (\w+) (\S+) within \w+\. Endpoint will not be generated")


@pytest.fixture(scope="module")
def document() -> dict[str, Any]:
    return json.loads(SNAPSHOT.read_text())


def operations(document: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (method, path, operation)
        for path, item in document["paths"].items()
        for method, operation in item.items()
    ]


def is_public_read(method: str, path: str) -> bool:
    """What is served anonymously: reads of pages, images, documents, redirects, globals,
    terms (not revisions, sites, snippets, the schema or whoami)."""
    collection = path.removeprefix("/api/v3/").split("/")[0]
    return method == "get" and collection in PUBLIC_COLLECTIONS and "/revisions/" not in path


def test_openapi_spec_validator_accepts_the_document(document):
    validate(document)  # raises OpenAPIValidationError, naming the place
    assert document["openapi"].startswith("3.1")


def test_one_bearer_scheme_and_anonymous_access_declared_per_operation(document):
    schemes = document["components"]["securitySchemes"]
    assert set(schemes) == {BEARER}
    assert schemes[BEARER]["type"] == "http"
    assert schemes[BEARER]["scheme"] == "bearer"
    assert "Authorization: Bearer" in schemes[BEARER]["description"]
    public = []
    for method, path, operation in operations(document):
        security = operation["security"]
        assert {BEARER: []} in security, (method, path)
        assert all(requirement in ({}, {BEARER: []}) for requirement in security)
        if {} in security:
            public.append((method, path))
    expected = [(m, p) for m, p, _ in operations(document) if is_public_read(m, p)]
    assert public == expected
    assert ("get", "/api/v3/pages/{page_id}/") in public
    assert len(public) == 12, public


def test_every_operation_documents_its_errors_as_problem_details(document):
    for method, path, operation in operations(document):
        responses = operation["responses"]
        expected = {"400", "404", "422"}
        if not is_public_read(method, path):
            expected |= {"401", "403"}  # a public read without a valid token is anonymous
        if method in ("post", "put", "patch"):
            expected.add("409")
        errors = {status for status in responses if status.startswith("4")}
        assert errors == expected, (method, path)
        for status in errors:
            content = responses[status]["content"]
            assert content == {"application/problem+json": {"schema": PROBLEM}}, (path, status)
    problem = document["components"]["schemas"]["ProblemDetail"]
    assert set(problem["required"]) == {"type", "title", "status"}
    assert "RFC 7807" in problem["description"]


def test_optional_request_bodies_are_plain_references(document):
    """A default on a model-typed body made openapi-python-client skip the endpoint."""
    for name in ("unpublish", "copy", "create_alias"):
        body = document["paths"][f"/api/v3/pages/{{page_id}}/actions/{name}/"]["post"]
        assert body["requestBody"]["required"] is False
        schema = body["requestBody"]["content"]["application/json"]["schema"]
        assert set(schema) == {"$ref"}, (name, schema)


@dataclass
class Generated:
    """What openapi-python-client made of the snapshot: the folder holding the package."""

    folder: Path
    returncode: int
    output: str


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Generated:
    """The client, generated once for the module (about 1.5 s), offline: no ruff run
    afterwards (``post_hooks``), nothing fetched."""
    folder = tmp_path_factory.mktemp("client")
    config = folder / "config.json"
    config.write_text(json.dumps({"post_hooks": []}))
    generate = [
        *(sys.executable, "-m", "openapi_python_client", "generate"),
        *("--path", str(SNAPSHOT), "--output-path", str(folder / PACKAGE)),
        *("--meta", "none", "--config", str(config), "--fail-on-warning"),
    ]
    result = subprocess.run(generate, capture_output=True, text=True, timeout=120, check=False)
    return Generated(folder, result.returncode, result.stdout + result.stderr)


def test_openapi_python_client_generates_every_endpoint(document, generated):
    assert SKIPPED.findall(generated.output) == []
    assert generated.returncode == 0, generated.output
    modules = {module.stem for module in (generated.folder / PACKAGE / "api").glob("*/*.py")}
    modules.discard("__init__")
    assert modules == {operation["operationId"] for _, _, operation in operations(document)}


def test_the_generated_package_imports(document, generated):
    """Every module, in a fresh interpreter (nothing generated stays in this one)."""
    imports = (
        "import importlib, pkgutil\n"
        f"import {PACKAGE}.api as api\n"
        f"from {PACKAGE} import AuthenticatedClient, Client\n"
        "names = [m.name for m in pkgutil.walk_packages(api.__path__, api.__name__ + '.')]\n"
        "modules = [importlib.import_module(name) for name in names]\n"
        "print(len([m for m in modules if hasattr(m, 'sync_detailed')]))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", imports],
        cwd=generated.folder,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert int(result.stdout) == len(operations(document))


@pytest.fixture
def client_package(generated) -> Iterator[ModuleType]:
    """The generated package, imported here and forgotten afterwards."""
    sys.path.insert(0, str(generated.folder))
    try:
        yield importlib.import_module(PACKAGE)
    finally:
        sys.path.remove(str(generated.folder))
        for name in [name for name in sys.modules if name.split(".")[0] == PACKAGE]:
            del sys.modules[name]


@pytest.fixture
def test_connection_kept(monkeypatch) -> Iterator[None]:
    """A WSGI request closes the thread's database connection when it starts and ends
    (Django's ``close_old_connections``); inside a test that is the test's transaction,
    which PostgreSQL then loses. Django's test client disconnects it the same way."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.mark.django_db
@pytest.mark.usefixtures("test_connection_kept")
def test_the_generated_client_reads_typed_pages_and_problems(client_package, site, settings):
    """Through the WSGI application: a listing, a seminar report as its own typed model,
    and a 404 as a ProblemDetail."""
    settings.ALLOWED_HOSTS = ["*"]
    pages = importlib.import_module(f"{PACKAGE}.api.pages")
    models = importlib.import_module(f"{PACKAGE}.models")
    transport = httpx.WSGITransport(app=get_wsgi_application())
    api = client_package.Client(base_url="http://testserver", httpx_args={"transport": transport})

    listing = importlib.import_module(f"{pages.__name__}.pages_list").sync(client=api)
    assert site.report.pk in [item.id for item in listing.items]
    detail = importlib.import_module(f"{pages.__name__}.pages_detail")
    report = detail.sync(client=api, page_id=site.report.pk)
    assert isinstance(report, models.SeminarReportPageSchema)
    assert report.title == site.report.title
    missing = detail.sync_detailed(client=api, page_id=2**31 - 1)
    assert missing.status_code == 404
    assert isinstance(missing.parsed, models.ProblemDetail)
