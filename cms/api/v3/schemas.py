"""Our additions to Wagtail 8's generated v3 schemas, installed before its routers load.

Wagtail builds the v3 page schemas once, when ``wagtail.api.v3.routers.pages`` is first
imported, from ``wagtail.api.v3.schemas.PageSchema`` / ``BasePageSchema`` and the field
handlers of ``read_generator``. :func:`install` therefore runs before that import
(``cms.api.v3.endpoints.v3_urls``) and:

- adds ``meta.translations`` and ``meta.is_translation_of_source`` to every page (listing
  and detail), the same data as API v2, resolved for a whole listing in one query;
- types images as objects with alt text, caption, credit and renditions, and links to
  pages as small page objects (API v2's shapes), instead of bare ids;
- types country fields as their ISO code (Wagtail hands pydantic a ``Country`` object);
- types properties named in ``api_fields`` from their return annotation (Wagtail types
  them ``Any``), and ``topic_list`` as API v2's topics;
- types StreamField bodies as a list of blocks discriminated by ``type``, each ``value``
  typed from the block definition (struct blocks become objects), instead of ``list[Any]``;
  chosen images and pages are the same objects as image and page fields, documents and
  snippets small objects (API v2's block values), not bare ids;
- bounds ``offset`` and ``limit``, searches by words and documents every operation's
  errors (cms/api/v3/errors.py).
"""

from __future__ import annotations

import sys
import typing
from functools import cached_property
from typing import Annotated, Any, Literal, Union

from django.core.exceptions import FieldDoesNotExist, ImproperlyConfigured
from django.db.models import Model
from django.db.models.query import ModelIterable
from pydantic import BaseModel, Field, create_model
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images import get_image_model
from wagtail.images.blocks import ImageChooserBlock
from wagtail.models import Page

from cms.api.fields import (
    BatchContext,
    DocumentRefDict,
    ImageDict,
    PageRefDict,
    StreamRepresentation,
    TopicDict,
    TranslationDict,
    image_representation,
    page_ref,
)

ROUTER_MODULE = "wagtail.api.v3.routers.pages"


# --- translations, resolved per listing --------------------------------------------------


class BatchingIterable(ModelIterable):
    """Fetches the rows as usual, then gives every object a shared :class:`BatchContext`,
    so the translations of a whole listing are looked up in one query."""

    def __iter__(self):
        objects = list(super().__iter__())
        batch = BatchContext(objects, request=None)
        for obj in objects:
            obj._alliance_batch = batch
        yield from objects


def _batch(obj: Any, context: dict) -> BatchContext:
    batch = getattr(obj, "_alliance_batch", None)
    # ``page.specific`` copies the attribute from the base page it was made from: that
    # batch holds the base page, which lacks the specific relations (topic links).
    if batch is None or not any(page is obj for page in batch.pages):
        batch = BatchContext([obj], context.get("request"))
    if batch.request is None:
        batch.request = context.get("request")
    return batch


def resolve_translations(obj: Any, context: dict) -> list[TranslationDict]:
    return _batch(obj, context).translations_of(obj)


def resolve_is_translation_of_source(obj: Any, context: dict) -> bool:
    return obj.alias_of_id is None


def _with_translation_meta(base: type, name: str) -> type:
    """``base`` (a Wagtail page meta schema) plus our two locale fields."""
    namespace = {
        "__annotations__": {
            "translations": list[TranslationDict],
            "is_translation_of_source": bool,
        },
        "translations": Field(
            default_factory=list,
            description="The live translations of this page in the other languages.",
        ),
        "is_translation_of_source": Field(
            default=True,
            description=(
                "False when the page is an untranslated alias of the page in another "
                "language: front ends may fall back to that language or hide it."
            ),
        ),
        "resolve_translations": staticmethod(resolve_translations),
        "resolve_is_translation_of_source": staticmethod(resolve_is_translation_of_source),
        "__module__": __name__,
    }
    return type(base)(name, (base,), namespace)


def _with_meta(base: type, meta: type, name: str) -> type:
    return type(base)(name, (base,), {"__annotations__": {"meta": meta}, "__module__": __name__})


# --- images and page links as objects ---------------------------------------------------


def _foreign_key(generator: Any, field: Any) -> tuple[Any, Any, Any]:
    from wagtail.api.v3.schemas.generators.read import foreign_key_schema

    name = field.name
    if field.related_model is get_image_model():

        def resolve_image(obj: Model, context: dict) -> ImageDict | None:
            return image_representation(getattr(obj, name), context.get("request"))

        return ImageDict | None, None, staticmethod(resolve_image)

    if issubclass(field.related_model, Page):

        def resolve_page(obj: Model, context: dict) -> PageRefDict | None:
            page = getattr(obj, name)
            if page is None or not Page.objects.live().public().filter(pk=page.pk).exists():
                return None
            return page_ref(page, context.get("request"))

        return PageRefDict | None, None, staticmethod(resolve_page)

    return foreign_key_schema(generator, field)


def _country(generator: Any, field: Any) -> tuple[Any, Any, Any]:
    """django-countries fields as their ISO 3166-1 code (``"LT"``); Wagtail would type
    them as strings but hand pydantic a ``Country`` object, failing the response."""
    name = field.name

    def resolve(obj: Model, context: dict) -> str | None:
        return getattr(obj, name).code or None

    return str | None, None, staticmethod(resolve)


# --- Python properties named in api_fields ---------------------------------------------


class APIProperty:
    """Stands in for a property named in ``api_fields`` (``country_code``, ``topic_list``),
    so that Wagtail's generator hands it to :func:`_property` like a model field instead
    of typing it ``Any``."""

    def __init__(self, model: type[Model], name: str):
        self.model = model
        self.name = name


def _field_or_property(original: typing.Callable) -> typing.Callable:
    def get_model_field(model: type[Model], name: str) -> Any:
        try:
            return original(model, name)
        except FieldDoesNotExist:
            if isinstance(getattr(model, name, None), (property, cached_property)):
                return APIProperty(model, name)
            raise

    return get_model_field


def resolve_topic_list(obj: Any, context: dict) -> list[TopicDict]:
    return _batch(obj, context).topics_of(obj)


def _property(generator: Any, field: APIProperty) -> tuple[Any, Any, Any]:
    """Typed from the getter's return annotation; ``topic_list`` is API v2's
    ``{id, name, slug}`` in the page's language (cms/api/fields.py)."""
    if field.name == "topic_list":
        return list[TopicDict], [], staticmethod(resolve_topic_list)
    attribute = getattr(field.model, field.name)
    getter = attribute.fget if isinstance(attribute, property) else attribute.func
    try:
        annotation = typing.get_type_hints(getter)["return"]
    except (KeyError, NameError) as error:
        raise ImproperlyConfigured(
            f"{field.model.__name__}.{field.name} is in api_fields: give it a return "
            "annotation so that API v3 can type it."
        ) from error
    return annotation, ..., None


# --- StreamField blocks ----------------------------------------------------------------

_block_models: dict[str, type[BaseModel]] = {}


def _camel(name: str) -> str:
    return "".join(part.capitalize() for part in name.split("_"))


def _schema_name(block: blocks.Block, prefix: str, suffix: str) -> str:
    """Custom block classes are named after themselves; inline ``StructBlock([...])`` or
    ``StreamBlock([...])`` after where they are used, so that names never collide."""
    if type(block) in (blocks.StructBlock, blocks.StreamBlock):
        return f"{prefix}{suffix}"
    return f"{type(block).__name__}{suffix if type(block).__name__ != suffix else ''}"


def block_value_type(block: blocks.Block, name: str, prefix: str = "") -> Any:
    """The Python type of ``block.get_api_representation()`` for the OpenAPI schema."""
    prefix = f"{prefix}{_camel(name)}"
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
    if getattr(block, "api_type", None) is not None:
        return block.api_type  # blocks that declare their representation (snippets)
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
        model_name = f"{stream_name}{_camel(child_name)}"
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


def _stream_field(generator: Any, field: Any) -> tuple[Any, Any, Any]:
    name = field.name

    def resolve(obj: Model, context: dict) -> Any:
        return StreamRepresentation(getattr(obj, name), context, page=obj).data()

    prefix = field.model.__name__
    return stream_type(field.stream_block, f"{prefix}{_camel(name)}"), [], staticmethod(resolve)


# --- installation ----------------------------------------------------------------------


def patched_pages_queryset(original: typing.Callable) -> typing.Callable:
    def get_pages_queryset(request, model=Page):
        # Anonymous consumers: the visibility rules from cached data, as in API v2
        # (cms/api/visibility.py); everyone else: Wagtail's tiers.
        from cms.api.visibility import anonymous_visibility

        visible = None if request.user.is_authenticated else anonymous_visibility(request)
        if visible is None:
            queryset = original(request, model)
        else:
            queryset = model._default_manager.filter(visible)
            queryset = queryset.select_related("content_type", "locale").order_by("pk")
        queryset = queryset.select_related("alias_of")
        queryset._iterable_class = BatchingIterable
        return queryset

    return get_pages_queryset


_installed = False


def install() -> None:
    """Swap in our schemas; must run before Wagtail's page router is imported."""
    global _installed
    if _installed:
        return
    if ROUTER_MODULE in sys.modules:
        raise ImproperlyConfigured(
            f"{ROUTER_MODULE} was imported before cms.api.v3.schemas.install(): "
            "its page schemas would lack our fields."
        )
    from django.db.models import ForeignKey
    from django_countries.fields import CountryField
    from wagtail.api.v3 import schemas
    from wagtail.api.v3.registry import registry
    from wagtail.api.v3.schemas.generators import read as read_module
    from wagtail.api.v3.schemas.pages import BasePageMetaSchema, PageMetaSchema
    from wagtail.fields import StreamField

    from cms.api.v3.errors import (
        answer_conflicts,
        bound_lookups,
        bound_pagination,
        document_errors,
        search_by_words,
    )

    bound_pagination()  # before any router builds its query parameters from them
    search_by_words()
    bound_lookups()
    base_meta = _with_translation_meta(BasePageMetaSchema, "AllianceBasePageMetaSchema")
    detail_meta = _with_translation_meta(PageMetaSchema, "AlliancePageMetaSchema")
    schemas.BasePageSchema = _with_meta(schemas.BasePageSchema, base_meta, "BasePageSchema")
    schemas.PageSchema = _with_meta(schemas.PageSchema, detail_meta, "PageSchema")

    schemas.read_generator.register_field_schema(ForeignKey, _foreign_key)
    schemas.read_generator.register_field_schema(StreamField, _stream_field)
    schemas.read_generator.register_field_schema(CountryField, _country)
    schemas.read_generator.register_field_schema(APIProperty, _property)
    read_module.get_model_field = _field_or_property(read_module.get_model_field)
    schemas.read_generator._reverse_related_schema_cache.clear()  # built with bare-id links
    # The registry built the read schemas when first imported: rebuild them on our bases.
    registry.register_defaults()

    import wagtail.api.v3.routers.pages as pages_router

    pages_router.get_pages_queryset = patched_pages_queryset(pages_router.get_pages_queryset)
    from wagtail.api.v3.api import api

    document_errors(api)
    answer_conflicts(api)
    _installed = True
