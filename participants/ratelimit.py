"""A per-IP limit on application submissions, kept in Django's cache.

A handful of lines rather than a dependency: one counter per client address and
window. With several web processes the cache must be shared (e.g. Redis or the
database cache) for the limit to be global.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    # REMOTE_ADDR only: X-Forwarded-For is set by the client unless a trusted proxy
    # rewrites it, and trusting it would let a bot pick a fresh address per request.
    return request.META.get("REMOTE_ADDR", "")


def over_limit(request: HttpRequest, scope: str = "join") -> bool:
    """Count this submission; True once the address went over the limit in the window."""
    limit = settings.JOIN_RATE_LIMIT
    window = settings.JOIN_RATE_LIMIT_WINDOW
    # Hashed so that the cache never holds visitors' addresses in clear.
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{client_address(request)}".encode())
    key = f"participants:{scope}:{digest.hexdigest()}"
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.set(key, 1, timeout=window)
        count = 1
    return count > limit
