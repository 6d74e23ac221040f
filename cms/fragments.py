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
from collections.abc import Callable, Hashable, Iterable, Sequence
from contextvars import ContextVar
from typing import TypeVar

from django.conf import settings

from cms.cache import _cache, current_generation

logger = logging.getLogger(__name__)

T = TypeVar("T")
K = TypeVar("K", bound=Hashable)
_MISSING = object()
# The generation read once per request (PageCacheMiddleware resets it): a page uses
# half a dozen fragments, and each would otherwise cost a second round trip to Redis.
_request_generation: ContextVar[int | None] = ContextVar("fragment_generation", default=None)
# What this request already read from the cache (key → value, or _ABSENT when the cache
# had nothing): prefetch() fills it with one round trip for the fragments a page is
# known to use, and every later lookup of the same key is answered from memory.
_ABSENT = object()
_request_memo: ContextVar[dict[str, object] | None] = ContextVar("fragment_memo", default=None)


def start_request(generation: int | None = None) -> None:
    """A new request: the generation is read again (or given, if already read)."""
    _request_generation.set(generation)
    _request_memo.set({})


def _generation() -> int | None:
    generation = _request_generation.get()
    if generation is None:
        generation = current_generation()
        _request_generation.set(generation)
    return generation


def fragment_cache_seconds() -> int:
    return int(getattr(settings, "FRAGMENT_CACHE_SECONDS", 0) or 0)


# Part of every key: raise it when a release changes what a fragment holds (its type,
# a tuple's fields, a template's markup), so that workers running the new code never
# read what the old code stored under the same generation.
FORMAT = 2


def _key(generation: int, name: str, parts: tuple[object, ...]) -> str:
    joined = ":".join(str(part) for part in parts)
    return f"fragment:{FORMAT}:{generation}:{name}:{joined}"


def cached_fragment(
    name: str,
    parts: tuple[object, ...],
    compute: Callable[[], T],
    *,
    keep: Callable[[T], bool] | None = None,
) -> T:
    """``compute()``'s value, shared by every worker until the content changes.

    Values must pickle and hold no request-specific data (absolute URLs with the
    visitor's host, the user); ``parts`` must name everything the value depends on.
    ``keep(value)`` false: the value is returned but not stored (answers that are not
    worth a cache entry, such as an address that leads to no page).
    """
    seconds = fragment_cache_seconds()
    if not seconds:
        return compute()
    generation = _generation()
    if generation is None:
        return compute()
    key = _key(generation, name, parts)
    memo = _request_memo.get()
    value = memo.get(key, _MISSING) if memo is not None else _MISSING
    if value is _MISSING:
        cache = _cache()
        try:
            value = cache.get(key, _MISSING)
        except Exception:
            logger.warning("Fragment cache unreachable; computing %s.", name, exc_info=True)
            return compute()
        if memo is not None and value is not _MISSING:
            memo[key] = value
    if value is not _MISSING and value is not _ABSENT:
        return value
    value = compute()
    if keep is not None and not keep(value):
        return value
    if memo is not None:
        memo[key] = value
    try:
        _cache().set(key, value, timeout=seconds)
    except Exception:
        logger.warning("Could not store the %s fragment.", name, exc_info=True)
    return value


def prefetch(fragments: Iterable[tuple[str, tuple[object, ...]]]) -> None:
    """Read the fragments a request is about to use with one round trip.

    ``(name, parts)`` as later passed to ``cached_fragment``; what the cache holds is
    answered from memory for the rest of the request, and what it lacks is computed
    without asking the cache a second time. Outside a request, does nothing.
    """
    memo = _request_memo.get()
    if memo is None or not fragment_cache_seconds():
        return
    generation = _generation()
    if generation is None:
        return
    keys = [_key(generation, name, parts) for name, parts in fragments]
    keys = [key for key in keys if key not in memo]
    if not keys:
        return
    try:
        found = _cache().get_many(keys)
    except Exception:
        logger.warning("Fragment cache unreachable; nothing prefetched.", exc_info=True)
        return
    for key in keys:
        memo[key] = found.get(key, _ABSENT)


def cached_fragments(
    name: str,
    items: Sequence[K],
    parts: Callable[[K], tuple[object, ...]],
    compute: Callable[[list[K]], dict[K, T]],
) -> dict[K, T]:
    """One fragment per item (a card per article, a row per profile) in one round trip.

    Reads every item's fragment with one ``get_many``, computes the missing ones in a
    single ``compute(missing_items)`` call (so that it can fetch them with a fixed
    number of queries) and stores them with one ``set_many``. ``compute`` may leave an
    item out (nothing to show); that item is then missing from the result, uncached.
    """
    seconds = fragment_cache_seconds()
    generation = _generation() if seconds else None
    if generation is None:
        return compute(list(items))
    keys = {item: _key(generation, name, parts(item)) for item in items}
    cache = _cache()
    memo = _request_memo.get()
    found = {key: memo[key] for key in keys.values() if memo is not None and key in memo}
    wanted = [key for key in keys.values() if key not in found]
    if wanted:
        try:
            found.update(cache.get_many(wanted))
        except Exception:
            logger.warning("Fragment cache unreachable; computing %s.", name, exc_info=True)
            return compute(list(items))
    result = {
        item: found[key] for item, key in keys.items() if key in found and found[key] is not _ABSENT
    }
    missing = [item for item in items if item not in result]
    if missing:
        computed = compute(missing)
        result.update(computed)
        if memo is not None:
            memo.update({keys[item]: value for item, value in computed.items()})
        try:
            cache.set_many({keys[item]: value for item, value in computed.items()}, seconds)
        except Exception:
            logger.warning("Could not store the %s fragments.", name, exc_info=True)
    return result
