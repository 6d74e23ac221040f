"""What the caches listen to: content changes bump the generation; requests get a budget."""

from __future__ import annotations

from cms.caching import pages, resilient


def connect() -> None:
    # Connected here rather than per request so that commands (publish_scheduled) invalidate too.
    pages.connect_signals()
    resilient.connect_signals()
