"""API v2 (``/api/v2/``): the stable, read-only JSON contract for front ends.

Compared with Wagtail's endpoints, pages carry ``meta.locale``, ``meta.translations``,
``meta.is_translation_of_source`` and ``meta.translation_status``; images come as
renditions with alt text; linked pages as small objects; lists prefetch everything they
show, so their query count does not grow with ``limit``. Heavy fields (StreamField
bodies, rich text) are shown on detail only.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.http import Http404
from django.utils.cache import patch_cache_control
from rest_framework.fields import Field
from rest_framework.response import Response
from wagtail.api.v2.filters import LocaleFilter, SearchFilter
from wagtail.api.v2.serializers import PageSerializer, RichTextFieldSerializer
from wagtail.api.v2.utils import BadRequestError, page_models_from_string
from wagtail.api.v2.views import BaseAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.fields import RichTextField, StreamField
from wagtail.images import get_image_model
from wagtail.images.api.v2.views import ImagesAPIViewSet
from wagtail.models import Locale, Page, get_page_models

from cms.api.errors import ValidatedParameters
from cms.api.fields import (
    CanonicalURLField,
    ImageAltField,
    ImageRenditionsField,
    ImageRenditionsOnlyField,
    IsTranslationField,
    LocaleField,
    PageRefField,
    SocialImageField,
    StreamBlocksField,
    TranslationsField,
    TranslationStatusField,
    VisibleParentField,
)
from cms.api.paging import filter_key
from cms.api.preview import preview_page
from cms.api.relations import optimise
from cms.api.v2.filters import (
    FILTER_PARAMETERS,
    AllianceFilter,
    MemoLocaleFilter,
    SearchWhenAsked,
    WordSearchFilter,
)
from cms.api.v2.find import FindByPath
from cms.api.v2.item_cache import ItemCache
from cms.api.v2.paging import KeysetPagination
from cms.api.visibility import anonymous_visibility
from cms.core.reading import all_locales
from cms.core.representation import BatchContext, rendition_queryset
from search.api import LocalisedSearchFilter, SearchablePagesAPIViewSet


def _heavy_field_names() -> list[str]:
    names = {"parent"}
    for model in get_page_models():
        for api_field in getattr(model, "api_fields", ()):
            try:
                field = model._meta.get_field(api_field.name)
            except FieldDoesNotExist:
                continue
            if isinstance(field, (StreamField, RichTextField)):
                names.add(api_field.name)
    return sorted(names)


class CompactJSON:
    """Compact JSON (the same values) instead of Wagtail's 4-space indentation, which only
    Python's pure-Python encoder writes: a third of a cached listing's time and 40 % more
    bytes. ``Accept: application/json; indent=4`` still pretty-prints."""

    def get_renderer_context(self) -> dict[str, Any]:
        context = super().get_renderer_context()  # type: ignore[misc]
        context.pop("indent", None)
        return context


class AlliancePageSerializer(PageSerializer):
    parent = VisibleParentField(read_only=True)
    translations = TranslationsField(read_only=True)
    is_translation_of_source = IsTranslationField(read_only=True)
    translation_status = TranslationStatusField(read_only=True)
    canonical_url = CanonicalURLField(read_only=True)
    social_image = SocialImageField(read_only=True)


class AlliancePagesAPIViewSet(
    FindByPath, ValidatedParameters, CompactJSON, SearchablePagesAPIViewSet
):
    """Pages with locale-aware metadata, typed related objects and our filters; found by
    path in any language, or through an editor's redirect (cms/api/v2/find.py)."""

    base_serializer_class = AlliancePageSerializer
    filter_backends = [
        *(
            MemoLocaleFilter if b is LocaleFilter else b
            for b in SearchablePagesAPIViewSet.filter_backends
            if b is not LocalisedSearchFilter
        ),
        AllianceFilter,
        SearchWhenAsked,  # search/api.py's; last: search results cannot be filtered further
    ]
    known_query_parameters = SearchablePagesAPIViewSet.known_query_parameters.union(
        FILTER_PARAMETERS, ["cursor"]
    )
    # Stable order, keys first, cursors, bounded counts (cms/api/paging.py).
    pagination_class = KeysetPagination
    meta_fields = [
        *SearchablePagesAPIViewSet.meta_fields,
        "translations",
        "is_translation_of_source",
        "translation_status",
        "canonical_url",
        "social_image",
    ]
    listing_default_fields = [
        *SearchablePagesAPIViewSet.listing_default_fields,
        "translations",
        "translation_status",
    ]
    # A sharing picture is a rendition per page: what a page's own view needs, not a list.
    detail_only_fields = [*_heavy_field_names(), "canonical_url", "social_image"]

    @classmethod
    def get_field_serializer_overrides(cls, model: type[models.Model]) -> dict[str, Field]:
        """The serializers declared on ``api_fields`` (Wagtail's rule: an app's own
        fields, e.g. articles/serializers.py), then ours by model field type: StreamField
        blocks, images with renditions, linked pages as small objects."""
        overrides = super().get_field_serializer_overrides(model)
        image_model = get_image_model()
        for api_field in cls.get_body_fields(model):
            name = api_field.name
            if name in overrides:
                continue
            try:
                field = model._meta.get_field(name)
            except FieldDoesNotExist:
                continue
            if isinstance(field, StreamField):
                overrides[name] = StreamBlocksField(read_only=True)
            elif isinstance(field, models.ForeignKey):
                if field.related_model is image_model:
                    overrides[name] = ImageRenditionsField(read_only=True)
                elif issubclass(field.related_model, Page):
                    overrides[name] = PageRefField(read_only=True)
        return overrides

    def check_query_parameters(self, queryset):
        super().check_query_parameters(queryset)
        code = self.request.GET.get("locale")
        if code is not None and code not in all_locales():
            raise BadRequestError(f"locale: {code!r} is not a language of this site")

    def _anonymous_visibility(self) -> models.Q | None:
        """Which pages an anonymous consumer may see, from cached data (visibility.py);
        None for anyone else, who gets Wagtail's own rules."""
        if not hasattr(self, "_alliance_visibility"):
            self._alliance_visibility = anonymous_visibility(self.request)
        return self._alliance_visibility

    def count_cache_parts(self) -> tuple[object, ...] | None:
        """What an anonymous listing's rows depend on (its endpoint, host and filters),
        so that its count is kept per content generation; None for anyone else."""
        if self._anonymous_visibility() is None:
            return None
        request = self.request
        return ("v2", filter_key(request.path, request.get_host(), dict(request.GET.lists())))

    def get_base_queryset(self):
        # Wagtail builds it up to three times a request (listing, serializer context,
        # filters), each time reading every view restriction and the site's translations.
        if not hasattr(self, "_alliance_base_queryset"):
            visible = self._anonymous_visibility()
            if visible is None:
                self._alliance_base_queryset = super().get_base_queryset()
            else:
                self._alliance_base_queryset = Page.objects.filter(visible)
        return self._alliance_base_queryset.all()

    def _page_queryset(self) -> models.QuerySet:
        """Wagtail's get_queryset, except that one page type (``?type=``) is filtered
        directly for anonymous consumers, not through ``pk IN (visible pages)``."""
        visible = self._anonymous_visibility()
        if visible is not None and self.request.GET.get("type"):
            try:
                page_models = page_models_from_string(self.request.GET["type"])
            except (LookupError, ValueError) as error:
                raise BadRequestError("type doesn't exist") from error
            if len(page_models) == 1:
                return page_models[0].objects.filter(visible)
        return super().get_queryset()

    def get_queryset(self):
        queryset = self._page_queryset()
        # A listing is filtered, ordered and counted first: each of those steps clones
        # the query, so its joins and prefetches are added just before the page is read.
        # (Search results are fetched from the query they are given: optimised now.)
        return queryset if self._optimise_late() else optimise(queryset)

    def _optimise_late(self) -> bool:
        return self.action == "listing_view" and "search" not in self.request.GET

    def paginate_queryset(self, queryset):
        if self._optimise_late() and isinstance(queryset, models.QuerySet):
            queryset = optimise(queryset)
        page = super().paginate_queryset(queryset)
        self.alliance_batch = BatchContext(page or [], self.request)
        return page

    # Representations of live pages are shared between requests (cms/api/v2/item_cache.py);
    # the preview endpoint turns this off: a draft must never be read from or stored there.
    cache_items = True

    def _item_cache(self) -> ItemCache | None:
        if not self.cache_items or "search" in self.request.GET:
            return None
        # The visibility data of an anonymous request is read with the generation, in
        # one round trip; the item cache then keys by that generation.
        self._anonymous_visibility()
        return ItemCache.for_request(self.request, self.action)

    def listing_view(self, request):
        cache = self._item_cache()  # first: it reads the generation before any content
        if cache is None:
            return super().listing_view(request)
        queryset = self.get_queryset()
        self.check_query_parameters(queryset)
        queryset = self.filter_queryset(queryset)
        if not isinstance(queryset, models.QuerySet):
            return super().listing_view(request)
        queryset, found = self.paginator.keys(queryset, request, self, ("last_published_at",))
        rows = [(pk, extra[0]) for pk, extra in zip(found.ids, found.rows, strict=True)]
        return self.get_paginated_response(self._items(queryset, rows, cache))

    def _items(self, queryset: models.QuerySet, rows: list, cache: ItemCache) -> list:
        """The representations of the pages ``rows`` names, in that order: from the
        cache, the others serialized together (one batch) and stored."""
        keys = {pk: cache.key(pk, published) for pk, published in rows}
        found = cache.get_many(list(keys.values()))
        missing = [pk for pk, key in keys.items() if key not in found]
        fresh: dict[int, Any] = {}
        if missing:
            # The same visibility and filters again, narrowed to the pages not found.
            objects = list(optimise(queryset.filter(pk__in=missing)))
            self.alliance_batch = BatchContext(objects, self.request)
            data = self.get_serializer(objects, many=True).data
            fresh = {obj.pk: item for obj, item in zip(objects, data, strict=True)}
            cache.set_many({keys[pk]: item for pk, item in fresh.items()})
        items = [found.get(key) or fresh.get(pk) for pk, key in keys.items()]
        return [item for item in items if item is not None]

    def detail_view(self, request, pk):
        cache = self._item_cache()  # first: it reads the generation before any content
        if cache is None and self._anonymous_visibility() is None:
            return super().detail_view(request, pk)  # Wagtail's rules: not ours to read
        # The queryset and filters of get_object, without its joins: only the page's
        # publication time and type are read first (the representation may be cached).
        queryset = self.filter_queryset(self._page_queryset())
        if not isinstance(queryset, models.QuerySet):
            return super().detail_view(request, pk)
        row = queryset.filter(pk=pk).values_list("pk", "last_published_at", "content_type_id")
        row = row.first()
        if row is None:
            return super().detail_view(request, pk)  # its 404
        key = cache.key(row[0], row[1]) if cache is not None else None
        data = cache.get_many([key]).get(key) if cache is not None and key else None
        if data is not None:
            return Response(data)
        # Wagtail read the base page, then the specific one, then each relation once per
        # field that shows it (an article's links twice, its topics three times): the
        # page is read once as its own type, its relations prefetched (optimise).
        page = self._specific_page(row[0], row[2])
        if page is None:
            response = super().detail_view(request, pk)
        else:
            self._cached_object = page  # what get_object and get_serializer_class use
            self.alliance_batch = BatchContext([page], request)
            response = Response(self.get_serializer(page).data)
        if cache is not None and key and response.status_code == 200:
            cache.set_many({key: response.data})
        return response

    def _specific_page(self, pk: int, content_type_id: int) -> Page | None:
        """The page of a detail, read once as its own type with everything its fields
        show (Wagtail reads the base page, then the specific one, then each relation);
        None when the visibility rules are not ours (Wagtail's get_object then)."""
        visible = self._anonymous_visibility()
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        if visible is None or model is None:
            return None
        return optimise(model._default_manager.filter(visible, pk=pk)).first()


class PagePreviewAPIViewSet(AlliancePagesAPIViewSet):
    """``/api/v2/page_preview/?content_type=&token=``: the one draft a preview token
    was issued for (cms/api/preview.py), serialized like a page detail. Never cached."""

    known_query_parameters = AlliancePagesAPIViewSet.known_query_parameters.union(
        ["content_type", "token"]
    )
    cache_items = False  # a draft is never read from or stored in the shared cache

    def listing_view(self, request):
        page, error = preview_page(request)
        if error is None:
            self.action = "detail_view"
            self._cached_object = page
            response = Response(self.get_serializer(page).data)
        else:
            response = error
        patch_cache_control(response, private=True, no_store=True)
        return response

    def detail_view(self, request, pk):
        raise Http404

    def find_view(self, request):
        raise Http404


class LiveSnippetsAPIViewSet(ValidatedParameters, CompactJSON, BaseAPIViewSet):
    """Read-only endpoint of a translatable snippet: live objects only, ``?locale=`` aware."""

    known_query_parameters = BaseAPIViewSet.known_query_parameters.union(["locale"])
    body_fields = [*BaseAPIViewSet.body_fields]
    meta_fields = [*BaseAPIViewSet.meta_fields, "locale"]
    listing_default_fields = [*BaseAPIViewSet.listing_default_fields, "locale"]

    @classmethod
    def get_field_serializer_overrides(cls, model: type[models.Model]) -> dict[str, Any]:
        overrides: dict[str, Any] = {"locale": LocaleField(read_only=True)}
        for api_field in cls.get_body_fields(model):
            try:
                field = model._meta.get_field(api_field.name)
            except FieldDoesNotExist:
                continue
            if isinstance(field, RichTextField):
                overrides[api_field.name] = RichTextFieldSerializer(read_only=True)
        return overrides

    def get_queryset(self):
        queryset = self.model.objects.filter(live=True).select_related("locale").order_by("id")
        code = self.request.GET.get("locale")
        if code:
            if not Locale.objects.filter(language_code=code).exists():
                raise BadRequestError(f"locale: {code!r} is not a language of this site")
            queryset = queryset.filter(locale__language_code=code)
        return queryset


def snippet_endpoint(model_label: str, fields: list[str]) -> type[LiveSnippetsAPIViewSet]:
    model = apps.get_model(model_label)
    return type(
        f"{model.__name__}APIViewSet",
        (LiveSnippetsAPIViewSet,),
        {
            "model": model,
            "name": model._meta.model_name,
            "body_fields": ["id", *fields],
        },
    )


def _word_search(backends: list) -> list:
    """Wagtail's filter backends with its SearchFilter replaced by the search by words."""
    return [WordSearchFilter if backend is SearchFilter else backend for backend in backends]


class AllianceImagesAPIViewSet(ValidatedParameters, CompactJSON, ImagesAPIViewSet):
    """Images with alt text, caption, credit and named renditions (incl. WebP)."""

    filter_backends = _word_search(ImagesAPIViewSet.filter_backends)

    body_fields = [*ImagesAPIViewSet.body_fields, "alt", "caption", "credit", "renditions"]
    listing_default_fields = [*ImagesAPIViewSet.listing_default_fields, "alt", "renditions"]

    @classmethod
    def get_field_serializer_overrides(cls, model):
        return {
            "alt": ImageAltField(read_only=True),
            "renditions": ImageRenditionsOnlyField(read_only=True),
        }

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .prefetch_related(models.Prefetch("renditions", queryset=rendition_queryset()))
        )


class AllianceDocumentsAPIViewSet(ValidatedParameters, CompactJSON, DocumentsAPIViewSet):
    """Wagtail's documents endpoint, in compact JSON like the others."""

    filter_backends = _word_search(DocumentsAPIViewSet.filter_backends)


__all__ = [
    "AllianceDocumentsAPIViewSet",
    "AllianceImagesAPIViewSet",
    "AlliancePagesAPIViewSet",
    "PagePreviewAPIViewSet",
    "snippet_endpoint",
]
