"""A refused media write explained to the user: the admin form again, or a problem response."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.http import HttpRequest, HttpResponseBase, HttpResponseRedirect, JsonResponse
from wagtail.api.v3.errors import problem_response

from cms.core.requests import admin_prefix
from cms.ops.storage import StorageUnavailable


class StorageErrorMiddleware:
    """Turns a refused media write (cms/ops/storage.py) into an answer the user can act on.

    The storage has already removed the partial file and no row was inserted; this only
    explains. Admin forms get their page back with the message (multiple upload, which
    talks JSON, gets Wagtail's own ``error_message``); everything else, API v3 uploads
    included, gets a problem response: 507 when the storage is full, 503 when read-only.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        return self.get_response(request)

    def process_exception(
        self, request: HttpRequest, exception: Exception
    ) -> HttpResponseBase | None:
        if not isinstance(exception, StorageUnavailable):
            return None
        message = exception.message()
        if not request.path_info.startswith(admin_prefix()):
            return problem_response(status=exception.status, detail=message)
        match = request.resolver_match
        if "multiple" in getattr(match, "url_name", "") or (
            request.headers.get("x-requested-with") == "XMLHttpRequest"
        ):
            return JsonResponse({"success": False, "error_message": message})
        if hasattr(request, "_messages"):
            messages.error(request, message)
        return HttpResponseRedirect(request.get_full_path())
