"""Caching: the anonymous page cache, shared fragments, cached routing, the resilient Redis.

Owns: the full-page cache and its generation (``pages``), generation-keyed fragments of
what pages are built from (``fragments``), page routing remembered until content changes
(``routing``), the Redis cache backend with a time budget and a breaker (``resilient``),
and the middleware that serves and stores pages (``middleware``). ``signals.connect()``
wires invalidation at start-up.

Public API: ``pages.bump_generation``, ``pages.page_cache_seconds``, ``fragments``'s
``cached_fragment``/``cached_current``/``prefetch``/``start_request``, ``routing.serve``.
"""
