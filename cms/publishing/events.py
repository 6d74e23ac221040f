"""The one place that reacts to content reaching or leaving the public.

Publish, unpublish, delete, move, and scheduled go-live or expiry (which Wagtail's
``publish_scheduled`` command performs through the same publish/unpublish signals)
each emit one event: the page's URLs in every locale and its API URLs are purged
from the frontend caches (when ``WAGTAILFRONTENDCACHE`` is configured), and signed
webhooks are queued. Nothing here can fail or slow the editor's action: errors are
logged, and deliveries run later in the task worker.

A release (cms/publishing/releases.py) publishes several pages as one change: inside
``held_publish_events()`` their publishes are collected instead of emitted, and the
release emits one event naming them all (``emit_many``).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.db import transaction
from django.db.models.signals import pre_delete
from django.utils import timezone
from wagtail.contrib.frontend_cache.utils import purge_pages_from_cache, purge_urls_from_cache
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, post_page_move

from cms.publishing.webhooks import enqueue_event

logger = logging.getLogger(__name__)

# The pages published inside held_publish_events(), or None when publishes emit at once.
_held: ContextVar[list[Page] | None] = ContextVar("cms_held_publish_events", default=None)


def event_payload(event: str, page: Page) -> dict:
    try:
        url = page.get_full_url()
    except Exception:
        url = None
    return {
        "event": event,
        "page_id": page.pk,
        "type": page.specific_class._meta.label if page.specific_class else "wagtailcore.Page",
        "locale": page.locale.language_code,
        "url": url,
        "timestamp": timezone.now().isoformat(),
    }


def purge(page: Page) -> None:
    if not getattr(settings, "WAGTAILFRONTENDCACHE", None):
        return
    try:
        translations = list(Page.objects.filter(translation_key=page.translation_key))
        purge_pages_from_cache(translations)
        base = settings.WAGTAILAPI_BASE_URL.rstrip("/")
        purge_urls_from_cache(
            [f"{base}/api/v2/pages/{p.pk}/" for p in translations]
            + [f"{base}/api/v3/pages/{p.pk}/" for p in translations]
            + [f"{base}/api/v2/pages/", f"{base}/api/v3/pages/"]
        )
    except Exception:
        logger.exception("Frontend cache purge failed for page %s", page.pk)


def emit(event: str, page: Page) -> None:
    payload = event_payload(event, page)
    purge(page)

    def queue() -> None:
        try:
            enqueue_event(payload)
        except Exception:
            logger.exception("Could not queue the %s webhooks of page %s", event, page.pk)

    transaction.on_commit(queue)


@contextmanager
def held_publish_events() -> Iterator[list[Page]]:
    """Collect the pages published inside instead of emitting one event each."""
    pages: list[Page] = []
    token = _held.set(pages)
    try:
        yield pages
    finally:
        _held.reset(token)


def emit_many(event: str, pages: list[Page], **extra: object) -> None:
    """One event for several pages (a release): every page purged, one webhook payload
    listing each page with its locale, queued after commit like emit()'s."""
    items = [event_payload(event, page) for page in pages]
    for page in pages:
        purge(page)
    payload = {
        "event": event,
        "pages": [
            {key: item[key] for key in ("page_id", "type", "locale", "url")} for item in items
        ],
        "locales": sorted({item["locale"] for item in items}),
        "timestamp": timezone.now().isoformat(),
        **extra,
    }

    def queue() -> None:
        try:
            enqueue_event(payload)
        except Exception:
            logger.exception("Could not queue the %s webhooks", event)

    transaction.on_commit(queue)


def on_published(sender, instance: Page, **kwargs) -> None:
    held = _held.get()
    if held is not None:
        held.append(instance)
        return
    emit("page.published", instance)


def on_unpublished(sender, instance: Page, **kwargs) -> None:
    emit("page.unpublished", instance)


def on_moved(sender, instance: Page, **kwargs) -> None:
    if kwargs.get("url_path_before") != kwargs.get("url_path_after") and instance.live:
        emit("page.moved", instance)


def on_deleted(sender, instance, **kwargs) -> None:
    if isinstance(instance, Page) and type(instance) is Page and instance.live:
        emit("page.deleted", instance)


def connect_signals() -> None:
    """Publish, unpublish, move and delete of a live page each emit one event."""
    page_published.connect(on_published, dispatch_uid="publish-events-published")
    page_unpublished.connect(on_unpublished, dispatch_uid="publish-events-unpublished")
    post_page_move.connect(on_moved, dispatch_uid="publish-events-moved")
    pre_delete.connect(on_deleted, dispatch_uid="publish-events-deleted")
