"""API v3's bad input: bounded parameters, searchable words, conflicts.

Installed by :func:`cms.api.v3.schemas.install`, before Wagtail's v3 routers are
imported, because each router builds its query-parameter schemas when it is imported:

- :func:`bound_pagination`: ``offset`` and ``limit`` get an upper bound in the schema
  (an offset past a database integer broke SQLite and PostgreSQL with a 500; now it is
  a 422 naming the parameter, and the OpenAPI document says so);
- :func:`search_by_words`: ``search`` is reduced to its words before the backend sees
  it, as in API v2 and the site search (a quote was a syntax error of SQLite's FTS5);
- :func:`bound_lookups`: the generic field and translation filters accept only
  values their columns can hold;
- :func:`answer_conflicts`: a write that breaks a unique constraint is a 409.

The OpenAPI document lists these errors on every operation (cms/api/v3/contract.py).

NUL bytes are refused for both APIs by the API middleware (cms/api/middleware.py).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import IntegrityError, models
from django.utils.translation import gettext as _
from pydantic import Field
from wagtail.api.v3.errors import as_validation_error, problem_response
from wagtail.api.v3.pagination import WagtailLimitOffsetPagination
from wagtail.api.v3.schemas import params

from cms.api.errors import MAX_INTEGER, search_words


def bound_pagination() -> None:
    """``offset`` at most a database integer, ``limit`` at most ``WAGTAILAPI_LIMIT_MAX``."""
    limit_max = getattr(settings, "WAGTAILAPI_LIMIT_MAX", 20) or MAX_INTEGER
    base = WagtailLimitOffsetPagination.Input

    class Input(base):  # type: ignore[valid-type,misc]
        limit: int = Field(default=min(20, limit_max), ge=1, le=limit_max)
        offset: int = Field(default=0, ge=0, le=MAX_INTEGER)

    Input.__name__ = Input.__qualname__ = base.__name__
    WagtailLimitOffsetPagination.Input = Input


def search_by_words() -> None:
    """Every v3 endpoint's ``search`` searches for the query's words only."""
    base = params.SearchSchema

    class SearchSchema(base):  # type: ignore[valid-type,misc]
        def search_queryset(self, request: Any, queryset: Any) -> Any:
            if self.search is None:
                return queryset
            words = search_words(self.search)
            if not words:
                return queryset.none()
            return base.search_queryset(
                self.model_copy(update={"search": words}), request, queryset
            )

    params.SearchSchema = SearchSchema


def answer_conflicts(api: Any) -> None:
    """A write that breaks a unique constraint (two topics with one slug) is a 409 with
    a message, not a 500. The API middleware makes every v3 write one transaction, so
    the failed write is rolled back whole (cms/api/middleware.py)."""

    def conflict(request: Any, exc: IntegrityError) -> Any:
        return problem_response(
            status=409,
            detail=_("This conflicts with existing content: a value that must be unique is used."),
        )

    api.add_exception_handler(IntegrityError, conflict)


def _integer_columns(field: Any) -> bool:
    target = getattr(field, "target_field", field)
    return isinstance(target, (models.IntegerField, models.AutoField))


def bound_lookups() -> None:
    """The generic filters of every v3 listing (``?site=``, ``?collection=``,
    ``?translation_of=`` …) take only values their column can hold: an integer past a
    database integer (SQLite raised OverflowError) or a word where an id is expected
    (Django's ValueError) is a 422 naming the parameter, not a 500."""
    field_base = params.APIFieldFilterSchema
    translation_base = params.TranslationFilterSchema

    def check(name: str, value: Any) -> None:
        text = str(value).strip()
        digits = text[1:] if text.startswith("-") else text
        if not (digits.isascii() and digits.isdigit() and abs(int(text)) <= MAX_INTEGER):
            error = ValueError(
                _("%(name)s: expected a whole number up to %(maximum)d")
                % {"name": name, "maximum": MAX_INTEGER}
            )
            raise as_validation_error(error, str(error), loc=(name,))

    class APIFieldFilterSchema(field_base):  # type: ignore[valid-type,misc]
        def filter_queryset(self, queryset: Any) -> Any:
            for name in self.get_validated_fields(queryset):
                field = queryset.model._meta.get_field(name)
                if _integer_columns(field) and self.raw_params.get(name) is not None:
                    check(name, self.raw_params.get(name))
            return field_base.filter_queryset(self, queryset)

    class TranslationFilterSchema(translation_base):  # type: ignore[valid-type,misc]
        def filter_queryset(self, queryset: Any) -> Any:
            if self.translation_of and _integer_columns(queryset.model._meta.pk):
                check("translation_of", self.translation_of)
            return translation_base.filter_queryset(self, queryset)

    params.APIFieldFilterSchema = APIFieldFilterSchema
    params.TranslationFilterSchema = TranslationFilterSchema
