"""The call-out block: a note, a warning or a key figure set apart from the text.

Its kind is said in words ("Warning"), not by colour alone, so that every reader gets it.
"""

from __future__ import annotations

from typing import Any

from django.utils.html import format_html, strip_tags
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.rich_text import RichText

NOTE, WARNING, KEY_FIGURE = "note", "warning", "key_figure"
KIND_LABELS = {NOTE: _("Note"), WARNING: _("Warning"), KEY_FIGURE: _("Key figure")}


class CalloutBlock(blocks.StructBlock):
    kind = blocks.ChoiceBlock(
        label=_("kind"),
        choices=list(KIND_LABELS.items()),
        default=NOTE,
    )
    title = blocks.CharBlock(label=_("short title"), required=False, max_length=255)
    figure = blocks.CharBlock(
        label=_("figure"),
        required=False,
        max_length=40,
        help_text=_("For a key figure: the number as it should read, e.g. “130” or “29 %”."),
    )
    text = blocks.RichTextBlock(
        label=_("text"),
        required=False,
        features=["bold", "italic", "link"],
        help_text=_("For a key figure: what the number counts, e.g. “cities and regions”."),
    )

    class Meta:
        icon = "warning"
        label = _("Call-out")
        template = "blocks/callout_block.html"
        description = _("A note, a warning or a key figure set apart from the text.")

    def get_preview_value(self) -> Any:
        return self.normalize(
            {
                "kind": KEY_FIGURE,
                "title": "",
                "figure": "130",
                "text": RichText(
                    format_html("<p>{}</p>", gettext("cities and regions in 29 countries"))
                ),
            }
        )

    def get_context(self, value: Any, parent_context: dict | None = None) -> dict:
        context = super().get_context(value, parent_context=parent_context)
        context["kind_label"] = KIND_LABELS.get(value["kind"], KIND_LABELS[NOTE])
        return context

    def quality_problems(self, value: Any) -> list[str]:
        has_text = bool(value["text"] and strip_tags(value["text"].source).strip())
        if value["kind"] == KEY_FIGURE:
            problems = []
            if not (value["figure"] or "").strip():
                problems.append(gettext("A key figure has no figure: enter the number to show."))
            if not has_text:
                problems.append(
                    gettext("A key figure does not say what it counts: write it in the text.")
                )
            return problems
        if not has_text:
            kind = KIND_LABELS.get(value["kind"], KIND_LABELS[NOTE])
            return [
                gettext("The call-out “%(title)s” has no text: write what readers should know.")
                % {"title": value["title"] or kind}
            ]
        return []
