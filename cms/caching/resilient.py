"""The shared cache (Redis) as an accelerator with a time budget, never a dependency.

Everything the site keeps in Redis (pages, fragments, routes, API representations,
renditions, rate limits) can be recomputed from the database. A Redis that is gone
costs a refused connection; a Redis that *hangs* (overloaded, a long fork, a network
partition) costs a socket timeout on every call, and a page makes dozens of calls: a
one-second timeout turned one page view into a minute and the worker into a 500.

``ResilientRedisCache`` is django-redis' backend with a circuit breaker in front of
every call, configured in ``CACHES`` so that every user of ``caches[...]`` (our code,
Wagtail's rendition cache, rate limits) gets it without knowing:

* **Breaker, per Redis server and process.** The first failure (timeout, refused
  connection, any Redis error) opens it: for ``BREAKER_SECONDS`` every call is skipped
  at once. Then one call is let through as a probe; its success closes the breaker,
  its failure keeps it open for another period. One warning line when it opens, one
  when it closes: no traceback per call (a page view used to log 205 KB of them).
* **Budget, per request.** Once a call of a request has failed, the rest of that
  request skips every cache, so a request waits for at most one socket timeout even if
  the breaker's period ends in the middle of it.
* **Never raises** for an unreachable cache: reads return the caller's default (a miss),
  writes are dropped, ``incr`` and ``decr`` return None, as django-redis'
  ``IGNORE_EXCEPTIONS`` did: a counter that is not a number tells its caller that the
  cache did not count (cms/security/throttle.py then counts per process, so limits hold).
  Django's contract is kept otherwise (``incr`` of a missing key raises ``ValueError``).

django-redis' own ``IGNORE_EXCEPTIONS`` is forced off here: it swallowed failures as
misses one call at a time, so nothing could notice the cache was down.
"""

from __future__ import annotations

import contextlib
import logging
import socket
import threading
import time
from collections.abc import Callable
from contextvars import ContextVar
from typing import Any, TypeVar
from urllib.parse import urlsplit

from django.core.signals import request_finished, request_started
from django_redis.cache import RedisCache
from django_redis.exceptions import ConnectionInterrupted
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

T = TypeVar("T")

# What an unreachable or misbehaving Redis raises through django-redis.
CACHE_FAILURES: tuple[type[BaseException], ...] = (
    RedisError,
    ConnectionInterrupted,
    socket.timeout,
    OSError,
)
DEFAULT_BREAKER_SECONDS = 10.0

_PASS, _PROBE, _SKIP = "pass", "probe", "skip"


class _RequestBudget:
    """Whether a cache call of the current request has failed already."""

    __slots__ = ("spent",)

    def __init__(self) -> None:
        self.spent = False


# Set for the duration of a request (request_started .. request_finished); None outside
# requests (management commands), where only the breaker applies.
_budget: ContextVar[_RequestBudget | None] = ContextVar("cache_budget", default=None)


def _start_request(**_kwargs: Any) -> None:
    _budget.set(_RequestBudget())


def _end_request(**_kwargs: Any) -> None:
    _budget.set(None)


def connect_signals() -> None:
    """Each request gets its own time budget for cache calls (none outside requests)."""
    request_started.connect(_start_request, dispatch_uid="resilient-cache-budget-start")
    request_finished.connect(_end_request, dispatch_uid="resilient-cache-budget-end")


def request_budget_spent() -> bool:
    budget = _budget.get()
    return budget is not None and budget.spent


class CircuitBreaker:
    """Per-process state of one Redis server, shared by every thread and cache alias."""

    def __init__(self, name: str, seconds: float) -> None:
        self.name = name
        self.seconds = seconds
        self._lock = threading.Lock()
        self.opened_at: float | None = None  # monotonic time; None = closed
        # Counters for health checks, tests and drills (never reset).
        self.failures = 0
        self.trips = 0
        self.skipped = 0

    @property
    def is_open(self) -> bool:
        return self.opened_at is not None

    def retry_in(self) -> float:
        """Seconds before the next probe (0 when closed or due)."""
        if self.opened_at is None:
            return 0.0
        return max(0.0, self.opened_at + self.seconds - time.monotonic())

    def admit(self) -> str:
        """``_PASS`` (closed), ``_PROBE`` (open and due: this call tests the server;
        the period starts again so that no other call probes meanwhile) or ``_SKIP``."""
        if request_budget_spent():
            self.skipped += 1
            return _SKIP
        if self.opened_at is None:
            return _PASS
        with self._lock:
            if self.opened_at is None:
                return _PASS
            now = time.monotonic()
            if now - self.opened_at >= self.seconds:
                self.opened_at = now
                return _PROBE
        self.skipped += 1
        return _SKIP

    def succeeded(self, admission: str) -> None:
        if admission != _PROBE:
            return
        with self._lock:
            if self.opened_at is None:
                return
            self.opened_at = None
        logger.warning("Cache %s answers again; using it again.", self.name)

    def failed(self, admission: str, error: BaseException) -> None:
        self.failures += 1
        budget = _budget.get()
        if budget is not None:
            budget.spent = True
        with self._lock:
            if admission == _PROBE or self.opened_at is not None:
                # Still down (a probe), or another thread tripped it meanwhile.
                self.opened_at = time.monotonic()
                tripped = False
            else:
                self.opened_at = time.monotonic()
                self.trips += 1
                tripped = True
        if tripped:
            logger.warning(
                "Cache %s unreachable (%s: %s); serving without it, next try in %g s.",
                self.name,
                type(error).__name__,
                error,
                self.seconds,
            )
        else:
            logger.info("Cache %s still unreachable (%s).", self.name, type(error).__name__)


_breakers: dict[str, CircuitBreaker] = {}
_breakers_lock = threading.Lock()


def breaker_for(location: str, seconds: float) -> CircuitBreaker:
    """The process's breaker for a Redis server (aliases on one server share it)."""
    name = _safe_name(location)
    with _breakers_lock:
        breaker = _breakers.get(name)
        if breaker is None:
            breaker = _breakers[name] = CircuitBreaker(name, seconds)
        breaker.seconds = seconds
        return breaker


def _safe_name(location: str) -> str:
    """The server's address without credentials (it goes to the logs)."""
    first = location.split(",")[0]
    parts = urlsplit(first)
    if not parts.scheme:
        return first
    host = parts.hostname or ""
    port = f":{parts.port}" if parts.port else ""
    return f"{parts.scheme}://{host}{port}{parts.path}"


def cache_usable(cache: Any) -> bool:
    """False when the next call to ``cache`` would be skipped (breaker open and not due
    for a probe, or this request's budget spent): what a caller needs to know when a
    skipped write matters."""
    breaker = getattr(cache, "breaker", None)
    if breaker is None:
        return True
    return not request_budget_spent() and (not breaker.is_open or breaker.retry_in() == 0)


def _guard(name: str, fallback: Callable[..., Any]) -> Callable[..., Any]:
    """A RedisCache method run through the breaker; ``fallback(*args, **kwargs)`` gives
    the answer when the cache is skipped or fails."""
    method = getattr(RedisCache, name)

    def guarded(self: ResilientRedisCache, *args: Any, **kwargs: Any) -> Any:
        return self.guarded(lambda: method(self, *args, **kwargs), fallback, *args, **kwargs)

    guarded.__name__ = name
    guarded.__doc__ = method.__doc__
    return guarded


def _none(*_args: Any, **_kwargs: Any) -> None:
    return None


def _false(*_args: Any, **_kwargs: Any) -> bool:
    return False


def _default(key: str, default: Any = None, *_args: Any, **_kwargs: Any) -> Any:
    return default


def _empty_dict(*_args: Any, **_kwargs: Any) -> dict:
    return {}


def _empty_list(*_args: Any, **_kwargs: Any) -> list:
    return []


def _zero(*_args: Any, **_kwargs: Any) -> int:
    return 0


def _not_stored(data: dict, *_args: Any, **_kwargs: Any) -> list:
    return list(data)  # Django's contract: the keys that were not stored


class ResilientRedisCache(RedisCache):
    """django-redis' RedisCache behind a per-process circuit breaker (module docstring).

    ``OPTIONS["BREAKER_SECONDS"]``: how long calls are skipped after a failure (default
    10). Socket timeouts are django-redis' ``SOCKET_TIMEOUT`` and
    ``SOCKET_CONNECT_TIMEOUT`` (``CACHE_TIMEOUT_SECONDS`` in settings).
    """

    def __init__(self, server: str, params: dict[str, Any]) -> None:
        params = dict(params)
        options = dict(params.get("OPTIONS", {}))
        seconds = float(options.pop("BREAKER_SECONDS", DEFAULT_BREAKER_SECONDS))
        options["IGNORE_EXCEPTIONS"] = False
        params["OPTIONS"] = options
        super().__init__(server, params)
        self._ignore_exceptions = False
        location = server if isinstance(server, str) else ",".join(server)
        self.breaker = breaker_for(location, seconds)

    def guarded(
        self, function: Callable[[], T], fallback: Callable[..., T], *args: Any, **kwargs: Any
    ) -> T:
        """``function()`` through the breaker, or ``fallback(*args, **kwargs)`` when the
        cache is skipped or fails. Public for code that talks to this cache's Redis
        directly (the fragment cache's fast bulk read)."""
        breaker = self.breaker
        admission = breaker.admit()
        if admission == _SKIP:
            return fallback(*args, **kwargs)
        if admission == _PROBE:
            # Recovery is decided by a real round trip: the call itself may not reach
            # the server (an empty get_many, a close).
            try:
                self.client.get_client(write=True).ping()
            except CACHE_FAILURES as error:
                breaker.failed(_PROBE, error)
                return fallback(*args, **kwargs)
            breaker.succeeded(_PROBE)
        try:
            return function()
        except CACHE_FAILURES as error:
            breaker.failed(_PASS, error)
            return fallback(*args, **kwargs)

    def close(self, **kwargs: Any) -> None:
        """Django closes every cache after each request; that is no call to Redis worth
        a probe, and it must not fail the request either."""
        with contextlib.suppress(*CACHE_FAILURES):
            super().close(**kwargs)

    get = _guard("get", _default)
    get_many = _guard("get_many", _empty_dict)
    has_key = _guard("has_key", _false)
    set = _guard("set", _false)
    add = _guard("add", _false)
    set_many = _guard("set_many", _not_stored)
    touch = _guard("touch", _false)
    delete = _guard("delete", _false)
    delete_many = _guard("delete_many", _zero)
    delete_pattern = _guard("delete_pattern", _zero)
    clear = _guard("clear", _none)
    incr = _guard("incr", _none)  # "not counted" (module docstring)
    decr = _guard("decr", _none)
    incr_version = _guard("incr_version", _none)
    ttl = _guard("ttl", _none)
    pttl = _guard("pttl", _none)
    expire = _guard("expire", _false)
    expire_at = _guard("expire_at", _false)
    persist = _guard("persist", _false)
    keys = _guard("keys", _empty_list)
