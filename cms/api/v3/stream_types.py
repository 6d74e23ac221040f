"""API v3's types of StreamField values, for the OpenAPI document.

Wagtail types a StreamField ``list[Any]``; here it is a list of blocks discriminated by
``type``, each ``value`` typed from the block definition (struct blocks become objects).
Chosen images and pages are the same objects as image and page fields, documents and
snippets small objects: the values of cms/api/streams.py, which both APIs give.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal, Union

from pydantic import BaseModel, Field, create_model
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock

from cms.core.representation import DocumentRefDict, ImageDict, PageRefDict

# Each block's model is made once (several page types share blocks), by schema name.
_block_models: dict[str, type[BaseModel]] = {}


def camel(name: str) -> str:
    """``site_visits`` -> ``SiteVisits``, for schema names."""
    return "".join(part.capitalize() for part in name.split("_"))


def _schema_name(block: blocks.Block, prefix: str, suffix: str) -> str:
    """Custom block classes are named after themselves; inline ``StructBlock([...])`` or
    ``StreamBlock([...])`` after where they are used, so that names never collide."""
    if type(block) in (blocks.StructBlock, blocks.StreamBlock):
        return f"{prefix}{suffix}"
    return f"{type(block).__name__}{suffix if type(block).__name__ != suffix else ''}"


def block_value_type(block: blocks.Block, name: str, prefix: str = "") -> Any:
    """The Python type of ``block.get_api_representation()`` for the OpenAPI schema."""
    prefix = f"{prefix}{camel(name)}"
    if getattr(block, "api_type", None) is not None:
        return block.api_type  # blocks that declare their representation (snippets, tables)
    if isinstance(block, blocks.StructBlock):
        model_name = _schema_name(block, prefix, "Value")
        if model_name not in _block_models:
            fields = {
                child_name: (_nullable(child, block_value_type(child, child_name, prefix)), ...)
                for child_name, child in block.child_blocks.items()
            }
            _block_models[model_name] = create_model(model_name, **fields)
        return _block_models[model_name]
    if isinstance(block, blocks.ListBlock):
        return list[block_value_type(block.child_block, "item", prefix)]
    if isinstance(block, blocks.StreamBlock):
        return stream_type(block, prefix)
    if isinstance(block, blocks.BooleanBlock):
        return bool
    if isinstance(block, blocks.IntegerBlock):
        return int
    if isinstance(block, (blocks.FloatBlock, blocks.DecimalBlock)):
        return float
    if isinstance(block, ImageChooserBlock):
        return ImageDict  # as image fields: alt text, caption, credit, renditions
    if isinstance(block, blocks.PageChooserBlock):
        return PageRefDict  # as page links: id, type, title, url, locale
    if isinstance(block, DocumentChooserBlock):
        return DocumentRefDict  # id, title, download url
    if isinstance(block, blocks.ChooserBlock):
        return int  # other choosers: the chosen object's id
    if isinstance(block, (blocks.RichTextBlock, blocks.FieldBlock, EmbedBlock)):
        return str
    return Any


def _is_required(block: blocks.Block) -> bool:
    if isinstance(block, EmbedBlock):
        return False  # an embed that cannot be fetched any more is None
    if isinstance(block, blocks.ChooserBlock):
        return False  # a deleted image or document, or a page visitors may not see, is None
    if isinstance(block, (blocks.StructBlock, blocks.ListBlock, blocks.StreamBlock)):
        return True  # containers are never None, even when all their children are optional
    if hasattr(block, "_required"):
        # Choice blocks: reading ``required`` would build the form field and its widget
        # before every app is ready; the constructor's argument is kept here.
        return bool(block._required)
    return bool(getattr(block, "required", True))


def _nullable(block: blocks.Block, value_type: Any) -> Any:
    return value_type if _is_required(block) else value_type | None


def stream_type(stream_block: blocks.StreamBlock, prefix: str) -> Any:
    """``list`` of blocks, each ``{"type": <name>, "value": <typed>, "id": <uuid>}``."""
    members = []
    stream_name = _schema_name(stream_block, prefix, "Stream")
    for child_name, child in stream_block.child_blocks.items():
        model_name = f"{stream_name}{camel(child_name)}"
        if model_name not in _block_models:
            _block_models[model_name] = create_model(
                model_name,
                type=(Literal[child_name], ...),
                value=(_nullable(child, block_value_type(child, child_name, stream_name)), ...),
                id=(str | None, None),
            )
        members.append(_block_models[model_name])
    if not members:
        return list[Any]
    if len(members) == 1:
        return list[members[0]]
    return list[Annotated[Union[tuple(members)], Field(discriminator="type")]]  # noqa: UP007
