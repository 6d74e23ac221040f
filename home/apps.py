from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    """The site's root pages: home page, standard pages and the terminology note."""

    name = "home"
    verbose_name = _("Home and standard pages")
