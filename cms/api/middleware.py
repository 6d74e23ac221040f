"""The API's edge: NUL bytes refused, ids canonical, every API 404 JSON, v3 writes atomic.

With ``i18n_patterns(prefix_default_language=True)`` and Wagtail's catch-all page URL,
Django's LocaleMiddleware answers every 404 by redirecting to ``/en/<path>``; an API
client would follow it to an HTML page. This middleware sits after LocaleMiddleware
(so its response hook runs first) and, for API paths, points LocaleMiddleware at a
URLconf without language prefixes, which disables that redirect. An address no
endpoint serves (``/api/v2/pages/abc/``) is routed to the API's JSON 404
(cms/api/errors.py::not_found), so the site's HTML 404 page is never rendered for it;
should any other HTML 404 come out of an API path, its body is replaced by the API's
JSON error, in place, so that the CORS headers set further in are kept.

An id in an API path must be plain digits (:func:`canonical_id`; a 404 otherwise),
and a NUL byte in any query parameter of either API is refused here, before the view
(``process_view``: inside CORS, so the error reaches a browser front end), because no
database can compare one (PostgreSQL refuses the query: a 500) and no endpoint, present
or future, should have to remember it (cms/api/errors.py).

Every write to API v3 runs in one transaction, so that a write refused half-way (a 409
for a unique value already used, cms/api/v3/errors.py) leaves nothing behind.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from cms.api.errors import MAX_INTEGER, V3_PREFIX, error_response, null_byte_error

API_PREFIXES = ("/api/v2/", "/api/v3/")
WRITES = frozenset(["POST", "PUT", "PATCH", "DELETE"])


class APINotFoundMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method in WRITES and request.path_info.startswith(V3_PREFIX):
            # One transaction per write: a write that fails half-way (a unique
            # constraint, answered 409 by cms/api/v3/errors.py) leaves nothing behind.
            with transaction.atomic():
                response = self.get_response(request)
        else:
            response = self.get_response(request)
        if response.status_code == 404 and request.path_info.startswith(API_PREFIXES):
            request.urlconf = "cms.api.plain_urls"
            if "json" not in response.get("Content-Type", ""):
                as_json = error_response(request, 404, _("Not found."))
                response.content = as_json.content
                response["Content-Type"] = as_json["Content-Type"]
        return response

    def process_view(
        self, request: HttpRequest, view: Callable, args: Any, kwargs: Any
    ) -> HttpResponse | None:
        if not request.path_info.startswith(API_PREFIXES):
            return None
        if not all(canonical_id(name, value) for name, value in kwargs.items()):
            return error_response(request, 404, _("Not found."))
        error = null_byte_error(request)
        return error_response(request, 400, error) if error else None


def canonical_id(name: str, value: Any) -> bool:
    """Is this URL argument, if it is an id (``page_id``, ``pk``…), written in plain
    digits within a database integer? API v3's ids are read by pydantic, which takes
    ``+1``, ``1.0`` or `` 1`` for 1: one object would have several addresses (each
    cached on its own), and an id past a database integer is a 404, not an error."""
    if not (name == "pk" or name.endswith("_id")):
        return True
    text = str(value)
    return text.isascii() and text.isdigit() and int(text) <= MAX_INTEGER


__all__ = ["API_PREFIXES", "APINotFoundMiddleware"]
