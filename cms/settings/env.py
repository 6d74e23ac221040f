"""Reading configuration from the environment, with errors that name the setting.

Operators configure the CMS through environment variables (twelve-factor style);
a typo there must stop start-up with a message that says which variable is wrong,
not with a stack trace from deep inside a database driver.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import dj_database_url
from django.conf.locale import LANG_INFO
from django.core.exceptions import ImproperlyConfigured

TRUE_VALUES = {"1", "true", "yes", "on"}
FALSE_VALUES = {"0", "false", "no", "off", ""}


def env_bool(name: str, default: bool, environ: Mapping[str, str] = os.environ) -> bool:
    raw = environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in TRUE_VALUES:
        return True
    if value in FALSE_VALUES:
        return False
    raise ImproperlyConfigured(f"{name} must be one of true/false/1/0/yes/no/on/off, got {raw!r}.")


def env_int(name: str, default: int, environ: Mapping[str, str] = os.environ) -> int:
    raw = environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, got {raw!r}.") from None


def env_list(name: str, default: list[str], environ: Mapping[str, str] = os.environ) -> list[str]:
    raw = environ.get(name)
    if raw is None:
        return list(default)
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_required(name: str, environ: Mapping[str, str] = os.environ) -> str:
    value = environ.get(name, "").strip()
    if not value:
        raise ImproperlyConfigured(f"The environment variable {name} is required.")
    return value


SUPPORTED_DATABASE_SCHEMES = ("sqlite", "postgres", "postgresql", "pgsql")


def database_from_url(url: str, *, conn_max_age: int = 0) -> dict[str, Any]:
    """Turn DATABASE_URL into a Django DATABASES entry, or explain what is wrong."""
    scheme = url.split("://", 1)[0] if "://" in url else ""
    if scheme not in SUPPORTED_DATABASE_SCHEMES:
        raise ImproperlyConfigured(
            f"DATABASE_URL {url!r} is not understood: it must start with sqlite:/// "
            f"or postgres://user@host:port/name."
        )
    try:
        config = dj_database_url.parse(url, conn_max_age=conn_max_age, conn_health_checks=True)
    except ValueError as error:
        raise ImproperlyConfigured(f"DATABASE_URL {url!r} is not valid: {error}") from None
    if not config.get("NAME"):
        raise ImproperlyConfigured(f"DATABASE_URL {url!r} names no database.")
    return config


def default_sqlite_url(base_dir: Path) -> str:
    return f"sqlite:///{base_dir / 'db.sqlite3'}"


def languages_from_codes(codes: list[str]) -> list[tuple[str, str]]:
    """Build Django's LANGUAGES from language codes, naming each in its own language.

    One list of codes drives the public site, the admin and wagtail-localize, so that
    adding a language is a configuration change rather than a code change.
    """
    if not codes:
        raise ImproperlyConfigured("LANGUAGES must name at least one language code.")
    languages = []
    for code in codes:
        info = LANG_INFO.get(code)
        if info is None or "name_local" not in info:
            raise ImproperlyConfigured(
                f"LANGUAGES contains {code!r}, which is not a language code Django knows."
            )
        languages.append((code, info["name_local"]))
    return languages


def machine_translator_from_env(environ: Mapping[str, str] = os.environ) -> dict | None:
    """wagtail-localize's machine-translation button: off unless an operator picks a
    provider, since every use sends page text to that provider."""
    provider = environ.get("MACHINE_TRANSLATOR", "").strip().lower()
    if not provider:
        return None
    if provider == "deepl":
        return {
            "CLASS": "wagtail_localize.machine_translators.deepl.DeepLTranslator",
            "OPTIONS": {"AUTH_KEY": env_required("DEEPL_AUTH_KEY", environ)},
        }
    if provider == "libretranslate":
        return {
            "CLASS": "wagtail_localize.machine_translators.libretranslate.LibreTranslator",
            "OPTIONS": {
                "LIBRETRANSLATE_URL": env_required("LIBRETRANSLATE_URL", environ),
                "API_KEY": environ.get("LIBRETRANSLATE_API_KEY", ""),
            },
        }
    raise ImproperlyConfigured(
        f"MACHINE_TRANSLATOR must be 'deepl' or 'libretranslate', got {provider!r}."
    )
