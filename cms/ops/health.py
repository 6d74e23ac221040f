"""Health endpoints for load balancers and orchestrators.

`/healthz` says the process answers (liveness: restart me if this fails); `/readyz`
says it can serve pages (readiness: send me traffic), which needs the database: "down"
(503) without it. The cache only makes pages faster, so a cache that is unreachable or
skipped by its circuit breaker (cms/caching/resilient.py) gives "degraded" with a 200:
taking every app server out of rotation because Redis hangs would turn a slower site
into no site. For the same reason a stalled background task queue (no worker running:
the oldest due task older than TASK_STALL_SECONDS, cms/ops/task_queue.py) is reported under
"tasks" without changing the status code; monitoring alerts on it. They are answered
by a middleware placed right after Django's security middleware: a load balancer
probes over plain HTTP with its own Host header, and must get an answer rather than a
redirect to HTTPS or a "disallowed host" error.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable

from django.core.cache import caches
from django.db import connections
from django.http import HttpRequest, HttpResponseBase, JsonResponse

from cms.ops.task_queue import queue_status

HEALTH_PATHS = ("/healthz", "/readyz")


def check_database() -> str:
    try:
        for alias in connections:
            # Django's request_started handler has already replaced a connection that a
            # database restart broke (CONN_HEALTH_CHECKS), so this is a real round trip.
            with connections[alias].cursor() as cursor:
                cursor.execute("SELECT 1")
                cursor.fetchone()
    except Exception as error:
        return f"unavailable: {type(error).__name__}"
    return "ok"


def check_cache() -> str:
    try:
        for alias in caches:
            cache = caches[alias]
            breaker = getattr(cache, "breaker", None)
            if breaker is not None and breaker.is_open:
                # No probe: it would be skipped (or wait for a timeout) anyway.
                return f"unavailable: cache {alias!r} skipped for {breaker.retry_in():.0f} s"
            # A key of its own: every worker of every app server probes the same cache,
            # and a shared key let one probe read another's value.
            key = f"readyz:probe:{uuid.uuid4().hex}"
            cache.set(key, 1, timeout=10)
            found = cache.get(key)
            cache.delete(key)
            if found != 1:
                return f"unavailable: cache {alias!r} did not return what was stored"
    except Exception as error:
        return f"unavailable: {type(error).__name__}"
    return "ok"


def healthz(request: HttpRequest) -> JsonResponse:
    return _no_store(JsonResponse({"status": "ok"}))


def readyz(request: HttpRequest) -> JsonResponse:
    checks = {"database": check_database(), "cache": check_cache()}
    if checks["database"] != "ok":
        status = "down"
    elif checks["cache"] != "ok":
        status = "degraded"  # pages are served, from the database
    else:
        status = "ok"
    body = {"status": status, "checks": checks}
    if checks["database"] == "ok":
        body["tasks"] = queue_status()
    return _no_store(JsonResponse(body, status=503 if status == "down" else 200))


def _no_store(response: JsonResponse) -> JsonResponse:
    response["Cache-Control"] = "no-store"
    return response


class HealthCheckMiddleware:
    """Answer /healthz and /readyz before host validation, sessions and the page cache."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if request.path_info == "/healthz" and request.method in ("GET", "HEAD"):
            return healthz(request)
        if request.path_info == "/readyz" and request.method in ("GET", "HEAD"):
            return readyz(request)
        return self.get_response(request)
