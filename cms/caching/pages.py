"""The anonymous full-page cache: keys, storage and invalidation.

Anonymous visitors make almost all of the traffic and see the same bytes for a given
address, so rendered pages are kept in the shared cache (Redis in production) and
served without touching the database. Correctness comes before hit rate:

* Every cached entry carries the cache *generation* read when its request started.
  Any change that can alter what a visitor sees (publish, unpublish, translation
  publish, move, delete, privacy, images, settings, snippets) bumps the generation
  after the transaction commits, so every older entry becomes unreachable at once.
  An address has one entry, read together with the current generation in one round
  trip and served only if both match; a newer page overwrites it.
  One site-wide generation instead of per-page tags: a news item appears on the home
  page, the news list, feeds, the sitemap and the API, and tracking all of that per
  page would be fragile; edits are rare next to reads.
* A generation that disappears (Redis eviction or restart) is recreated from the
  clock, never from zero, so entries written under an old number cannot come back.
* Content can change with time alone (an alert banner that starts or ends at a given
  moment, cms/alerts/live.py): whatever renders it calls ``keep_until(moment)``, and
  the entry is stored with that moment and never served past it (nor kept by a browser
  or proxy past it, ``cap_max_age``).
* Cache errors never break a page: they are logged and the page is rendered normally.
  With Redis, the backend's circuit breaker (cms/caching/resilient.py) already answers a
  miss at once while Redis is down or hangs. A bump that could not reach Redis then is
  remembered by this process and made as soon as the cache answers again: otherwise a
  Redis that was only paused would serve pages from before the change.
"""

from __future__ import annotations

import hashlib
import logging
import math
import time
from contextvars import ContextVar
from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.utils import timezone
from django.utils.cache import get_max_age, patch_cache_control
from django.utils.translation import get_language_from_request
from wagtail.signals import page_published, page_unpublished, post_page_move, published, unpublished

from cms.caching.resilient import cache_usable

logger = logging.getLogger(__name__)

# A generation bump this process owes the cache (it was unreachable when content changed).
_pending_bump = False

GENERATION_KEY = "pagecache:generation"

# The moment (a POSIX timestamp) until which what this request renders stays right,
# whatever the generation: None when it depends on content only.
_fresh_until: ContextVar[float | None] = ContextVar("page_fresh_until", default=None)

# Bookkeeping that never changes what an anonymous visitor sees; saving these (on
# every login, draft, search re-index or translation edit) must not empty the cache.
IGNORED_APP_LABELS = frozenset(
    {
        "admin",
        "auth",
        "axes",
        "contenttypes",
        "sessions",
        "taggit",
        "wagtail_localize",
        "wagtailadmin",
        "wagtailembeds",
        "wagtailsearch",
        "wagtailusers",
        "modelsearch",
        "django_tasks",
    }
)
IGNORED_MODEL_NAMES = frozenset(
    {
        "revision",
        "pagelogentry",
        "modellogentry",
        "referenceindex",
        "pagesubscription",
        "workflowstate",
        "taskstate",
        "comment",
        "commentreply",
        "uploadedfile",
        "uploadedimage",
        "uploadeddocument",
        # Every visitor's search is counted: otherwise any search would empty the cache.
        "query",
        "querydailyhits",
        "queryoutcome",
    }
)


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


def bump_generation() -> None:
    """Make every cached page unreachable (after the current transaction commits)."""
    transaction.on_commit(bump_now)


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


def load(key: str | None) -> tuple[int | None, HttpResponse | None]:
    """The current generation (None when the cache is unreachable) and the page kept
    under `key` if it was stored under that generation."""
    cache = shared_cache()
    _settle_pending_bump(cache)
    try:
        found = cache.get_many([GENERATION_KEY, key] if key else [GENERATION_KEY])
    except Exception:
        logger.warning("Page cache unreachable; serving without it.", exc_info=True)
        return None, None
    generation = found.get(GENERATION_KEY)
    if generation is None:
        return current_generation(), None
    entry = found.get(key) if key else None
    if not (isinstance(entry, tuple) and len(entry) == 5 and entry[0] == generation):
        return generation, None
    _generation, status, headers, content, until = entry
    if until is not None and _now() >= until:
        return generation, None  # something on it has started or ended since
    response = HttpResponse(content, status=status)
    for name, value in headers:
        response.headers[name] = value
    if until is not None:
        _fresh_until.set(until)
        cap_max_age(response)
    return generation, response


def store(key: str, generation: int, response: HttpResponse) -> None:
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
    entry: tuple[int, int, list[tuple[str, str]], bytes, float | None] = (
        generation,
        response.status_code,
        headers,
        response.content,
        until,
    )
    try:
        shared_cache().set(key, entry, timeout=seconds)
    except Exception:
        logger.warning("Could not store a page in the cache.", exc_info=True)


def _depends_on_origin(response: HttpResponse) -> bool:
    vary = {part.strip().lower() for part in response.get("Vary", "").split(",")}
    return "origin" in vary or response.has_header("Access-Control-Allow-Origin")


def _is_visible_content(sender: Any) -> bool:
    meta = getattr(sender, "_meta", None)
    if meta is None:
        return True
    if meta.app_label in IGNORED_APP_LABELS or meta.model_name in IGNORED_MODEL_NAMES:
        return False
    # Renditions are derived from images and created while pages render.
    return not meta.model_name.endswith("rendition")


def _on_model_change(sender: Any, **kwargs: Any) -> None:
    if kwargs.get("raw"):
        return
    if _is_visible_content(sender):
        bump_generation()


def _on_publication(sender: Any = None, **kwargs: Any) -> None:
    bump_generation()


def connect_signals() -> None:
    """Called from CmsConfig.ready so that commands (publish_scheduled) invalidate too."""
    post_save.connect(_on_model_change, dispatch_uid="pagecache-post-save")
    post_delete.connect(_on_model_change, dispatch_uid="pagecache-post-delete")
    m2m_changed.connect(_on_model_change, dispatch_uid="pagecache-m2m")
    for signal in (page_published, page_unpublished, post_page_move, published, unpublished):
        signal.connect(_on_publication, dispatch_uid=f"pagecache-{id(signal)}")
