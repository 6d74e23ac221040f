"""Page types previewable in the headless front end (wagtail-headless-preview).

When a front-end URL is configured for the page's language (``HEADLESS_PREVIEW_URLS``,
from ``HEADLESS_PREVIEW_URL_<LANG>`` or the ``{lang}`` template ``HEADLESS_PREVIEW_URL``),
the admin's "Preview" sends the editor to that front end with
``?content_type=<app.model>&token=<signed token>``. The front end then fetches the draft
from ``/api/v2/page_preview/?content_type=…&token=…``. The token is signed for one page
(or one new page under one parent), stored with that draft, and accepted for
``HEADLESS_PREVIEW_MAX_AGE`` seconds only; a forged or expired token gets 401, a valid
token never returns anything but the draft it was issued for (otherwise 404).

Without configuration, pages keep Wagtail's own preview (our templates).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext_lazy as _
from wagtail_headless_preview.models import HeadlessPreviewMixin, PagePreview

HEADLESS = "headless"


def front_end_url(language_code: str) -> str | None:
    """The front end's preview address for a language, or None when not configured."""
    urls: dict[str, str] = getattr(settings, "HEADLESS_PREVIEW_URLS", {})
    url = urls.get(language_code) or getattr(settings, "HEADLESS_PREVIEW_URL", "")
    return url.replace("{lang}", language_code) if url else None


class LocalisedHeadlessPreviewMixin(HeadlessPreviewMixin):
    """wagtail-headless-preview with one front-end URL per language and short-lived tokens."""

    def _front_end_url(self) -> str | None:
        locale = getattr(self, "locale", None)
        return front_end_url(locale.language_code) if locale else None

    @property
    def preview_modes(self) -> list[tuple[str, Any]]:
        modes = list(super().preview_modes)
        if self._front_end_url():
            return [(HEADLESS, _("Front end")), *modes]
        return modes

    def get_client_root_url(self, request: Any) -> str:
        url = self._front_end_url() or ""
        return url.rstrip("/") + "/"

    def serve_preview(self, request: Any, mode_name: str) -> Any:
        if mode_name == HEADLESS and self._front_end_url():
            return HeadlessPreviewMixin.serve_preview(self, request, mode_name)
        # Wagtail's own preview, rendered with our templates.
        return super(HeadlessPreviewMixin, self).serve_preview(request, mode_name)

    @classmethod
    def get_page_from_preview_token(cls, token: str) -> Any:
        max_age = getattr(settings, "HEADLESS_PREVIEW_MAX_AGE", 600)
        identifier = cls.get_preview_signer().unsign(token, max_age=max_age)
        preview = PagePreview.objects.filter(
            content_type=ContentType.objects.get_for_model(cls), token=token
        ).first()
        if preview is None:
            return None
        page = preview.as_page()
        # The stored draft must be the page the token was signed for.
        expected = f"id={page.pk}" if page.pk else f"parent_id={_parent_id(identifier)};"
        if not identifier.startswith(expected):
            return None
        return page


def _parent_id(identifier: str) -> str:
    return identifier.partition("parent_id=")[2].partition(";")[0]
