"""One validation layer for the query parameters of both APIs: bad input is a 4xx, never a 500.

Wagtail parses most parameters itself and answers 400 for what it recognises as
malformed, but some values pass its parsing and then break the database: an offset or
id past the range of a database integer (SQLite raises OverflowError, PostgreSQL
refuses the query), a NUL byte (PostgreSQL cannot store or compare one), a full-text
query that the search backend's own syntax rejects. Rather than catching those errors
wherever they surface, the values are refused before any query runs:

- NUL bytes, in any parameter of either API: :func:`null_byte_error`, called by the
  API middleware (cms/api/middleware.py) before the view, so that no endpoint, present
  or future, ever sees one;
- integers, for API v2: :data:`INTEGER_PARAMETERS` names every integer parameter with
  its range; :class:`ValidatedParameters` checks them before every v2 handler runs
  (API v3 bounds its integers in its schemas: cms/api/v3/schemas.py);
- the search words, for both APIs: :func:`search_words` reduces a query to words, as the
  site search does, so that no backend syntax error can be reached.

Messages name the parameter first and are translated (the client's Accept-Language).
"""

from __future__ import annotations

from collections.abc import Mapping
from http import HTTPStatus
from typing import Any, NamedTuple

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from wagtail.api.v2.utils import BadRequestError

from search.engine import normalise_query

# Page, image and document ids are PostgreSQL ``integer`` columns; no offset past this
# can find anything either, and every backend can compare and skip this many rows.
MAX_INTEGER = 2**31 - 1
V3_PREFIX = "/api/v3/"
PROBLEM_JSON = "application/problem+json"


class IntegerParameter(NamedTuple):
    minimum: int
    root_allowed: bool = False  # ``child_of=root``, ``descendant_of=root``


INTEGER_PARAMETERS: Mapping[str, IntegerParameter] = {
    "offset": IntegerParameter(0),
    "limit": IntegerParameter(0),
    "id": IntegerParameter(1),
    "child_of": IntegerParameter(1, root_allowed=True),
    "descendant_of": IntegerParameter(1, root_allowed=True),
    "ancestor_of": IntegerParameter(1),
    "translation_of": IntegerParameter(1),
    "participant": IntegerParameter(1),
}


def integer_error(name: str, raw: str) -> str | None:
    """Why ``raw`` is not a valid value of the integer parameter ``name`` (None if it is)."""
    parameter = INTEGER_PARAMETERS[name]
    if parameter.root_allowed and raw == "root":
        return None
    if not raw.isascii() or not raw.isdigit():
        if parameter.minimum > 0:
            return _("%(name)s: expected a positive whole number, got %(value)s") % {
                "name": name,
                "value": repr(raw[:50]),
            }
        return _("%(name)s: expected a whole number of 0 or more, got %(value)s") % {
            "name": name,
            "value": repr(raw[:50]),
        }
    value = int(raw)
    if value < parameter.minimum or value > MAX_INTEGER:
        return _("%(name)s: must be between %(minimum)d and %(maximum)d") % {
            "name": name,
            "minimum": parameter.minimum,
            "maximum": MAX_INTEGER,
        }
    return None


def check_integer_parameters(query: Mapping[str, Any]) -> None:
    """Raises Wagtail's BadRequestError (a 400 in API v2) for the first bad integer."""
    for name in INTEGER_PARAMETERS:
        if name in query:
            error = integer_error(name, query[name])
            if error:
                raise BadRequestError(error)


def null_byte_error(request: HttpRequest) -> str | None:
    """The error for a NUL byte in a query parameter's name or value, or None."""
    for name, values in request.GET.lists():
        if "\x00" in name or any("\x00" in value for value in values):
            shown = name.replace("\x00", "\\x00")
            return _("%(name)s: null characters are not allowed") % {"name": shown}
    return None


def error_response(request: HttpRequest, status: int, message: str) -> HttpResponse:
    """An error in the shape of the API the request addressed: API v3's RFC 7807
    problem details, API v2's ``{"message": …}``."""
    if request.path_info.startswith(V3_PREFIX):
        problem = {"type": "about:blank", "title": HTTPStatus(status).phrase}
        problem.update({"status": status, "detail": message})
        return JsonResponse(problem, status=status, content_type=PROBLEM_JSON)
    return JsonResponse({"message": message}, status=status)


def not_found(request: HttpRequest) -> HttpResponse:
    """Any API address that no endpoint serves (cms/urls.py routes it here). Without
    this route Django would route the address through the page tree and render the
    site's HTML 404 page, header and footer included (7 queries, about 20 ms), only for
    the API middleware to replace its body with this same JSON."""
    return error_response(request, 404, _("Not found."))


def search_words(raw: str) -> str:
    """The words of a search query, as the site search keeps them: quotes, brackets and
    operators are dropped, so that a backend's query syntax can never be violated."""
    return normalise_query(raw)


def search_operator_error(query: Mapping[str, Any]) -> str | None:
    operator = query.get("search_operator")
    if operator and operator not in ("and", "or"):
        return _("search_operator: must be 'and' or 'or'")
    return None


class ValidatedParameters:
    """Mixin of every API v2 endpoint: the integer parameters are checked before the
    handler runs (DRF's ``initial``), so their errors are 400s like Wagtail's own."""

    def initial(self, request: Any, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)  # type: ignore[misc]
        check_integer_parameters(request.GET)
        error = search_operator_error(request.GET)
        if error:
            raise BadRequestError(error)
