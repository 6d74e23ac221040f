"""Search through API v2: ``/api/v2/pages/?search=…&locale=fr`` with the site search's rules.

Wagtail's own SearchFilter queries with the backend's default configuration; this one
queries in the requested locale's language, reduces the query to words like the search
page, narrows by ``topic`` and ``country`` and, when searching, adds the facet counts to
``meta.facets``. The base queryset stays Wagtail's: live, public pages of the site.
"""

from __future__ import annotations

from functools import partial

from django.conf import settings
from django.utils import translation
from rest_framework.filters import BaseFilterBackend
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.models import Locale
from wagtail.search.backends import get_search_backend
from wagtail.search.backends.base import FilterFieldError, OrderByFieldError

from search.engine import (
    Filters,
    SearchOutcome,
    backend_for,
    facet_parts,
    facets,
    normalise_query,
)
from search.ranking import ranked


def requested_locale(request) -> Locale | None:
    code = request.GET.get("locale")
    if not code:
        return None
    locale = Locale.objects.filter(language_code=code).first()
    if locale is None:
        raise BadRequestError(f"locale {code!r} does not exist")
    return locale


class LocalisedSearchFilter(BaseFilterBackend):
    """?search= in the language of ?locale=, narrowed by ?topic= and ?country=."""

    def filter_queryset(self, request, queryset, view):
        locale = requested_locale(request)
        filter_locale = locale or Locale.get_default()
        filters = Filters.from_params(
            {key: request.GET.get(key, "") for key in ("topic", "country")}, filter_locale
        )
        if filters.invalid:
            raise BadRequestError(
                "; ".join(f"unknown {name}: {request.GET[name]!r}" for name in filters.invalid)
            )
        queryset = filters.apply(queryset)
        if "search" not in request.GET:
            return queryset
        if getattr(queryset, "_filtered_by_tag", False):
            raise BadRequestError("filtering by tag with a search query is not supported")
        operator = request.GET.get("search_operator") or "and"
        if operator not in ("and", "or"):
            raise BadRequestError("search_operator must be 'and' or 'or'")
        query = normalise_query(request.GET["search"])
        if not query:
            return queryset.none()
        backend = backend_for(locale) if locale else get_search_backend()
        try:
            results = backend.search(
                query, queryset, operator=operator, order_by_relevance="order" not in request.GET
            )
        # As Wagtail's own SearchFilter: a 400 that names the field, not a server error
        # (?order=random, or a field the search index cannot filter or sort by).
        except FilterFieldError as error:
            raise BadRequestError(
                f"cannot filter by {error.field_name!r} while searching (field is not indexed)"
            ) from error
        except OrderByFieldError as error:
            raise BadRequestError(
                f"cannot order by {error.field_name!r} while searching (field is not indexed)"
            ) from error
        parts = partial(facet_parts, filter_locale)
        found = ranked(results, lambda rows: pages_in_order(queryset, rows), parts)
        if found is not None:
            results = found  # counted and ranked in SQL with the facets; a page read by id
        view.search_outcome = SearchOutcome(query, results, found, operator)
        view.search_filters = filters
        view.search_locale = filter_locale
        return results


def pages_in_order(queryset, rows: list[tuple[int, int]]) -> list:
    """The pages of the ranked (id, content type id) rows, in their order, from the API's
    own queryset (its page type, joins and prefetches)."""
    ids = [pk for pk, _content_type_id in rows]
    if not ids:
        return []
    found = {page.pk: page for page in queryset.order_by().filter(pk__in=ids)}
    return [found[pk] for pk in ids if pk in found]


class SearchablePagesAPIViewSet(PagesAPIViewSet):
    """The pages endpoint with localised search and facet counts."""

    filter_backends = [
        *(
            backend
            for backend in PagesAPIViewSet.filter_backends
            if backend.__name__ != "SearchFilter"
        ),
        LocalisedSearchFilter,  # last: search results cannot be filtered further
    ]
    known_query_parameters = PagesAPIViewSet.known_query_parameters.union(["topic", "country"])

    def listing_view(self, request):
        response = super().listing_view(request)
        outcome = getattr(self, "search_outcome", None)
        if outcome is not None:
            # Counting stops at SEARCH_MATCHES_RANKED, as listings' counts stop at their
            # window: total_count is then the bound (search/ranking.py).
            if outcome.ranked is not None and "total_count" in response.data.get("meta", {}):
                response.data["meta"]["total_count_exact"] = outcome.ranked.exact
            language = self.search_locale.language_code
            with translation.override(language if language in dict(settings.LANGUAGES) else None):
                response.data["meta"]["facets"] = {
                    facet.name: [
                        {"value": choice.value, "label": choice.label, "count": choice.count}
                        for choice in facet.choices
                    ]
                    for facet in facets(outcome, self.search_locale, self.search_filters)
                }
        return response
