from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    """Site search: the public search page of each locale."""

    name = "search"
    verbose_name = _("Search")
