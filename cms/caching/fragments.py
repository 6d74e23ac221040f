"""Shared, generation-keyed caching of what pages are built from (Russian-doll caching).

The header menu, the language list, the news index's address and the participant
statistics are the same for every page of a locale; the route of an address, a news
card, a profile's table row or an article's header change only with the content. All
are kept in the shared cache under the *content generation* (cms/caching/pages.py: the
site-wide generation and the version of ``pages``, which every page change bumps), so
any publish, unpublish, move or snippet change makes them unreachable: nothing here can
outlive the content it was built from. Fragments are cheap to rebuild next to a page;
what a full page keeps follows the finer tags (cms/caching/deps.py), and each fragment
tells the page showing it which tags it read (``deps.describe``), on a hit as on a miss. Pages
are still rendered for every request when the full-page cache misses; only their
pieces come from here, each read with as few round trips as possible (``prefetch``,
``cached_fragments``, ``cached_current``).

Keys also carry ``code_version()``, so that a release never reads what the previous
one stored, and never the user, session or preview state: ``{% fragment %}``
(cms/templatetags/cms_tags.py) is bypassed in previews, and what it keeps is shown only
on the page it was rendered for, after Wagtail's privacy check.

Only with a shared cache (Redis): with per-process memory, one worker would keep a
menu that another worker's publish had changed. Off (``FRAGMENT_CACHE_SECONDS=0``) the
data is computed on every call, which is what the tests see unless they turn it on.
"""

from __future__ import annotations

import hashlib
import logging
import pickle
from collections.abc import Callable, Hashable, Iterable, Sequence
from contextvars import ContextVar
from functools import cache, partial
from pathlib import Path
from typing import Any, TypeVar

from django.apps import apps
from django.conf import settings
from django.core.cache.backends.base import default_key_func
from django_redis.client import DefaultClient
from django_redis.compressors.identity import IdentityCompressor
from django_redis.serializers.pickle import PickleSerializer

from cms.caching import deps
from cms.caching.pages import (
    GENERATION_KEY,
    PAGES_KEY,
    Snapshot,
    content_generation,
    shared_cache,
)
from cms.core.requests import is_incomplete, start_complete

logger = logging.getLogger(__name__)

T = TypeVar("T")
# A fragment as ``prefetch`` and ``cached_fragment`` name it: (name, parts).
FragmentKey = tuple[str, tuple[object, ...]]
K = TypeVar("K", bound=Hashable)
_MISSING = object()
# The generation read once per request (PageCacheMiddleware resets it): a page uses
# half a dozen fragments, and each would otherwise cost a second round trip to Redis.
# None once read means the cache is unreachable: remembered too, so that a request
# asks a failing cache once, not once per fragment (it asked 16 times per home page).
_UNREAD: Any = object()
_request_generation: ContextVar[str | None] = ContextVar("fragment_generation", default=_UNREAD)
# What this request already read from the cache (key → value, or _ABSENT when the cache
# had nothing): prefetch() fills it with one round trip for the fragments a page is
# known to use, and every later lookup of the same key is answered from memory.
_ABSENT = object()
_request_memo: ContextVar[dict[str, object] | None] = ContextVar("fragment_memo", default=None)


def start_request(generation: Snapshot | str | None = _UNREAD) -> None:
    """A new request: the generation is read again on first use, or given if already
    read (None: read, and the cache was unreachable)."""
    if isinstance(generation, Snapshot):
        generation = generation.content
    _request_generation.set(generation)
    _request_memo.set({})
    start_complete()


def request_generation() -> str | None:
    """The content generation of this request (the site-wide generation and the version
    of ``pages``, which every page change bumps), read from the cache once (None:
    unreachable)."""
    generation = _request_generation.get()
    if generation is _UNREAD:
        generation = content_generation()
        _request_generation.set(generation)
    return generation


def fragment_cache_seconds() -> int:
    return int(getattr(settings, "FRAGMENT_CACHE_SECONDS", 0) or 0)


@cache
def code_version() -> str:
    """A digest of the project's code, templates, compiled translations and static
    files manifest, part of every key: a release that changes what a fragment holds
    (a tuple's fields, a template's markup, a translated word, a static file's hashed
    name) must never read what the previous release stored under the same generation,
    and app servers running the same release share their fragments. Read once per
    process (a few hundred small files)."""
    digest = hashlib.sha256()
    roots = sorted(
        Path(config.path)
        for config in apps.get_app_configs()
        # The project's own apps (a virtualenv may live inside the project folder).
        if Path(config.path).is_relative_to(settings.BASE_DIR)
        and "site-packages" not in Path(config.path).parts
    )
    files = [
        path
        for root in roots
        for pattern in ("*.py", "*.html")
        for path in root.rglob(pattern)
        if "migrations" not in path.parts
    ]
    files += [path for folder in settings.LOCALE_PATHS for path in Path(folder).rglob("*.mo")]
    # The hashed names of static files, which fragments link to.
    manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
    if manifest.is_file():
        files.append(manifest)

    def name(path: Path) -> str:
        base = Path(settings.BASE_DIR)
        return str(path.relative_to(base)) if path.is_relative_to(base) else path.name

    for path in sorted(set(files), key=name):
        digest.update(name(path).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def _key(generation: str, name: str, parts: tuple[object, ...]) -> str:
    joined = ":".join(str(part) for part in parts)
    return f"fragment:{code_version()}:{generation}:{name}:{joined}"


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

    The page being rendered depends on what ``deps.describe`` declared for `name`, on a
    hit as on a miss (on every page change if nothing was declared).
    """
    deps.record_fragment(name, parts)
    compute = _covered(compute)
    seconds = fragment_cache_seconds()
    if not seconds:
        return compute()
    generation = request_generation()
    if generation is None:
        return compute()
    key = _key(generation, name, parts)
    memo = _request_memo.get()
    value = memo.get(key, _MISSING) if memo is not None else _MISSING
    if value is _MISSING:
        try:
            value = shared_cache().get(key, _MISSING)
        except Exception:
            # Unreachable, or a value that no longer unpickles: computed and stored
            # again, which also replaces an unreadable entry.
            logger.warning("Could not read the %s fragment; computing it.", name, exc_info=True)
        if memo is not None and value is not _MISSING:
            memo[key] = value
    if value is not _MISSING and value is not _ABSENT:
        return value
    value = compute()
    if (keep is not None and not keep(value)) or is_incomplete():
        return value
    if memo is not None:
        memo[key] = value
    try:
        shared_cache().set(key, value, timeout=seconds)
    except Exception:
        logger.warning("Could not store the %s fragment.", name, exc_info=True)
    return value


def cached_current(
    name: str,
    parts: tuple[object, ...],
    compute: Callable[[], T],
    *,
    keep: Callable[[T], bool] | None = None,
) -> T:
    """Like ``cached_fragment``, read in the same round trip as the generation.

    The first fragment of a request (the route of the address) would otherwise cost
    two round trips, one for the generation and one for itself. Its value is kept
    under a key without the generation, together with the generation it was computed
    under, and used only when that is still the current one (anything older is
    ignored and overwritten), so it cannot outlive a content change either.
    """
    deps.record_fragment(name, parts)
    compute = _covered(compute)
    seconds = fragment_cache_seconds()
    if not seconds:
        return compute()
    joined = ":".join(str(part) for part in parts)
    key = f"fragment:{code_version()}:current:{name}:{joined}"
    generation = _request_generation.get()
    if generation is None:
        return compute()  # this request found the cache unreachable already
    try:
        if generation is _UNREAD:
            found = shared_cache().get_many([GENERATION_KEY, PAGES_KEY, key])
            if found.get(GENERATION_KEY) is None or found.get(PAGES_KEY) is None:
                generation = content_generation()
            else:
                generation = Snapshot(found[GENERATION_KEY], found[PAGES_KEY]).content
            _request_generation.set(generation)
        else:
            found = {key: shared_cache().get(key)}
    except Exception:
        logger.warning("Could not read the %s fragment; computing it.", name, exc_info=True)
        found = {}
    if generation is None:
        return compute()
    entry = found.get(key)
    if isinstance(entry, tuple) and len(entry) == 2 and entry[0] == generation:
        return entry[1]
    value = compute()
    if (keep is not None and not keep(value)) or is_incomplete():
        return value
    try:
        shared_cache().set(key, (generation, value), timeout=seconds)
    except Exception:
        logger.warning("Could not store the %s fragment.", name, exc_info=True)
    return value


def _covered(compute: Callable[..., T]) -> Callable[..., T]:
    """`compute` with its page reads accounted for by the fragment's declared tags."""

    def run(*args: Any) -> T:
        with deps.covered():
            return compute(*args)

    return run


def read_many(cache: Any, keys: list[str]) -> dict[str, Any]:
    """``cache.get_many(keys)``, faster for Redis: django-redis decodes every value by
    first trying ``int()`` on it and building its key objects one by one, which costs
    three times the round trip itself for the 200 rows of the participant index.
    Pickled values (all that fragments store) are unpickled directly; anything else
    goes through django-redis' own decoding."""
    client = getattr(cache, "client", None)
    if not plain_django_redis(client):
        return cache.get_many(keys)
    if not keys:
        return {}
    guarded = getattr(cache, "guarded", None)
    if guarded is not None:
        # Past django-redis, but not past the circuit breaker (cms/caching/resilient.py).
        return guarded(partial(_mget, cache, client, keys), dict)
    return _mget(cache, client, keys)


def _mget(cache: Any, client: Any, keys: list[str]) -> dict[str, Any]:
    if cache.key_func is default_key_func:
        prefix = f"{cache.key_prefix}:{cache.version}:"
        values = client.get_client(write=False).mget([prefix + key for key in keys])
    else:
        values = client.get_client(write=False).mget([client.make_key(key) for key in keys])
    return {
        key: pickle.loads(value) if value[:1] == _PICKLE else client.decode(value)  # noqa: S301 - our own cache, as django-redis does
        for key, value in zip(keys, values, strict=True)
        if value is not None
    }


_PICKLE = b"\x80"  # the first byte of every pickle since protocol 2


def plain_django_redis(client: Any) -> bool:
    """django-redis' default client with its default pickle serializer and no
    compression: the layout ``read_many`` reads."""
    return (
        type(client) is DefaultClient
        and type(client._serializer) is PickleSerializer
        and type(client._compressor) is IdentityCompressor
    )


def prefetch(fragments: Iterable[FragmentKey]) -> None:
    """Read the fragments a request is about to use with one round trip.

    ``(name, parts)`` as later passed to ``cached_fragment``; what the cache holds is
    answered from memory for the rest of the request, and what it lacks is computed
    without asking the cache a second time. Outside a request, does nothing.
    """
    memo = _request_memo.get()
    if memo is None or not fragment_cache_seconds():
        return
    generation = request_generation()
    if generation is None:
        return
    keys = [_key(generation, name, parts) for name, parts in fragments]
    keys = [key for key in keys if key not in memo]
    if not keys:
        return
    try:
        found = read_many(shared_cache(), keys)
    except Exception:
        logger.warning("Fragment cache unreachable; nothing prefetched.", exc_info=True)
        return
    for key in keys:
        memo[key] = found.get(key, _ABSENT)


def cached_fragments(
    name: str,
    parts: tuple[object, ...],
    items: Sequence[K],
    compute: Callable[[list[K]], dict[K, T]],
) -> dict[K, T]:
    """One fragment per item (a card per article, a row per profile) in one round trip.

    Each item's key is ``parts`` (what every item's fragment depends on, such as the
    site and language) followed by the item itself (usually a page id). Reads every
    item's fragment with one ``get_many``, computes the missing ones in a single
    ``compute(missing_items)`` call (so that it can fetch them with a fixed number of
    queries) and stores them with one ``set_many``. ``compute`` may leave an item out
    (nothing to show); that item is then missing from the result, uncached.
    """
    deps.record_fragment(name, parts)
    compute = _covered(compute)
    seconds = fragment_cache_seconds()
    generation = request_generation() if seconds else None
    if generation is None:
        return compute(list(items))
    prefix = _key(generation, name, (*parts, ""))  # hundreds of keys: built once
    keys = {item: f"{prefix}{item}" for item in items}
    cache = shared_cache()
    memo = _request_memo.get()
    found = {key: memo[key] for key in keys.values() if memo is not None and key in memo}
    wanted = [key for key in keys.values() if key not in found]
    if wanted:
        try:
            found.update(read_many(cache, wanted))
        except Exception:
            # As in cached_fragment: computed and stored again.
            logger.warning("Could not read the %s fragments; computing them.", name, exc_info=True)
    result = {
        item: found[key] for item, key in keys.items() if key in found and found[key] is not _ABSENT
    }
    missing = [item for item in items if item not in result]
    if missing:
        computed = compute(missing)
        result.update(computed)
        if is_incomplete():
            return result
        if memo is not None:
            memo.update({keys[item]: value for item, value in computed.items()})
        try:
            cache.set_many({keys[item]: value for item, value in computed.items()}, seconds)
        except Exception:
            logger.warning("Could not store the %s fragments.", name, exc_info=True)
    return result
