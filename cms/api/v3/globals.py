"""``/api/v3/globals/?locale=fr&page=<id>``: the site's chrome in one language, typed
(cms/api/site_globals.py; API v2 gives the same at ``/api/v2/globals/``). Public: no
token is needed or read; errors are problem details in the client's language."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control
from ninja import Router
from wagtail.api.v3.auth import AllowAnonymous, BearerTokenAuth
from wagtail.api.v3.errors import problem_response

from cms.api.site_globals import (
    GlobalsError,
    SiteGlobalsDict,
    parse_request,
    site_globals,
    visible_page,
)

router = Router(tags=["globals"])


@router.get(
    "/",
    response={200: SiteGlobalsDict},
    # Like Wagtail's public reads: a token is accepted and changes nothing here.
    auth=[BearerTokenAuth(), AllowAnonymous()],
    url_name="globals",
    summary="The site's chrome in one language",
    description=(
        "Navigation, footer, languages (with the address of `page` in each), site name "
        "and active alerts, in `locale` (the site's default language when omitted)."
    ),
)
def site_globals_view(
    request: HttpRequest, response: HttpResponse, locale: str | None = None, page: str | None = None
) -> Any:
    try:
        language, page_id = parse_request(locale, page)
        found = visible_page(request, page_id) if page_id is not None else None
    except GlobalsError as error:
        return problem_response(status=error.status, detail=error.message)
    patch_cache_control(response, public=True, max_age=60)
    return site_globals(request, language, found)


_installed = False


def install(api: Any) -> None:
    """Mount the router on Wagtail's v3 API once (``v3_urls`` may run more than once)."""
    global _installed
    if not _installed:
        api.add_router("/globals/", router)
        _installed = True
