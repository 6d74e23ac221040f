"""What the caches listen to: content changes bump the tags they reach; requests get a budget."""

from __future__ import annotations

from cms.caching import invalidation, resilient


def connect() -> None:
    # Connected here rather than per request so that commands (publish_scheduled) invalidate too.
    invalidation.connect_signals()
    resilient.connect_signals()
