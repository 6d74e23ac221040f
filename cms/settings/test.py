"""Tests: the database from DATABASE_URL (SQLite by default), fast hashing, mail kept in memory."""

import tempfile

from cms.settings.base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-secret-key-not-for-production"  # noqa: S105
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = tempfile.mkdtemp(prefix="alliance-cms-test-media-")
WAGTAILADMIN_BASE_URL = "http://testserver"  # the test client's host: one public origin
WAGTAILAPI_BASE_URL = WAGTAILADMIN_BASE_URL
SERVE_MEDIA = True
# Production features that other tests must not trip over; tests/production turns
# them on with override_settings.
AXES_ENABLED = False
PAGE_CACHE_SECONDS = 0

# A test database is thrown away: on PostgreSQL, commits need not wait for the disk
# (the flushes of transactional tests and the browser tests' server commit often).
if DATABASES["default"]["ENGINE"].endswith("postgresql"):  # noqa: F405
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c synchronous_commit=off"  # noqa: F405
