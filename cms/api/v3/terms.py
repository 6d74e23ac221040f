"""``/api/v3/terms/?locale=fr&status=deprecated``: the terminology of one language,
typed (cms/api/terms.py; API v2 gives the same at ``/api/v2/terms/``). Public: no token
is needed or read; errors are problem details in the client's language."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control
from ninja import Router
from wagtail.api.v3.auth import AllowAnonymous, BearerTokenAuth
from wagtail.api.v3.errors import problem_response

from cms.api.site_globals import GlobalsError
from cms.api.terms import TermsDict, parse_terms_request, terms

router = Router(tags=["terms"])


@router.get(
    "/",
    response={200: TermsDict},
    # Like Wagtail's public reads: a token is accepted and changes nothing here.
    auth=[BearerTokenAuth(), AllowAnonymous()],
    url_name="terms",
    summary="The approved and deprecated terms of one language",
    description=(
        "Every live term of `locale` (the site's default language when omitted), by term, "
        "optionally only those of `status` (`approved` or `deprecated`): a deprecated "
        "term's replacement and each term's wording in the other languages."
    ),
)
def terms_view(
    request: HttpRequest,
    response: HttpResponse,
    locale: str | None = None,
    status: str | None = None,
) -> Any:
    try:
        language, wanted = parse_terms_request(locale, status)
    except GlobalsError as error:
        return problem_response(status=error.status, detail=error.message)
    patch_cache_control(response, public=True, max_age=60)
    return terms(language, wanted)


_installed = False


def install(api: Any) -> None:
    """Mount the router on Wagtail's v3 API once (``v3_urls`` may run more than once)."""
    global _installed
    if not _installed:
        api.add_router("/terms/", router)
        _installed = True
