"""Reading configuration from the environment, with errors that name the setting.

Operators configure the CMS through environment variables (twelve-factor style);
a typo there must stop start-up with a message that says which variable is wrong,
not with a stack trace from deep inside a database driver.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any, NamedTuple
from urllib.parse import urlsplit

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


def env_count(
    name: str, default: int, environ: Mapping[str, str] = os.environ, *, maximum: int = 1_000_000
) -> int:
    """A whole number from 0 to ``maximum``: counts, limits and seconds, where a negative
    or absurd value is a typo that would silently switch a protection off."""
    value = env_int(name, default, environ)
    if not 0 <= value <= maximum:
        raise ImproperlyConfigured(f"{name} must be between 0 and {maximum}, got {value}.")
    return value


def env_seconds(
    name: str,
    default: float,
    *,
    minimum: float,
    maximum: float,
    environ: Mapping[str, str] = os.environ,
) -> float:
    """A duration in seconds (decimals allowed) within bounds: a cache timeout of 30 s
    or of 0 would defeat its purpose as surely as a typo, so both are refused."""
    raw = environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = float(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a number of seconds, got {raw!r}.") from None
    if not minimum <= value <= maximum:  # also refuses nan
        raise ImproperlyConfigured(
            f"{name} must be between {minimum:g} and {maximum:g} seconds, got {raw!r}."
        )
    return value


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


def env_http_url(name: str, environ: Mapping[str, str] = os.environ) -> str | None:
    """An http(s) address with a host, or None when unset: a purge sent to a typo'd
    address fails silently at every publish, so a malformed one stops start-up."""
    raw = environ.get(name, "").strip()
    if not raw:
        return None
    parts = urlsplit(raw)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ImproperlyConfigured(f"{name} must be an http:// or https:// address, got {raw!r}.")
    return raw.rstrip("/")


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


def contribution_languages_from_env(
    public_codes: list[str], codes: list[str]
) -> list[tuple[str, str]]:
    """CONTRIBUTION_LANGUAGES: the public languages first, then the other languages
    contributors may write in, each named in its own language ("Nederlands").

    A public language left out of the list is added back: a contributor can always write
    in the site's own languages. An unknown code stops the start-up with its name.
    """
    ordered = list(dict.fromkeys([*public_codes, *codes]))
    try:
        return languages_from_codes(ordered)
    except ImproperlyConfigured as error:
        raise ImproperlyConfigured(
            str(error).replace("LANGUAGES", "CONTRIBUTION_LANGUAGES", 1)
        ) from None


def machine_translator_from_env(environ: Mapping[str, str] = os.environ) -> dict | None:
    """wagtail-localize's machine-translation button: off unless an operator picks a
    provider, since every use sends page text to that provider."""
    provider = environ.get("MACHINE_TRANSLATOR", "").strip().lower()
    if not provider:
        return None
    if provider == "deepl":
        # wagtail-localize's DeepL translator, with the approved terms as a glossary.
        options = {"AUTH_KEY": env_required("DEEPL_AUTH_KEY", environ)}
        if api_url := environ.get("DEEPL_API_URL", "").strip():
            options["API_URL"] = api_url
        return {"CLASS": "cms.translations.machine.TerminologyDeepLTranslator", "OPTIONS": options}
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


class SearchEngine(NamedTuple):
    """A Wagtail search backend for a cluster, and the client it needs (major = server's)."""

    backend: str
    distribution: str
    module: str
    major: int

    @property
    def requirement(self) -> str:
        return f"{self.distribution}>={self.major},<{self.major + 1}"


def _opensearch(major: int) -> SearchEngine:
    return SearchEngine(
        f"wagtail.search.backends.opensearch{major}", "opensearch-py", "opensearchpy", major
    )


def _elasticsearch(major: int) -> SearchEngine:
    return SearchEngine(
        f"wagtail.search.backends.elasticsearch{major}", "elasticsearch", "elasticsearch", major
    )


# SEARCH_URL schemes: the server and its major version; without a version, the newest.
SEARCH_ENGINES: dict[str, SearchEngine] = {
    "opensearch": _opensearch(3),
    "opensearch3": _opensearch(3),
    "opensearch2": _opensearch(2),
    "elasticsearch": _elasticsearch(9),
    "elasticsearch9": _elasticsearch(9),
    "elasticsearch8": _elasticsearch(8),
    "elasticsearch7": _elasticsearch(7),
}
DEFAULT_SEARCH_PORT = 9200
SEARCH_INDEX_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,50}$")
# One index holds every language, so no stemmer fits all: fold accents and case instead,
# as the database backends do ("seminaire" finds "séminaire").
FOLDED_TEXT_ANALYZER = {
    "settings": {
        "analysis": {
            "analyzer": {
                "default": {
                    "type": "custom",
                    "tokenizer": "standard",
                    "filter": ["lowercase", "asciifolding"],
                }
            }
        }
    }
}


def search_engine_for_backend(backend: str) -> SearchEngine | None:
    """The cluster engine behind a WAGTAILSEARCH_BACKENDS path; None for the database."""
    return next((engine for engine in SEARCH_ENGINES.values() if engine.backend == backend), None)


def _search_node(item: str, scheme: str) -> str:
    """One node of SEARCH_URL as the http(s) address the client connects to."""
    if "://" not in item:
        item = f"{scheme}://{item}"
    try:
        url = urlsplit(item)
        port = url.port or DEFAULT_SEARCH_PORT
    except ValueError as error:
        raise ImproperlyConfigured(f"SEARCH_URL {item!r} is not valid: {error}.") from None
    if url.scheme != scheme:
        raise ImproperlyConfigured(
            f"SEARCH_URL mixes {scheme}:// and {url.scheme}://: give every node the same scheme."
        )
    if not url.hostname:
        raise ImproperlyConfigured(f"SEARCH_URL {item!r} names no host.")
    transport = scheme.partition("+")[2] or "http"
    credentials = url.netloc.rpartition("@")[0]
    host = f"[{url.hostname}]" if ":" in url.hostname else url.hostname
    address = f"{credentials}@{host}" if credentials else host
    return f"{transport}://{address}:{port}{url.path.rstrip('/')}"


def search_backend_from_env(environ: Mapping[str, str] = os.environ) -> dict[str, Any]:
    """WAGTAILSEARCH_BACKENDS["default"]: the database, or the cluster SEARCH_URL names.

    Unset, search runs in the database (search/backend.py: PostgreSQL per language, SQLite
    FTS5). ``SEARCH_URL=opensearch://search.internal:9200`` (``opensearch+https://user:
    password@host``, several nodes comma-separated) moves it to a cluster for sites that
    outgrow PostgreSQL; the scheme picks the backend, so it must match the server.
    """
    for replaced in ("SEARCH_BACKEND", "SEARCH_URLS"):
        if environ.get(replaced, "").strip():
            raise ImproperlyConfigured(
                f"{replaced} is no longer read: set SEARCH_URL, e.g. opensearch://host:9200."
            )
    raw = environ.get("SEARCH_URL", "").strip()
    if not raw:
        return {"BACKEND": "search.backend"}
    items = [item.strip() for item in raw.split(",") if item.strip()] or [raw]
    scheme = items[0].split("://", 1)[0].lower() if "://" in items[0] else ""
    server, _plus, transport = scheme.partition("+")
    if server not in SEARCH_ENGINES or transport not in ("", "http", "https"):
        raise ImproperlyConfigured(
            f"SEARCH_URL {raw!r} is not understood: it must start with "
            + ", ".join(f"{name}://" for name in SEARCH_ENGINES)
            + " (add +https for TLS), e.g. opensearch://search.internal:9200."
        )
    index = environ.get("SEARCH_INDEX", "").strip() or "alliance"
    if not SEARCH_INDEX_NAME.match(index):
        raise ImproperlyConfigured(
            f"SEARCH_INDEX must be lower-case letters, digits, '-' or '_', got {index!r}."
        )
    return {
        "BACKEND": SEARCH_ENGINES[server].backend,
        "URLS": [_search_node(item, scheme) for item in items],
        "INDEX_PREFIX": f"{index}_",
        "TIMEOUT": env_int("SEARCH_TIMEOUT", 10, environ),
        "INDEX_SETTINGS": FOLDED_TEXT_ANALYZER,
    }


# Page types published in several languages at once (cms/publishing/releases.py): the
# Alliance's seminar reports are the Council of Europe's record, in both its languages;
# member authorities' local news goes out in the official languages together (#20).
DEFAULT_REQUIRED_LANGUAGES: dict[str, list[str]] = {
    "articles.SeminarReportPage": ["fr"],
    "articles.LocalNewsPage": ["fr"],
}
MODEL_LABEL = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*\.[A-Za-z_][A-Za-z0-9_]*$")


def required_languages_from_env(
    language_codes: list[str], default_language: str, environ: Mapping[str, str] = os.environ
) -> dict[str, list[str]]:
    """REQUIRED_LANGUAGES: per page type, the languages its source waits for before going live.

    ``REQUIRED_LANGUAGES="articles.SeminarReportPage=fr;home.StandardPage=fr,lt"``; empty
    switches releases off. Unset, the defaults apply to the languages the site has (a
    one-language site has nothing to wait for). A language the site does not have, or the
    default language itself, would hold pages for ever: it stops start-up instead.
    """
    others = set(language_codes) - {default_language}
    raw = environ.get("REQUIRED_LANGUAGES")
    if raw is None:
        chosen = {
            label: [code for code in codes if code in others]
            for label, codes in DEFAULT_REQUIRED_LANGUAGES.items()
        }
        return {label: codes for label, codes in chosen.items() if codes}
    required: dict[str, list[str]] = {}
    for item in (part.strip() for part in raw.split(";")):
        if not item:
            continue
        label, equals, codes_text = (piece.strip() for piece in item.partition("="))
        codes = [code.strip() for code in codes_text.split(",") if code.strip()]
        if not equals or not MODEL_LABEL.match(label) or not codes:
            raise ImproperlyConfigured(
                f"REQUIRED_LANGUAGES must read app_label.PageModel=code,code;..., got {item!r}."
            )
        for code in codes:
            if code == default_language or code not in others:
                raise ImproperlyConfigured(
                    f"REQUIRED_LANGUAGES names {code!r} for {label}: it must be one of the "
                    f"site's other languages ({', '.join(sorted(others)) or 'none'})."
                )
        required[label] = codes
    return required
