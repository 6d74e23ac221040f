"""The accordion block: questions (or headings) that open to show their answer.

Drawn with ``<details>``/``<summary>``, the browser's own disclosure widget, so it works
with the keyboard and screen readers without a line of JavaScript. Marked as a FAQ, the
page also describes it to search engines as a schema.org ``FAQPage``.
"""

from __future__ import annotations

from typing import Any

from django.utils.html import format_html, strip_tags
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.rich_text import RichText


class AccordionItemBlock(blocks.StructBlock):
    # Not required in the form, so that a draft with an unfinished item saves; the quality
    # gate refuses it at submission (AccordionBlock.quality_problems).
    question = blocks.CharBlock(label=_("question or heading"), required=False, max_length=255)
    answer = blocks.RichTextBlock(
        label=_("answer"),
        required=False,
        features=["bold", "italic", "link", "document-link", "ol", "ul"],
    )

    class Meta:
        icon = "help"
        label = _("Item")


def _paragraph(text: str) -> RichText:
    return RichText(format_html("<p>{}</p>", text))


def _preview_value() -> dict[str, Any]:
    return {
        "heading": gettext("Frequently asked questions"),
        "is_faq": True,
        "items": [
            {
                "question": gettext("Who can join the Alliance?"),
                "answer": _paragraph(
                    gettext("Local and regional authorities that work for Roma inclusion.")
                ),
            },
            {
                "question": gettext("What happens after we apply?"),
                "answer": _paragraph(gettext("A reviewer reads your application and answers.")),
            },
        ],
    }


class AccordionBlock(blocks.StructBlock):
    """Frequently asked questions, or any content read one part at a time."""

    heading = blocks.CharBlock(label=_("heading"), required=False, max_length=255)
    is_faq = blocks.BooleanBlock(
        label=_("frequently asked questions"),
        required=False,
        default=False,
        help_text=_("Tick when the items are questions and answers: search engines are told."),
    )
    items = blocks.ListBlock(AccordionItemBlock(), label=_("items"), min_num=1)

    class Meta:
        icon = "list-ul"
        label = _("Accordion / FAQ")
        template = "blocks/accordion_block.html"
        description = _("Questions or headings that open to show their text.")

    def get_preview_value(self) -> Any:
        return self.normalize(_preview_value())

    def get_context(self, value: Any, parent_context: dict | None = None) -> dict:
        context = super().get_context(value, parent_context=parent_context)
        context["faq"] = self.faq_page(value) if value.get("is_faq") else None
        return context

    def faq_page(self, value: Any) -> dict[str, Any] | None:
        """The schema.org ``FAQPage`` of the answered questions (the template's
        ``json_ld`` filter escapes it for the ``<script>`` element)."""
        questions = [
            {
                "@type": "Question",
                "name": item["question"],
                "acceptedAnswer": {
                    "@type": "Answer",
                    "text": " ".join(strip_tags(item["answer"].source).split()),
                },
            }
            for item in value["items"]
            if item["question"] and item["answer"] and item["answer"].source
        ]
        if not questions:
            return None
        return {"@context": "https://schema.org", "@type": "FAQPage", "mainEntity": questions}

    def quality_problems(self, value: Any) -> list[str]:
        problems = []
        for number, item in enumerate(value["items"], start=1):
            if not (item["question"] or "").strip():
                problems.append(
                    gettext(
                        "Item %(number)s of an accordion has no question or heading: "
                        "write the words a reader clicks to open it."
                    )
                    % {"number": number}
                )
            if not item["answer"] or not strip_tags(item["answer"].source).strip():
                problems.append(
                    gettext("The accordion item “%(question)s” has no answer.")
                    % {"question": item["question"] or number}
                )
        return problems
