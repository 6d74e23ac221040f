"""The page shown when a form is refused for its CSRF token (settings.CSRF_FAILURE_VIEW).

Django's own page is in English and says only "CSRF verification failed". The common
case for a newcomer is trying production settings on their own computer over plain
HTTP: the CSRF cookie is marked Secure (CSRF_COOKIE_SECURE), the browser never sends
it back, and the admin login fails with a bare 403. When the request is not secure but
the cookie must be, this page says so, in the visitor's language, with the two ways
out (HTTPS, or development settings locally); otherwise it says what to do about an
expired or missing token. The reason Django gives is logged by Django, never shown.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

TEMPLATE_NAME = "403_csrf.html"


def needs_https(request: HttpRequest) -> bool:
    """The CSRF cookie can never come back: it is Secure and the request is plain HTTP."""
    return bool(settings.CSRF_COOKIE_SECURE) and not request.is_secure()


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A 403 that explains the refusal (Django's signature for CSRF_FAILURE_VIEW)."""
    content = render_to_string(
        TEMPLATE_NAME, {"needs_https": needs_https(request)}, request=request
    )
    response = HttpResponse(content, status=403)
    response["Cache-Control"] = "private, no-store"
    return response
