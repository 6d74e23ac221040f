"""The `cms` app: the kernel packages, the delivery API and the wiring between them."""

from django.apps import AppConfig


class CmsConfig(AppConfig):
    """The project package: shared kernel, editorial rules, caching, delivery and operations."""

    name = "cms"
    verbose_name = "Alliance CMS"

    def ready(self) -> None:
        # Each package's start-up connections, in one visible place. Imported here, not at
        # the top: these modules import models, which exist only once the registry is ready.
        from cms.api.v3.schemas import install as install_api_v3_schemas
        from cms.caching import signals as caching
        from cms.core import signals as core
        from cms.publishing import signals as publishing
        from cms.security import signals as security
        from cms.workflow import signals as workflow

        core.connect(self)
        # Before wagtail.images/documents register their default permission policies.
        workflow.connect()
        caching.connect()
        # Before any later app's ready() (wagtail.contrib.redirects) imports the v3 routers.
        install_api_v3_schemas()
        publishing.connect()
        security.connect()
