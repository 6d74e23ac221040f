"""Who may change which alert: the one rule, asked by the admin and API v3 alike.

Editors and Reviewers change every alert (the roles of cms/workflow/roles.py give them
"change"). Translators hold "change" too, because wagtail-localize's translation editor
saves through it, but only for the alerts of their own language: a translator never
rewrites the original. Nobody publishes outside the review workflow (no group holds
"publish"); this policy narrows what Wagtail's model permissions allow, never widens it.
"""

from __future__ import annotations

from typing import Any

from wagtail.permission_policies import ModelPermissionPolicy

from cms.workflow.roles import EDITORS, REVIEWERS, translators_group_name

# What a translator may do only in their own language.
LANGUAGE_BOUND_ACTIONS = frozenset({"change", "delete", "lock", "unlock"})


def may_change_in_language(user: Any, language_code: str) -> bool:
    """May `user`, who holds "change" on alerts, change one in `language_code`?"""
    if user.is_superuser or user.groups.filter(name__in=[EDITORS, REVIEWERS]).exists():
        return True
    return user.groups.filter(name=translators_group_name(language_code)).exists()


class AlertPermissionPolicy(ModelPermissionPolicy):
    """Wagtail's model permissions, with translators kept to their language. Registered
    for ``Alert`` in cms/alerts/hooks.py, so the snippet views and API v3's snippet
    actions (which ask ``user_has_permission_for_instance``) both apply it."""

    def user_has_permission_for_instance(self, user: Any, action: str, instance: Any) -> bool:
        if not super().user_has_permission_for_instance(user, action, instance):
            return False
        if action not in LANGUAGE_BOUND_ACTIONS:
            return True
        return may_change_in_language(user, instance.locale.language_code)
