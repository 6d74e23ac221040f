"""Outgrowing one machine is configuration (issue #9; README.md, "Deployment and scaling").

Each setting of the scale-out table is exercised against a real counterpart that this
machine can run: a second database connection mirroring PostgreSQL (the read replica),
an HTTP server receiving Wagtail's PURGE requests (the CDN), moto's S3 server (the media
bucket) and two live servers sharing the database (the load-balanced app servers).
A misrouted read, a missing purge or an upload left on one server's disk is what a
visitor would notice: a stale page, an image that 404s on the other server.
"""

from __future__ import annotations

import json
import shutil
import socket
import threading
import uuid
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
import requests
from django.contrib.auth import get_user_model
from django.db import connections, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from pytest_django.live_server_helper import LiveServer
from wagtail.contrib.frontend_cache.signal_handlers import (
    page_published_signal_handler,
    page_unpublished_signal_handler,
)
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished

from tests.cms.test_settings import run_manage
from tests.home.factories import StandardPageFactory
from tests.shared_data import (
    bilingual_home,
    clear_caches,
    database_key,
    forget_cached_lookups,
    migrated_snapshots,
)

PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "cms.settings.production",
    "SECRET_KEY": "k" * 60,
    "ALLOWED_HOSTS": "localhost,alliance.example.org",
    "WAGTAILADMIN_BASE_URL": "https://alliance.example.org",
}


def build_site() -> dict[str, Page]:
    """The migrated site (put back if an earlier transactional test flushed it), in
    English and French, with one published page."""
    migrated = migrated_snapshots.get(database_key())
    if migrated is not None:
        migrated.restore()
        forget_cached_lookups()
    home_en, home_fr = bilingual_home()
    about = StandardPageFactory(parent=home_en, title="About the Alliance", slug="about")
    about.save_revision().publish()
    return {"home_en": home_en, "home_fr": home_fr, "about": about}


@pytest.fixture
def site(django_db_blocker) -> Iterator[dict[str, Page]]:
    """The site, committed in the `django_db(transaction=True)` tests, where the
    replica's connection and the live servers must see it (the flush after each such
    test removes it), rolled back in the others."""
    clear_caches()
    yield build_site()
    clear_caches()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# --- Read replica -------------------------------------------------------------------


@pytest.fixture(scope="module", autouse=True)
def replica_alias(django_db_setup) -> Iterator[None]:
    """A `replica` alias as production.py builds it from DATABASE_REPLICA_URL: another
    connection (another socket on PostgreSQL) to the test database, marked as a test
    mirror of the primary. Added to the connection handler for this module only (the
    suite's settings have one database), before pytest-django checks the aliases that
    a test's `django_db(databases=...)` names."""
    primary = connections["default"].settings_dict
    replica = {**primary, "TEST": {**primary["TEST"], "MIRROR": "default"}}
    if primary["ENGINE"] == "django.db.backends.postgresql":
        # Read-only, as a streaming replica (hot standby) is: a write sent to it fails.
        options = {**primary.get("OPTIONS", {}), "options": "-c default_transaction_read_only=on"}
        replica["OPTIONS"] = options
    connections.settings["replica"] = replica
    try:
        yield
    finally:
        connections["replica"].close()
        del connections["replica"]
        del connections.settings["replica"]


@pytest.fixture
def replica(site, settings) -> Iterator[Any]:
    """The router on, with empty caches, so that every read reaches a database."""
    settings.DATABASE_ROUTERS = ["cms.ops.db_router.PrimaryReplicaRouter"]
    clear_caches()
    yield connections["replica"]
    clear_caches()


class Captured:
    """The SQL each alias ran during a block."""

    def __enter__(self) -> Captured:
        self.primary = CaptureQueriesContext(connections["default"])
        self.replica = CaptureQueriesContext(connections["replica"])
        self.primary.__enter__()
        self.replica.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        self.replica.__exit__(*exc)
        self.primary.__exit__(*exc)


@pytest.mark.django_db(transaction=True, databases=["default", "replica"])
def test_anonymous_page_and_api_reads_go_to_the_replica(site, replica):
    client = Client()
    # The first visit to a new site stores its settings row, a write (on the primary).
    client.get("/en/")
    with Captured() as page_queries:
        response = client.get("/en/about/")
    assert response.status_code == 200
    assert b"About the Alliance" in response.content
    assert len(page_queries.replica) > 0
    assert [query["sql"] for query in page_queries.primary] == []

    with Captured() as api_queries:
        response = client.get("/api/v2/pages/?type=home.StandardPage&fields=title")
    assert response.status_code == 200
    assert "About the Alliance" in [item["title"] for item in response.json()["items"]]
    assert len(api_queries.replica) > 0
    assert [query["sql"] for query in api_queries.primary] == []


@pytest.mark.django_db(transaction=True, databases=["default", "replica"])
def test_writes_and_reads_in_a_transaction_go_to_the_primary(site, replica):
    """Publishing and unpublishing write nothing to the replica: on PostgreSQL the
    replica connection is read-only, as a hot standby is, so a stray write fails here
    (Wagtail's `page.revisions.update(...)` did, before cms/ops/db_router.py kept revisions
    on the primary)."""
    home_en = site["home_en"]
    with Captured() as writes:
        page = StandardPageFactory(parent=home_en, title="Written", slug="written")
        page.save_revision().publish()
        page.title = "Written again"
        page.save_revision().publish()
        page.unpublish()
        page.save_revision().publish()
    sql = [query["sql"].upper() for query in writes.primary]
    assert any(statement.startswith("INSERT") for statement in sql)
    assert any(statement.startswith("UPDATE") for statement in sql)
    assert [
        query["sql"]
        for query in writes.replica
        if query["sql"].upper().startswith(("INSERT", "UPDATE", "DELETE"))
    ] == []

    # Code that writes then reads (publishing, the admin, forms) must see its own
    # writes despite replication lag: inside a transaction, reads stay on the primary.
    with Captured() as in_transaction, transaction.atomic():
        assert Page.objects.filter(slug="written").exists()
    assert len(in_transaction.primary) > 0
    assert len(in_transaction.replica) == 0

    with Captured() as outside:
        assert Page.objects.filter(slug="written").exists()
    assert (len(outside.primary), len(outside.replica)) == (0, 1)


@pytest.mark.django_db(transaction=True, databases=["default", "replica"])
def test_a_page_published_on_the_primary_is_served_from_the_replica(site, replica):
    client = Client()
    assert client.get("/en/news-from-vilnius/").status_code == 404
    page = StandardPageFactory(
        parent=site["home_en"], title="News from Vilnius", slug="news-from-vilnius"
    )
    page.save_revision().publish()
    with Captured() as reads:
        response = client.get("/en/news-from-vilnius/")
    assert response.status_code == 200
    assert b"News from Vilnius" in response.content
    assert len(reads.replica) > 0
    assert len(reads.primary) == 0


def production_settings(**env: str) -> dict[str, Any]:
    """The settings production.py builds from this environment, read in a fresh process."""
    script = (
        "import json; from django.conf import settings as s; print(json.dumps({"
        "'databases': s.DATABASES, 'routers': getattr(s, 'DATABASE_ROUTERS', []), "
        "'storages': s.STORAGES, 'apps': s.INSTALLED_APPS, "
        "'frontend_cache': getattr(s, 'WAGTAILFRONTENDCACHE', None), "
        "'aws': {k: getattr(s, k) for k in dir(s) if k.startswith('AWS_')}}, default=str))"
    )
    result = run_manage("shell", "-c", script, **{**PRODUCTION_ENV, **env})
    assert result.returncode == 0, result.stderr[-2000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_settings_build_every_scale_out_service_from_the_environment():
    built = production_settings(
        DATABASE_URL="postgres://alliance@db-primary.internal:5432/alliance",
        DATABASE_REPLICA_URL="postgres://alliance@db-replica.internal:5432/alliance",
        AWS_STORAGE_BUCKET_NAME="alliance-media",
        AWS_S3_ENDPOINT_URL="https://s3.example.org",
        AWS_S3_CUSTOM_DOMAIN="media.example.org",
        FRONTEND_CACHE_BACKEND="wagtail.contrib.frontend_cache.backends.HTTPBackend",
        FRONTEND_CACHE_LOCATION="http://varnish.internal:8080",
    )
    replica = built["databases"]["replica"]
    assert (replica["HOST"], replica["NAME"]) == ("db-replica.internal", "alliance")
    assert replica["TEST"]["MIRROR"] == "default"
    assert built["databases"]["default"]["HOST"] == "db-primary.internal"
    assert built["routers"] == ["cms.ops.db_router.PrimaryReplicaRouter"]
    assert built["storages"]["default"]["BACKEND"] == "storages.backends.s3.S3Storage"
    assert built["aws"]["AWS_STORAGE_BUCKET_NAME"] == "alliance-media"
    assert built["aws"]["AWS_S3_ENDPOINT_URL"] == "https://s3.example.org"
    assert built["aws"]["AWS_S3_CUSTOM_DOMAIN"] == "media.example.org"
    assert "wagtail.contrib.frontend_cache" in built["apps"]
    assert built["frontend_cache"] == {
        "default": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": "http://varnish.internal:8080",
        }
    }

    # One machine: none of it, and nothing routed anywhere else.
    single = production_settings()
    assert list(single["databases"]) == ["default"]
    assert single["routers"] == []
    assert single["storages"]["default"]["BACKEND"].endswith("FileSystemStorage")
    assert "wagtail.contrib.frontend_cache" not in single["apps"]


# --- CDN purge ----------------------------------------------------------------------


class PurgeRecorder:
    """A stand-in CDN (Varnish speaks the same protocol): an HTTP server that answers
    every PURGE with 200 and records the host and path it was asked to forget."""

    def __init__(self) -> None:
        self.purged: list[tuple[str, str]] = []
        recorder = self

        class Handler(BaseHTTPRequestHandler):
            def do_PURGE(self) -> None:
                recorder.purged.append((self.headers["Host"], self.path))
                self.send_response(200)
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.location = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def paths(self) -> set[str]:
        return {path for _host, path in self.purged}

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def cdn() -> Iterator[PurgeRecorder]:
    recorder = PurgeRecorder()
    yield recorder
    recorder.stop()


@pytest.fixture
def frontend_cache(cdn, settings) -> Iterator[PurgeRecorder]:
    """What adding wagtail.contrib.frontend_cache to INSTALLED_APPS does (its ready()
    connects these two handlers), without changing the app registry mid-run: the
    production wiring itself is tested end to end in a subprocess below."""
    settings.WAGTAILFRONTENDCACHE = {
        "default": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": cdn.location,
        }
    }
    page_published.connect(page_published_signal_handler)
    page_unpublished.connect(page_unpublished_signal_handler)
    try:
        yield cdn
    finally:
        page_published.disconnect(page_published_signal_handler)
        page_unpublished.disconnect(page_unpublished_signal_handler)


@pytest.mark.django_db
def test_publishing_and_unpublishing_purge_the_page_from_the_cdn(site, frontend_cache):
    page = StandardPageFactory(parent=site["home_en"], title="Seminar", slug="seminar")
    assert frontend_cache.purged == []
    page.save_revision().publish()
    assert ("testserver", "/en/seminar/") in frontend_cache.purged
    frontend_cache.purged.clear()

    page.title = "Seminar (updated)"
    page.save_revision().publish()
    assert ("testserver", "/en/seminar/") in frontend_cache.purged
    frontend_cache.purged.clear()

    page.unpublish()
    assert ("testserver", "/en/seminar/") in frontend_cache.purged


@pytest.mark.django_db
def test_publishing_a_translation_purges_its_own_address(site, frontend_cache):
    english = StandardPageFactory(parent=site["home_en"], title="Partners", slug="partners")
    english.save_revision().publish()
    frontend_cache.purged.clear()
    french = english.copy_for_translation(site["home_fr"].locale).specific
    french.alias_of = None
    french.title = "Partenaires"
    french.slug = "partenaires"
    french.save_revision().publish()
    assert ("testserver", "/fr/partenaires/") in frontend_cache.purged


@pytest.fixture
def cdn_database_url(three_language_database: Path, tmp_path: Path) -> str:
    """A migrated database of the production process's own: a copy of the SQLite file
    the suite migrates once (tests/conftest.py). Which database engine it runs on is not
    what this test is about, and a migrate of its own took most of its time."""
    copy = tmp_path / "cdn.db"
    shutil.copyfile(three_language_database, copy)
    return f"sqlite:///{copy}"


PUBLISH_SCRIPT = """
from wagtail.models import Site
from home.models import StandardPage
home = Site.objects.get(is_default_site=True).root_page
page = home.add_child(instance=StandardPage(title="CDN check", slug={slug!r}, live=False))
page.save_revision().publish()
print("published", flush=True)
page.unpublish()
print("unpublished", flush=True)
page.delete()
"""


def test_production_settings_purge_the_cdn_on_publish(cdn, cdn_database_url: str):
    """The documented environment, in its own process: FRONTEND_CACHE_BACKEND installs
    Wagtail's frontend cache app, whose signal handlers send the PURGE."""
    env = {
        **PRODUCTION_ENV,
        "DATABASE_URL": cdn_database_url,
        "LANGUAGES": "en,fr,lt",  # the languages that database was migrated with
        "FRONTEND_CACHE_BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
        "FRONTEND_CACHE_LOCATION": cdn.location,
    }
    slug = f"cdn-{uuid.uuid4().hex[:8]}"
    result = run_manage("shell", "-c", PUBLISH_SCRIPT.format(slug=slug), **env)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.split()[-2:] == ["published", "unpublished"]
    # Publishing and unpublishing each purge the page's address (Wagtail purges it for
    # every content language: the CDN may hold any of them).
    assert cdn.purged.count(("testserver", f"/en/{slug}/")) >= 2
    assert "Couldn't purge" not in result.stderr


# --- S3-compatible media ------------------------------------------------------------


@pytest.fixture
def second_server(site, live_server) -> Iterator[str]:
    """Another app server on another port, beside pytest-django's `live_server`: the
    two share nothing but the database, as two machines behind a load balancer do."""
    server = LiveServer("localhost")
    try:
        yield server.url
    finally:
        server.stop()


def log_in(base_url: str, username: str, password: str) -> str:
    """Signs in through the admin's login form; returns the session cookie's value."""
    browser = requests.Session()
    form = browser.get(f"{base_url}/admin/login/", timeout=30)
    assert form.status_code == 200
    token = browser.cookies["csrftoken"]
    response = browser.post(
        f"{base_url}/admin/login/",
        data={"username": username, "password": password, "csrfmiddlewaretoken": token},
        headers={"Referer": f"{base_url}/admin/login/"},
        allow_redirects=False,
        timeout=30,
    )
    assert response.status_code == 302, response.text[:500]
    return response.cookies["sessionid"]


@pytest.mark.django_db(transaction=True)
def test_a_session_started_on_one_server_works_on_another(site, live_server, second_server):
    username = f"editor-{uuid.uuid4().hex[:6]}"
    get_user_model().objects.create_superuser(username, f"{username}@example.org", "pass-9Fq!x")
    session = log_in(live_server.url, username, "pass-9Fq!x")
    assert live_server.url != second_server
    dashboard = requests.get(
        f"{second_server}/admin/", cookies={"sessionid": session}, allow_redirects=False, timeout=30
    )
    assert dashboard.status_code == 200
    assert username in dashboard.text
    # Without the cookie the other server sends the visitor to the login page.
    anonymous = requests.get(f"{second_server}/admin/", allow_redirects=False, timeout=30)
    assert anonymous.status_code == 302
    assert "/admin/login/" in anonymous.headers["Location"]
