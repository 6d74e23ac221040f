"""Our additions to Wagtail 8's generated v3 schemas, installed before its routers load.

Wagtail builds the v3 page schemas once, when ``wagtail.api.v3.routers.pages`` is first
imported, from ``wagtail.api.v3.schemas.PageSchema`` / ``BasePageSchema`` and the field
handlers of ``read_generator``. :func:`install` therefore runs before that import
(``cms.api.v3.endpoints.v3_urls``) and:

- adds ``meta.translations``, ``meta.is_translation_of_source`` and
  ``meta.translation_status`` to every page (listing and detail), the same data as API
  v2, resolved for a whole listing in one query, and ``meta.canonical_url`` and
  ``meta.social_image`` to a page's detail (cms/chrome/head.py);
- types images as objects with alt text, caption, credit and renditions, and links to
  pages as small page objects (API v2's shapes), instead of bare ids;
- types country fields as their ISO code (Wagtail hands pydantic a ``Country`` object);
- types properties named in ``api_fields`` from their return annotation (Wagtail types
  them ``Any``);
- reads the serializers declared on ``api_fields`` (``APIField(name, serializer=...)``,
  e.g. articles/serializers.py) with the request's context and the response's batch:
  a serializer with ``represent(obj, context)`` is typed from its return annotation (a
  list is never None) and resolved by it, one with ``v3_uses_model_field`` leaves the
  model field its v3 shape (Wagtail would type either ``Any | None`` and resolve it
  without the request);
- types StreamField bodies as a list of blocks discriminated by ``type``
  (cms/api/v3/stream_types.py), chosen images and pages the same objects as image and
  page fields, documents and snippets small objects (API v2's block values);
- bounds ``offset`` and ``limit`` and searches by words (cms/api/v3/errors.py), and
  makes the OpenAPI document valid and complete (cms/api/v3/contract.py).
"""

from __future__ import annotations

import sys
import typing
from functools import cached_property
from typing import Any

from django.core.exceptions import FieldDoesNotExist, ImproperlyConfigured
from django.db.models import ForeignKey, Model
from django.db.models.query import ModelIterable
from django_countries.fields import CountryField
from pydantic import Field
from wagtail.api import APIField
from wagtail.api.v3 import schemas
from wagtail.api.v3.registry import registry
from wagtail.api.v3.schemas.generators import read as read_module
from wagtail.api.v3.schemas.generators.read import FieldSchema, foreign_key_schema
from wagtail.api.v3.schemas.pages import BasePageMetaSchema, PageMetaSchema
from wagtail.fields import StreamField
from wagtail.images import get_image_model
from wagtail.models import Page

from cms.api.streams import StreamRepresentation
from cms.api.v3 import paging
from cms.api.v3.contract import complete_documents
from cms.api.v3.counting import count_search_results
from cms.api.v3.errors import answer_conflicts, bound_lookups, bound_pagination, search_by_words
from cms.api.v3.stream_types import camel, stream_type
from cms.api.visibility import anonymous_visibility, is_live_and_public
from cms.chrome import head
from cms.core.image_text import text_of_image_field, with_use_text
from cms.core.representation import (
    ImageDict,
    PageRefDict,
    TranslationDict,
    batch_for,
    image_representation,
    page_ref,
    share_batch,
)
from cms.translations.freshness import TranslationStatus

ROUTER_MODULE = "wagtail.api.v3.routers.pages"


# --- translations, resolved per listing --------------------------------------------------


class BatchingIterable(ModelIterable):
    """Fetches the rows as usual, then gives every object a shared batch
    (cms/core/representation.py), so the translations of a whole listing are looked up
    in one query."""

    def __iter__(self):
        objects = list(super().__iter__())
        share_batch(objects)
        yield from objects


def resolve_translations(obj: Any, context: dict) -> list[TranslationDict]:
    return batch_for(context, obj).translations_of(obj)


def resolve_is_translation_of_source(obj: Any, context: dict) -> bool:
    return obj.alias_of_id is None


def resolve_translation_status(obj: Any, context: dict) -> TranslationStatus | None:
    return batch_for(context, obj).translation_status_of(obj)


def _with_translation_meta(base: type, name: str) -> type:
    """``base`` (a Wagtail page meta schema) plus our two locale fields."""
    namespace = {
        "__annotations__": {
            "translations": list[TranslationDict],
            "is_translation_of_source": bool,
            "translation_status": TranslationStatus | None,
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
        "translation_status": Field(
            default=None,
            description=(
                "current: translated from the source's live version; outdated: the "
                "source has been published since; fallback: an untranslated alias "
                "showing the source's words; null: the page is the source."
            ),
        ),
        "resolve_translations": staticmethod(resolve_translations),
        "resolve_translation_status": staticmethod(resolve_translation_status),
        "resolve_is_translation_of_source": staticmethod(resolve_is_translation_of_source),
        "__module__": __name__,
    }
    return type(base)(name, (base,), namespace)


def resolve_canonical_url(obj: Any, context: dict) -> str | None:
    return head.canonical_url(obj, context.get("request"))


def resolve_social_image(obj: Any, context: dict) -> head.SocialImageDict:
    return head.social_image(obj.specific, context.get("request")).as_dict()


def _with_head_meta(base: type, name: str) -> type:
    """``base`` plus what a page's ``<head>`` needs (cms/chrome/head.py): on detail
    only, since a sharing picture is a rendition per page."""
    namespace = {
        "__annotations__": {
            "canonical_url": str | None,
            "social_image": head.SocialImageDict | None,
        },
        "canonical_url": Field(
            default=None,
            description=(
                "The address search engines should index: the page's own, or its source's "
                "for an untranslated alias (`rel=canonical`)."
            ),
        ),
        "social_image": Field(
            default=None,
            description=(
                "The 1200 × 630 picture shown when the page is shared (`og:image`): its "
                "own, else the site's default sharing image, else the Alliance's emblem."
            ),
        ),
        "resolve_canonical_url": staticmethod(resolve_canonical_url),
        "resolve_social_image": staticmethod(resolve_social_image),
        "__module__": __name__,
    }
    return type(base)(name, (base,), namespace)


def _with_meta(base: type, meta: type, name: str) -> type:
    return type(base)(name, (base,), {"__annotations__": {"meta": meta}, "__module__": __name__})


# --- images and page links as objects ---------------------------------------------------


def _foreign_key(generator: Any, field: Any) -> FieldSchema:
    name = field.name
    if field.related_model is get_image_model():

        def resolve_image(obj: Model, context: dict) -> ImageDict | None:
            # The page's own words for the image (cms/core/image_text.py).
            represented = image_representation(getattr(obj, name), context.get("request"))
            return with_use_text(represented, text_of_image_field(obj, name))

        return ImageDict | None, None, staticmethod(resolve_image)

    if issubclass(field.related_model, Page):

        def resolve_page(obj: Model, context: dict) -> PageRefDict | None:
            page = getattr(obj, name)
            if page is None or not is_live_and_public(page):
                return None
            return page_ref(page, context.get("request"))

        return PageRefDict | None, None, staticmethod(resolve_page)

    return foreign_key_schema(generator, field)


def _country(generator: Any, field: Any) -> FieldSchema:
    """django-countries fields as their ISO 3166-1 code (``"LT"``); Wagtail would type
    them as strings but hand pydantic a ``Country`` object, failing the response."""
    name = field.name

    def resolve(obj: Model, context: dict) -> str | None:
        return getattr(obj, name).code or None

    return str | None, None, staticmethod(resolve)


# --- Python properties named in api_fields ---------------------------------------------


class APIProperty:
    """Stands in for a property named in ``api_fields`` (``country_code``),
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


def _property(generator: Any, field: APIProperty) -> FieldSchema:
    """Typed from the getter's return annotation."""
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


# --- serializers declared on api_fields -------------------------------------------------


class DeclaredAPIFields(APIField):
    """What the read generator sees of ``api_fields``: a field whose serializer is for
    API v2 only (``v3_uses_model_field``) without it, so that v3 types and resolves the
    model field as Wagtail does (an article's links: ``{id, meta, participant}``)."""

    @classmethod
    def get_fields_for_model(cls, model: type[Model], db_fields_only: bool = False) -> list:
        return [
            APIField(field.name, writable=field.writable)
            if getattr(field.serializer, "v3_uses_model_field", False)
            else field
            for field in APIField.get_fields_for_model(model, db_fields_only=db_fields_only)
        ]


def declared_serializer(original: typing.Callable) -> typing.Callable:
    """Wagtail's schema of an ``APIField(name, serializer=...)``, except for a serializer
    with ``represent(obj, context)``: typed from its return annotation (a list defaults
    to ``[]`` and is never None, anything else may be None) and resolved with the
    request's context, in which it finds the response's batch."""

    def serializer_schema(api_field: APIField) -> FieldSchema:
        represent = getattr(api_field.serializer, "represent", None)
        if represent is None:
            return original(api_field)
        annotation = typing.get_type_hints(represent)["return"]

        def resolve(obj: Model, context: dict) -> Any:
            return represent(obj, context)

        if typing.get_origin(annotation) is list:
            return annotation, [], staticmethod(resolve)
        return annotation | None, None, staticmethod(resolve)

    return serializer_schema


# --- StreamField bodies ------------------------------------------------------------


def _stream_field(generator: Any, field: Any) -> FieldSchema:
    name = field.name

    def resolve(obj: Model, context: dict) -> Any:
        return StreamRepresentation(getattr(obj, name), context, page=obj).data()

    prefix = field.model.__name__
    return stream_type(field.stream_block, f"{prefix}{camel(name)}"), [], staticmethod(resolve)


# --- installation ----------------------------------------------------------------------


def patched_pages_queryset(original: typing.Callable) -> typing.Callable:
    def get_pages_queryset(request, model=Page):
        # Anonymous consumers: the visibility rules from cached data, as in API v2
        # (cms/api/visibility.py); everyone else: Wagtail's tiers.
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
    bound_pagination()  # before any router builds its query parameters from them
    paging.install()  # cursor, keys first, bounded counts (cms/api/paging.py)
    search_by_words()
    count_search_results()  # ?search= listings count in SQL, not with len()
    bound_lookups()
    base_meta = _with_translation_meta(BasePageMetaSchema, "AllianceBasePageMetaSchema")
    detail_meta = _with_head_meta(
        _with_translation_meta(PageMetaSchema, "AllianceTranslatedPageMetaSchema"),
        "AlliancePageMetaSchema",
    )
    schemas.BasePageSchema = _with_meta(schemas.BasePageSchema, base_meta, "BasePageSchema")
    schemas.PageSchema = _with_meta(schemas.PageSchema, detail_meta, "PageSchema")

    schemas.read_generator.register_field_schema(ForeignKey, _foreign_key)
    schemas.read_generator.register_field_schema(StreamField, _stream_field)
    schemas.read_generator.register_field_schema(CountryField, _country)
    schemas.read_generator.register_field_schema(APIProperty, _property)
    read_module.get_model_field = _field_or_property(read_module.get_model_field)
    read_module.APIField = DeclaredAPIFields
    generator = schemas.read_generator
    # An instance attribute: Wagtail calls ``self._custom_serializer_schema(field)``.
    generator._custom_serializer_schema = declared_serializer(generator._custom_serializer_schema)
    schemas.read_generator._reverse_related_schema_cache.clear()  # built with bare-id links
    # The registry built the read schemas when first imported: rebuild them on our bases.
    registry.register_defaults()

    # Imported only now, never at the top: importing the router builds its page schemas
    # from what is patched above (and ``wagtail.api.v3.api`` imports every router).
    import wagtail.api.v3.routers.pages as pages_router

    pages_router.get_pages_queryset = patched_pages_queryset(pages_router.get_pages_queryset)
    from wagtail.api.v3.api import api  # imports the routers: after the patches too

    complete_documents(api)
    answer_conflicts(api)
    _installed = True
