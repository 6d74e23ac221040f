"""Models for administrators only: never listed by choosers or the translation API.

Webhook endpoints (their names and addresses say which services we notify) and their
delivery log are snippets, so that administrators manage them under Settings; no group
holds their permissions. But two generic admin endpoints list any snippet to anyone
who may use the admin, without asking for a permission: Wagtail's chooser views
(``/admin/snippets/choose/<app>/<model>/``, with their results and "chosen" answers)
and wagtail-localize's snippet API (``/admin/localize/api/snippets/<app>/<model>/``),
which the translation editor reads. A translator could read every endpoint's name.

A model marks itself with ``administrators_only = True`` (cms/publishing/models.py); ``install()``
makes both generic endpoints ask :func:`may_see` before they touch such a model, so
that every chooser, result list, "chosen" answer and API listing or detail of it is a
refusal for everyone but active superusers, and stays one when new views are added on
the same bases.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.functional import cached_property
from wagtail.admin.views.generic.chooser import ModelLookupMixin
from wagtail.coreutils import resolve_model_string
from wagtail_localize.views.snippets_api import SnippetViewSet


def is_administrators_only(model: Any) -> bool:
    return bool(getattr(model, "administrators_only", False))


def may_see(user: Any, model: Any) -> bool:
    """The one rule: an administrators-only model is for active superusers alone."""
    if model is None or not is_administrators_only(model):
        return True
    return bool(user is not None and user.is_active and user.is_superuser)


def _guarded_model_class(self: Any) -> Any:
    """``ModelLookupMixin.model_class`` (every generic chooser view), refused to those
    who may not see the model."""
    model = resolve_model_string(self.model) if self.model else None
    request = getattr(self, "request", None)
    if not may_see(getattr(request, "user", None), model):
        raise PermissionDenied
    return model


def install() -> None:
    """Called from ``CmsConfig.ready``, before any request."""
    guarded = cached_property(_guarded_model_class)
    guarded.__set_name__(ModelLookupMixin, "model_class")
    ModelLookupMixin.model_class = guarded

    original_get_model = SnippetViewSet.get_model

    def get_model(self: Any) -> Any:
        model = original_get_model(self)
        if not may_see(getattr(self.request, "user", None), model):
            raise PermissionDenied
        return model

    SnippetViewSet.get_model = get_model
