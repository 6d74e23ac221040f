"""Shared, generation-keyed caching of the data that every page repeats.

The header menu, the language list, the news index's address and the participant
statistics are the same for every page of a locale, yet building them costs a dozen
queries per request. They are kept in the shared cache under the page cache's
*generation* (cms/cache.py), so the same publish, unpublish, move or snippet change
that empties the page cache makes them unreachable too: nothing here can outlive the
content it was built from.

Only with a shared cache (Redis): with per-process memory, one worker would keep a
menu that another worker's publish had changed. Off (``FRAGMENT_CACHE_SECONDS=0``) the
data is computed on every call, which is what the tests see unless they turn it on.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from contextvars import ContextVar
from typing import TypeVar

from django.conf import settings

from cms.cache import _cache, current_generation

logger = logging.getLogger(__name__)

T = TypeVar("T")
_MISSING = object()
# The generation read once per request (PageCacheMiddleware resets it): a page uses
# half a dozen fragments, and each would otherwise cost a second round trip to Redis.
_request_generation: ContextVar[int | None] = ContextVar("fragment_generation", default=None)


def start_request(generation: int | None = None) -> None:
    """A new request: the generation is read again (or given, if already read)."""
    _request_generation.set(generation)


def _generation() -> int | None:
    generation = _request_generation.get()
    if generation is None:
        generation = current_generation()
        _request_generation.set(generation)
    return generation


def fragment_cache_seconds() -> int:
    return int(getattr(settings, "FRAGMENT_CACHE_SECONDS", 0) or 0)


def cached_fragment(name: str, parts: tuple[object, ...], compute: Callable[[], T]) -> T:
    """``compute()``'s value, shared by every worker until the content changes.

    Values must pickle and hold no request-specific data (absolute URLs with the
    visitor's host, the user); ``parts`` must name everything the value depends on.
    """
    seconds = fragment_cache_seconds()
    if not seconds:
        return compute()
    generation = _generation()
    if generation is None:
        return compute()
    key = "fragment:{}:{}:{}".format(generation, name, ":".join(str(part) for part in parts))
    cache = _cache()
    try:
        value = cache.get(key, _MISSING)
    except Exception:
        logger.warning("Fragment cache unreachable; computing %s.", name, exc_info=True)
        return compute()
    if value is not _MISSING:
        return value
    value = compute()
    try:
        cache.set(key, value, timeout=seconds)
    except Exception:
        logger.warning("Could not store the %s fragment.", name, exc_info=True)
    return value
