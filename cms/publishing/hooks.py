"""Admin hooks of publishing: webhook endpoints and their delivery log, in Settings; the
state of held releases in page listings and headers, their override and history."""

from __future__ import annotations

from wagtail import hooks
from wagtail.snippets.models import register_snippet

from cms.publishing import release_admin
from cms.publishing.webhooks import WebhookDeliveryViewSet, WebhookEndpointViewSet

register_snippet(WebhookEndpointViewSet)
register_snippet(WebhookDeliveryViewSet)
hooks.register("register_admin_urls", release_admin.register_release_urls)
hooks.register("register_page_listing_buttons", release_admin.listing_buttons)
hooks.register("register_page_header_buttons", release_admin.header_buttons)
hooks.register("register_log_actions", release_admin.register_release_log_actions)
