"""Signed webhook deliveries, run by the database task queue outside the request.

A receiver checks ``X-Alliance-Signature: sha256=<hex>``, the HMAC-SHA256 of the raw
body with the endpoint's secret. A failed attempt is logged and retried later with
exponential backoff (30 s, 60 s, 120 s, …) up to ``WEBHOOK_MAX_ATTEMPTS``.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import json

import requests
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_tasks import task
from wagtail.snippets.views.snippets import SnippetViewSet

from cms.publishing.models import WebhookDelivery, WebhookEndpoint

BACKOFF_SECONDS = 30


def sign(secret: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def enqueue_event(payload: dict) -> None:
    for endpoint_id in WebhookEndpoint.objects.filter(active=True).values_list("pk", flat=True):
        deliver_webhook.enqueue(endpoint_id, payload, 1)


@task(backend="webhooks", queue_name="webhooks")
def deliver_webhook(endpoint_id: int, payload: dict, attempt: int) -> bool:
    endpoint = WebhookEndpoint.objects.filter(pk=endpoint_id, active=True).first()
    if endpoint is None:
        return False
    body = json.dumps(payload, sort_keys=True).encode()
    log = WebhookDelivery(
        endpoint=endpoint, event=payload["event"], payload=payload, attempt=attempt
    )
    try:
        response = requests.post(
            endpoint.url,
            data=body,
            headers={
                "Content-Type": "application/json",
                "X-Alliance-Event": payload["event"],
                "X-Alliance-Signature": sign(endpoint.secret, body),
            },
            timeout=settings.WEBHOOK_TIMEOUT_SECONDS,
        )
        log.status_code = response.status_code
        log.succeeded = 200 <= response.status_code < 300
        if not log.succeeded:
            log.error = response.text[:1000]
    except requests.RequestException as error:
        log.error = str(error)[:1000]
    log.save()
    if not log.succeeded and attempt < settings.WEBHOOK_MAX_ATTEMPTS:
        delay = datetime.timedelta(seconds=BACKOFF_SECONDS * 2 ** (attempt - 1))
        deliver_webhook.using(run_after=timezone.now() + delay).enqueue(
            endpoint_id, payload, attempt + 1
        )
    return log.succeeded


class WebhookEndpointViewSet(SnippetViewSet):
    model = WebhookEndpoint
    icon = "link-external"
    menu_label = _("Webhooks")
    add_to_settings_menu = True
    list_display = ["name", "url", "active"]


class WebhookDeliveryViewSet(SnippetViewSet):
    model = WebhookDelivery
    icon = "history"
    menu_label = _("Webhook deliveries")
    add_to_settings_menu = True
    list_display = ["created_at", "endpoint", "event", "attempt", "status_code", "succeeded"]
    list_filter = ["succeeded", "endpoint"]
    inspect_view_enabled = True
