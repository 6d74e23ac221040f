"""Purge the frontend cache (nginx ``proxy_cache``, a CDN) of every page a change reaches.

The page cache knows what each page was built from (its tags, ``deps``) and which tags
a change bumps (``invalidation``); a cache in front of the app knows only addresses. So
whenever the app renders a page it may share, its address is added to an index under
each of its tags (one Redis set per tag in the shared cache; a dict in this process
when the cache is per-process memory, as in development and tests). A bump of tags then
purges the addresses indexed under them and under ``pages`` (pages that depend on every
change), a generation bump every indexed address, through Wagtail's frontend-cache
backends (``WAGTAILFRONTENDCACHE``): the same purge a CDN gets, so the front cache is
never staler than our own. Nothing happens unless ``WAGTAILFRONTENDCACHE`` is set.

The purge runs right after the bump, itself after the commit: the front cache's next
fetch gets the new page. Errors are logged and never reach the editor's action.
Limits: index sets expire ``FRONTEND_CACHE_INDEX_SECONDS`` after their last addition
(keep it at least as long as the front cache keeps a page); a page stored by the front
cache in the instant between our bump and its purge (a render that read the old
versions, finished after the purge) stays until that expiry. A generation bump purges
every indexed address one by one (Wagtail's HTTP backend has no "purge all").
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.cache import caches
from wagtail.contrib.frontend_cache.utils import purge_urls_from_cache

from cms.caching import deps

logger = logging.getLogger(__name__)

INDEX_PREFIX = "frontend:tag:"
ALL = "frontend:all"
DEFAULT_INDEX_SECONDS = 24 * 3600

# Per-process index when the shared cache is not Redis (one process: development, tests).
_local: dict[str, set[str]] = {}


def enabled() -> bool:
    return bool(getattr(settings, "WAGTAILFRONTENDCACHE", None))


def _index_seconds() -> int:
    return int(getattr(settings, "FRONTEND_CACHE_INDEX_SECONDS", DEFAULT_INDEX_SECONDS))


def _redis(cache: Any) -> Any | None:
    """The raw Redis client of a django-redis cache, or None for any other backend."""
    client = getattr(cache, "client", None)
    get_client = getattr(client, "get_client", None)
    return get_client(write=True) if get_client is not None else None


def _cache() -> Any:
    return caches[getattr(settings, "PAGE_CACHE_ALIAS", "default")]


def record(url: str, tags: Iterable[str]) -> None:
    """`url` was rendered from `tags` and may be kept by the front cache."""
    if not enabled():
        return
    names = [ALL, *(INDEX_PREFIX + tag for tag in tags)]
    cache = _cache()
    try:
        redis = _redis(cache)
        if redis is None:
            for name in names:
                _local.setdefault(name, set()).add(url)
            return
        seconds = _index_seconds()
        pipe = redis.pipeline(transaction=False)
        for name in names:
            key = cache.client.make_key(name)
            pipe.sadd(key, url)
            pipe.expire(key, seconds)
        pipe.execute()
    except Exception:
        logger.warning("Could not index %s for the frontend cache purge.", url, exc_info=True)


# Take the members of the sets and delete them, atomically: an address recorded again
# meanwhile (a new render) lands in a new set and is purged by the next change.
_TAKE = """
local out = {}
for _, key in ipairs(KEYS) do
  for _, member in ipairs(redis.call('SMEMBERS', key)) do table.insert(out, member) end
  redis.call('DEL', key)
end
return out
"""


def take(tags: Iterable[str] | None) -> set[str]:
    """The addresses kept under `tags` and ``pages`` (every address for None), taken
    out of the index: once purged, the front cache holds them no more, and the next
    render records them again. A publish bumps twice (the page saved, then published):
    the second purge finds nothing left to send."""
    names = [ALL] if tags is None else [INDEX_PREFIX + tag for tag in {*tags, deps.PAGES}]
    cache = _cache()
    redis = _redis(cache)
    if redis is None:
        return set().union(*(_local.pop(name, set()) for name in names))
    members = redis.eval(_TAKE, len(names), *(cache.client.make_key(name) for name in names))
    return {m.decode() if isinstance(m, bytes) else m for m in members}


def purge(tags: Iterable[str] | None) -> None:
    """Purge the pages depending on `tags` (None: a generation bump, every page)."""
    if not enabled():
        return
    try:
        urls = sorted(take(None if tags is None else list(tags)))
        if urls:
            purge_urls_from_cache(urls)
    except Exception:
        logger.exception(
            "Frontend cache purge failed for %s", "everything" if tags is None else tags
        )
