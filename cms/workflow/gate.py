"""The one gate to live: the review workflow's approval, or an administrator's break-glass.

Who may change what the public sees is decided by Wagtail's own permission policies:
no group holds page "publish" or any snippet "publish_*" permission (cms/workflow/roles.py), so
PagePermissionTester and the snippet permission policies refuse publishing,
unpublishing, privacy changes, deleting or moving live pages, live copies and aliases
to everyone but superusers, on every path (admin, bulk actions, API v2/v3, commands).
Nothing here checks a URL. This module holds the two pieces those policies cannot:

- ``publish_approved_revision`` is ``WAGTAIL_FINISH_WORKFLOW_ACTION``: the approval of
  the review task is the permission, so it publishes the approved revision (the one
  the task was started on and the reviewer previewed, never a later one) without
  asking for "publish", which reviewers do not hold.
- Break-glass: any change to the public site made by a person outside an approved
  workflow (in practice an administrator) gets a ``cms.break_glass`` audit-log entry
  with the reason given in the ``X-Break-Glass-Reason`` header (API) or the
  ``break_glass_reason`` form field (admin), or "no reason given". It is recorded
  from Wagtail's own audit log entries, so every path that logs is covered; actions
  without a person (``publish_scheduled``, operator commands) are not break-glass.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.db.models.signals import post_save
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.log_actions import LogFormatter

BREAK_GLASS = "cms.break_glass"
NO_REASON = "no reason given"
REASON_HEADER = "X-Break-Glass-Reason"
REASON_FIELD = "break_glass_reason"
MAX_REASON_LENGTH = 500

# Audit-log actions that change what the public sees, whatever the object's state.
_ALWAYS_PUBLIC = {
    "wagtail.publish",
    "wagtail.publish.schedule",  # goes live later, through publish_scheduled, unreviewed
    "wagtail.unpublish",
    "wagtail.view_restriction.create",
    "wagtail.view_restriction.edit",
    "wagtail.view_restriction.delete",
}
# Actions that change the public site only when the page they concern is live.
_PUBLIC_WHEN_LIVE = {"wagtail.delete", "wagtail.move", "wagtail.create_alias"}

_approving: ContextVar[bool] = ContextVar("cms_gate_approving", default=False)
_reason: ContextVar[str | None] = ContextVar("cms_gate_reason", default=None)

# (workflow_state, user) -> True when the interceptor took charge of the approved revision
# (published it, with others, or holds it), False to let the gate publish it now.
FinishInterceptor = Callable[[Any, Any], bool]
_finish_interceptors: list[FinishInterceptor] = []


def register_finish_interceptor(interceptor: FinishInterceptor) -> None:
    """Called at start-up by a package with a rule about when approved work goes live."""
    if interceptor not in _finish_interceptors:
        _finish_interceptors.append(interceptor)


def hold(workflow_state: Any, reason: str) -> bool:
    """For interceptors: keep the approved revision back, saying why. The reviewer's
    confirmation (review_ux.confirm_approval) reads the reason from the same workflow
    state, which Wagtail passes from the finish action to its workflow_approved signal."""
    workflow_state.cms_held_because = reason
    return True


def held_because(workflow_state: Any) -> str | None:
    return getattr(workflow_state, "cms_held_because", None)


@contextmanager
def approved_publishing() -> Iterator[None]:
    """Publishes made inside carry out an approval: they are not break-glass, whoever the
    user (a held release that an administrator's override or a translation completes)."""
    token = _approving.set(True)
    try:
        yield
    finally:
        _approving.reset(token)


def publish_approved_revision(workflow_state: Any, user: Any = None) -> None:
    """WAGTAIL_FINISH_WORKFLOW_ACTION: publish exactly the revision that was approved.

    Wagtail's default publishes the latest revision with a "publish" permission check;
    reviewers hold no such permission (the approval is theirs to give instead), and a
    revision saved after the submission was never reviewed.
    """
    task_state = workflow_state.current_task_state
    if task_state is None or task_state.status != task_state.STATUS_APPROVED:
        raise PermissionDenied(_("Only an approved review publishes."))
    with approved_publishing():
        for interceptor in _finish_interceptors:
            if interceptor(workflow_state, user):
                return
        task_state.revision.publish(user=user, skip_permission_checks=True)


class BreakGlassReasonMiddleware:
    """Keeps the break-glass reason of the current request for the audit log.

    A reason longer than MAX_REASON_LENGTH is refused with a 400 before anything runs.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method not in ("POST", "PUT", "PATCH", "DELETE"):
            return self.get_response(request)
        reason = request.headers.get(REASON_HEADER, "")
        if not reason and request.content_type in (
            "application/x-www-form-urlencoded",
            "multipart/form-data",
        ):
            reason = request.POST.get(REASON_FIELD, "")
        reason = reason.strip()
        if len(reason) > MAX_REASON_LENGTH:
            return _reason_too_long(request)
        token = _reason.set(reason or None)
        try:
            return self.get_response(request)
        finally:
            _reason.reset(token)


def _reason_too_long(request: HttpRequest) -> HttpResponse:
    message = _("The break-glass reason is too long: at most %(limit)d characters.") % {
        "limit": MAX_REASON_LENGTH
    }
    if request.path.startswith("/api/"):
        return JsonResponse({"title": "Bad Request", "status": 400, "detail": message}, status=400)
    return HttpResponseBadRequest(message)


def _is_public_change(entry: Any) -> bool:
    """Does this audit-log entry change what the public sees?"""
    # Looked up, not imported: wagtail.models imports this module (the finish action)
    # while it is itself being loaded, so this module cannot import wagtail.models.
    Page = apps.get_model("wagtailcore", "Page")
    PageLogEntry = apps.get_model("wagtailcore", "PageLogEntry")
    if entry.action not in _ALWAYS_PUBLIC | _PUBLIC_WHEN_LIVE:
        return False
    if not isinstance(entry, PageLogEntry):
        return entry.action in _ALWAYS_PUBLIC
    page = Page.objects.filter(pk=entry.page_id).values("live", "alias_of_id").first()
    if page is None:
        return False
    if entry.action in _ALWAYS_PUBLIC:
        # Aliases follow their source page (Wagtail, cms/publishing/privacy.py): the source's own
        # entry is the one that records the decision.
        return page["alias_of_id"] is None
    return page["live"]


def record_break_glass(sender: type, instance: Any, created: bool, **kwargs: Any) -> None:
    """post_save of Wagtail's log entries: a person changed the public site outside an
    approved workflow, so add a cms.break_glass entry beside it, with the reason."""
    if not created or kwargs.get("raw") or instance.action == BREAK_GLASS:
        return
    if instance.user_id is None or _approving.get() or not _is_public_change(instance):
        return
    copied = {
        field.attname: getattr(instance, field.attname)
        for field in instance._meta.concrete_fields
        if field.attname not in ("id", "action", "data", "content_changed", "deleted")
    }
    sender.objects.create(
        **copied,
        action=BREAK_GLASS,
        data={"action": instance.action, "reason": _reason.get() or NO_REASON},
    )


def connect_signals() -> None:
    for label in ("wagtailcore.PageLogEntry", "wagtailcore.ModelLogEntry"):
        model = apps.get_model(label)
        post_save.connect(record_break_glass, sender=model, dispatch_uid=f"break_glass_{model}")


def register_break_glass_log_action(actions: Any) -> None:
    """register_log_actions hook: how the audit log and page history show the entry."""

    @actions.register_action(BREAK_GLASS)
    class BreakGlassFormatter(LogFormatter):
        label = gettext_lazy("Break-glass (administrator outside review)")

        def format_message(self, log_entry: Any) -> str:
            data = log_entry.data or {}
            reason = data.get("reason") or NO_REASON
            if reason == NO_REASON:
                reason = _("no reason given")
            return _("Changed the public site outside review (%(action)s). Reason: %(reason)s") % {
                "action": data.get("action", ""),
                "reason": reason,
            }
