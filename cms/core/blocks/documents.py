"""The document list block: files from the library with their type, size and language.

A reader decides before downloading: "Annual report (PDF, 1.2 MB, in French)". Files in
a private collection are never listed to visitors, in pages or in the APIs: their title
alone can say too much, and the link would only lead to a login.
"""

from __future__ import annotations

from typing import Any

from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from typing_extensions import TypedDict
from wagtail import blocks
from wagtail.documents import get_document_model
from wagtail.documents.blocks import DocumentChooserBlock

from cms.core.language_names import language_name, language_name_lazy
from cms.core.representation import DocumentRefDict, document_ref, public_document_ids

# The languages of the Council of Europe's member states that documents are written in
# (Django names each), beyond the site's own: a city's plan is often only in its language.
DOCUMENT_LANGUAGES = [
    *("bg", "cs", "da", "de", "el", "en", "es", "et", "fi", "fr", "ga", "hr", "hu", "is"),
    *("it", "lt", "lv", "mk", "nb", "nl", "pl", "pt", "ro", "ru", "sk", "sl", "sq"),
    *("sr", "sv", "tr", "uk"),
]


def document_language_choices() -> list[tuple[str, Any]]:
    return [("", _("the page's language"))] + [
        (code, language_name_lazy(code)) for code in DOCUMENT_LANGUAGES
    ]


class DocumentListItemDict(TypedDict):
    document: DocumentRefDict
    title: str
    file_type: str
    file_size: int | None
    language: str | None


class DocumentListDict(TypedDict):
    heading: str
    documents: list[DocumentListItemDict]


class DocumentListItemBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("document"))
    title = blocks.CharBlock(
        label=_("link text"),
        required=False,
        max_length=255,
        help_text=_("Leave empty to use the document's title."),
    )
    language = blocks.ChoiceBlock(
        label=_("language of the file"),
        choices=document_language_choices,
        required=False,
        help_text=_("Say it when the file is not in the page's language."),
    )

    class Meta:
        icon = "doc-full"
        label = _("Document")


class DocumentListBlock(blocks.StructBlock):
    """Several documents under a heading, e.g. a seminar's presentations."""

    heading = blocks.CharBlock(label=_("heading"), required=False, max_length=255)
    documents = blocks.ListBlock(DocumentListItemBlock(), label=_("documents"), min_num=1)

    api_type = DocumentListDict

    class Meta:
        icon = "folder-open-inverse"
        label = _("Document list")
        template = "blocks/document_list_block.html"
        description = _("Files from the document library, with their type, size and language.")

    def get_preview_value(self) -> Any:
        """The library's two newest public documents: a list cannot be shown empty."""
        newest = list(get_document_model().objects.order_by("-created_at")[:5])
        public_ids = public_document_ids(newest)
        chosen = [document for document in newest if document.pk in public_ids][:2]
        return self.normalize(
            {
                "heading": gettext("Presentations"),
                "documents": [{"document": d, "title": "", "language": ""} for d in chosen],
            }
        )

    def public_items(self, value: Any, public_ids: set[int] | None = None) -> list[dict]:
        """The items whose document exists and any visitor may download."""
        chosen = [item for item in value["documents"] if item["document"] is not None]
        if public_ids is None:
            public_ids = public_document_ids([item["document"] for item in chosen])
        items = []
        for item in chosen:
            document = item["document"]
            if document.pk not in public_ids:
                continue
            language = item["language"] or None
            items.append(
                {
                    "document": document,
                    "title": item["title"] or document.title,
                    "file_type": document.file_extension.upper(),
                    "file_size": document.file_size,
                    "language": language,
                    "language_name": language_name(language) if language else "",
                }
            )
        return items

    def get_context(self, value: Any, parent_context: dict | None = None) -> dict:
        context = super().get_context(value, parent_context=parent_context)
        context["items"] = [
            {**item, "details": self.details(item)} for item in self.public_items(value)
        ]
        return context

    def details(self, item: dict) -> str:
        """ "PDF, 1.2 MB, in French", in the reader's language."""
        parts = [item["file_type"]] if item["file_type"] else []
        if item["file_size"]:
            parts.append(str(filesizeformat(item["file_size"])))
        if item["language"]:
            parts.append(gettext("in %(language)s") % {"language": item["language_name"]})
        return ", ".join(parts)

    def get_api_representation(self, value: Any, context: dict | None = None) -> DocumentListDict:
        context = context or {}
        stream = context.get("stream")
        public_ids = stream.public_documents if stream is not None else None
        request = context.get("request")
        return {
            "heading": value["heading"],
            "documents": [
                {
                    "document": document_ref(item["document"], request),
                    "title": item["title"],
                    "file_type": item["file_type"],
                    "file_size": item["file_size"],
                    "language": item["language"],
                }
                for item in self.public_items(value, public_ids)
            ],
        }
