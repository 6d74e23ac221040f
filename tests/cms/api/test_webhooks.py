"""Publish events: signed webhooks queued in the database, delivered by the worker,
retried with backoff and logged; a receiver that is down never slows a publish."""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.contrib.auth.models import Group, User
from django_tasks_db.models import DBTaskResult

from cms.publishing.models import WebhookDelivery, WebhookEndpoint
from cms.workflow.roles import EDITORS, REVIEWERS, sync_roles
from tests.cms.api.factories import ArticleFactory

pytestmark = pytest.mark.django_db


class Receiver:
    def __init__(self, status: int = 200):
        received = self.received = []

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                received.append((dict(self.headers), body))
                self.send_response(status)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = HTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()


def run_worker():
    """What ``manage.py db_worker --backend webhooks`` does for each due task (the
    command itself opens durable transactions, which a test transaction forbids)."""
    for result in DBTaskResult.objects.ready():
        result.claim("test-worker")
        args = result.args_kwargs
        result.set_successful(result.task.func(*args["args"], **args["kwargs"]))


def test_publish_sends_a_signed_webhook(site, django_capture_on_commit_callbacks):
    receiver = Receiver()
    WebhookEndpoint.objects.create(name="Front end", url=receiver.url, secret="s3cret")
    page = ArticleFactory(parent=site.news_en, slug="fresh", live=False)
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    run_worker()
    receiver.close()
    assert len(receiver.received) == 1
    headers, body = receiver.received[0]
    expected = "sha256=" + hmac.new(b"s3cret", body, hashlib.sha256).hexdigest()
    assert headers["X-Alliance-Signature"] == expected
    payload = json.loads(body)
    assert payload["event"] == "page.published"
    assert (payload["page_id"], payload["type"], payload["locale"]) == (
        page.pk,
        "articles.ArticlePage",
        "en",
    )
    assert payload["url"].endswith("/en/news/fresh/")
    assert payload["timestamp"]
    delivery = WebhookDelivery.objects.get()
    assert (delivery.succeeded, delivery.status_code, delivery.attempt) == (True, 200, 1)


def test_unpublish_and_delete_emit_events(site, django_capture_on_commit_callbacks):
    receiver = Receiver()
    WebhookEndpoint.objects.create(name="Front end", url=receiver.url, secret="k")
    with django_capture_on_commit_callbacks(execute=True):
        site.article.unpublish()
        site.report.delete()
    run_worker()
    receiver.close()
    events = {(p["event"], p["page_id"]) for p in (json.loads(b) for _h, b in receiver.received)}
    # The French alias of the article follows its source: it is unpublished as well.
    assert ("page.unpublished", site.article.pk) in events
    assert ("page.unpublished", site.alias_fr.pk) in events
    assert ("page.deleted", site.report.pk) in events
    assert len(events) == len(receiver.received)  # one event per page and action


def test_receiver_down_is_logged_retried_later_and_never_blocks(
    site, django_capture_on_commit_callbacks
):
    receiver = Receiver()
    url = receiver.url
    receiver.close()
    receiver.server.server_close()  # nothing listens any more
    WebhookEndpoint.objects.create(name="Down", url=url, secret="k")
    page = ArticleFactory(parent=site.news_en, slug="while-down", live=False)
    started = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    assert time.monotonic() - started < 2
    run_worker()
    failed = WebhookDelivery.objects.get()
    assert not failed.succeeded and failed.error and failed.attempt == 1
    retry = DBTaskResult.objects.filter(status="READY").get()
    assert retry.args_kwargs["args"][2] == 2  # the second attempt
    assert retry.run_after is not None


def test_webhook_admin_is_for_administrators_only(client, site):
    sync_roles()
    for role in (EDITORS, REVIEWERS):
        user = User.objects.create_user(f"w-{role}", password="x")
        user.groups.add(Group.objects.get(name=role))
        client.force_login(user)
        assert client.get("/admin/snippets/cms/webhookendpoint/").status_code in (302, 403)
    client.force_login(User.objects.create_superuser("w-admin", password="x"))
    assert client.get("/admin/snippets/cms/webhookendpoint/").status_code == 200
    assert client.get("/admin/snippets/cms/webhookdelivery/").status_code == 200
