"""Settings shared by every environment; each value an operator may change comes
from the environment (the table in docs/configuration.md)."""

from __future__ import annotations

import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from cms.core.language_names import named_in_reader_language
from cms.settings.env import (
    contribution_languages_from_env,
    database_from_url,
    default_sqlite_url,
    env_bool,
    env_count,
    env_int,
    env_list,
    env_seconds,
    languages_from_codes,
    machine_translator_from_env,
    required_languages_from_env,
    search_backend_from_env,
)

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent

DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "cms",
    "home",
    "participants",
    "articles",
    "search",
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.typed_table_block",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.search_promotions",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "wagtail.api.v2",
    "wagtail.api.v3",
    "ninja",  # serves the API docs page's assets from our static files, not a CDN
    "wagtail_headless_preview",
    "rest_framework",
    "corsheaders",
    "django_tasks",
    "django_tasks_db",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_countries",
    "leaflet",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "csp",
    "axes",
    # Always installed, so their tables exist before STAFF_TWO_FACTOR is switched on.
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # GET and HEAD requests read the private sections and the active locale once
    # (cms/core/reading.py).
    "cms.core.reading.RequestMemoMiddleware",
    "cms.ops.health.HealthCheckMiddleware",
    "cms.security.middleware.AllianceCSPMiddleware",
    # Outside the page cache: a cached API answer is shared by every origin, so its CORS
    # headers (and Vary: Origin) are added to each response, hit or miss, never stored.
    "corsheaders.middleware.CorsMiddleware",
    "cms.caching.middleware.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "cms.api.middleware.APINotFoundMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Keeps an administrator's break-glass reason for the audit log (cms/workflow/gate.py).
    "cms.workflow.gate.BreakGlassReasonMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Explains a refused change to a used image or document (cms/workflow/media_policy.py).
    "cms.workflow.media_policy.MediaRefusalMessageMiddleware",
    # Confirms a reviewer's decision on whatever admin path took it (cms/workflow/review_ux.py).
    "cms.workflow.review_ux.ReviewDecisionMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Does nothing unless STAFF_TWO_FACTOR is on (cms/security/two_factor.py).
    "cms.security.two_factor.StaffTwoFactorMiddleware",
    # Last, as django-axes asks: it turns a lockout into the 429 response.
    "axes.middleware.AxesMiddleware",
    # Page and document passwords: too many wrong ones from an address get a 429.
    "cms.security.throttle.PasswordThrottleMiddleware",
    # Last, so it is asked first: a full or read-only media storage is explained, not a 500.
    "cms.ops.storage_middleware.StorageErrorMiddleware",
]

ROOT_URLCONF = "cms.urls"
# A refused form says why, in the visitor's language (HTTPS needed by production settings).
CSRF_FAILURE_VIEW = "cms.security.csrf.csrf_failure"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        # cms/templates is the cms app's own folder, found by APP_DIRS (cms comes first in
        # INSTALLED_APPS). Listed in DIRS too, each of its templates was found twice, so an
        # override that extends the template it replaces (wagtail-localize's translation
        # editor) extended itself once more and rendered its additions twice.
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

WSGI_APPLICATION = "cms.wsgi.application"

DATABASES = {
    "default": database_from_url(
        os.environ.get("DATABASE_URL") or default_sqlite_url(BASE_DIR),
        conn_max_age=env_int("CONN_MAX_AGE", 0),
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# django-axes first: it refuses logins for a locked-out username and address before the
# password is even checked (admin login throttling).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
# The first lockout lasts AXES_COOLOFF_MINUTES; each further failure during it doubles it
# (cms/security/login_throttle.py). Attempts are kept in the database, which every worker shares.
AXES_COOLOFF_MINUTES = env_count("AXES_COOLOFF_MINUTES", 15, maximum=7 * 24 * 60)
AXES_COOLOFF_TIME = "cms.security.login_throttle.cool_off"
AXES_USE_ATTEMPT_EXPIRATION = True
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
# Account and address together: a stranger's wrong passwords lock only the stranger.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "cms.security.client_ip.client_address"
AXES_RESET_ON_SUCCESS = True
# Proxies in front of the application that append the visitor's address to
# X-Forwarded-For (cms/security/client_ip.py); 0 = the connecting address is the visitor's.
TRUSTED_PROXY_COUNT = env_count("TRUSTED_PROXY_COUNT", 0, maximum=10)
# Page and document passwords, and two-factor codes: wrong attempts per restriction (or
# account) and address within the window before further attempts are refused.
PASSWORD_ATTEMPT_LIMIT = env_count("PASSWORD_ATTEMPT_LIMIT", 10)
PASSWORD_ATTEMPT_WINDOW = env_count("PASSWORD_ATTEMPT_WINDOW", 900)
TWO_FACTOR_ATTEMPT_LIMIT = env_count("TWO_FACTOR_ATTEMPT_LIMIT", 10)
TWO_FACTOR_ATTEMPT_WINDOW = env_count("TWO_FACTOR_ATTEMPT_WINDOW", 900)
AXES_LOCKOUT_TEMPLATE = "axes_lockout.html"

# Optional second factor for everyone who may use the admin (cms/security/two_factor.py): a code
# from an authenticator app (TOTP) or a backup code after the password. Off by default.
STAFF_TWO_FACTOR = env_bool("STAFF_TWO_FACTOR", False)
OTP_TOTP_ISSUER = "Alliance CMS"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Internationalisation: one list of codes drives the site, the admin and translation.
LANGUAGE_CODE = "en"
LANGUAGES = languages_from_codes(env_list("LANGUAGES", ["en", "fr"]))
# Named to the reader in their language ("Langue : anglais" in the French admin); the
# public switcher keeps LANGUAGES' own names ("English", "français").
WAGTAIL_CONTENT_LANGUAGES = named_in_reader_language(LANGUAGES)
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
# The languages member authorities may write their contributions in: the public languages
# and others that are not (yet) locales of the site; a contribution in one of those is
# machine-translated into the public languages and reviewed (docs/roles-and-review.md).
CONTRIBUTION_LANGUAGES = contribution_languages_from_env(
    [code for code, _name in LANGUAGES],
    env_list("CONTRIBUTION_LANGUAGES", ["en", "fr", "nl", "de", "es", "it", "ro", "hu", "lt"]),
)
WAGTAIL_I18N_ENABLED = True
# A new translation is a draft until a reviewer approves it, even of a live source.
WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False
# The review's approval is the permission to go live: it publishes the approved
# revision although reviewers hold no "publish" permission (cms/workflow/gate.py).
WAGTAIL_FINISH_WORKFLOW_ACTION = "cms.workflow.gate.publish_approved_revision"
WAGTAILLOCALIZE_MACHINE_TRANSLATOR = machine_translator_from_env()
# Page types whose approved source waits for these translations, then goes live with
# them in one release (cms/publishing/releases.py); {} switches releases off.
REQUIRED_LANGUAGES = required_languages_from_env([code for code, _name in LANGUAGES], LANGUAGE_CODE)
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.environ.get("TIME_ZONE", "Europe/Paris")
USE_I18N = True
USE_TZ = True

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATICFILES_DIRS = [PROJECT_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "static"))
STATIC_URL = "/static/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "/media/"
SERVE_MEDIA = env_bool("SERVE_MEDIA", False)
STORAGES = {
    # A full or read-only disk leaves no partial file and gives a clear error (cms/ops/storage.py).
    "default": {"BACKEND": "cms.ops.storage.CleanFileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
# Request bodies other than file uploads (forms, API JSON); files stream to disk past 2.5 MB.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

# Caches: Redis when REDIS_URL is set (shared by every app server: page cache, rate
# limits, renditions); per-process memory otherwise (one machine, one process).
REDIS_URL = os.environ.get("REDIS_URL", "")
# A Redis that is gone or hangs degrades to "no cache" (pages rendered from the database,
# rate limits not counted) within one short timeout per request: every call goes through
# a circuit breaker (cms/caching/resilient.py) that skips the cache for
# CACHE_BREAKER_SECONDS after a failure, then lets one probe through.
CACHE_TIMEOUT_SECONDS = env_seconds("CACHE_TIMEOUT_SECONDS", 0.25, minimum=0.01, maximum=5)
CACHE_BREAKER_SECONDS = env_seconds("CACHE_BREAKER_SECONDS", 10, minimum=1, maximum=600)
if REDIS_URL:
    _redis_options = {
        "SOCKET_CONNECT_TIMEOUT": CACHE_TIMEOUT_SECONDS,
        "SOCKET_TIMEOUT": CACHE_TIMEOUT_SECONDS,
        "BREAKER_SECONDS": CACHE_BREAKER_SECONDS,
    }
    CACHES = {
        "default": {
            "BACKEND": "cms.caching.resilient.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "alliance"),
            "OPTIONS": _redis_options,
        },
        # Wagtail looks up rendition URLs here; kept apart so that page-cache churn
        # never evicts them, and it may point at another Redis database.
        "renditions": {
            "BACKEND": "cms.caching.resilient.ResilientRedisCache",
            "LOCATION": os.environ.get("REDIS_RENDITIONS_URL", REDIS_URL),
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "alliance") + "-renditions",
            "TIMEOUT": 7 * 24 * 3600,
            "OPTIONS": _redis_options,
        },
    }
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "renditions": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "renditions",
        },
    }
# Anonymous full-page cache (cms/caching/pages.py): seconds a rendered page is kept; 0 = off.
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 0)
# Shared cache of the chrome every page repeats (cms/caching/fragments.py); 0 = off.
FRAGMENT_CACHE_SECONDS = env_int("FRAGMENT_CACHE_SECONDS", 0)

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
# Seconds before a mail server that does not answer is given up (Django waits forever by
# default): mail is sent inside requests (review decisions, applications), which must not hang.
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Alliance CMS <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Wagtail
WAGTAIL_SITE_NAME = _("European Alliance of Cities and Regions for Roma Inclusion")
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILIMAGES_IMAGE_MODEL = "cms.CustomImage"
# PostgreSQL full-text search per language (search/backend.py), SQLite FTS5 elsewhere;
# SEARCH_URL (e.g. opensearch://search.internal:9200) moves it to a cluster (docs/search.md).
WAGTAILSEARCH_BACKENDS = {"default": search_backend_from_env()}
# Visitors' searches logged for the reports: distinct queries kept, and the longest one
# stored (search/querylog.py); a flood of made-up queries cannot grow the tables.
SEARCH_LOG_MAX_QUERIES = env_int("SEARCH_LOG_MAX_QUERIES", 10_000)
SEARCH_LOG_MAX_LENGTH = env_int("SEARCH_LOG_MAX_LENGTH", 100)
# Audio and video files too: the media block plays them from the library (no third party).
WAGTAILDOCS_EXTENSIONS = [
    *("csv", "docx", "m4a", "mp3", "mp4", "odt", "ogg", "pdf", "pptx", "rtf", "txt"),
    *("webm", "xlsx"),
]
# A few minutes of video; the reverse proxy's body limit must allow as much.
WAGTAILDOCS_MAX_UPLOAD_SIZE = env_int("WAGTAILDOCS_MAX_UPLOAD_SIZE", 200 * 1024 * 1024)
# Documents are only ever streamed by Wagtail's serve view, which checks collection
# privacy; never a redirect to a storage address (on S3, documents are private objects).
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
# Memory, not disk, is what a large image costs: decoded, it takes 4 bytes per pixel
# (3.8 MiB per megapixel), whatever its file size. 24 MP covers any camera photo a city
# sends (6000x4000); a worker then adds at most about 94 MiB for an upload and 160 MiB
# for a rendition (measured: docs/operations.md, "Image uploads and memory").
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 24_000_000
# Nothing in the admin may call third parties (privacy, offline installs, CSP).
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAILAPI_BASE_URL = WAGTAILADMIN_BASE_URL
WAGTAILAPI_LIMIT_MAX = 100

REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    # The session only (request.user, which cms/security/two_factor.py makes anonymous for a staff
    # session without its code): DRF's default HTTP Basic would let a password alone read
    # private pages, past the second factor.
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
}
# Rich text in the APIs is front-end-ready HTML with resolved links (docs/api.md).
WAGTAILAPI_RICH_TEXT_FORMAT = "html"
# Front ends on other origins may read the APIs (comma-separated origins).
CORS_ALLOWED_ORIGINS = env_list("CORS_ALLOWED_ORIGINS", [])
CORS_URLS_REGEX = r"^/api/.*$"
# Headless preview (cms/core/preview.py): the front end's preview address per language,
# HEADLESS_PREVIEW_URL_EN, HEADLESS_PREVIEW_URL_FR, ... or one HEADLESS_PREVIEW_URL with
# "{lang}"; unset, "Preview" shows our own templates. Tokens live HEADLESS_PREVIEW_MAX_AGE s.
HEADLESS_PREVIEW_URL = os.environ.get("HEADLESS_PREVIEW_URL", "")
HEADLESS_PREVIEW_URLS = {
    code: os.environ[f"HEADLESS_PREVIEW_URL_{code.upper().replace('-', '_')}"]
    for code, _name in LANGUAGES
    if os.environ.get(f"HEADLESS_PREVIEW_URL_{code.upper().replace('-', '_')}")
}
HEADLESS_PREVIEW_MAX_AGE = env_int("HEADLESS_PREVIEW_MAX_AGE", 600)
# Straight to the front end: the package's iframe page has inline styles (CSP).
WAGTAIL_HEADLESS_PREVIEW = {"CLIENT_URLS": {"default": "/"}, "REDIRECT_ON_PREVIEW": True}
# Background work: Wagtail's own tasks run immediately; publish webhooks go through a
# database queue processed by `manage.py db_worker --backend webhooks`.
TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "webhooks": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["webhooks"]},
}
WEBHOOK_TIMEOUT_SECONDS = env_int("WEBHOOK_TIMEOUT_SECONDS", 5)
WEBHOOK_MAX_ATTEMPTS = env_int("WEBHOOK_MAX_ATTEMPTS", 5)
# /readyz and the admin dashboard call the task queue "stalled" when a due task has
# waited longer than this (seconds): no worker is running (cms/ops/task_queue.py).
TASK_STALL_SECONDS = env_int("TASK_STALL_SECONDS", 300)

# Content-Security-Policy (django-csp), enforced everywhere: public templates have no
# inline script or style; cms/security/middleware.py relaxes it for the Wagtail admin only.
# An operator's map tile server and S3/CDN media host are the only other image origins.
_CSP_IMAGE_SOURCES = [
    "https://" + url.split("/", 3)[2].replace("{s}", "*")
    for url in (os.environ.get("MAP_TILE_URL", ""), os.environ.get("MEDIA_HOST_URL", ""))
    if url.startswith("https://")
]
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", "blob:", *_CSP_IMAGE_SOURCES],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        # The privacy-friendly players the media block loads when a visitor asks
        # (cms.core.blocks.media_hosts.PLAYER_ORIGINS; settings do not import Wagtail).
        "frame-src": [
            "https://www.youtube-nocookie.com",
            "https://player.vimeo.com",
            "https://geo.dailymotion.com",
        ],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'self'"],
    }
}

# Participants: map tiles are off unless an operator picks a provider (privacy, offline).
MAP_TILE_URL = os.environ.get("MAP_TILE_URL", "")
MAP_TILE_ATTRIBUTION = os.environ.get("MAP_TILE_ATTRIBUTION", "")
APPLICATION_RETENTION_DAYS = env_int("APPLICATION_RETENTION_DAYS", 365)
JOIN_RATE_LIMIT = env_int("JOIN_RATE_LIMIT", 10)
JOIN_RATE_LIMIT_WINDOW = env_int("JOIN_RATE_LIMIT_WINDOW", 3600)
# New drafts not edited for this many days are announced to their author, then deleted
# (cleanup_abandoned_drafts; cms/workflow/review_ux.py).
ABANDONED_DRAFT_DAYS = env_int("ABANDONED_DRAFT_DAYS", 30)
# Days a contributor's invitation link stays valid (participants/contributors.py): at
# least one, at most 90 (a link in a mailbox for months is a password for anyone who
# reads it).
CONTRIBUTOR_INVITATION_DAYS = env_int("CONTRIBUTOR_INVITATION_DAYS", 7)
if not 1 <= CONTRIBUTOR_INVITATION_DAYS <= 90:
    raise ImproperlyConfigured(
        f"CONTRIBUTOR_INVITATION_DAYS must be between 1 and 90, got {CONTRIBUTOR_INVITATION_DAYS}."
    )

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
