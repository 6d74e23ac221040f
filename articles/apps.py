from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    """News articles, seminar reports and topics."""

    name = "articles"
    verbose_name = _("Articles")
