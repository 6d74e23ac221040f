"""The joins and prefetches of a page type's API fields, shared by both APIs.

A listing or a detail reads its pages with :func:`optimise`, so that every relation its
fields show (an image with its renditions, a linked page with its locale, an article's
topics and links) is read once for all the pages of the response, not once per page,
nor once per field that shows it (Wagtail's detail read an article's links twice and
its topics three times).
"""

from __future__ import annotations

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from wagtail.images import get_image_model
from wagtail.models import Page

from cms.core.representation import rendition_prefetch


def optimise(queryset: models.QuerySet) -> models.QuerySet:
    """select_related / prefetch_related for every relation a page type shows: foreign
    keys (images with their renditions, pages with their locale) and what the serializer
    declared on an ``api_fields`` entry names (its ``prefetch(model, name)``).

    Collected first and applied in one call each: every call clones the query, and
    each clone deep-copies the select_related tree.
    """
    model = queryset.model
    related = ["locale", "content_type", "alias_of"]
    prefetches: list = []
    image_model = get_image_model()
    for api_field in getattr(model, "api_fields", ()):
        declared = getattr(getattr(api_field, "serializer", None), "prefetch", None)
        if declared is not None:
            prefetches.extend(declared(model, api_field.name))
            continue
        try:
            field = model._meta.get_field(api_field.name)
        except FieldDoesNotExist:
            continue
        if isinstance(field, models.ForeignKey):
            related.append(api_field.name)
            if field.related_model is image_model:
                prefetches.append(rendition_prefetch(api_field.name))
            elif issubclass(field.related_model, Page):
                related.append(f"{api_field.name}__locale")
    return queryset.select_related(*related).prefetch_related(*prefetches)
