"""What reacts to content reaching or leaving the public, connected at start-up."""

from __future__ import annotations

from cms.publishing import events, privacy, releases, section_signals


def connect() -> None:
    privacy.connect_signals()  # a page's view restrictions also cover its aliases
    events.connect_signals()  # frontend-cache purge and signed webhooks
    releases.connect()  # approved pages of a release wait for their languages (REQUIRED_LANGUAGES)
    section_signals.connect()  # the sitemap sections' sizes (cms/publishing/sections.py)
