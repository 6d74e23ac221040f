"""The background task queue's health: how long the oldest task that is due has waited.

Why: webhook deliveries run in the database queue, processed by `manage.py run_worker`.
When no worker runs (it was never started, or its host is down) tasks wait silently.
`/readyz` (cms/ops/health.py) and the admin dashboard show the age of the oldest due task
and call the queue "stalled" past TASK_STALL_SECONDS, so that someone notices.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.db import DatabaseError
from django.db.models import Min
from django.http import HttpRequest
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult, get_date_max
from laces.components import Component


def oldest_due(now: datetime.datetime) -> datetime.datetime | None:
    """Since when the longest-waiting due task has been due: its enqueue time, or its
    run_after for a task scheduled for later (a webhook retry is not late before then)."""
    ready = DBTaskResult.objects.filter(status=TaskResultStatus.READY)
    immediate = ready.filter(run_after=get_date_max()).aggregate(due=Min("enqueued_at"))["due"]
    scheduled = (
        ready.exclude(run_after=get_date_max())
        .filter(run_after__lte=now)
        .aggregate(due=Min("run_after"))["due"]
    )
    candidates = [moment for moment in (immediate, scheduled) if moment is not None]
    return min(candidates) if candidates else None


def queue_status() -> dict[str, Any]:
    """`status` is "ok", "stalled" (a due task has waited longer than the threshold) or
    "unavailable" (the queue could not be read)."""
    threshold = settings.TASK_STALL_SECONDS
    now = timezone.now()
    try:
        since = oldest_due(now)
    except DatabaseError as error:
        return {"status": f"unavailable: {type(error).__name__}"}
    age = None if since is None else max(0, int((now - since).total_seconds()))
    return {
        "status": "stalled" if age is not None and age > threshold else "ok",
        "oldest_pending_seconds": age,
        "stall_threshold_seconds": threshold,
    }


class TaskQueuePanel(Component):
    """A dashboard panel for administrators: is the background worker keeping up?"""

    name = "task_queue"
    order = 50

    def render_html(self, parent_context: Any = None) -> str:
        status = queue_status()
        age = status.get("oldest_pending_seconds")
        if status["status"] == "stalled":
            text = _(
                "Stalled: a task has waited %(age)s seconds (more than %(threshold)s). "
                "Check that the worker runs (manage.py run_worker)."
            ) % {"age": age, "threshold": status["stall_threshold_seconds"]}
        elif status["status"] == "ok" and age is not None:
            text = _("Running: the oldest waiting task has waited %(age)s seconds.") % {"age": age}
        elif status["status"] == "ok":
            text = _("Running: no task is waiting.")
        else:
            text = _("The task queue could not be read.")
        return format_html(
            '<section class="w-panel" aria-labelledby="task-queue-heading">'
            '<h2 class="w-panel__heading" id="task-queue-heading">{}</h2>'
            '<p class="help-block {}">{}</p></section>',
            _("Background tasks (webhook deliveries)"),
            "help-critical" if status["status"] != "ok" else "help-info",
            text,
        )


def add_task_queue_panel(request: HttpRequest, panels: list) -> None:
    """Only administrators run or restart workers; editors would see noise."""
    if request.user.is_superuser:
        panels.append(TaskQueuePanel())
