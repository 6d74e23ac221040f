"""What the kernel connects at start-up: locales follow settings, frugal image operations."""

from __future__ import annotations

from django.apps import AppConfig
from django.db.models.signals import post_migrate

from cms.core.images import install_image_operations
from cms.core.locales import sync_locales_with_settings


def connect(app_config: AppConfig) -> None:
    post_migrate.connect(sync_locales_with_settings, sender=app_config)
    # Renditions without extra full-size copies of large originals (cms/core/images.py).
    install_image_operations()
