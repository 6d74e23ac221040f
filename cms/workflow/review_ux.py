"""The review gate, easy to walk: confirmations, one email per event, abandoned drafts.

- A reviewer's decision is confirmed in their language on whatever admin screen they
  took it (the workflow action modal of the page or snippet, the edit view's action
  menu, the dashboard's "awaiting your review" panel): Wagtail's own workflow action
  view says nothing at all, and the edit view only says "updated". The confirmation
  is added by a receiver of Wagtail's `workflow_approved` / `workflow_rejected`
  signals, the one place every path goes through, using the request that
  `ReviewDecisionMiddleware` remembers for the duration of each request.
- Wagtail emails a submission twice to administrators: once per task (group members
  and superusers) and once per workflow (superusers again). The per-workflow email is
  replaced under Wagtail's own dispatch uid, so whichever registers first wins and the
  other is ignored; group approval tasks already tell everyone who may approve.
- A new page that was never published nor submitted and has not been edited for
  ABANDONED_DRAFT_DAYS is "abandoned": its author sees it on the dashboard, and
  `cleanup_abandoned_drafts` warns them by email, then deletes it after a grace period.
"""

from __future__ import annotations

import contextvars
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Exists, Model, OuterRef, QuerySet
from django.db.models.functions import Cast
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin import messages
from wagtail.admin.signal_handlers import workflow_submission_email_notifier
from wagtail.admin.ui.components import Component
from wagtail.models import (
    AbstractGroupApprovalTask,
    Page,
    PageLogEntry,
    Revision,
    WorkflowState,
)
from wagtail.signals import workflow_approved, workflow_rejected, workflow_submitted

from cms.workflow.gate import held_because

NOTICE_ACTION = "cms.abandoned_draft.notice"
DELETE_ACTION = "cms.abandoned_draft.delete"
DEFAULT_GRACE_DAYS = 7
# Wagtail's dispatch uid for its per-workflow submission email (wagtail.admin.signal_handlers).
WAGTAIL_SUBMITTED_UID = "workflow_state_submitted_email_notification"

_current_request: contextvars.ContextVar[HttpRequest | None] = contextvars.ContextVar(
    "review_ux_current_request", default=None
)


class ReviewDecisionMiddleware:
    """Remembers the request being served, so that a decision taken deep inside a
    workflow task (which is given the user, never the request) can be confirmed to
    the person who took it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _current_request.set(request)
        try:
            return self.get_response(request)
        finally:
            _current_request.reset(token)


def _request_of(user: Model | None) -> HttpRequest | None:
    """The current request, if it is the one in which `user` acts."""
    request = _current_request.get()
    if request is None or user is None or getattr(request, "user", None) is None:
        return None
    if request.user.pk != user.pk or not hasattr(request, "_messages"):
        return None
    return request


def _decided_object(workflow_state: WorkflowState) -> Model:
    """The reviewed page or snippet as it is now (the approval may just have published it)."""
    obj = workflow_state.content_object
    fresh = type(obj)._default_manager.get(pk=obj.pk)
    return fresh.specific if isinstance(fresh, Page) else fresh


def _names(obj: Model) -> dict[str, str]:
    title = obj.get_admin_display_title() if isinstance(obj, Page) else str(obj)
    return {"title": title, "kind": str(obj._meta.verbose_name)}


def confirm_approval(sender: Any, instance: WorkflowState, user: Model = None, **kw: Any) -> None:
    """Tell the reviewer what their approval did: live (and where), or scheduled."""
    request = _request_of(user)
    if request is None:
        return
    obj = _decided_object(instance)
    names = _names(obj)
    buttons = []
    url = obj.get_full_url(request) if isinstance(obj, Page) else None
    go_live_at = getattr(obj, "go_live_at", None)
    if held := held_because(instance):
        text = _("“%(title)s” (%(kind)s) was approved; it is not live yet: %(held)s.")
        names["held"] = held
    elif getattr(obj, "live", True) and url:
        text = _("“%(title)s” (%(kind)s) was approved and published; it is live at %(url)s.")
        names["url"] = url
        buttons.append(messages.button(url, _("View live"), new_window=True))
    elif not getattr(obj, "live", True) and go_live_at and go_live_at > timezone.now():
        text = _("“%(title)s” (%(kind)s) was approved; it will go live on %(date)s.")
        names["date"] = date_format(timezone.localtime(go_live_at), "DATETIME_FORMAT")
    else:
        text = _("“%(title)s” (%(kind)s) was approved and published.")
    messages.success(request, text % names, buttons=buttons)


def confirm_rejection(sender: Any, instance: WorkflowState, user: Model = None, **kw: Any) -> None:
    """Tell the reviewer to whom the content went back, and whether with their comment."""
    request = _request_of(user)
    if request is None:
        return
    names = _names(_decided_object(instance))
    author = instance.requested_by
    names["author"] = (
        (author.get_full_name() or author.get_username()) if author else _("its author")
    )
    task_state = instance.current_task_state
    comment = task_state.specific.get_comment() if task_state is not None else ""
    if comment:
        text = _("“%(title)s” (%(kind)s) was sent back to %(author)s with your comment.")
    else:
        text = _("“%(title)s” (%(kind)s) was sent back to %(author)s.")
    messages.success(request, text % names)


def notify_submission_once(sender: Any, instance: WorkflowState, **kwargs: Any) -> Any:
    """Wagtail's per-workflow submission email, only where no task already told them.

    A group approval task emails its groups and the superusers when it starts; the
    per-workflow email goes to the superusers again (including the submitter). So it
    is sent only when the current task is of another kind."""
    task_state = instance.current_task_state
    if task_state is not None and isinstance(task_state.task.specific, AbstractGroupApprovalTask):
        return True
    return workflow_submission_email_notifier(instance, **kwargs)


def connect_signals() -> None:
    """One submission email instead of Wagtail's two; confirmations of each decision."""
    workflow_submitted.disconnect(sender=WorkflowState, dispatch_uid=WAGTAIL_SUBMITTED_UID)
    workflow_submitted.connect(
        notify_submission_once, sender=WorkflowState, dispatch_uid=WAGTAIL_SUBMITTED_UID
    )
    workflow_approved.connect(confirm_approval, dispatch_uid="review_ux_confirm_approval")
    workflow_rejected.connect(confirm_rejection, dispatch_uid="review_ux_confirm_rejection")


# Abandoned drafts ----------------------------------------------------------------------


def abandoned_draft_days() -> int:
    return int(getattr(settings, "ABANDONED_DRAFT_DAYS", 30))


def abandoned_drafts(days: int | None = None, now: datetime | None = None) -> QuerySet[Page]:
    """New pages nobody has touched for `days`: never live, never submitted, no children,
    no translation, not scheduled. Aliases (wagtail-localize's mirrors) are never listed
    themselves; they go with their source page."""
    days = abandoned_draft_days() if days is None else days
    cutoff = (now or timezone.now()) - timedelta(days=days)
    page_type = ContentType.objects.get_for_model(Page)
    page_pk = Cast(OuterRef("pk"), output_field=CharField())
    submitted = WorkflowState.objects.filter(base_content_type=page_type, object_id=page_pk)
    translated = Page.objects.filter(
        translation_key=OuterRef("translation_key"), alias_of__isnull=True
    ).exclude(pk=OuterRef("pk"))
    published_once = PageLogEntry.objects.filter(page=OuterRef("pk"), action="wagtail.publish")
    scheduled = Revision.page_revisions.filter(object_id=page_pk, approved_go_live_at__isnull=False)
    return (
        Page.objects.filter(
            depth__gt=2,
            live=False,
            first_published_at__isnull=True,
            last_published_at__isnull=True,
            go_live_at__isnull=True,
            alias_of__isnull=True,
            numchild=0,
            latest_revision_created_at__lt=cutoff,
        )
        .exclude(Exists(submitted))
        .exclude(Exists(translated))
        .exclude(Exists(published_once))
        .exclude(Exists(scheduled))
        .order_by("latest_revision_created_at", "pk")
    )


def notice_sent_at(page: Page) -> datetime | None:
    """When the author was last warned about this draft, if after its last edit."""
    entry = (
        PageLogEntry.objects.filter(page_id=page.pk, action=NOTICE_ACTION)
        .order_by("-timestamp")
        .first()
    )
    if entry is None or entry.timestamp <= page.latest_revision_created_at:
        return None
    return entry.timestamp


def deletion_date(page: Page, grace_days: int = DEFAULT_GRACE_DAYS) -> datetime | None:
    sent = notice_sent_at(page)
    return sent + timedelta(days=grace_days) if sent else None


class AbandonedDraftsPanel(Component):
    """Dashboard panel: the signed-in author's own abandoned new drafts."""

    template_name = "cms/abandoned_drafts_panel.html"
    order = 205

    def __init__(self, user: Model) -> None:
        self.user = user

    def get_context_data(self, parent_context: Any = None) -> dict[str, Any]:
        drafts = list(abandoned_drafts().filter(owner=self.user).specific()[:50])
        return {
            "drafts": [(page, deletion_date(page)) for page in drafts],
            "days": abandoned_draft_days(),
            "grace_days": DEFAULT_GRACE_DAYS,
        }

    def render_html(self, parent_context: Any = None) -> str:
        context = self.get_context_data(parent_context)
        if not context["drafts"]:
            return ""
        return render_to_string(self.template_name, context)


def add_abandoned_drafts_panel(request: HttpRequest, panels: list) -> None:
    panels.append(AbandonedDraftsPanel(request.user))


def register_abandoned_draft_actions(actions: Any) -> None:
    actions.register_action(
        NOTICE_ACTION,
        gettext_lazy("Abandoned draft: deletion notice"),
        gettext_lazy("Its author was told that this unused draft will be deleted"),
    )
    actions.register_action(
        DELETE_ACTION,
        gettext_lazy("Abandoned draft: deleted"),
        gettext_lazy("Deleted as an abandoned draft, after its author was told"),
    )
