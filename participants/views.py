"""Views outside the page tree: the participants' GeoJSON.

The application form behind JoinPage is in participants/joining.py."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import translation
from django.views.decorators.http import require_GET
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale

from cms.caching.fragments import cached_fragment
from cms.caching.routing import find_site
from cms.chrome.head import absolute as public_address
from participants.listing import feature_collection_json
from participants.models import active_profiles


def _locale_ids() -> dict[str, int]:
    """Every locale's id by language code, shared until the content changes: a handful
    of rows, read by each GeoJSON request to check the ``locale`` it asks for."""
    return cached_fragment(
        "locale-ids", (), lambda: dict(Locale.objects.values_list("language_code", "pk"))
    )


@require_GET
def participants_geojson(request: HttpRequest) -> HttpResponse:
    """Active, live, public profiles of one locale as a GeoJSON FeatureCollection.

    The document is kept as text per publish (cms/caching/fragments.py: a publish,
    unpublish or move of any page makes it fresh at once), per locale and public
    address (the features carry absolute URLs): maps read it on every view, and it
    lists every participant of the locale."""
    code = request.GET.get("locale") or get_supported_content_language_variant(
        settings.LANGUAGE_CODE
    )
    locale_id = _locale_ids().get(code)
    if locale_id is None:
        codes = Locale.objects.order_by("language_code").values_list("language_code", flat=True)
        known = ", ".join(codes)
        return JsonResponse({"error": f"Unknown locale {code!r}. Use one of: {known}."}, status=400)

    def build() -> str:
        pages = (
            active_profiles(locale_id)
            .filter(latitude__isnull=False, longitude__isnull=False)
            .select_related("locale")
            .order_by("title")
        )
        with translation.override(code):
            return feature_collection_json(pages, request)

    find_site(request)  # the request's site from the cache, which the address below reads
    origin = public_address(request, "/")
    body = cached_fragment("participants-geojson", (locale_id, origin), build)
    response = HttpResponse(body, content_type="application/geo+json")
    response["Access-Control-Allow-Origin"] = "*"
    return response
