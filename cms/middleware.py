"""Middleware for production: the anonymous page cache and the admin's CSP exception."""

from __future__ import annotations

from collections.abc import Callable

from csp.constants import SELF, UNSAFE_INLINE
from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.utils.cache import patch_cache_control

from cms import cache as page_cache
from cms import fragments

CACHE_HEADER = "X-Page-Cache"
CACHEABLE_CONTENT_TYPES = ("text/html", "application/json", "application/xml", "text/xml")
# A form with a CSRF token is tied to one visitor's cookie; it must never be shared.
CSRF_MARKER = b'name="csrfmiddlewaretoken"'


def _admin_prefix() -> str:
    return getattr(settings, "PAGE_CACHE_ADMIN_PREFIX", "/admin/")


def _visitor_has_session(request: HttpRequest) -> bool:
    # Logged-in users, password-protected page visitors and anyone with flash messages
    # carry a session cookie; they always get a freshly rendered, private page.
    return settings.SESSION_COOKIE_NAME in request.COOKIES


class PageCacheMiddleware:
    """Serve anonymous GET requests from the shared cache; store what is safe to share.

    Sits just inside the security and CSP middleware, so that cached responses still get
    fresh security headers, and before sessions, locale and authentication, so that a
    hit costs one cache round trip (the page with the generation) and no database query.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        fragments.start_request()
        key = generation = None
        if self._may_use_cache(request):
            key = page_cache.cache_key(request)
            generation, cached = page_cache.load(key)
            fragments.start_request(generation)
            if cached is not None:
                cached[CACHE_HEADER] = "hit"
                return cached

        response = self.get_response(request)

        if key is not None and generation is not None and self._may_store(request, response):
            page_cache.store(key, generation, response)
            response[CACHE_HEADER] = "miss"
        elif self._is_personal(request, response):
            patch_cache_control(response, private=True)
        return response

    @staticmethod
    def _may_use_cache(request: HttpRequest) -> bool:
        return (
            page_cache.page_cache_seconds() > 0
            and request.method == "GET"
            and not request.path_info.startswith(_admin_prefix())
            and not _visitor_has_session(request)
            and "HTTP_AUTHORIZATION" not in request.META
            and not getattr(request, "is_preview", False)
        )

    @staticmethod
    def _may_store(request: HttpRequest, response: HttpResponseBase) -> bool:
        if response.status_code != 200 or response.streaming:
            return False
        if response.cookies or getattr(request, "is_preview", False):
            return False
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            return False
        cache_control = response.get("Cache-Control", "").lower()
        if any(word in cache_control for word in ("private", "no-store", "no-cache")):
            return False
        content_type = response.get("Content-Type", "").split(";")[0].strip().lower()
        if content_type not in CACHEABLE_CONTENT_TYPES:
            return False
        return CSRF_MARKER not in response.content

    @staticmethod
    def _is_personal(request: HttpRequest, response: HttpResponseBase) -> bool:
        """Responses a shared cache (ours, a CDN, a proxy) must never keep."""
        if request.method not in ("GET", "HEAD"):
            return True
        if _visitor_has_session(request) or response.cookies:
            return True
        if request.path_info.startswith(_admin_prefix()) or getattr(request, "is_preview", False):
            return True
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            return True
        return (
            isinstance(response, HttpResponse)
            and not response.streaming
            and CSRF_MARKER in response.content
        )


# What the Wagtail admin needs beyond the public policy: its templates carry inline
# scripts (date pickers, inline panels, wagtail-localize's editor) and style attributes,
# and the page preview is framed from the admin. Nonces cannot be added to Wagtail's own
# templates, so the admin gets 'unsafe-inline' for scripts and styles, and nothing else.
ADMIN_POLICY_REPLACEMENTS = {
    "script-src": [SELF, UNSAFE_INLINE],
    "style-src": [SELF, UNSAFE_INLINE],
    "frame-ancestors": [SELF],
    "frame-src": [SELF],
}


class AllianceCSPMiddleware(CSPMiddleware):
    """django-csp with the strict site policy, relaxed only under the admin prefix."""

    def get_policy_parts(
        self,
        request: HttpRequest,
        response: HttpResponseBase,
        report_only: bool = False,
    ) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if request.path_info.startswith(_admin_prefix()) and parts.replace is None:
            parts.replace = dict(ADMIN_POLICY_REPLACEMENTS)
            parts.replace["frame-src"] = [SELF, *_headless_preview_origins()]
        return parts


def _headless_preview_origins() -> list[str]:
    """The front ends that the admin's preview panel frames (headless preview)."""
    from urllib.parse import urlsplit

    from django.conf import settings

    urls = [
        getattr(settings, "HEADLESS_PREVIEW_URL", ""),
        *getattr(settings, "HEADLESS_PREVIEW_URLS", {}).values(),
    ]
    origins = []
    for url in filter(None, urls):
        parts = urlsplit(url.replace("{lang}", "xx"))
        if parts.scheme in ("http", "https") and parts.netloc:
            origins.append(f"{parts.scheme}://{parts.netloc}")
    return sorted(set(origins))


class StorageErrorMiddleware:
    """Turns a refused media write (cms/storage.py) into an answer the user can act on.

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
        from django.contrib import messages
        from django.http import HttpResponseRedirect, JsonResponse
        from wagtail.api.v3.errors import problem_response

        from cms.storage import StorageUnavailable

        if not isinstance(exception, StorageUnavailable):
            return None
        message = exception.message()
        if not request.path_info.startswith(_admin_prefix()):
            return problem_response(status=exception.status, detail=message)
        match = request.resolver_match
        if "multiple" in getattr(match, "url_name", "") or (
            request.headers.get("x-requested-with") == "XMLHttpRequest"
        ):
            return JsonResponse({"success": False, "error_message": message})
        if hasattr(request, "_messages"):
            messages.error(request, message)
        return HttpResponseRedirect(request.get_full_path())
