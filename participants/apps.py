from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipantsConfig(AppConfig):
    """Participant profiles, statistics and membership applications."""

    name = "participants"
    verbose_name = _("Participants")
