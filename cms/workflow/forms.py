"""The page form that runs the quality gate when content is sent for review."""

from __future__ import annotations

from wagtail.admin.forms import WagtailAdminPageForm

from cms.workflow.quality import quality_problems

GATED_ACTIONS = ("action-submit", "action-restart-workflow", "action-publish")


class ReviewReadyPageForm(WagtailAdminPageForm):
    """Refuses submission for review (or approval, or publishing) of content that
    fails the quality gate, listing every problem so the editor can act on it."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Django marks fields with a callable default (e.g. "today") as changed on every
        # post, which made a reviewer's "Approve" save a revision in their name, and the
        # four-eyes rule then refused it. Compare with the stored value instead.
        for field in self.fields.values():
            field.show_hidden_initial = False

    def _is_going_to_review_or_live(self) -> bool:
        if any(action in self.data for action in GATED_ACTIONS):
            return True
        return (
            "action-workflow-action" in self.data
            and self.data.get("workflow-action-name") == "approve"
        )

    def _post_clean(self) -> None:
        super()._post_clean()
        if self.errors or not self._is_going_to_review_or_live():
            return
        for problem in quality_problems(self.instance):
            self.add_error(None, problem)
