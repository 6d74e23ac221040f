"""``/api/v2/terms/?locale=fr&status=deprecated``: the terminology of one language
(cms/api/terms.py), registered in API v2's router like the globals endpoint."""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_GET

from cms.api.site_globals import GlobalsError
from cms.api.terms import parse_terms_request, terms
from cms.api.v2.view_endpoint import view_endpoint


@require_GET
def terms_view(request: HttpRequest) -> JsonResponse:
    try:
        language, status = parse_terms_request(request.GET.get("locale"), request.GET.get("status"))
    except GlobalsError as error:
        return JsonResponse({"message": error.message}, status=error.status)
    response = JsonResponse(terms(language, status))
    patch_cache_control(response, public=True, max_age=60)
    return response


TermsEndpoint = view_endpoint("Terminology", terms_view)
