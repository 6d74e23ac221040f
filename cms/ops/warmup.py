"""Work every worker process would otherwise repeat on its first requests, done once in
gunicorn's master before it forks (``preload_app``), so that a new worker is fast at once.

gunicorn replaces each worker after ``max_requests``; a fresh worker used to spend over a
hundred milliseconds on its first page (the code digest of the fragment cache keys, the
URL resolver, template compilation, translation catalogs), and requests queued behind it.
Nothing here opens a database or cache connection: those must never be shared across a
fork.
"""

from __future__ import annotations

import contextlib
import logging
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.cache import caches
from django.template import TemplateDoesNotExist, TemplateSyntaxError
from django.template.loader import get_template
from django.urls import Resolver404, get_resolver
from django.utils import translation

from cms.caching.fragments import code_version

logger = logging.getLogger(__name__)


def project_templates() -> list[str]:
    """The names of the templates of the project's own apps and its shared folder."""
    folders = [Path(folder) for engine in settings.TEMPLATES for folder in engine["DIRS"]]
    folders += [
        Path(config.path) / "templates"
        for config in apps.get_app_configs()
        if Path(config.path).is_relative_to(settings.BASE_DIR)
        and "site-packages" not in Path(config.path).parts
    ]
    return sorted(
        {
            str(path.relative_to(folder))
            for folder in folders
            if folder.is_dir()
            for path in folder.rglob("*.html")
        }
    )


def warm_up() -> None:
    code_version()
    get_resolver().url_patterns  # noqa: B018 - imports every URL configuration
    for name in project_templates():
        try:
            get_template(name)  # kept compiled by the cached template loader
        except (TemplateDoesNotExist, TemplateSyntaxError):
            logger.warning("Template %s could not be compiled in advance.", name)
    resolver = get_resolver()
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            translation.gettext("Search")  # loads the language's catalogs
            # URL patterns compile their expressions per language, on first use.
            resolver._populate()
            for path in (f"/{code}/", f"/{code}/search/", "/api/v2/pages/"):
                with contextlib.suppress(Resolver404):
                    resolver.resolve(path)
    with contextlib.suppress(ValueError):
        staticfiles_storage.url("css/site.css")  # reads the manifest of hashed names
    for alias in settings.CACHES:
        # Made and thrown away: django-redis imports its client, serializer and
        # compressor classes when its client is made, and connects only on first use.
        # No cache object that could hold a connection survives into the workers.
        getattr(caches[alias], "client", None)
        del caches[alias]
