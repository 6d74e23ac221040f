from __future__ import annotations

from importlib import metadata

from django.apps import AppConfig
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from cms.settings.env import search_engine_for_backend


class SearchConfig(AppConfig):
    """Site search: the public search page of each locale."""

    name = "search"
    verbose_name = _("Search")

    def ready(self) -> None:
        check_search_client()


def check_search_client() -> None:
    """Stop start-up when SEARCH_URL names a cluster whose client is missing or of another
    major version: otherwise the first publish fails in the editor's face, not the
    operator's (manage.py prints it as "Configuration error: …")."""
    engine = search_engine_for_backend(settings.WAGTAILSEARCH_BACKENDS["default"]["BACKEND"])
    if engine is None:
        return
    try:
        installed = metadata.version(engine.distribution)
    except metadata.PackageNotFoundError:
        installed = None
    if installed is None or installed.split(".")[0] != str(engine.major):
        found = f"{engine.distribution} {installed} is installed" if installed else "not installed"
        raise ImproperlyConfigured(
            f"SEARCH_URL needs the {engine.distribution} client, major version "
            f'{engine.major} ({found}): pip install "{engine.requirement}"'
        )
