"""What the kernel connects at start-up: locales follow settings, the default site follows
the public address, frugal image operations."""

from __future__ import annotations

from django.apps import AppConfig
from django.db.models.signals import post_migrate

from cms.core.images import install_image_operations
from cms.core.locales import sync_locales_with_settings
from cms.core.reading import install as read_once_per_request
from cms.core.sites import align_after_migrate, register_checks


def connect(app_config: AppConfig) -> None:
    post_migrate.connect(sync_locales_with_settings, sender=app_config)
    # The default Site's address from WAGTAILADMIN_BASE_URL (cms/core/sites.py).
    post_migrate.connect(align_after_migrate, sender=app_config)
    register_checks()
    # Renditions without extra full-size copies of large originals (cms/core/images.py).
    install_image_operations()
    # Wagtail's private sections and active locale, once per reading request.
    read_once_per_request()
