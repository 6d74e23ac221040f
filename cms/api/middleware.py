"""Keep API 404s as 404s.

With ``i18n_patterns(prefix_default_language=True)`` and Wagtail's catch-all page URL,
Django's LocaleMiddleware answers every 404 by redirecting to ``/en/<path>``; an API
client would follow it to an HTML page. This middleware sits after LocaleMiddleware
(so its response hook runs first) and, for API paths, points LocaleMiddleware at a
URLconf without language prefixes, which disables that redirect.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

API_PREFIXES = ("/api/v2/", "/api/v3/")


class APINotFoundMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code == 404 and request.path_info.startswith(API_PREFIXES):
            request.urlconf = "cms.api.plain_urls"
        return response
