"""Caching: the anonymous page cache, shared fragments, cached routing, the resilient Redis.

Owns: the full-page cache, its generation and what each entry was built from (``pages``),
the tags a page depends on and their version counters (``deps``), which tags each
content change reaches (``invalidation``), generation-keyed fragments of
what pages are built from (``fragments``), page routing remembered until content changes
(``routing``), the Redis cache backend with a time budget and a breaker (``resilient``),
and the middleware that serves and stores pages (``middleware``). ``signals.connect()``
wires invalidation at start-up.

Public API: ``pages``' ``bump_generation``, ``bump_now``, ``bump_tags``,
``current_generation``, ``content_generation``,
``shared_cache``, ``page_cache_seconds`` and ``keep_until`` (content that changes with
time, such as an alert's start or end, limits how long its page is served);
``fragments``' ``cached_fragment``, ``cached_fragments``, ``cached_current``,
``prefetch``, ``start_request``, ``request_generation``, ``read_many``,
``code_version``, ``fragment_cache_seconds`` and ``FragmentKey``; ``routing.serve``,
``routing.find_site`` and the ``PAGE_FRAGMENTS`` Wagtail hook through which apps
declare the fragments every page reads; ``deps.describe`` (what a fragment reads beside
its page: an undescribed fragment makes its page depend on every page change),
``deps.record``, ``deps.listing_tag`` and ``deps.MENU``;
``invalidation.everything_changes`` (one site-wide bump for a change of much of the
site, such as the demo load); ``resilient.ResilientRedisCache`` and
``resilient.cache_usable``;
``middleware.PageCacheMiddleware``.

Depends only on ``cms.core``: the apps whose fragments it reads ahead register them.
"""
