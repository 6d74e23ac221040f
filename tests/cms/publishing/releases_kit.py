"""A seminar report and its French translation at the stages of a release, reviewed
through the real admin views (tests/cms/workflow/admin_actions.py)."""

from __future__ import annotations

from dataclasses import dataclass

from django_tasks_db.models import DBTaskResult
from wagtail.models import Page

from tests.cms.workflow.admin_actions import client_for, workflow_action


@dataclass
class Report:
    english: Page
    french: Page


def submit(page: Page, user) -> None:
    """The author saves a revision and submits it to the review workflow."""
    page = Page.objects.get(pk=page.pk).specific
    page.save_revision(user=user)
    page.get_workflow().start(page, user)


def approve(page: Page, reviewer) -> None:
    response = workflow_action(client_for(reviewer), page, "approve")
    assert response.status_code == 302, response.content[:500]


def fresh(page: Page) -> Page:
    return Page.objects.get(pk=page.pk)


def is_live(page: Page) -> bool:
    return Page.objects.get(pk=page.pk).live


def queued_events() -> list[dict]:
    """The webhook payloads queued for delivery (one task per event and endpoint)."""
    return [result.args_kwargs["args"][1] for result in DBTaskResult.objects.order_by("pk")]
