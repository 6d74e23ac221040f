"""Facts about a request that middleware of several packages need to agree on."""

from __future__ import annotations

from contextvars import ContextVar

from django.conf import settings

# Set when something on the current request could not be rendered in full (an image
# whose rendition the storage refused to keep): the visitor gets the page without it,
# and no cache may keep that lesser copy. Reset at the start of every request
# (cms.caching.fragments.start_request, called by PageCacheMiddleware).
_incomplete: ContextVar[bool] = ContextVar("cms_request_incomplete", default=False)


def admin_prefix() -> str:
    """Where the Wagtail admin is mounted: never cached, and framed under its own policy."""
    return getattr(settings, "PAGE_CACHE_ADMIN_PREFIX", "/admin/")


def mark_incomplete() -> None:
    """This request's answer lacks something it would normally hold: do not cache it."""
    _incomplete.set(True)


def is_incomplete() -> bool:
    return _incomplete.get()


def start_complete() -> None:
    """A new request: nothing is missing yet."""
    _incomplete.set(False)
