"""Error views: a database outage is a clean 503 the visitor can act on, not a 500."""

from __future__ import annotations

import sys

from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import HttpRequest, HttpResponse
from django.template import loader
from django.views import defaults

OUTAGE_ERRORS = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 10
# Requests that change nothing (RFC 9110 section 9.2.1); any other may have been stored.
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})


def is_database_outage(error: BaseException | None) -> bool:
    """Connection failures, not programming errors such as a missing table.

    SQLite reports both as OperationalError, so the database is asked once more: if it
    answers a trivial query, the error was a bug and stays a 500. A chain of causes can
    loop (redis-py's ConnectionError does): each exception is looked at once.
    """
    seen: set[int] = set()
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        if isinstance(error, OUTAGE_ERRORS):
            return not _database_answers()
        if isinstance(error, DatabaseError):
            return False
        error = error.__cause__ or error.__context__
    return False


def _database_answers() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        return False
    return True


def service_unavailable(request: HttpRequest) -> HttpResponse:
    """The outage page; after a change it says the change may or may not have been saved.

    A fault can strike after a commit and before the response (a draft revision saved,
    then the connection lost), so "nothing was received" would be a false promise that
    invites a duplicate. A read changed nothing and keeps the plain "try again" text.
    """
    # Rendered without the base template: it needs the database for menus and settings.
    context = {"sent_a_change": request.method not in SAFE_METHODS}
    body = loader.render_to_string("503.html", context, request=None)
    response = HttpResponse(body, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def server_error(request: HttpRequest, template_name: str = "500.html") -> HttpResponse:
    """handler500: Django calls it inside the except block, so the error is still known."""
    if is_database_outage(sys.exc_info()[1]):
        return service_unavailable(request)
    return defaults.server_error(request, template_name=template_name)
