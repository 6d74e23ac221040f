"""Feedback to a contribution's author: each decision by email and on their dashboard.

A member authority's contributor submits a page (``contributions``) and then waits on
people they never meet: translators, reviewers. Each decision reaches them, in their own
language (their admin profile's language, else the language they wrote in when the site
speaks it, else the site's):

- changes requested, with the comment of whoever asked (translators or reviewers);
- approved, when approval does not publish at once (it waits for its translations, or
  for its go-live date);
- published, with the address where it is live.

The dashboard panel "Your contributions" lists the state of each of their submissions,
with the last comment, for anyone who submitted one (``for_contributors``: it stays on a
contributor's reduced dashboard). Kernel code: it knows contributions by their page type
(``contributions.contribution_language``), not who contributors are.
"""

from __future__ import annotations

import logging
from typing import Any

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.mail import send_mail
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from wagtail.admin.ui.components import Component
from wagtail.models import Locale, Page, WorkflowState
from wagtail.signals import page_published, workflow_approved, workflow_rejected
from wagtail.users.models import UserProfile

from cms.translations.originals import (
    contribution_language,
    latest_original,
    may_be_contribution,
)

PANEL_ROWS = 10
logger = logging.getLogger(__name__)


def _contribution(obj: Any) -> Page | None:
    """The page, when it is a contribution in the default locale (the one its author wrote)."""
    if not isinstance(obj, Page) or not may_be_contribution(obj):
        return None  # most publishes: no query spent on them
    page = Page.objects.filter(pk=obj.pk).first()
    page = page.specific if page is not None else None
    if (
        page is None
        or page.locale_id != Locale.get_default().pk
        or contribution_language(page) is None
    ):
        return None
    return page


def author_language(user: Any, page: Page) -> str:
    """The language to write to the author in."""
    available = {code for code, _name in settings.LANGUAGES}
    preferred = UserProfile.get_for_user(user).preferred_language
    if preferred in available:
        return preferred
    written_in = contribution_language(page)
    return written_in if written_in in available else settings.LANGUAGE_CODE


def author_title(page: Page) -> str:
    """The title as the author wrote it (their original), else the page's."""
    original = latest_original(page)
    return original.title if original is not None else page.get_admin_display_title()


def _admin_url(page: Page) -> str:
    path = reverse("wagtailadmin_pages:edit", args=(page.pk,))
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def _person(user: Any) -> str:
    if user is None:
        return _("a reviewer")
    return user.get_full_name() or user.get_username()


def _tell(author: Any, page: Page, decision: str, **names: Any) -> None:
    """One email to the author, in their language."""
    if author is None or not author.email or not author.is_active:
        return
    with translation.override(author_language(author, page)):
        names = {"title": author_title(page), **names}
        if decision == "changes":
            subject = _("Changes requested: “%(title)s”") % names
            lines = [
                _("%(person)s asked for changes to your contribution “%(title)s”.") % names,
                "",
                names["comment"] or _("(no comment)"),
                "",
                _("Change it and submit it again: %(url)s") % {"url": _admin_url(page)},
            ]
        elif decision == "approved":
            subject = _("Approved: “%(title)s”") % names
            lines = [
                _("Your contribution “%(title)s” was approved.") % names,
                _("It goes live when its translations are approved too."),
            ]
        else:
            subject = _("Published: “%(title)s”") % names
            lines = [
                _("Your contribution “%(title)s” is published.") % names,
                _("It is live at %(url)s") % {"url": page.get_full_url() or ""},
            ]
    # The email is a courtesy; the decision is the reviewer's work and is already saved
    # (these run inside the publish or the workflow action). A mail server that is down
    # or slow must not turn it into an error page or roll it back: the failure is logged,
    # and the author still sees the decision on their dashboard.
    try:
        send_mail(subject, "\n".join(lines), None, [author.email])
    except Exception:
        logger.exception("Could not tell the author of page %s (%s)", page.pk, decision)


def _latest_state(page: Page) -> WorkflowState | None:
    return WorkflowState.objects.for_instance(page).order_by("-created_at", "-pk").first()


def on_rejected(sender: Any, instance: WorkflowState, user: Any = None, **kwargs: Any) -> None:
    page = _contribution(instance.content_object)
    if page is None or instance.requested_by_id is None:
        return
    task_state = instance.current_task_state
    comment = task_state.specific.get_comment() if task_state is not None else ""
    _tell(instance.requested_by, page, "changes", comment=comment, person=_person(user))


def on_approved(sender: Any, instance: WorkflowState, user: Any = None, **kwargs: Any) -> None:
    """Approved but not live (held for its translations): published ones are told by
    ``on_published``, which the approval's publish already ran."""
    page = _contribution(instance.content_object)
    if page is None or instance.requested_by_id is None:
        return
    published = page.live and page.last_published_at is not None
    if published and page.last_published_at >= instance.created_at:
        return  # this submission went live: ``on_published`` told them
    _tell(instance.requested_by, page, "approved")


def on_published(sender: Any, instance: Page, revision: Any = None, **kwargs: Any) -> None:
    page = _contribution(instance)
    if page is None:
        return
    state = _latest_state(page)
    author = state.requested_by if state is not None else page.owner
    _tell(author, page, "published")


# The dashboard ------------------------------------------------------------------------


def contribution_rows(user: Any, limit: int = PANEL_ROWS) -> list[dict[str, Any]]:
    """The state of each contribution the user submitted, the most recent first."""
    page_type = ContentType.objects.get_for_model(Page)
    states = (
        WorkflowState.objects.filter(requested_by=user, base_content_type=page_type)
        .select_related("current_task_state__task")
        .order_by("-created_at", "-pk")
    )
    rows: list[dict[str, Any]] = []
    seen: set[str] = set()
    for state in states[: limit * 5]:
        if state.object_id in seen or len(rows) >= limit:
            continue
        seen.add(state.object_id)
        page = _contribution(Page(pk=int(state.object_id)))
        if page is not None:
            rows.append(_row(state, page))
    return rows


def _row(state: WorkflowState, page: Page) -> dict[str, Any]:
    task_state = state.current_task_state
    row: dict[str, Any] = {"title": author_title(page), "edit_url": None, "live_url": None}
    row["comment"] = ""
    if state.status == WorkflowState.STATUS_IN_PROGRESS:
        check_task = apps.get_model("cms", "TranslationCheckTask")  # defined beside the pipeline
        check = task_state is not None and isinstance(task_state.task.specific, check_task)
        row["status"] = _("Translators are checking it") if check else _("In review")
    elif state.status == WorkflowState.STATUS_NEEDS_CHANGES:
        row["status"] = _("Changes requested")
        row["comment"] = task_state.specific.get_comment() if task_state is not None else ""
        row["edit_url"] = reverse("wagtailadmin_pages:edit", args=(page.pk,))
    elif state.status == WorkflowState.STATUS_APPROVED and page.live:
        row["status"] = _("Published")
        row["live_url"] = page.get_url()
    elif state.status == WorkflowState.STATUS_APPROVED:
        row["status"] = _("Approved; it goes live with its translations")
    else:
        row["status"] = _("Withdrawn")
        row["edit_url"] = reverse("wagtailadmin_pages:edit", args=(page.pk,))
    return row


class ContributionsPanel(Component):
    """Dashboard: the signed-in author's contributions and what was decided."""

    name = "cms_contributions"
    template_name = "cms/translations/contributions_panel.html"
    order = 90
    for_contributors = True  # kept on a contributor's reduced dashboard

    def __init__(self, request: HttpRequest) -> None:
        self.request = request

    def render_html(self, parent_context: Any = None) -> str:
        rows = contribution_rows(self.request.user)
        if not rows:
            return ""
        return render_to_string(self.template_name, {"rows": rows}, request=self.request)


def add_contributions_panel(request: HttpRequest, panels: list) -> None:
    panels.append(ContributionsPanel(request))


def connect() -> None:
    workflow_rejected.connect(on_rejected, dispatch_uid="contribution_feedback_rejected")
    workflow_approved.connect(on_approved, dispatch_uid="contribution_feedback_approved")
    page_published.connect(on_published, dispatch_uid="contribution_feedback_published")
