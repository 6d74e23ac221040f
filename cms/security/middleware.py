"""The Content Security Policy: strict for the site, relaxed only for the Wagtail admin."""

from __future__ import annotations

from urllib.parse import urlsplit

from csp.constants import SELF, UNSAFE_INLINE
from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.http import HttpRequest, HttpResponseBase

from cms.core.requests import admin_prefix

# What the Wagtail admin needs beyond the public policy: its templates carry inline
# scripts (date pickers, inline panels, wagtail-localize's editor) and style attributes,
# and the page preview is framed from the admin. Nonces cannot be added to Wagtail's own
# templates, so the admin gets 'unsafe-inline' for scripts and styles, and nothing else.
ADMIN_POLICY_REPLACEMENTS = {
    "script-src": [SELF, UNSAFE_INLINE],
    "style-src": [SELF, UNSAFE_INLINE],
    "frame-ancestors": [SELF],
    "frame-src": [SELF],
}


class AllianceCSPMiddleware(CSPMiddleware):
    """django-csp with the strict site policy, relaxed only under the admin prefix."""

    def get_policy_parts(
        self,
        request: HttpRequest,
        response: HttpResponseBase,
        report_only: bool = False,
    ) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if request.path_info.startswith(admin_prefix()) and parts.replace is None:
            parts.replace = dict(ADMIN_POLICY_REPLACEMENTS)
            parts.replace["frame-src"] = [SELF, *_headless_preview_origins()]
        return parts


def _headless_preview_origins() -> list[str]:
    """The front ends that the admin's preview panel frames (headless preview)."""
    urls = [
        getattr(settings, "HEADLESS_PREVIEW_URL", ""),
        *getattr(settings, "HEADLESS_PREVIEW_URLS", {}).values(),
    ]
    origins = []
    for url in filter(None, urls):
        parts = urlsplit(url.replace("{lang}", "xx"))
        if parts.scheme in ("http", "https") and parts.netloc:
            origins.append(f"{parts.scheme}://{parts.netloc}")
    return sorted(set(origins))
