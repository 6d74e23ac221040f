"""Facts about a request that middleware of several packages need to agree on."""

from __future__ import annotations

from django.conf import settings


def admin_prefix() -> str:
    """Where the Wagtail admin is mounted: never cached, and framed under its own policy."""
    return getattr(settings, "PAGE_CACHE_ADMIN_PREFIX", "/admin/")
