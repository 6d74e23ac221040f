"""Views outside the page tree: the participants' GeoJSON.

The application form behind JoinPage is in participants/joining.py."""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse
from django.utils import translation
from django.views.decorators.http import require_GET
from wagtail.models import Locale

from participants.listing import feature_collection
from participants.models import active_profiles


@require_GET
def participants_geojson(request: HttpRequest) -> JsonResponse:
    """Active, live, public profiles of one locale as a GeoJSON FeatureCollection."""
    code = request.GET.get("locale") or Locale.get_default().language_code
    locale = Locale.objects.filter(language_code=code).first()
    if locale is None:
        codes = Locale.objects.order_by("language_code").values_list("language_code", flat=True)
        known = ", ".join(codes)
        return JsonResponse({"error": f"Unknown locale {code!r}. Use one of: {known}."}, status=400)
    pages = active_profiles(locale).select_related("locale").order_by("title")
    with translation.override(code):
        data = feature_collection((page for page in pages if page.has_location), request)
    response = JsonResponse(data, content_type="application/geo+json")
    response["Access-Control-Allow-Origin"] = "*"
    return response
