from django.apps import AppConfig
from django.db.models.signals import post_migrate, post_save


class CmsConfig(AppConfig):
    """The project package: shared blocks, the image model, base templates and commands."""

    name = "cms"
    verbose_name = "Alliance CMS"

    def ready(self) -> None:
        from cms.api.v3_schemas import install as install_api_v3_schemas
        from cms.cache import connect_signals
        from cms.locales import sync_locales_with_settings
        from cms.media_policy import install as install_media_policy
        from cms.roles import grant_translators_on_new_locale_home, sync_roles_and_workflow

        post_migrate.connect(sync_locales_with_settings, sender=self)
        # Images and documents used by live content are locked for all but administrators,
        # on every path (before wagtail.images/documents register their default policy).
        install_media_policy()
        connect_signals()
        post_migrate.connect(sync_roles_and_workflow)
        post_save.connect(grant_translators_on_new_locale_home)
        # Before any later app's ready() (wagtail.contrib.redirects) imports the v3 routers.
        install_api_v3_schemas()
        # Renditions without extra full-size copies of large originals (cms/images.py).
        from cms.images import install_image_operations

        install_image_operations()
        # Publish events (frontend-cache purge, signed webhooks) and the webhook admin views.
        import cms.privacy  # a page's view restrictions also cover its aliases
        import cms.publish_events
        import cms.webhooks  # noqa: F401
        from cms.gate import connect_signals as connect_break_glass

        connect_break_glass()  # administrators' direct changes go to the audit log

        # Hardening (issue #15): CSV exports never carry a formula; deploy checks refuse
        # published demo passwords; administrators-only models stay out of choosers.
        from cms import admin_only, checks, exports

        exports.install()
        checks.register_checks()
        admin_only.install()
