"""A block that places the shared terminology note on any page, in the reader's language."""

from typing import Any

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.blocks import SnippetChooserBlock


class TerminologyNoteBlock(SnippetChooserBlock):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("Terminology note"))
        kwargs.setdefault("icon", "info-circle")
        kwargs.setdefault("template", "home/includes/terminology_note.html")
        super().__init__("home.TerminologyNote", **kwargs)

    def get_context(self, value: Any, parent_context: dict | None = None) -> dict:
        context = super().get_context(value, parent_context=parent_context)
        context["note"] = value.localized_live() if value is not None else None
        return context
