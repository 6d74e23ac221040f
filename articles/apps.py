from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    """News articles, seminar reports and topics."""

    name = "articles"
    verbose_name = _("Articles")

    def ready(self) -> None:
        # The kernel's "Upcoming events" block lists seminar reports through this
        # source (cms/core/events.py): the kernel never imports articles.
        from articles.events import upcoming_report_events
        from cms.core.events import register_event_source

        register_event_source(upcoming_report_events)
