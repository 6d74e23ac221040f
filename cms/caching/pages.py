"""The anonymous full-page cache: keys, storage and invalidation.

Anonymous visitors make almost all of the traffic and see the same bytes for a given
address, so rendered pages are kept in the shared cache (Redis in production) and
served without touching the database. Correctness comes before hit rate:

* Every cached entry carries the cache *generation* read when its request started and
  the version of each *tag* it was built from (cms/caching/deps.py: the page and its
  ancestors, its translations, the lists and menu it shows). A page change bumps only
  the tags it reaches (cms/caching/invalidation.py), after the transaction commits, so
  publishing one article leaves every unrelated page cached; anything else that can
  alter what a visitor sees (a snippet, an image, a setting, privacy, a deletion) bumps
  the generation, and every older entry becomes unreachable at once. A hit costs two
  round trips: the entry with the generation and the ``pages`` version, then its tags'
  versions; unknown versions (an unreachable or evicted counter) count as changed.
* A generation or tag version that disappears (Redis eviction or restart) is recreated
  from the clock, never from zero, so entries written under an old number cannot come back.
* Content can change with time alone (an alert banner that starts or ends at a given
  moment, cms/alerts/live.py): whatever renders it calls ``keep_until(moment)``, and
  the entry is stored with that moment and never served past it (nor kept by a browser
  or proxy past it, ``cap_max_age``).
* Cache errors never break a page: they are logged and the page is rendered normally.
  With Redis, the backend's circuit breaker (cms/caching/resilient.py) already answers a
  miss at once while Redis is down or hangs. A bump that could not reach Redis then is
  remembered by this process and made as soon as the cache answers again, as a bump of
  the generation even if only tags were owed: otherwise a Redis that was only paused
  would serve pages from before the change.
"""

from __future__ import annotations

import hashlib
import logging
import math
import time
from collections.abc import Iterable
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.utils import timezone
from django.utils.cache import get_max_age, patch_cache_control
from django.utils.translation import get_language_from_request

from cms.caching import deps, frontend
from cms.caching.resilient import cache_usable

logger = logging.getLogger(__name__)

# A generation bump this process owes the cache (it was unreachable when content changed).
_pending_bump = False

GENERATION_KEY = "pagecache:generation"
PAGES_KEY = deps.TAG_PREFIX + deps.PAGES

# The moment (a POSIX timestamp) until which what this request renders stays right,
# whatever the generation: None when it depends on content only.
_fresh_until: ContextVar[float | None] = ContextVar("page_fresh_until", default=None)


def page_cache_seconds() -> int:
    return int(getattr(settings, "PAGE_CACHE_SECONDS", 0) or 0)


def shared_cache() -> Any:
    """The cache pages, fragments and the generation live in (``PAGE_CACHE_ALIAS``)."""
    return caches[getattr(settings, "PAGE_CACHE_ALIAS", "default")]


def current_generation() -> int | None:
    """The generation new entries are stored under; None when the cache is unreachable."""
    cache = shared_cache()
    _settle_pending_bump(cache)
    if not cache_usable(cache):
        return None  # skipped by the breaker: no need to ask three times
    try:
        generation = cache.get(GENERATION_KEY)
        if generation is None:
            cache.add(GENERATION_KEY, time.time_ns(), timeout=None)
            generation = cache.get(GENERATION_KEY)
    except Exception:
        logger.warning("Page cache unreachable; serving without it.", exc_info=True)
        return None
    return generation


def content_generation() -> str | None:
    """The generation and the version of ``pages`` (bumped by every page change), as
    one value: what the fragment cache keys its entries by. None when unreachable."""
    generation = current_generation()
    if generation is None:
        return None
    found = deps.versions(shared_cache(), [deps.PAGES])
    if found is None:
        return None
    return f"{generation}.{found[deps.PAGES]}"


def bump_generation() -> None:
    """Make every cached page unreachable (after the current transaction commits)."""
    transaction.on_commit(bump_now)


def bump_tags(tags: Iterable[str]) -> None:
    """Make the cached pages that depend on `tags` unreachable (after the commit)."""
    chosen = frozenset(tags)
    transaction.on_commit(lambda: bump_tags_now(chosen))


def bump_tags_now(tags: Iterable[str]) -> None:
    """Bump `tags` and ``pages`` at once. A cache that cannot take them now gets the
    site-wide bump as soon as it answers again (``_settle_pending_bump``)."""
    global _pending_bump
    cache = shared_cache()
    _settle_pending_bump(cache)
    if not cache_usable(cache) or not deps.bump(cache, tags):
        logger.warning("Could not invalidate the pages of %s; all of them will be.", sorted(tags))
        _pending_bump = True
        return
    frontend.purge(tags)  # the front cache (nginx, a CDN) too, after our own bump


def bump_now() -> None:
    """Bump the generation at once, outside any transaction (tools and benchmarks)."""
    global _pending_bump
    cache = shared_cache()
    _pending_bump = True
    if not cache_usable(cache):
        return  # skipped by the breaker: made when the cache answers again
    breaker = getattr(cache, "breaker", None)
    failures = breaker.failures if breaker is not None else 0
    try:
        try:
            cache.incr(GENERATION_KEY)
        except ValueError:
            # Missing key: start again from the clock so no old entry matches.
            cache.set(GENERATION_KEY, time.time_ns(), timeout=None)
    except Exception:
        # Not an outage (the breaker answers those): retrying on every request would
        # only repeat the error.
        logger.error("Could not invalidate the page cache.", exc_info=True)
        _pending_bump = False
        return
    # A failure inside the call (answered by the breaker): the bump may not be made.
    _pending_bump = breaker is not None and breaker.failures != failures
    if not _pending_bump:
        frontend.purge(None)  # every page the front cache may keep


def _settle_pending_bump(cache: Any) -> None:
    """Make the bump this process owes, once the cache answers again (one bool test
    per request otherwise). A bump twice only empties the cache once more."""
    if _pending_bump and cache_usable(cache):
        logger.warning("Page cache reachable again; invalidating what it kept before.")
        bump_now()


def start_request() -> None:
    """A new request: nothing it renders has a moment of change yet."""
    _fresh_until.set(None)


def keep_until(moment: datetime) -> None:
    """What this request renders changes at `moment` without any publish: its page or
    API answer is not served from the cache past it (the earliest moment wins)."""
    timestamp = moment.timestamp()
    current = _fresh_until.get()
    if current is None or timestamp < current:
        _fresh_until.set(timestamp)


def fresh_until() -> float | None:
    return _fresh_until.get()


def _now() -> float:
    # Through Django's clock, so that tests moving it move the cache's too.
    return timezone.now().timestamp()


def cap_max_age(response: HttpResponseBase) -> None:
    """A browser or proxy may keep the response no longer than until ``fresh_until``."""
    until = _fresh_until.get()
    if until is None:
        return
    max_age = get_max_age(response)
    if max_age is None:
        return
    remaining = max(0, math.floor(until - _now()))
    if remaining < max_age:
        patch_cache_control(response, max_age=remaining)


def cache_key(request: HttpRequest) -> str | None:
    """Key by scheme, host (the site), language and full path (the page)."""
    try:
        host = request.get_host()
    except Exception:
        return None
    language = get_language_from_request(request, check_path=True)
    raw = "|".join((request.scheme or "", host, language, request.get_full_path())).encode(
        "utf-8", "surrogateescape"
    )
    return f"pagecache:{hashlib.sha256(raw).hexdigest()}"


@dataclass(frozen=True)
class Snapshot:
    """What a request read before rendering: the generation and the ``pages`` version."""

    generation: int
    pages: int

    @property
    def content(self) -> str:
        """The fragment cache's generation (``content_generation``)."""
        return f"{self.generation}.{self.pages}"


def load(key: str | None) -> tuple[Snapshot | None, HttpResponse | None]:
    """The generation and ``pages`` version (None when the cache is unreachable) and
    the page kept under `key` if it was stored under that generation and every tag it
    depends on still has the version it was built with."""
    cache = shared_cache()
    _settle_pending_bump(cache)
    head = [GENERATION_KEY, PAGES_KEY]
    try:
        found = cache.get_many([*head, key] if key else head)
    except Exception:
        logger.warning("Page cache unreachable; serving without it.", exc_info=True)
        return None, None
    generation, pages = found.get(GENERATION_KEY), found.get(PAGES_KEY)
    if generation is None or pages is None:
        return _snapshot(), None
    snapshot = Snapshot(generation, pages)
    entry = found.get(key) if key else None
    if not (isinstance(entry, tuple) and len(entry) == 6 and entry[0] == generation):
        return snapshot, None
    _generation, built_with, status, headers, content, until = entry
    if until is not None and _now() >= until:
        return snapshot, None  # something on it has started or ended since
    if not _still_current(cache, built_with, pages):
        return snapshot, None
    response = HttpResponse(content, status=status)
    for name, value in headers:
        response.headers[name] = value
    if until is not None:
        _fresh_until.set(until)
        cap_max_age(response)
    return snapshot, response


def _snapshot() -> Snapshot | None:
    generation = current_generation()
    if generation is None:
        return None
    found = deps.versions(shared_cache(), [deps.PAGES])
    return None if found is None else Snapshot(generation, found[deps.PAGES])


def _still_current(cache: Any, built_with: dict[str, int], pages: int) -> bool:
    """Every tag at the version the entry was built with (a second round trip, for
    the tags other than ``pages``); unknown is stale."""
    others = [tag for tag in built_with if tag != deps.PAGES]
    if deps.PAGES in built_with and built_with[deps.PAGES] != pages:
        return False
    now = deps.versions(cache, others) if others else {}
    return now is not None and all(now[tag] == built_with[tag] for tag in others)


def store(key: str, snapshot: Snapshot, tags: Iterable[str], response: HttpResponse) -> None:
    """Keep `response` with the versions of the `tags` it was built from, read now;
    not at all if a page change began since the request started (``deps``)."""
    if _depends_on_origin(response):
        # The key has no origin: one front end's CORS answer would be served to another.
        # CorsMiddleware runs outside this cache (settings MIDDLEWARE), so this only
        # guards against a reordering.
        return
    headers = [
        (name, value) for name, value in response.headers.items() if name.lower() != "set-cookie"
    ]
    until = _fresh_until.get()
    seconds = page_cache_seconds()
    if until is not None:
        remaining = math.ceil(until - _now())
        if remaining <= 0:
            return
        seconds = min(seconds, remaining)
    cache = shared_cache()
    # ``pages`` last: read after the narrow tags (deps' module docstring).
    built_with = deps.versions(cache, [*sorted(set(tags) - {deps.PAGES}), deps.PAGES])
    if built_with is None or built_with[deps.PAGES] != snapshot.pages:
        return
    if deps.PAGES not in tags:
        del built_with[deps.PAGES]
    entry: tuple[int, dict[str, int], int, list[tuple[str, str]], bytes, float | None] = (
        snapshot.generation,
        built_with,
        response.status_code,
        headers,
        response.content,
        until,
    )
    try:
        cache.set(key, entry, timeout=seconds)
    except Exception:
        logger.warning("Could not store a page in the cache.", exc_info=True)


def _depends_on_origin(response: HttpResponse) -> bool:
    vary = {part.strip().lower() for part in response.get("Vary", "").split(",")}
    return "origin" in vary or response.has_header("Access-Control-Allow-Origin")
