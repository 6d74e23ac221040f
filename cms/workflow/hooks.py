"""Admin hooks of the editorial workflow (the rules themselves: gate.py, roles.py).

Who may publish, unpublish, delete or move live pages, change privacy or publish
snippets is decided by Wagtail's permission policies alone: no group holds "publish"
(cms/workflow/roles.py), so Wagtail hides those actions and refuses them on every path.
What is registered here: the administrators' break-glass (its audit-log action and the
editor's question asking them for a reason), the abandoned-drafts panel and log actions,
the editor script that keeps a manual submit from racing an autosave, and the hold
on a publish or submission made from a stale form (concurrency.py).
"""

from __future__ import annotations

from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.translation import gettext as _
from wagtail import hooks

from cms.workflow import concurrency, explorer, review_ux
from cms.workflow.gate import register_break_glass_log_action

hooks.register("register_log_actions", register_break_glass_log_action)
hooks.register("construct_homepage_panels", review_ux.add_abandoned_drafts_panel)
hooks.register("register_log_actions", review_ux.register_abandoned_draft_actions)
hooks.register("before_edit_page", concurrency.hold_stale_publish)
hooks.register("construct_explorer_page_queryset", explorer.annotate_live_subtree)


@hooks.register("insert_editor_js")
def ask_for_the_break_glass_reason() -> str:
    """Only administrators have a Publish button; it asks them why (the audit log)."""
    return format_html(
        '<script src="{}" data-prompt="{}"></script>',
        static("cms/js/break-glass-reason.js"),
        _("Why publish directly, outside review? (kept in the audit log)"),
    )


@hooks.register("insert_editor_js")
def hold_submit_while_autosaving() -> str:
    """See cms/static/cms/js/submit-after-autosave.js: Wagtail 8 lets a manual submit race
    an autosave, which on a new page ends in a server error on the duplicate slug."""
    return format_html('<script src="{}"></script>', static("cms/js/submit-after-autosave.js"))
