"""Deploy checks, and the start-up refusal, for accounts with published demo passwords.

`make run` creates `admin`, `editor` and `reviewer` with passwords that the README and
the command's output publish (cms/demo_kit/loader.py, DEMO_ACCOUNTS). A database copied
from a demo install, or the demo loaded with DEBUG on, brings them to production, where
anyone could sign in with them. So:

* ``manage.py check --deploy`` reports ``cms.E001`` while any active account accepts
  its published password (the deploy check of docs/operations.md's deployment steps);
* under production settings (``REFUSE_DEMO_PASSWORDS``), ``cms/wsgi.py`` refuses to
  start, naming the accounts and the fix, so gunicorn never serves them.

Both read the database. When it cannot be read (not migrated yet, unreachable), the
check says nothing and start-up goes on: the deployment steps run ``check --deploy`` before
``migrate``, and an outage must not stop the 503 page from being served. Passwords are
compared with ``check_password`` on the stored hash, never through the user object,
so that a check never rewrites a hash.
"""

from __future__ import annotations

import logging
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import check_password
from django.core.checks import CheckMessage, Error, Tags, register
from django.core.exceptions import ImproperlyConfigured
from django.db import connections
from django.utils.translation import gettext as _

from cms.demo_kit.loader import DEMO_ACCOUNTS

logger = logging.getLogger(__name__)

CHECK_ID = "cms.E001"


def published_demo_accounts() -> list[str] | None:
    """Usernames of the active accounts that accept their published demo password,
    sorted; None when the accounts cannot be read."""
    passwords = {account.username: account.password for account in DEMO_ACCOUNTS}
    user_model = get_user_model()
    username_field = user_model.USERNAME_FIELD
    try:
        rows = list(
            user_model._default_manager.filter(
                **{f"{username_field}__in": list(passwords), "is_active": True}
            ).values_list(username_field, "password")
        )
    except Exception:  # any failure to read (no table, no server, no driver): can't tell
        logger.info("Demo account check skipped: the accounts cannot be read.", exc_info=True)
        return None
    return sorted(name for name, hashed in rows if check_password(passwords[name], hashed))


def _problem(accounts: list[str]) -> str:
    return _(
        "These accounts accept the demo password published in the README: %(accounts)s. "
        "Anyone could sign in as them."
    ) % {"accounts": ", ".join(accounts)}


def _fix() -> str:
    return _(
        "Give each a private password (python manage.py changepassword USERNAME) or "
        "deactivate it in the admin (Settings > Users), then start again."
    )


def demo_passwords_check(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """``cms.E001`` (deploy): an active account accepts its published demo password."""
    accounts = published_demo_accounts()
    if not accounts:
        return []
    return [Error(_problem(accounts), hint=_fix(), id=CHECK_ID)]


def refuse_published_demo_passwords() -> None:
    """Stop start-up (``ImproperlyConfigured``) while a demo password works; closes the
    connection it opened, so that gunicorn's preloading master forks none."""
    try:
        accounts = published_demo_accounts()
    finally:
        connections.close_all()
    if accounts:
        raise ImproperlyConfigured(
            _("Production start-up refused. %(problem)s %(fix)s")
            % {"problem": _problem(accounts), "fix": _fix()}
        )


def register_checks() -> None:
    """Called from ``CmsConfig.ready``."""
    register(demo_passwords_check, Tags.security, deploy=True)
