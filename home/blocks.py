"""A block that places the shared terminology note on any page, in the reader's language."""

from typing import Any

from django.utils.translation import gettext_lazy as _
from typing_extensions import TypedDict
from wagtail.models import Locale
from wagtail.snippets.blocks import SnippetChooserBlock

from cms.core.representation import rich_text


class TerminologyNoteDict(TypedDict):
    """The note in the APIs: the public fields of ``/api/v2/terminology-notes/``."""

    id: int
    title: str
    text: str
    locale: str


class TerminologyNoteBlock(SnippetChooserBlock):
    # The type of get_api_representation() (not None), for API v3's OpenAPI document.
    api_type = TerminologyNoteDict

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("Terminology note"))
        kwargs.setdefault("icon", "info-circle")
        kwargs.setdefault("template", "home/includes/terminology_note.html")
        super().__init__("home.TerminologyNote", **kwargs)

    def get_context(self, value: Any, parent_context: dict | None = None) -> dict:
        context = super().get_context(value, parent_context=parent_context)
        context["note"] = value.localized_live() if value is not None else None
        return context

    def get_api_representation(
        self, value: Any, context: dict | None = None
    ) -> TerminologyNoteDict | None:
        """The live note in the language of the page that shows it (``context["page"]``,
        else the active language), else the live chosen note, as the page's template
        shows it; ``None`` when neither is live, so a draft's wording never leaks."""
        if value is None:
            return None
        context = context if context is not None else {}
        page = context.get("page")
        locale_id = page.locale_id if page is not None else Locale.get_active().pk
        memo = context.setdefault("terminology_notes", {})
        key = (value.translation_key, locale_id, value.locale_id)
        if key not in memo:
            live = {
                note.locale_id: note
                for note in self.target_model.objects.filter(
                    translation_key=value.translation_key,
                    locale_id__in={locale_id, value.locale_id},
                    live=True,
                ).select_related("locale")
            }
            note = live.get(locale_id) or live.get(value.locale_id)
            memo[key] = note and {
                "id": note.pk,
                "title": note.title,
                "text": rich_text(note.text, context),
                "locale": note.locale.language_code,
            }
        return memo[key]
