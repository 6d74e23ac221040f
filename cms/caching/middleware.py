"""The anonymous page cache as middleware: serve a hit, store what is safe to share."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.utils.cache import add_never_cache_headers, patch_cache_control

from cms.caching import deps, fragments, frontend, routing
from cms.caching import pages as page_cache
from cms.core.requests import admin_prefix, is_incomplete

CACHE_HEADER = "X-Page-Cache"
CACHEABLE_CONTENT_TYPES = ("text/html", "application/json", "application/xml", "text/xml")
# A form with a CSRF token is tied to one visitor's cookie; it must never be shared.
CSRF_MARKER = b'name="csrfmiddlewaretoken"'


def _visitor_has_session(request: HttpRequest) -> bool:
    # Logged-in users, password-protected page visitors and anyone with flash messages
    # carry a session cookie; they always get a freshly rendered, private page.
    return settings.SESSION_COOKIE_NAME in request.COOKIES


class PageCacheMiddleware:
    """Serve anonymous GET requests from the shared cache; store what is safe to share.

    Sits just inside the security and CSP middleware, so that cached responses still get
    fresh security headers, and before sessions, locale and authentication, so that a
    hit costs two cache round trips (the page with the generation, then the versions of
    what it was built from) and no database query.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        fragments.start_request()
        page_cache.start_request()
        key = snapshot = None
        if self._may_use_cache(request):
            key = page_cache.cache_key(request)
            snapshot, cached = page_cache.load(key)
            fragments.start_request(snapshot)
            if cached is not None:
                cached[CACHE_HEADER] = "hit"
                return cached

        tags: set[str] = set()
        if key is not None and snapshot is not None:
            # What the page is built from, for the tags it is stored with (cms/caching/deps.py).
            with deps.collect() as tags:
                response = self.get_response(request)
            tags.update(routing.page_tags(request))
        else:
            response = self.get_response(request)
        # Content that changes with time (an alert's start or end): no downstream cache
        # keeps it past that moment either.
        page_cache.cap_max_age(response)

        if key is not None and snapshot is not None and self._may_store(request, response):
            page_cache.store(key, snapshot, tags, response)
            frontend.record(request.build_absolute_uri(), tags)  # purged when a tag is bumped
            response[CACHE_HEADER] = "miss"
        elif is_incomplete():
            # Served without something (an image the storage could not keep): no cache
            # downstream (CDN, browser) may keep this lesser copy either.
            add_never_cache_headers(response)
        elif self._is_personal(request, response):
            patch_cache_control(response, private=True)
        return response

    @staticmethod
    def _may_use_cache(request: HttpRequest) -> bool:
        return (
            page_cache.page_cache_seconds() > 0
            and request.method == "GET"
            and not request.path_info.startswith(admin_prefix())
            and not _visitor_has_session(request)
            and "HTTP_AUTHORIZATION" not in request.META
            and not getattr(request, "is_preview", False)
        )

    @staticmethod
    def _may_store(request: HttpRequest, response: HttpResponseBase) -> bool:
        if response.status_code != 200 or response.streaming or is_incomplete():
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
        if request.path_info.startswith(admin_prefix()) or getattr(request, "is_preview", False):
            return True
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            return True
        return (
            isinstance(response, HttpResponse)
            and not response.streaming
            and CSRF_MARKER in response.content
        )
