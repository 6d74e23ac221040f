"""``/api/v2/globals/?locale=fr&page=<id>``: the site's chrome in one language
(cms/api/site_globals.py), registered in API v2's router like Wagtail's endpoints."""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_GET

from cms.api.site_globals import GlobalsError, parse_request, site_globals, visible_page
from cms.api.v2.view_endpoint import view_endpoint


@require_GET
def globals_view(request: HttpRequest) -> JsonResponse:
    try:
        language, page_id = parse_request(request.GET.get("locale"), request.GET.get("page"))
        page = visible_page(request, page_id) if page_id is not None else None
    except GlobalsError as error:
        return JsonResponse({"message": error.message}, status=error.status)
    response = JsonResponse(site_globals(request, language, page))
    patch_cache_control(response, public=True, max_age=60)
    return response


GlobalsEndpoint = view_endpoint("SiteGlobals", globals_view)
