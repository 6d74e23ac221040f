"""The public search page of each locale and the autocomplete behind its search box."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from wagtail.models import Locale

from search.engine import (
    MAX_QUERY_LENGTH,
    Filters,
    backend_for,
    facets,
    normalise_query,
    search_pages,
    searchable_pages,
)
from search.querylog import log_query, promotions
from search.snippets import highlight, page_text

RESULTS_PER_PAGE = 10
AUTOCOMPLETE_RESULTS = 8


def page_number(raw: str) -> int:
    """?page=2 -> 2; anything that is not a positive number -> 1."""
    return int(raw) if raw.isdigit() and 0 < int(raw) < 100_000 else 1


def result_date(page):
    return getattr(page, "publication_date", None) or page.first_published_at


# Never from the shared page cache: every search is logged for the admin reports.
@never_cache
@require_GET
def search(request: HttpRequest) -> HttpResponse:
    locale = Locale.get_active()
    raw_query = request.GET.get("q", "")
    shown_query = " ".join(raw_query.split())[:MAX_QUERY_LENGTH]
    query = normalise_query(raw_query)
    filters = Filters.from_params(request.GET, locale)
    messages = list(filters.errors)
    if len(raw_query) > MAX_QUERY_LENGTH:
        messages.append(
            _("Your search was shortened to its first %(count)s characters.")
            % {"count": MAX_QUERY_LENGTH}
        )
    context = {
        "search_query": shown_query,
        "messages_for_visitor": messages,
        "facets": [],
        "promotions": [],
        "results": [],
        "page_obj": None,
    }
    if query:
        outcome = search_pages(query, locale, filters)
        paginator = Paginator(outcome.results, RESULTS_PER_PAGE)
        requested = page_number(request.GET.get("page", ""))
        number = min(requested, paginator.num_pages)
        page_obj = paginator.page(number)
        base_params = {"q": shown_query, **filters.as_params()}
        logged = None
        if requested == 1:  # a new search, not a visitor paging through one
            logged = log_query(query, locale, paginator.count)
        context.update(
            page_obj=page_obj,
            results=[
                {
                    "page": page,
                    "type": page.specific_class._meta.verbose_name if page.specific_class else "",
                    "date": result_date(page),
                    "snippet": highlight(page_text(page), query),
                }
                for page in page_obj.object_list
            ],
            total=paginator.count,
            any_term=outcome.operator == "or",
            facets=link_facets(facets(outcome, locale, filters), shown_query, filters),
            promotions=promotions(logged, locale) if logged else [],
            base_querystring=urlencode(base_params),
        )
    return render(request, "search/search.html", context)


def link_facets(found, query: str, filters: Filters):
    """Gives each facet choice the address that selects it, or unselects it if selected."""
    current = filters.as_params()
    for facet in found:
        others = {name: value for name, value in current.items() if name != facet.name}
        for choice in facet.choices:
            params = {"q": query, **others}
            if not choice.selected:
                params[facet.name] = choice.value
            choice.url = "?" + urlencode(params)
    return found


@require_GET
def autocomplete(request: HttpRequest) -> JsonResponse:
    """Titles of pages whose title starts with what the visitor has typed."""
    locale = Locale.get_active()
    query = normalise_query(request.GET.get("q", ""))
    if len(query) < 2:
        return JsonResponse({"results": []})
    pages = backend_for(locale).autocomplete(query, searchable_pages(locale).specific())
    return JsonResponse(
        {
            "results": [
                {
                    "title": page.title,
                    "url": page.get_url(request=request),
                    "type": str(page._meta.verbose_name),
                }
                for page in pages[:AUTOCOMPLETE_RESULTS]
            ]
        }
    )
