"""Shared cache of API v2 page representations (one entry per page and request shape).

Serializing a page for the API (translations, topics, linked pages, renditions; rich
text and StreamField blocks on detail) costs far more than finding which pages to
show. The representation of a live, public page depends only on the content of the
site, which changes only through the events that bump the cache *generation*
(cms/caching/pages.py: publish, unpublish, move, privacy, images, snippets...), and on the
shape of the request. So it is kept in the shared cache (Redis), keyed by:

* the generation, read before the request reads any content, so that nothing read
  before a change can be stored under the generation that follows it, and the digest
  of the code (cms/caching/fragments.py), so that a release never reads the previous one's;
* the page's id and ``last_published_at`` (belt and braces: a publish bumps the
  generation anyway);
* the request's shape: listing or detail, ``type`` (the model serialized), ``fields``,
  ``rich_text_format``, scheme and host (URLs are absolute), the active language and
  the day (a body's upcoming events change with it).

What is *not* cached: which pages a request shows. Every request still runs the view's
visibility rules (live, public, the site's pages), filters, ordering and count, and looks
up only the pages that those rules let through: a page that became private or a draft
is not in that set, so its old entry can never be served. Previews never read or fill
this cache (:class:`cms.api.v2.endpoints.PagePreviewAPIViewSet` opts out, and so does any request
flagged as a preview), and neither does search, whose results carry their own order.

On only with a shared cache (``FRAGMENT_CACHE_SECONDS`` > 0, Redis): with per-process
memory, one worker would keep what another worker's publish had changed. Cache errors
never break a response: it is built without the cache.
"""

from __future__ import annotations

import hashlib
import logging
from typing import Any

from django.utils import timezone, translation

from cms.caching.fragments import (
    code_version,
    fragment_cache_seconds,
    read_many,
    request_generation,
)
from cms.caching.pages import shared_cache

logger = logging.getLogger(__name__)


class ItemCache:
    """Get and store the representations of pages for one request's shape."""

    def __init__(self, prefix: str, seconds: int):
        self.prefix = prefix
        self.seconds = seconds

    @classmethod
    def for_request(cls, request: Any, action: str) -> ItemCache | None:
        """The cache for this request, or None when it must not (or cannot) be used.

        Call it before the request reads any content: the generation is read here."""
        seconds = fragment_cache_seconds()
        if not seconds or getattr(request, "is_preview", False):
            return None
        # The request's generation, read once and shared with the fragments (visibility).
        generation = request_generation()
        if generation is None:
            return None
        try:
            host = request.get_host()
        except Exception:
            return None
        shape = "|".join(
            (
                action,
                request.GET.get("type", ""),
                request.GET.get("fields", ""),
                request.GET.get("rich_text_format", ""),
                request.scheme or "",
                host,
                translation.get_language() or "",
                # A body may list upcoming events, which change with the day.
                timezone.localdate().isoformat(),
            )
        )
        digest = hashlib.sha256(shape.encode("utf-8", "surrogateescape")).hexdigest()[:32]
        # The code's digest too: a release that changes a representation never reads
        # what the previous one stored under the same generation.
        return cls(f"apiitem:{code_version()}:{generation}:{digest}", seconds)

    def key(self, pk: int, last_published_at: Any) -> str:
        stamp = last_published_at.timestamp() if last_published_at is not None else ""
        return f"{self.prefix}:{pk}:{stamp}"

    def get_many(self, keys: list[str]) -> dict[str, Any]:
        if not keys:
            return {}
        try:
            return read_many(shared_cache(), keys)
        except Exception:
            logger.warning("API item cache unreachable; serializing.", exc_info=True)
            return {}

    def set_many(self, entries: dict[str, Any]) -> None:
        if not entries:
            return
        try:
            shared_cache().set_many(
                {key: plain(value) for key, value in entries.items()}, timeout=self.seconds
            )
        except Exception:
            logger.warning("Could not store API items in the cache.", exc_info=True)


def plain(value: Any) -> Any:
    """DRF's OrderedDicts as plain dicts (which keep their order): a page's
    representation is read back for every request that shows it, and an OrderedDict
    unpickles several times slower than a dict."""
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [plain(item) for item in value]
    return value
