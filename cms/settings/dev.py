"""Development: DEBUG on, a secret key generated once per checkout, mail to the console."""

import os
import secrets

from cms.settings.base import *  # noqa: F403
from cms.settings.base import BASE_DIR
from cms.settings.env import env_bool

DEBUG = env_bool("DEBUG", True)


def _dev_secret_key() -> str:
    """Keep one random key per checkout so that sessions survive a restart."""
    key_file = BASE_DIR / ".dev-secret-key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
    return key_file.read_text().strip()


SECRET_KEY = os.environ.get("SECRET_KEY") or _dev_secret_key()
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
ALLOWED_HOSTS = ["*"]
SERVE_MEDIA = True
