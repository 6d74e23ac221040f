"""The blocks of a seminar report's own StreamFields: its agenda and its site visits.

The blocks every page body shares are in cms/core/blocks/ and home/models.py.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail import blocks


class TopicDiscussedBlock(blocks.StructBlock):
    """One item of a seminar's agenda as it was actually discussed."""

    title = blocks.CharBlock(label=_("topic"), max_length=255)
    summary = blocks.TextBlock(label=_("summary"))

    class Meta:
        icon = "list-ul"
        label = _("Topic discussed")


class SiteVisitBlock(blocks.StructBlock):
    """A place the delegation visited around the seminar."""

    name = blocks.CharBlock(label=_("place visited"), max_length=255)
    description = blocks.TextBlock(label=_("description"))

    class Meta:
        icon = "site"
        label = _("Site visit")
