"""Admin hooks of the project (the review rules themselves live in cms/gate.py).

Who may publish, unpublish, delete or move live pages, change privacy or publish
snippets is decided by Wagtail's permission policies alone: no group holds "publish"
(cms/roles.py), so Wagtail hides those actions and refuses them on every path. Only
the administrators' break-glass (its audit-log action, and the editor's question
asking them for a reason) is registered here.
"""

from __future__ import annotations

from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.translation import gettext as _
from wagtail import hooks

from cms.gate import register_break_glass_log_action


@hooks.register("register_log_actions")
def register_break_glass(actions) -> None:
    register_break_glass_log_action(actions)


@hooks.register("insert_editor_js")
def ask_for_the_break_glass_reason() -> str:
    """Only administrators have a Publish button; it asks them why (the audit log)."""
    return format_html(
        '<script src="{}" data-prompt="{}"></script>',
        static("cms/js/break-glass-reason.js"),
        _("Why publish directly, outside review? (kept in the audit log)"),
    )


@hooks.register("register_admin_urls")
def register_two_factor_urls() -> list:
    """The optional staff second factor's pages (cms/two_factor.py)."""
    from cms.two_factor import admin_urls

    return admin_urls()


@hooks.register("insert_editor_js")
def hold_submit_while_autosaving() -> str:
    """See cms/static/cms/js/submit-after-autosave.js: Wagtail 8 lets a manual submit race
    an autosave, which on a new page ends in a server error on the duplicate slug."""
    return format_html('<script src="{}"></script>', static("cms/js/submit-after-autosave.js"))


# Hooks kept in their own modules, registered by importing them here.
from cms import (  # noqa: E402, F401
    review_ux,
    task_queue,  # the dashboard's "Background tasks" panel
    translation_hooks,
    translation_review,
)
