"""The review task of the editorial workflow (four eyes on authorship)."""

from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.models import AbstractGroupApprovalTask


class FourEyesReviewTask(AbstractGroupApprovalTask):
    """Group approval in which nobody approves their own words.

    Wagtail lets any member of the chosen groups (and any superuser) approve a
    submission, including their own. The Alliance requires a second person: whoever
    submitted the content, or wrote any revision of it since it was last live (for
    content never live: any revision), cannot approve or reject it, whatever their
    role, administrators included (they may break glass instead, cms/workflow/gate.py). Only
    looking at revisions since the submission let a reviewer write a draft, have an
    editor submit it unchanged, and approve their own words.
    """

    class Meta:
        verbose_name = _("four-eyes review task")
        verbose_name_plural = _("four-eyes review tasks")

    @staticmethod
    def _is_own_work(obj: models.Model, user: models.Model) -> bool:
        """Did `user` submit this content, or write a revision of it since it was live?"""
        state = getattr(obj, "current_workflow_state", None)
        if state is None:
            return False
        if state.requested_by_id == user.pk:
            return True
        revisions = obj.revisions.filter(user=user)
        live_revision_id = getattr(obj, "live_revision_id", None)
        last_published_at = getattr(obj, "last_published_at", None)
        if live_revision_id is not None:
            revisions = revisions.filter(pk__gt=live_revision_id)
        elif last_published_at is not None:
            revisions = revisions.filter(created_at__gt=last_published_at)
        return revisions.exists()

    def get_actions(self, obj: models.Model, user: models.Model) -> list:
        if self._is_own_work(obj, user):
            return []
        return super().get_actions(obj, user)

    def on_action(self, task_state, user, action_name, **kwargs):
        if user is not None and self._is_own_work(task_state.workflow_state.content_object, user):
            raise PermissionDenied(_("You cannot review your own submission."))
        return super().on_action(task_state, user, action_name, **kwargs)

    def get_task_states_user_can_moderate(self, user, **kwargs):
        states = super().get_task_states_user_can_moderate(user, **kwargs)
        return states.exclude(workflow_state__requested_by=user)

    @classmethod
    def get_description(cls) -> str:
        return _("Members of the chosen groups approve, but never their own submissions")
