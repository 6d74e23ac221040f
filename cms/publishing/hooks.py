"""Admin hooks of publishing: webhook endpoints and their delivery log, in Settings."""

from __future__ import annotations

from wagtail.snippets.models import register_snippet

from cms.publishing.webhooks import WebhookDeliveryViewSet, WebhookEndpointViewSet

register_snippet(WebhookEndpointViewSet)
register_snippet(WebhookDeliveryViewSet)
