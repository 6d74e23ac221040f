"""StreamField values for the APIs (v2 and v3 alike): chosen images, pages and documents
as objects, not bare ids.

A chosen image is an :class:`~cms.core.representation.ImageDict` and a chosen page a
:class:`~cms.core.representation.PageRefDict` (the shapes of image and page fields), a
chosen document a :class:`~cms.core.representation.DocumentRefDict`; other blocks give
their ``get_api_representation`` (snippets: see home/blocks.py), with ``page`` in the
context so that they can answer in the page's language. A block with an ``api_type`` (the
type of its representation, for API v3's schema) is always asked itself, with this object
as ``context["stream"]`` for the images, documents and pages it holds. Renditions, page
visibility and document privacy are fetched once for the whole value, so a gallery of
twenty images costs the same queries as one.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, prefetch_related_objects
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock
from wagtail.models import Page

from cms.core.blocks import CaptionedImageBlock
from cms.core.image_text import with_use_text
from cms.core.representation import (
    document_ref,
    image_representation,
    page_ref,
    public_document_ids,
    rendition_queryset,
)


def _chosen(block: Any, value: Any, found: dict[str, list[Any]]) -> None:
    """Collect the images, pages and documents chosen anywhere in a block value."""
    if value is None:
        return
    if isinstance(block, ImageChooserBlock):
        found["images"].append(value)
    elif isinstance(block, DocumentChooserBlock):
        found["documents"].append(value)
    elif isinstance(block, blocks.PageChooserBlock):
        found["pages"].append(value)
    elif isinstance(block, blocks.StructBlock):
        for name, child in block.child_blocks.items():
            _chosen(child, value.get(name), found)
    elif isinstance(block, blocks.ListBlock):
        for item in value:
            _chosen(block.child_block, item, found)
    elif isinstance(block, blocks.StreamBlock):
        for child in value:
            _chosen(child.block, child.value, found)


class StreamRepresentation:
    """One StreamField value as the APIs give it (see the module's docstring)."""

    def __init__(self, stream_value: Any, context: dict, page: Any = None):
        self.value = stream_value
        # A copy: blocks may memoise in it, and the serializer's context is shared.
        self.context = {**context, "page": page}
        self.request = context.get("request")
        found: dict[str, list[Any]] = {"images": [], "pages": [], "documents": []}
        _chosen(stream_value.stream_block, stream_value, found)
        if found["images"]:
            prefetch_related_objects(
                found["images"], Prefetch("renditions", queryset=rendition_queryset())
            )
        self.visible_pages: dict[int, Page] = {}
        if found["pages"]:
            self.visible_pages = (
                Page.objects.live()
                .public()
                .select_related("locale")
                .in_bulk([page.pk for page in found["pages"]])
            )
        self.public_documents: set[int] = set()
        if found["documents"]:
            self.public_documents = public_document_ids(found["documents"])

    def data(self) -> list[dict[str, Any]]:
        return self.represent(self.value.stream_block, self.value)

    def represent(self, block: Any, value: Any) -> Any:
        if getattr(block, "api_type", None) is not None:
            # A block that declares its shape represents itself (tables, media, events);
            # ``stream`` lets it give chosen images and documents as every other block does.
            return block.get_api_representation(value, context={**self.context, "stream": self})
        if isinstance(block, ImageChooserBlock):
            return image_representation(value, self.request)
        if isinstance(block, DocumentChooserBlock):
            if value is None or value.pk not in self.public_documents:
                return None  # deleted, or in a private collection
            return document_ref(value, self.request)
        if isinstance(block, blocks.PageChooserBlock):
            page = self.visible_pages.get(value.pk) if value is not None else None
            return page_ref(page, self.request) if page is not None else None
        if isinstance(block, blocks.StructBlock):
            represented = {
                name: self.represent(block.child_blocks[name], child_value)
                for name, child_value in value.items()
                if name in block.child_blocks
            }
            if isinstance(block, CaptionedImageBlock):
                # The chosen image carries this use's text, as the rendered page does.
                text = block.image_text(value) if value.get("image") is not None else None
                represented["image"] = with_use_text(represented.get("image"), text)
            return represented
        if isinstance(block, blocks.ListBlock):
            return [self.represent(block.child_block, item) for item in value]
        if isinstance(block, blocks.StreamBlock):
            if value is None:
                return []
            return [
                {
                    "type": child.block.name,
                    "value": self.represent(child.block, child.value),
                    "id": child.id,
                }
                for child in value
            ]
        return block.get_api_representation(value, context=self.context)
