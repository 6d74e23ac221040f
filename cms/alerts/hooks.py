"""Admin hooks of alerts: the snippet's listing, translators' own language, prefetching.

Imported by cms/wagtail_hooks.py. The permissions come from the roles
(cms/workflow/roles.py) narrowed by ``permissions.AlertPermissionPolicy``: Editors and
Reviewers write alerts, Translators change only those of their own language (that is
how wagtail-localize's editor saves a translation), and nobody publishes outside the
review workflow.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.models import Page, Site
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from cms.alerts.live import fragment_key
from cms.alerts.models import Alert
from cms.alerts.permissions import AlertPermissionPolicy
from cms.caching.fragments import FragmentKey
from cms.caching.routing import PAGE_FRAGMENTS

POLICY = AlertPermissionPolicy(Alert)


class AlertViewSet(SnippetViewSet):
    """Alerts in the admin, under Settings, with what decides where and when they show."""

    model = Alert
    icon = "warning"
    menu_label = _("Alert banners")
    add_to_settings_menu = True
    list_display = ["message", "level", "scope", "starts_at", "ends_at", "locale", "live"]
    list_filter = ["level", "locale", "live"]
    search_fields = ["message"]


def refuse_other_languages_to_translators(request: HttpRequest, instance: Any) -> None:
    """The admin's edit view checks "change" on the model only: the policy's rule on
    the instance is asked here, before wagtail-localize's translation editor takes
    over the view."""
    if isinstance(instance, Alert) and not POLICY.user_has_permission_for_instance(
        request.user, "change", instance
    ):
        raise PermissionDenied(_("Translators change the alerts of their own language only."))


hooks.register("before_edit_snippet", refuse_other_languages_to_translators, order=-10)
# Before the viewset: registering it would otherwise register Wagtail's default policy.
register_permission_policy(Alert, POLICY, exact_class=True)
register_snippet(AlertViewSet)


@hooks.register(PAGE_FRAGMENTS)
def alert_page_fragments(page: Page | None, request: HttpRequest, site: Site) -> list[FragmentKey]:
    """Every page reads the site's live alerts: read with its other fragments."""
    return [fragment_key(site)]
