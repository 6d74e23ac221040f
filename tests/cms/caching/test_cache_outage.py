"""Issue #22 items 1 and 5: a Redis that hangs or goes away costs pages one short
timeout, not a minute, and logs one line, not a traceback per call.

Real servers, no mocks: a socket server of our own that accepts connections and never
answers (what an overloaded Redis, a long fork or a network partition looks like), and
a real ``redis-server`` on a free port for the "gone", "paused" and recovery cases.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import signal
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.core.cache import caches
from django.core.exceptions import ImproperlyConfigured
from django.test import Client, override_settings
from wagtail.models import Page

from articles.models import ArticleIndexPage, ArticlePage, SeminarReportPage
from cms.caching import resilient
from cms.caching.fragments import plain_django_redis, read_many
from cms.caching.resilient import breaker_for
from cms.settings.env import env_seconds
from participants.models import (
    JoinPage,
    MembershipApplication,
    ParticipantIndexPage,
    ParticipantPage,
)
from tests.cms.test_settings import run_manage
from tests.participants.test_join import VALID
from tests.shared_data import load_demo, rolled_back

pytestmark = [pytest.mark.resilience, pytest.mark.django_db]

TIMEOUT = 0.25  # the production default of CACHE_TIMEOUT_SECONDS
PAGE_BUDGET = 2.0  # seconds: a functional bound, not a benchmark


def outage_caches(location: str, breaker_seconds: float) -> dict:
    """CACHES as cms/settings/base.py builds them for REDIS_URL=location."""
    options = {
        "SOCKET_CONNECT_TIMEOUT": TIMEOUT,
        "SOCKET_TIMEOUT": TIMEOUT,
        "BREAKER_SECONDS": breaker_seconds,
    }
    return {
        "default": {
            "BACKEND": "cms.caching.resilient.ResilientRedisCache",
            "LOCATION": location,
            "KEY_PREFIX": "outage-test",
            "OPTIONS": options,
        },
        "renditions": {
            "BACKEND": "cms.caching.resilient.ResilientRedisCache",
            "LOCATION": location,
            "KEY_PREFIX": "outage-test-renditions",
            "OPTIONS": options,
        },
    }


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class HungRedis:
    """Accepts every connection and never answers: each attempt is one connection."""

    server: socket.socket
    connections: list[socket.socket] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.server.getsockname()[1]}/0"

    @property
    def attempts(self) -> int:
        return len(self.connections)

    def serve(self) -> None:
        while True:
            try:
                accepted, _address = self.server.accept()
            except OSError:
                return  # closed by the fixture
            self.connections.append(accepted)


@pytest.fixture
def hung_redis() -> Iterator[HungRedis]:
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(128)
    hung = HungRedis(server)
    # The system may hand this port out again: an earlier test's breaker for the same
    # address (open for 60 s) or a request budget left spent would skip the first call.
    resilient._breakers.clear()
    resilient._end_request()
    thread = threading.Thread(target=hung.serve, daemon=True)
    thread.start()
    try:
        yield hung
    finally:
        # close() alone does not wake a thread blocked in accept() on Linux; shutdown does.
        with contextlib.suppress(OSError):
            server.shutdown(socket.SHUT_RDWR)
        server.close()
        for accepted in hung.connections:
            accepted.close()
        thread.join(timeout=5)


@dataclass
class RealRedis:
    port: int
    directory: Path
    process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        binary = shutil.which("redis-server")
        assert binary, "redis-server is not installed (apt-get install -y redis-server)"
        self.process = subprocess.Popen(
            [
                *(binary, "--bind", "127.0.0.1", "--port", str(self.port), "--save", ""),
                *("--appendonly", "no", "--dir", str(self.directory), "--daemonize", "no"),
            ],
            stdout=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", self.port)) == 0:
                    return
            time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self) -> None:
        if self.process is not None:
            if self.process.poll() is None:
                os.kill(self.process.pid, signal.SIGCONT)
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None

    def pause(self) -> None:
        assert self.process is not None
        os.kill(self.process.pid, signal.SIGSTOP)

    def resume(self) -> None:
        assert self.process is not None
        os.kill(self.process.pid, signal.SIGCONT)


@pytest.fixture
def real_redis(tmp_path) -> Iterator[RealRedis]:
    if shutil.which("redis-server") is None:
        pytest.skip("redis-server is not installed (apt-get install -y redis-server)")
    redis = RealRedis(port=free_port(), directory=tmp_path)
    redis.start()
    try:
        yield redis
    finally:
        redis.stop()


def build_paths() -> dict[str, str]:
    load_demo()
    english = {"locale__language_code": "en"}
    article = ArticlePage.objects.live().filter(**english).exact_type(ArticlePage).first()
    return {
        "home": "/en/",
        "news list": ArticleIndexPage.objects.live().filter(**english).first().url,
        "article": article.url,
        "seminar report": SeminarReportPage.objects.live().filter(**english).first().url,
        "participant index": ParticipantIndexPage.objects.live().filter(**english).first().url,
        "participant profile": ParticipantPage.objects.live().filter(**english).first().url,
        "search": "/en/search/?q=roma",
        "API v2 list": "/api/v2/pages/?type=articles.ArticlePage&fields=*&limit=20",
        "API v2 detail": f"/api/v2/pages/{article.pk}/",
        "API v3 list": "/api/v3/pages/?type=articles.ArticlePage&limit=20",
        "join form": JoinPage.objects.live().filter(**english).first().url,
    }


@pytest.fixture(scope="module")
def paths(django_db_setup, django_db_blocker) -> Iterator[dict[str, str]]:
    yield from rolled_back(django_db_blocker, build_paths)


@pytest.fixture
def caching_on(settings):
    """The page and fragment caches on, as in production with REDIS_URL."""
    settings.PAGE_CACHE_SECONDS = 600
    settings.FRAGMENT_CACHE_SECONDS = 600


def timed_get(client: Client, path: str) -> tuple[int, float, object]:
    start = time.monotonic()
    response = client.get(path)
    return response.status_code, time.monotonic() - start, response


def test_every_page_type_renders_in_time_with_at_most_one_timeout_each(
    paths, caching_on, hung_redis: HungRedis
):
    # Rendered once with the suite's healthy in-memory cache first: the first view of
    # a page makes its image renditions, a cost that has nothing to do with Redis.
    for path in paths.values():
        assert Client().get(path).status_code == 200, path
    # The breaker's period is 0: every request is let through to the hung server, so
    # what limits it to one timeout is the per-request budget, not the breaker.
    with override_settings(CACHES=outage_caches(hung_redis.url, breaker_seconds=0)):
        client = Client()
        for name, path in paths.items():
            before = hung_redis.attempts
            status, elapsed, _response = timed_get(client, path)
            assert status == 200, (name, path)
            assert elapsed < PAGE_BUDGET, f"{name} took {elapsed:.2f} s with a hung cache"
            assert hung_redis.attempts - before <= 1, f"{name}: more than one cache timeout"


def test_the_breaker_opens_at_the_first_failure_and_logs_one_line(
    paths, caching_on, hung_redis: HungRedis, caplog
):
    caplog.set_level(logging.INFO)
    with override_settings(CACHES=outage_caches(hung_redis.url, breaker_seconds=60)):
        client = Client()
        status, elapsed, _response = timed_get(client, paths["home"])
        assert status == 200 and elapsed < PAGE_BUDGET
        assert hung_redis.attempts == 1
        breaker = caches["default"].breaker
        assert breaker.is_open and breaker.trips == 1
        # While it is open, no page asks the hung server anything.
        start = time.monotonic()
        for path in paths.values():
            assert client.get(path).status_code == 200, path
        assert hung_redis.attempts == 1
        assert time.monotonic() - start < PAGE_BUDGET * len(paths)
    warnings = [record for record in caplog.records if record.levelno >= logging.WARNING]
    assert [record.name for record in warnings] == ["cms.caching.resilient"]
    assert "unreachable" in warnings[0].getMessage()
    assert all(record.exc_info is None for record in caplog.records), "a traceback was logged"


def test_a_page_asks_an_unreachable_cache_a_handful_of_times(
    paths, caching_on, hung_redis: HungRedis
):
    # The generation is remembered for the request even when it could not be read:
    # the home page asked for it 16 times (54 cache calls) when the cache was down.
    with override_settings(CACHES=outage_caches(hung_redis.url, breaker_seconds=60)):
        client = Client()
        client.get(paths["home"])  # opens the breaker
        breaker = caches["default"].breaker
        before = breaker.skipped
        assert client.get(paths["home"]).status_code == 200
        assert breaker.skipped - before <= 8  # every alias on that Redis counted


def test_every_cache_call_answers_at_once_and_never_raises(hung_redis: HungRedis):
    with override_settings(CACHES=outage_caches(hung_redis.url, breaker_seconds=60)):
        cache = caches["default"]
        start = time.monotonic()
        assert cache.get("key", "default") == "default"
        assert cache.get_many(["a", "b"]) == {}
        assert cache.set("key", 1) is False
        assert cache.add("key", 1) is False
        assert cache.set_many({"a": 1}) == ["a"]
        assert cache.incr("counter", 3) is None  # "not counted": limits count per process
        assert cache.delete("key") is False
        assert cache.has_key("key") is False
        assert cache.get_or_set("key", lambda: "computed") == "computed"
        cache.delete_many(["a"])
        cache.clear()
        cache.close()
        assert time.monotonic() - start < 2 * TIMEOUT + 0.5
        assert hung_redis.attempts == 1


def test_the_fragment_cache_bulk_read_goes_through_the_breaker(hung_redis: HungRedis):
    with override_settings(CACHES=outage_caches(hung_redis.url, breaker_seconds=60)):
        cache = caches["default"]
        assert plain_django_redis(cache.client)  # the fast path, past django-redis
        start = time.monotonic()
        assert read_many(cache, ["a", "b"]) == {}
        assert read_many(cache, ["a", "b"]) == {}
        assert time.monotonic() - start < TIMEOUT + 0.5
        assert hung_redis.attempts == 1
        assert cache.breaker.is_open


def test_readyz_says_degraded_with_a_hung_cache(hung_redis: HungRedis):
    with override_settings(CACHES=outage_caches(hung_redis.url, breaker_seconds=60)):
        client = Client()
        for _ in range(2):  # the first probe trips the breaker, the second is skipped
            start = time.monotonic()
            response = client.get("/readyz")
            assert time.monotonic() - start < 1
            assert response.status_code == 200
            body = response.json()
            assert body["status"] == "degraded"
            assert body["checks"]["database"] == "ok"
            assert body["checks"]["cache"].startswith("unavailable")
        assert hung_redis.attempts == 1


def test_cache_gone_then_back_pages_are_cached_again(
    paths, caching_on, real_redis: RealRedis, caplog
):
    caplog.set_level(logging.INFO)
    with override_settings(CACHES=outage_caches(real_redis.url, breaker_seconds=0.5)):
        client = Client()
        assert client.get("/readyz").json()["status"] == "ok"
        assert client.get(paths["home"])["X-Page-Cache"] == "miss"
        assert client.get(paths["home"])["X-Page-Cache"] == "hit"

        real_redis.stop()  # gone: connections refused
        for path in (paths["home"], paths["news list"], paths["API v2 list"]):
            status, elapsed, response = timed_get(client, path)
            assert status == 200 and elapsed < PAGE_BUDGET
            assert "X-Page-Cache" not in response  # rendered, not stored
        assert client.get("/readyz").json()["status"] == "degraded"
        breaker = caches["default"].breaker
        assert breaker.is_open

        real_redis.start()  # back, empty
        time.sleep(0.6)  # the breaker's period: the next call is a probe
        assert client.get(paths["home"])["X-Page-Cache"] == "miss"
        assert not breaker.is_open
        assert client.get(paths["home"])["X-Page-Cache"] == "hit"
        assert client.get("/readyz").json()["status"] == "ok"
    messages = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert len([m for m in messages if "unreachable" in m]) == 1, messages
    assert len([m for m in messages if "answers again" in m]) == 1, messages
    assert breaker.trips == 1


def test_a_change_published_while_redis_hangs_shows_once_it_answers(
    paths, caching_on, real_redis: RealRedis, django_capture_on_commit_callbacks
):
    # Redis paused keeps its data: the old home page would come back after the pause
    # unless the generation bump that failed during it is made once Redis answers.
    with override_settings(CACHES=outage_caches(real_redis.url, breaker_seconds=0.5)):
        client = Client()
        assert client.get(paths["home"])["X-Page-Cache"] == "miss"
        assert client.get(paths["home"])["X-Page-Cache"] == "hit"

        real_redis.pause()
        try:
            home = Page.objects.get(url_path="/home/").specific
            home.title = "Published while Redis hung"
            with django_capture_on_commit_callbacks(execute=True):
                home.save_revision().publish()
            response = client.get(paths["home"])
            assert response.status_code == 200
            assert "Published while Redis hung" in response.content.decode()
        finally:
            real_redis.resume()

        time.sleep(0.6)
        response = client.get(paths["home"])
        assert "Published while Redis hung" in response.content.decode()
        assert response["X-Page-Cache"] == "miss"
        assert client.get(paths["home"])["X-Page-Cache"] == "hit"


APPLICATION = VALID  # the join form test's valid application


def test_the_join_form_still_limits_while_the_cache_hangs(paths, settings, hung_redis: HungRedis):
    # A skipped incr answers None ("not counted"), not a number: the rate limit then
    # counts in the process instead of letting every submission through.
    settings.JOIN_RATE_LIMIT = 2
    client = Client(REMOTE_ADDR="203.0.113.77")
    with override_settings(CACHES=outage_caches(hung_redis.url, breaker_seconds=60)):
        for n in range(2):
            start = time.monotonic()
            response = client.post(paths["join form"], {**APPLICATION, "email": f"a{n}@x.org"})
            assert response.status_code == 302
            assert time.monotonic() - start < PAGE_BUDGET
        assert client.post(paths["join form"], APPLICATION).status_code == 429
    assert MembershipApplication.objects.filter(email__endswith="@x.org").count() == 2
    assert hung_redis.attempts == 1


def test_incr_of_a_missing_key_still_raises_value_error(real_redis: RealRedis):
    # Django's contract, which the rate limits and the generation bump rely on.
    with override_settings(CACHES=outage_caches(real_redis.url, breaker_seconds=60)):
        cache = caches["default"]
        with pytest.raises(ValueError):
            cache.incr("never-set")
        assert not cache.breaker.is_open


@pytest.mark.parametrize("raw", ["abc", "0", "-1", "60", "nan", "0,25"])
def test_bad_cache_timeouts_are_refused_with_the_variables_name(raw: str):
    with pytest.raises(ImproperlyConfigured, match="CACHE_TIMEOUT_SECONDS"):
        env_seconds(
            "CACHE_TIMEOUT_SECONDS",
            0.25,
            minimum=0.01,
            maximum=5,
            environ={"CACHE_TIMEOUT_SECONDS": raw},
        )


def test_production_start_up_names_a_malformed_cache_setting():
    result = run_manage(
        "check",
        DJANGO_SETTINGS_MODULE="cms.settings.production",
        SECRET_KEY="x" * 60,
        ALLOWED_HOSTS="example.org",
        WAGTAILADMIN_BASE_URL="https://example.org",
        REDIS_URL="redis://127.0.0.1:1/0",
        CACHE_BREAKER_SECONDS="soon",
    )
    assert result.returncode != 0
    assert "CACHE_BREAKER_SECONDS" in result.stderr
    assert "Traceback" not in result.stderr


def test_the_breaker_is_per_server_and_hides_credentials():
    breaker = breaker_for("redis://user:secret@127.0.0.1:1/3", 5)
    assert "secret" not in breaker.name
    assert breaker is breaker_for("redis://user:secret@127.0.0.1:1/3", 5)
    assert breaker is not breaker_for("redis://127.0.0.1:2/3", 5)
