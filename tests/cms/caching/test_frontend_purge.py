"""A publish purges the front cache (nginx, a CDN) of every page it reaches.

See cms/caching/frontend.py.

Production shape: the page cache in a real Redis, which also holds the purge index, and
Wagtail's HTTPBackend pointed at a real HTTP endpoint that records the PURGE requests it
receives, as nginx's purge location would get them. The bench (bench/run.sh, "nginx
proxy_cache") checks the same through nginx itself.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.cache import caches
from django.test import Client

from tests.articles.factories import ArticleIndexPageFactory, ArticlePageFactory
from tests.cms.caching.test_cache_outage import outage_caches, real_redis  # noqa: F401
from tests.home.factories import StandardPageFactory

pytestmark = pytest.mark.django_db

HOME, NEWS, ONE, TWO, ABOUT = "/en/", "/en/news/", "/en/news/one/", "/en/news/two/", "/en/about/"


class PurgeRecorder(BaseHTTPRequestHandler):
    """Answers PURGE as nginx's cache-purge module does, keeping (host, path)."""

    received: list[tuple[str, str]]

    def do_PURGE(self) -> None:
        self.received.append((self.headers.get("Host", ""), self.path))
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def purge_endpoint() -> Iterator[tuple[str, list[tuple[str, str]]]]:
    received: list[tuple[str, str]] = []
    handler = type("Handler", (PurgeRecorder,), {"received": received})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}", received
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture
def production_shape(settings, real_redis, purge_endpoint):  # noqa: F811
    settings.CACHES = outage_caches(real_redis.url, breaker_seconds=5)
    settings.PAGE_CACHE_SECONDS = 60
    settings.FRAGMENT_CACHE_SECONDS = 600
    settings.WAGTAILFRONTENDCACHE = {
        "default": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": purge_endpoint[0],
        }
    }
    caches["default"].clear()
    yield purge_endpoint[1]
    caches["default"].clear()


def test_a_publish_purges_the_page_and_the_lists_showing_it_and_nothing_unrelated(
    production_shape, home_en, django_capture_on_commit_callbacks
):
    received = production_shape
    with django_capture_on_commit_callbacks(execute=True):
        news = ArticleIndexPageFactory(parent=home_en, slug="news", show_in_menus=True)
        one = ArticlePageFactory(parent=news, title="One", slug="one")
        ArticlePageFactory(parent=news, title="Two", slug="two")
        StandardPageFactory(parent=home_en, title="About the Alliance", slug="about")
    client = Client()
    for path in (HOME, NEWS, ONE, TWO, ABOUT):
        assert client.get(path).status_code == 200, path
    received.clear()

    one = type(one).objects.get(pk=one.pk)
    one.title = "One, revised"
    with django_capture_on_commit_callbacks(execute=True):
        one.save_revision().publish()

    purged = {path for _host, path in received}
    # The article, the news list and the home page's latest news: the next visitor
    # through the front cache gets them from the app, which renders them anew.
    assert {ONE, NEWS, HOME} <= purged
    assert {host for host, _path in received} == {"testserver"}
    # Unrelated pages stay in the front cache, as they stay in ours.
    assert TWO not in purged and ABOUT not in purged
    assert client.get(ONE).content.count(b"One, revised") >= 1


@pytest.fixture
def silent_front_cache() -> Iterator[str]:
    """A front cache that accepts connections and never answers (a hung nginx)."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen(64)
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    finally:
        listener.close()


def test_a_front_cache_that_never_answers_costs_the_publish_a_timeout_not_the_publish(
    settings, silent_front_cache, home_en, django_capture_on_commit_callbacks, caplog
):
    settings.FRONTEND_CACHE_PURGE_TIMEOUT = 0.5
    settings.WAGTAILFRONTENDCACHE = {
        "default": {
            "BACKEND": "cms.caching.purge_backend.TimedHTTPBackend",
            "LOCATION": silent_front_cache,
        }
    }
    news = ArticleIndexPageFactory(parent=home_en, slug="news")
    article = ArticlePageFactory(parent=news, title="One", slug="one")
    article.title = "One, revised"
    started = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True):
        article.save_revision().publish()
    elapsed = time.monotonic() - started
    article.refresh_from_db()
    assert article.live and article.title == "One, revised"
    assert Client().get("/en/news/one/").status_code == 200
    assert "Couldn't purge" in caplog.text and "timed out" in caplog.text
    # Each address waits at most the timeout (a few addresses per publish), not forever.
    assert elapsed < 30
