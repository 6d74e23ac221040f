from django.apps import AppConfig
from django.db.models.signals import post_migrate


class CmsConfig(AppConfig):
    """The project package: shared blocks, the image model, base templates and commands."""

    name = "cms"
    verbose_name = "Alliance CMS"

    def ready(self) -> None:
        from cms.cache import connect_signals
        from cms.locales import sync_locales_with_settings

        post_migrate.connect(sync_locales_with_settings, sender=self)
        connect_signals()
