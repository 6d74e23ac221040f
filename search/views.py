"""The public search page of each locale and the autocomplete behind its search box."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.formats import number_format
from django.utils.functional import SimpleLazyObject
from django.utils.http import urlencode
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from wagtail.models import Locale

from articles.credits import ATTRIBUTE, attach_authorities, credit_line
from cms.caching.fragments import cached_fragment, prefetch
from cms.caching.routing import find_site, shared_page_fragments
from cms.templatetags.cms_tags import template_fragment_key
from search.backend import LocalisedPostgresSearchBackend, recent_autocomplete
from search.engine import (
    MAX_QUERY_LENGTH,
    Filters,
    backend_for,
    facets,
    normalise_query,
    search_pages,
    searchable_pages,
    specific_pages,
)
from search.querylog import log_query, promotions
from search.snippets import highlight, page_text

RESULTS_PER_PAGE = 10
AUTOCOMPLETE_RESULTS = 8


def active_locale() -> Locale:
    """``Locale.get_active()``, remembered until the content changes."""
    return cached_fragment("active-locale", (get_language(),), Locale.get_active)


def page_number(raw: str) -> int:
    """?page=2 -> 2; anything that is not a positive number -> 1."""
    return int(raw) if raw.isdigit() and 0 < int(raw) < 100_000 else 1


def result_date(page):
    return getattr(page, "publication_date", None) or page.first_published_at


# Never from the shared page cache: every search is logged for the admin reports. What
# the search finds, and its markup, are shared (cms/caching/fragments.py) until the content
# changes.
@never_cache
@require_GET
def search(request: HttpRequest) -> HttpResponse:
    site = find_site(request)
    # With what every page's header, footer and feed links read (cms.caching.routing).
    prefetch(
        [("active-locale", (get_language(),)), *shared_page_fragments(None, request, site)]
        if site
        else []
    )
    locale = active_locale()
    raw_query = request.GET.get("q", "")
    shown_query = " ".join(raw_query.split())[:MAX_QUERY_LENGTH]
    query = normalise_query(raw_query)
    filters = Filters.from_params(request.GET, locale)
    requested = page_number(request.GET.get("page", ""))
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
        # Names the markup of the results in the fragment cache: the query as shown
        # too, since the "no results" message repeats it.
        "results_key": _digest(query, shown_query, filters, requested),
    }
    if query:
        digest = context["results_key"]
        found_key = (site.pk if site else "-", locale.pk, get_language(), digest)
        prefetch([("search", found_key), template_fragment_key(site, "search-results", (digest,))])
        found = cached_fragment(
            "search",
            found_key,
            lambda: search_once(request, query, shown_query, locale, filters, requested),
        )
        # A new search, not a visitor paging through one: logged, and the statement
        # that logs it says whether the query has editor's picks to read.
        has_picks = log_query(query, locale, found.total) if requested == 1 else False
        context.update(
            page_obj=found.page,
            results=found.results,
            total=found.total,
            total_exact=found.total_exact,
            # "1,000+" ("1 000+" in French) when counting stopped (search/ranking.py).
            total_shown=number_format(found.total, force_grouping=True),
            any_term=found.any_term,
            facets=found.facets,
            # Read only when the results' markup is not in the fragment cache.
            promotions=SimpleLazyObject(lambda: promotions(query, locale))
            if has_picks is not False
            else [],
            base_querystring=urlencode({"q": shown_query, **filters.as_params()}),
        )
    return render(request, "search/search.html", context)


@dataclass(frozen=True)
class ResultPage:
    """Where this page of results sits among all of them, for the pagination links."""

    number: int
    num_pages: int
    start_index: int
    has_previous: bool
    has_next: bool

    @property
    def has_other_pages(self) -> bool:
        return self.has_previous or self.has_next

    @property
    def previous_page_number(self) -> int:
        return self.number - 1

    @property
    def next_page_number(self) -> int:
        return self.number + 1


@dataclass(frozen=True)
class Result:
    type: str
    title: str
    url: str
    date: object
    snippet: str
    credit: str = ""  # local news: "Contributed by Veldhoven, Netherlands" (#20)


@dataclass(frozen=True)
class Found:
    """One page of results with its facets: the same for every visitor who asks the same
    question of the same content, so it is shared until the content changes."""

    page: ResultPage
    results: list[Result]
    total: int
    any_term: bool
    facets: list
    # False when more pages match than were counted: the total is the bound, and the
    # facet counts are those of the most recent matches (search/ranking.py).
    total_exact: bool = True


def _digest(query: str, shown_query: str, filters: Filters, requested: int) -> str:
    params = sorted(f"{name}={value}" for name, value in filters.as_params().items())
    raw = "\x1f".join([query, shown_query, str(requested), *params])
    return hashlib.sha256(raw.encode("utf-8", "surrogateescape")).hexdigest()


def search_once(
    request: HttpRequest,
    query: str,
    shown_query: str,
    locale: Locale,
    filters: Filters,
    requested: int,
) -> Found:
    outcome = search_pages(query, locale, filters)
    paginator = Paginator(outcome.results, RESULTS_PER_PAGE)
    page_obj = paginator.page(min(requested, paginator.num_pages))
    # The authorities of the page's local news, in one query (none without local news).
    pages = list(page_obj.object_list)
    attach_authorities(pages)
    results = [
        Result(
            type=str(page.specific_class._meta.verbose_name) if page.specific_class else "",
            title=page.title,
            url=page.get_url(request) or "",
            date=result_date(page),
            snippet=highlight(page_text(page), query),
            credit=credit_line(getattr(page, ATTRIBUTE, None)),
        )
        for page in pages
    ]
    return Found(
        page=ResultPage(
            number=page_obj.number,
            num_pages=paginator.num_pages,
            start_index=page_obj.start_index(),
            has_previous=page_obj.has_previous(),
            has_next=page_obj.has_next(),
        ),
        results=results,
        total=paginator.count,
        total_exact=getattr(outcome.results, "exact", True),
        any_term=outcome.operator == "or",
        facets=link_facets(facets(outcome, locale, filters), shown_query, filters),
    )


def link_facets(found, query: str, filters: Filters):
    """Gives each facet choice the address that selects it, or unselects it if selected.

    Labels become plain strings in the language being shown (the cache key names it): a
    lazy translation costs a new class each time it is unpickled, most of the cost of
    reading a shared search back."""
    current = filters.as_params()
    for facet in found:
        facet.label = str(facet.label)
        others = {name: value for name, value in current.items() if name != facet.name}
        for choice in facet.choices:
            choice.label = str(choice.label)
            params = {"q": query, **others}
            if not choice.selected:
                params[facet.name] = choice.value
            choice.url = "?" + urlencode(params)
    return found


@require_GET
def autocomplete(request: HttpRequest) -> JsonResponse:
    """Titles of pages whose title starts with what the visitor has typed."""
    locale = active_locale()
    query = normalise_query(request.GET.get("q", ""))
    if len(query) < 2:
        return JsonResponse({"results": []})
    backend = backend_for(locale)
    if isinstance(backend, LocalisedPostgresSearchBackend):  # bounded by recency (#23)
        rows = recent_autocomplete(backend, query, searchable_pages(locale), AUTOCOMPLETE_RESULTS)
        pages = specific_pages(rows)
    else:
        pages = backend.autocomplete(query, searchable_pages(locale).specific())
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
