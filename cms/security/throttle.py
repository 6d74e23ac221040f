"""Attempt counters that every worker shares, and the page/document password throttle.

Counters live in the default Django cache (Redis in production), so that a limit is one
limit for the whole site rather than one per gunicorn worker. A limit must never turn a
request into an error page: when the cache is unreachable (django-redis raising, or
returning None because ``DJANGO_REDIS_IGNORE_EXCEPTIONS`` is on) the count moves to a
per-process fallback, so limits stay in force, per worker, until the cache is back.

Keys hold a keyed hash of what they count (an address, an account), never the value in
clear. The password throttle is one middleware for Wagtail's two password forms (page
view restrictions and document collection restrictions): those views are the only
place where such a password is checked, and they are matched by URL name, not by path.
"""

from __future__ import annotations

import hashlib
import logging
import math
import threading
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.template.loader import render_to_string
from django.utils.translation import ngettext

from cms.security.client_ip import client_address

logger = logging.getLogger(__name__)

# Per-process fallback while the shared cache is down: key -> (count, expires at).
_LOCAL: dict[str, tuple[int, float]] = {}
_LOCAL_LOCK = threading.Lock()
_LOCAL_MAX_KEYS = 10_000


def _key(scope: str, ident: str) -> str:
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{scope}:{ident}".encode()).hexdigest()
    return f"throttle:{scope}:{digest}"


def _local_hit(key: str, window: int) -> int:
    now = time.monotonic()
    with _LOCAL_LOCK:
        if len(_LOCAL) >= _LOCAL_MAX_KEYS:
            for stale in [k for k, (_c, expires) in _LOCAL.items() if expires <= now]:
                del _LOCAL[stale]
            if len(_LOCAL) >= _LOCAL_MAX_KEYS:  # still full: forget the oldest half
                for old in list(_LOCAL)[: _LOCAL_MAX_KEYS // 2]:
                    del _LOCAL[old]
        count, expires = _LOCAL.get(key, (0, now + window))
        if expires <= now:
            count, expires = 0, now + window
        _LOCAL[key] = (count + 1, expires)
        return count + 1


def _local_count(key: str) -> int:
    with _LOCAL_LOCK:
        count, expires = _LOCAL.get(key, (0, 0.0))
        return count if expires > time.monotonic() else 0


def _shared_hit(key: str, window: int) -> int | None:
    """Increment in the shared cache; None if the cache did not answer."""
    try:
        cache.add(key, 0, timeout=window)
        try:
            count = cache.incr(key)
        except ValueError:  # expired (or evicted) between add() and incr()
            cache.set(key, 1, timeout=window)
            count = 1
    except Exception:  # any backend failure: a limit must never raise
        logger.warning("Shared cache unavailable for throttle counters; counting per process.")
        return None
    return count if isinstance(count, int) else None


def hit(scope: str, ident: str, window: int) -> int:
    """Count one attempt of ``ident`` in ``scope``; the count within the window."""
    key = _key(scope, ident)
    shared = _shared_hit(key, window)
    if shared is None:
        return _local_hit(key, window)
    return shared


def count(scope: str, ident: str) -> int:
    """Attempts counted so far (in the shared cache or, during an outage, here)."""
    key = _key(scope, ident)
    try:
        shared = cache.get(key)
    except Exception:
        shared = None
    return max(shared if isinstance(shared, int) else 0, _local_count(key))


def reset(scope: str, ident: str) -> None:
    """Forget the attempts of ``ident`` (after a success)."""
    key = _key(scope, ident)
    try:
        cache.delete(key)
    except Exception:
        logger.warning("Shared cache unavailable; could not reset a throttle counter.")
    with _LOCAL_LOCK:
        _LOCAL.pop(key, None)


def wait_minutes(window: int) -> int:
    return max(1, math.ceil(window / 60))


# Wagtail's views that check a view-restriction password, and the URL keyword naming the
# restriction in each (wagtail/urls.py, wagtail/documents/urls.py).
PASSWORD_VIEWS = {
    "wagtailcore_authenticate_with_password": ("page", "page_view_restriction_id"),
    "wagtaildocs_authenticate_with_password": ("document", "restriction_id"),
}


def _password_ident(request: HttpRequest) -> str | None:
    if request.method != "POST":
        return None
    match = getattr(request, "resolver_match", None)
    if match is None or match.url_name not in PASSWORD_VIEWS:
        return None
    kind, argument = PASSWORD_VIEWS[match.url_name]
    return f"{kind}:{match.kwargs.get(argument)}:{client_address(request)}"


def too_many_passwords_response(request: HttpRequest) -> HttpResponse:
    window = settings.PASSWORD_ATTEMPT_WINDOW
    minutes = wait_minutes(window)
    message = ngettext(
        "Too many wrong passwords were entered from your address. "
        "Wait %(minutes)d minute and try again.",
        "Too many wrong passwords were entered from your address. "
        "Wait %(minutes)d minutes and try again.",
        minutes,
    ) % {"minutes": minutes}
    body = render_to_string("cms/too_many_attempts.html", {"message": message}, request)
    response = HttpResponse(body, status=429)
    response["Retry-After"] = str(window)
    response["Cache-Control"] = "private, no-store"
    return response


class PasswordThrottleMiddleware:
    """Refuse page and document passwords from an address after too many wrong ones.

    Counted per restriction and client address (``cms.security.client_ip``), so that one guesser
    does not lock other visitors out; a correct password clears the count.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        ident = _password_ident(request)
        if ident is not None and response.status_code != 429:
            if response.status_code == 200:  # the form again: the password was wrong
                hit("password", ident, settings.PASSWORD_ATTEMPT_WINDOW)
            elif 300 <= response.status_code < 400:  # accepted
                reset("password", ident)
        return response

    def process_view(
        self, request: HttpRequest, view: Callable, args: tuple, kwargs: dict[str, Any]
    ) -> HttpResponse | None:
        ident = _password_ident(request)
        if ident is not None and count("password", ident) >= settings.PASSWORD_ATTEMPT_LIMIT:
            return too_many_passwords_response(request)
        return None
