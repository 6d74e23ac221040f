"""The API side of headless preview: the draft a signed token was issued for.

The token and the page types that issue it are in cms/core/preview.py; here the
``/api/v2/page_preview/`` endpoint finds the draft behind ``?content_type=&token=``.
"""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.signing import BadSignature, SignatureExpired
from rest_framework import status
from rest_framework.response import Response

from cms.core.preview import LocalisedHeadlessPreviewMixin


def preview_page(request: Any) -> tuple[Any, Response | None]:
    """The draft behind ``?content_type=&token=``, or the error response to send."""
    label = request.GET.get("content_type", "")
    token = request.GET.get("token", "")
    if not label or not token:
        return None, Response(
            {"message": "content_type and token are required"}, status=status.HTTP_400_BAD_REQUEST
        )
    app_label, _dot, model_name = label.partition(".")
    try:
        content_type = ContentType.objects.get_by_natural_key(app_label, model_name)
    except ContentType.DoesNotExist:
        content_type = None
    model = content_type.model_class() if content_type else None
    if model is None or not issubclass(model, LocalisedHeadlessPreviewMixin):
        return None, Response({"message": "content_type: not a previewable page type"}, 404)
    try:
        page = model.get_page_from_preview_token(token)
    except SignatureExpired:
        return None, Response({"message": "token: expired"}, status=status.HTTP_401_UNAUTHORIZED)
    except BadSignature:
        return None, Response({"message": "token: invalid"}, status=status.HTTP_401_UNAUTHORIZED)
    if page is None:
        return None, Response({"message": "no preview for this token"}, status=404)
    return page, None
