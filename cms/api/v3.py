"""API v3 (``/api/v3/``): Wagtail 8's typed django-ninja API with our rules on top.

Reads of live content are public. Drafts and write actions need a Wagtail API token
(``Authorization: Bearer …``) and Wagtail's page permissions apply; in addition, the
four-eyes rule of the admin (cms/wagtail_hooks.py) applies here too: only
administrators may publish, publish on save, copy live, or delete live pages
directly. Everyone else submits for review in the admin.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from functools import wraps

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import URLPattern, URLResolver
from wagtail.models import APIToken, Page

REVIEW_MESSAGE = "Publishing goes through review: only administrators publish directly."

_ACTION = re.compile(r"pages/(?P<id>\d+)/actions/(?P<action>[a-z_]+)/$")
_PAGE = re.compile(r"pages/(?P<id>\d+)/$")


def token_user(request: HttpRequest):
    header = request.headers.get("Authorization", "")
    if not header.startswith("Bearer "):
        return AnonymousUser()
    token = (
        APIToken.objects.select_related("user")
        .filter(
            key_hash__in=APIToken.candidate_key_hashes(header[7:].strip()), revoked_at__isnull=True
        )
        .first()
    )
    return token.user if token and token.user.is_active else AnonymousUser()


def _body(request: HttpRequest) -> dict:
    try:
        data = json.loads(request.body or b"{}")
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def bypasses_review(request: HttpRequest, path: str) -> bool:
    """Would this write reach the public without a second person's review?"""
    if request.method not in ("POST", "PATCH", "PUT", "DELETE"):
        return False
    action = _ACTION.search(path)
    if action:
        name = action["action"]
        if name == "publish":
            return True
        if name == "copy":
            return _body(request).get("keep_live", True) is not False
        if name in ("delete", "convert_alias", "create_alias"):
            return Page.objects.filter(pk=action["id"], live=True).exists()
        return False
    if request.method == "DELETE" and _PAGE.search(path):
        return Page.objects.filter(pk=_PAGE.search(path)["id"], live=True).exists()
    meta = _body(request).get("meta")
    return isinstance(meta, dict) and meta.get("action") == "publish"


def four_eyes(view: Callable) -> Callable:
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if bypasses_review(request, request.path_info):
            user = token_user(request)
            if user.is_authenticated and not user.is_superuser:
                return JsonResponse(
                    {"title": "Forbidden", "status": 403, "detail": REVIEW_MESSAGE}, status=403
                )
        return view(request, *args, **kwargs)

    return wrapper


def guarded(patterns: list) -> list:
    """The ninja URL patterns with every view wrapped in the four-eyes check."""
    guarded_patterns = []
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            pattern.url_patterns[:] = guarded(pattern.url_patterns)
            guarded_patterns.append(pattern)
        elif isinstance(pattern, URLPattern):
            pattern.callback = four_eyes(pattern.callback)
            guarded_patterns.append(pattern)
        else:
            guarded_patterns.append(pattern)
    return guarded_patterns


def v3_urls():
    from cms.api.v3_schemas import install

    install()  # before Wagtail's page router builds its schemas
    from wagtail.api.v3.urls import api

    api.title = "Alliance CMS API"
    api.description = (
        "Typed read and write API of Alliance CMS. Public reads return live content; "
        "drafts and writes need `Authorization: Bearer <Wagtail API token>`."
    )
    patterns, app_name, namespace = api.urls
    return guarded(list(patterns)), app_name, namespace
