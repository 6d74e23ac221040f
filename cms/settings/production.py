"""Production: every secret from the environment; a missing one stops start-up by name.

Scaling out is configuration only (docs/operations.md, "Scaling out"): several app
servers share PostgreSQL (optionally a read replica), Redis (caches, rate limits), media
on S3-compatible storage and a search cluster; sessions live in the database, so no
visitor is tied to one server.
"""

import os

from django.core.exceptions import ImproperlyConfigured

from cms.settings.base import *  # noqa: F403
from cms.settings.base import DATABASES, MIDDLEWARE, REDIS_URL
from cms.settings.env import (
    database_from_url,
    env_bool,
    env_count,
    env_http_url,
    env_int,
    env_list,
    env_required,
    env_seconds,
)

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env_required("SECRET_KEY")
if len(SECRET_KEY) < 50:
    raise ImproperlyConfigured("SECRET_KEY must be at least 50 characters long in production.")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [])
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("The environment variable ALLOWED_HOSTS is required in production.")
# The public address (cms/core/sites.py): every absolute URL the API, feeds, sitemap and
# emails give starts with it, and `migrate` moves the default site there. Left at the
# development default, a production server would publish http://127.0.0.1:8000.
WAGTAILADMIN_BASE_URL = env_required("WAGTAILADMIN_BASE_URL").rstrip("/")
WAGTAILAPI_BASE_URL = WAGTAILADMIN_BASE_URL

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    *MIDDLEWARE[1:],
]
STORAGES = {
    # A full or read-only disk leaves no partial file and gives a clear error (cms/ops/storage.py).
    "default": {"BACKEND": "cms.ops.storage.CleanFileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
WHITENOISE_MAX_AGE = 3600

# Media on S3-compatible storage (django-storages with boto3) when a
# bucket is named, so that any app server can serve any upload.
# Documents (documents/) and original images (original_images/) are private objects:
# the default storage signs its addresses and never uses the public custom domain;
# documents reach visitors only through Wagtail's permission-checked serve view, which
# streams them (WAGTAILDOCS_SERVE_METHOD). Renditions (images/) are the only public
# objects: their own storage hands out plain addresses, and the bucket policy grants
# anonymous s3:GetObject on images/* alone (docs/configuration.md).
if os.environ.get("AWS_STORAGE_BUCKET_NAME"):
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {"querystring_auth": True, "querystring_expire": 300, "custom_domain": None},
    }
    STORAGES["renditions"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {"querystring_auth": False},
    }
    WAGTAILIMAGES_RENDITION_STORAGE = "renditions"
    AWS_STORAGE_BUCKET_NAME = os.environ["AWS_STORAGE_BUCKET_NAME"]
    AWS_S3_ENDPOINT_URL = os.environ.get("AWS_S3_ENDPOINT_URL") or None
    AWS_S3_REGION_NAME = os.environ.get("AWS_S3_REGION_NAME") or None
    AWS_S3_CUSTOM_DOMAIN = os.environ.get("AWS_S3_CUSTOM_DOMAIN") or None
    AWS_DEFAULT_ACL = None
    AWS_QUERYSTRING_AUTH = True
    AWS_S3_FILE_OVERWRITE = False

# HTTPS only, for a year, with the headers the issue lists on every response.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SECURE = True
CSRF_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SECURE = True
# The same rule as the CSP's `frame-ancestors 'self'`: only our own pages may frame
# ours (the admin frames its previews); DENY contradicted it for older browsers.
X_FRAME_OPTIONS = "SAMEORIGIN"
# Django's deploy check asks for DENY (W019); the admin's preview needs same-origin framing.
SILENCED_SYSTEM_CHECKS = ["security.W019"]
# cms/wsgi.py refuses to start while an account accepts a published demo password.
REFUSE_DEMO_PASSWORDS = True

# Persistent connections, checked before reuse so that a restarted PostgreSQL is
# reconnected on the next request; a short connect timeout turns an outage into a
# prompt 503 instead of requests piling up.
CONN_MAX_AGE = env_int("CONN_MAX_AGE", 60)
DB_CONNECT_TIMEOUT = env_int("DB_CONNECT_TIMEOUT", 3)
DATABASES["default"]["CONN_MAX_AGE"] = CONN_MAX_AGE
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"].setdefault("OPTIONS", {})["connect_timeout"] = DB_CONNECT_TIMEOUT

# A read replica for reads (cms/ops/db_router.py routes reads there, writes to the primary).
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = database_from_url(
        os.environ["DATABASE_REPLICA_URL"], conn_max_age=CONN_MAX_AGE
    )
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["cms.ops.db_router.PrimaryReplicaRouter"]

# The anonymous page cache is on by default once the cache is shared (Redis): with
# per-process memory one worker would keep serving a page another has invalidated.
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 600 if REDIS_URL else 0)
# The chrome every page repeats (menu, language links, feed links, participant counts:
# cms/caching/fragments.py), kept under the same generation; shared cache only, for the same reason.
FRAGMENT_CACHE_SECONDS = env_int("FRAGMENT_CACHE_SECONDS", 600 if REDIS_URL else 0)

# A CDN in front: Wagtail purges changed pages from it on publish.
if os.environ.get("FRONTEND_CACHE_BACKEND"):
    INSTALLED_APPS = [*INSTALLED_APPS, "wagtail.contrib.frontend_cache"]  # noqa: F405
    WAGTAILFRONTENDCACHE = {
        "default": {
            "BACKEND": os.environ["FRONTEND_CACHE_BACKEND"],
            "LOCATION": os.environ.get("FRONTEND_CACHE_LOCATION", ""),
        }
    }

# nginx's proxy_cache in front (docs/deployment.md): every page a change reaches is
# purged by address with an HTTP PURGE sent here (Wagtail's HTTPBackend), right after
# the page cache's own invalidation (cms/caching/frontend.py).
FRONTEND_CACHE_PURGE_URL = env_http_url("FRONTEND_CACHE_PURGE_URL")
if FRONTEND_CACHE_PURGE_URL:
    if os.environ.get("FRONTEND_CACHE_BACKEND"):
        raise ImproperlyConfigured(
            "Set FRONTEND_CACHE_PURGE_URL or FRONTEND_CACHE_BACKEND, not both."
        )
    WAGTAILFRONTENDCACHE = {
        "default": {
            # Wagtail's HTTPBackend with a time limit per PURGE (cms/caching/purge_backend.py).
            "BACKEND": "cms.caching.purge_backend.TimedHTTPBackend",
            "LOCATION": FRONTEND_CACHE_PURGE_URL,
        }
    }
# Seconds a PURGE may take before the publish gives up on it (logged; the page then
# stays in the front cache until it expires).
FRONTEND_CACHE_PURGE_TIMEOUT = env_seconds(
    "FRONTEND_CACHE_PURGE_TIMEOUT", 2.0, minimum=0.1, maximum=30.0
)
# How long the purge index remembers an address: at least as long as the front cache keeps a page.
FRONTEND_CACHE_INDEX_SECONDS = env_count("FRONTEND_CACHE_INDEX_SECONDS", 24 * 3600)

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")

# The benchmark harness's trivial view (bench/floor.py); never on in a real deployment.
# The harness gets its own URL conf (the site's plus the floor), so the site never imports it.
BENCH_FLOOR_VIEW = env_bool("BENCH_FLOOR_VIEW", False)
if BENCH_FLOOR_VIEW:
    ROOT_URLCONF = "bench.urls"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    # Requests that hit the outage page are logged once, without the request body.
    "loggers": {"django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False}},
}
