"""API v3's OpenAPI document as front ends' tools read it: valid, complete, generable.

django-ninja builds ``/api/v3/openapi.json`` from Wagtail's routers; consumers validate
it (openapi-spec-validator), test against it (schemathesis), and generate clients and
types from it (openapi-python-client, openapi-typescript). What it builds needs four
corrections, made by :func:`complete` on every document the API produces
(``/api/v3/openapi.json``, the docs page, ``manage.py export_openapi_schema``):

- **Security.** Wagtail marks public reads with a second auth class, ``AllowAnonymous``,
  which django-ninja documents as an ``http`` security scheme without the ``scheme``
  OpenAPI 3.1 requires: the document was invalid, and generators sent odd
  ``Authorization`` headers. It is removed, and the operations that allow anonymous
  access say so the OpenAPI way, with the empty requirement ``{}`` beside the bearer
  token's. The one scheme left, ``BearerTokenAuth`` (``http`` ``bearer``), says what the
  token is.
- **Errors.** Every operation lists the 4xx responses it can give, as RFC 7807 problem
  details (``application/problem+json``, the ``ProblemDetail`` component;
  cms/api/v3/errors.py and Wagtail produce them): 400, 404 and 422 everywhere; 401 and
  403 where a token is required (a public read with a missing or unknown token is
  answered as anonymous, never 401); 409 on writes. ``/find/`` also documents its 302.
- **Optional request bodies.** django-ninja declares ``Body(Model())`` (unpublish, copy,
  create alias) as ``allOf: [$ref]`` with the model instance as ``default``;
  openapi-python-client refuses a default on a model ("ModelProperty cannot have a
  default value") and skipped those three endpoints. The default says nothing that the
  body's ``required: false`` and its properties' own defaults do not, so the body is the
  plain ``$ref``.

The document is English, like the code it describes: it is cached, snapshot-tested
(tests/cms/api/expected/openapi-v3.json) and read by tools, not by visitors.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from wagtail.api.v3.errors import ProblemDetail

from cms.api.errors import PROBLEM_JSON

ANONYMOUS_SCHEME = "AllowAnonymous"
BEARER_SCHEME = "BearerTokenAuth"
BEARER_DESCRIPTION = (
    "A Wagtail API token, created in the admin under the user's account and sent as "
    "`Authorization: Bearer <token>`. It grants what the user may do in the admin "
    "(drafts, revisions, writes). Operations whose security requirements include `{}` "
    "also answer without a token: live, public content only."
)
PROBLEM_SCHEMA = "ProblemDetail"
PROBLEM_DESCRIPTION = (
    "An RFC 7807 problem details object, the body of every documented error response "
    "(`application/problem+json`)."
)
PROBLEM_FIELDS = {
    "type": "A URI reference naming the problem type; `about:blank` when `title` says it all.",
    "title": "The HTTP status phrase.",
    "status": "The HTTP status code.",
    "detail": "What went wrong, for a person; empty when `title` says it all.",
    "errors": "422 only: each validation error, with its `loc` (where), `msg` and `type`.",
}
ERRORS = {
    "400": "Bad request: a parameter is malformed (named in `detail`).",
    "401": "Authentication required: a valid API token is missing.",
    "403": "The token's user may not do this.",
    "404": "Not found, or not visible to this consumer.",
    "409": "Conflict: a value that must be unique is already used (a slug, a hostname).",
    "422": "Validation failed: the parameters or body do not match the schema (`errors`).",
}
PUBLIC_ERRORS = ("400", "404", "422")
TOKEN_ERRORS = ("400", "401", "403", "404", "422")
WRITE_ERRORS = (*TOKEN_ERRORS, "409")
WRITE_METHODS = ("post", "put", "patch")
HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
# What may stand beside the one reference of a body schema that we make a plain ``$ref``.
BODY_WRAPPER_KEYS = {"allOf", "default", "title", "description"}


def _problem_schema() -> dict[str, Any]:
    schema = ProblemDetail.model_json_schema(ref_template="#/components/schemas/{model}")
    schema["description"] = PROBLEM_DESCRIPTION
    for name, description in PROBLEM_FIELDS.items():
        schema["properties"][name]["description"] = description
    return schema


def _error_response(status: str) -> dict[str, Any]:
    return {
        "description": ERRORS[status],
        "content": {PROBLEM_JSON: {"schema": {"$ref": f"#/components/schemas/{PROBLEM_SCHEMA}"}}},
    }


def _allow_anonymous_the_openapi_way(operation: dict[str, Any]) -> bool:
    """Replaces the ``AllowAnonymous`` requirement by ``{}``; True if anonymous may call."""
    security = operation.get("security")
    if security is None:
        return True
    operation["security"] = [
        {} if ANONYMOUS_SCHEME in requirement else requirement for requirement in security
    ]
    return {} in operation["security"]


def _plain_request_body(operation: dict[str, Any]) -> None:
    """``{"allOf": [{"$ref": X}], "default": {...}}`` becomes ``{"$ref": X}``."""
    for media in operation.get("requestBody", {}).get("content", {}).values():
        schema = media.get("schema", {})
        wrapped = schema.get("allOf", [])
        if len(wrapped) == 1 and "$ref" in wrapped[0] and set(schema) <= BODY_WRAPPER_KEYS:
            plain = {"$ref": wrapped[0]["$ref"]}
            if "description" in schema:
                plain["description"] = schema["description"]
            media["schema"] = plain


def _document_errors(path: str, method: str, operation: dict[str, Any], public: bool) -> None:
    responses = operation.setdefault("responses", {})
    if method in WRITE_METHODS:
        statuses = WRITE_ERRORS
    else:
        statuses = PUBLIC_ERRORS if public else TOKEN_ERRORS
    for status in statuses:
        responses.setdefault(status, _error_response(status))
    if path.endswith("/find/") and method == "get":
        responses.setdefault("302", {"description": "Redirect to the found object."})


def complete(document: dict[str, Any]) -> dict[str, Any]:
    """The OpenAPI document made valid (security), complete (errors) and generable
    (request bodies), in place; returned for convenience."""
    components = document.setdefault("components", {})
    components.setdefault("schemas", {})[PROBLEM_SCHEMA] = _problem_schema()
    schemes = components.setdefault("securitySchemes", {})
    schemes.pop(ANONYMOUS_SCHEME, None)
    if BEARER_SCHEME in schemes:
        schemes[BEARER_SCHEME].update(
            bearerFormat="Wagtail API token", description=BEARER_DESCRIPTION
        )
    for path, item in document.get("paths", {}).items():
        for method in HTTP_METHODS:
            operation = item.get(method)
            if operation is None:
                continue
            public = _allow_anonymous_the_openapi_way(operation)
            _plain_request_body(operation)
            _document_errors(path, method, operation, public)
    return document


def complete_documents(api: Any) -> None:
    """Every OpenAPI document ``api`` builds goes through :func:`complete`."""
    original: Callable[..., Any] = api.get_openapi_schema

    def get_openapi_schema(*args: Any, **kwargs: Any) -> Any:
        return complete(original(*args, **kwargs))

    api.get_openapi_schema = get_openapi_schema
