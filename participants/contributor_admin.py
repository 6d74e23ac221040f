"""Contributors in the admin: inviting one from a participant's page or from an accepted
application, the administrators' list with "Revoke", and the contributor's own, reduced
view of the admin.

None of this decides what a contributor may do: their participant's group and Wagtail's
permission policies do (participants/contributors.py). The menu and dashboard hooks
only leave out what would lead nowhere, so that their admin is their profile, their
proposals and their images.
"""

from __future__ import annotations

import logging
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin import messages
from wagtail.admin.ui.components import Component
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import Button
from wagtail.models import Page

from participants.contributors import (
    Contributor,
    InvitationError,
    contributor_for,
    default_locale_profile,
    invite_contributor,
    revoke_contributor,
    send_invitation,
)
from participants.models import ParticipantPage

# Who may invite: the people who accept applications (Reviewers) and administrators.
INVITE_PERMISSION = "participants.change_membershipapplication"
# What a contributor's main menu keeps: the page explorer (it opens on their profile),
# their image collection, and help.
CONTRIBUTOR_MENU = {"explorer", "images", "help"}
# Wagtail's dashboard panels that show a contributor their own work only; a panel of
# another package joins them by setting ``for_contributors = True``.
CONTRIBUTOR_PANELS = {"site_summary", "user_objects_in_workflow_moderation", "recent_edits"}

logger = logging.getLogger(__name__)


def may_invite(user: Any) -> bool:
    return user.is_superuser or user.has_perm(INVITE_PERMISSION)


def language_choices() -> list[tuple[str, str]]:
    return list(settings.CONTRIBUTION_LANGUAGES)


class InvitationForm(forms.Form):
    email = forms.EmailField(label=gettext_lazy("Email address"))
    language = forms.ChoiceField(
        label=gettext_lazy("Language they write in"),
        choices=language_choices,
        help_text=gettext_lazy(
            "Their proposals are translated from it; their admin is in it when the admin "
            "offers it, else in English."
        ),
    )


def invite_and_tell(request: HttpRequest, participant: Page, email: str, language: str) -> bool:
    """Invite, email the link, and say so (or why not) to the person in the admin."""
    try:
        contributor, url = invite_contributor(participant, email, language, request.user)
    except InvitationError as error:
        messages.error(request, str(error))
        return False
    names = {"email": contributor.user.email, "participant": participant.title, "url": url}
    try:
        send_invitation(contributor, url)
    except Exception:
        # The invitation is saved and its link works: a mail server that is down costs the
        # email, and the person inviting hands the link over themselves.
        logger.exception("Could not email the invitation of contributor %s", contributor.pk)
        messages.warning(
            request,
            _(
                "%(email)s is invited to write for %(participant)s, but the email could not "
                "be sent: give them this link yourself: %(url)s"
            )
            % names,
        )
        return True
    messages.success(
        request,
        _("%(email)s is invited to write for %(participant)s; the link was emailed: %(url)s")
        % names,
    )
    return True


def invite_view(request: HttpRequest, page_id: int) -> HttpResponse:
    """“Invite a contributor” on a participant's page: email and language."""
    if not may_invite(request.user):
        raise PermissionDenied
    participant = default_locale_profile(get_object_or_404(ParticipantPage, pk=page_id))
    form = InvitationForm(request.POST or None, initial={"language": settings.LANGUAGE_CODE})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if invite_and_tell(request, participant, data["email"], data["language"]):
            return redirect("wagtailadmin_pages:edit", participant.pk)
    context = {"form": form, "participant": participant, "header_icon": "user"}
    return TemplateResponse(request, "participants/admin/invite_contributor.html", context)


def revoke_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Administrators only: confirm (GET), then revoke (POST)."""
    if not request.user.is_superuser:
        raise PermissionDenied
    contributor = get_object_or_404(
        Contributor.objects.select_related("user", "participant"), pk=pk
    )
    if request.method == "POST":
        revoke_contributor(contributor, request.user)
        messages.success(
            request,
            _("%(email)s can no longer sign in or write for %(participant)s.")
            % {"email": contributor.user.email, "participant": contributor.participant.title},
        )
        return redirect("contributors:index")
    context = {"contributor": contributor, "header_icon": "cross"}
    return TemplateResponse(request, "participants/admin/confirm_revoke.html", context)


class ContributorEditView(generic.EditView):
    @cached_property
    def header_more_buttons(self) -> list:
        buttons = list(super().header_more_buttons)
        if self.object.revoked_at is None:
            url = reverse("contributors:revoke", args=[self.object.pk])
            buttons.append(Button(_("Revoke"), url=url, icon_name="cross", priority=5))
        return buttons


class ContributorViewSet(ModelViewSet):
    """The contributors, for administrators (Wagtail's model permission policy: no group
    holds a permission on Contributor, so only superusers see it)."""

    model = Contributor
    icon = "group"
    menu_label = gettext_lazy("Contributors")
    add_to_settings_menu = True
    url_prefix = "contributors"
    name = "contributors"
    add_to_reference_index = False
    edit_view_class = ContributorEditView
    copy_view_enabled = False
    inspect_view_enabled = False
    create_view_enabled = False
    list_display = ["user", "participant", "language", "created_at", "revoked_at"]
    list_filter = ["language", "revoked_at"]
    search_fields = ["user__email", "participant__title"]
    form_fields = ["language"]

    def get_urlpatterns(self) -> list:
        return [*super().get_urlpatterns(), path("revoke/<int:pk>/", revoke_view, name="revoke")]


def participant_header_buttons(
    page: Page, user: Any, view_name: str, next_url: str | None = None
) -> list[Button]:
    """register_page_header_buttons: “Invite a contributor” on a participant's page."""
    specific_class = page.specific_class  # from the content type cache: no query
    if specific_class is None or not issubclass(specific_class, ParticipantPage):
        return []
    if not may_invite(user):
        return []
    url = reverse("participants_invite_contributor", args=[page.pk])
    return [Button(_("Invite a contributor"), url=url, icon_name="user", priority=80)]


class ContributorPanel(Component):
    """Dashboard, first for a contributor: their participant, and the way to each thing
    they may do (edit the profile, propose local news, their images)."""

    name = "participants_contributor"
    order = 10
    for_contributors = True
    template_name = "participants/admin/contributor_panel.html"

    def __init__(self, contributor: Contributor) -> None:
        self.contributor = contributor

    def get_context_data(self, parent_context: Any = None) -> dict:
        participant = self.contributor.participant
        languages = dict(settings.CONTRIBUTION_LANGUAGES)
        return {
            "participant": participant,
            "language": languages.get(self.contributor.language, self.contributor.language),
            "edit_url": reverse("wagtailadmin_pages:edit", args=[participant.pk]),
            "add_url": reverse("wagtailadmin_pages:add_subpage", args=[participant.pk]),
            "explore_url": reverse("wagtailadmin_explore", args=[participant.pk]),
            "images_url": reverse("wagtailimages:index"),
        }


def add_contributor_panel(request: HttpRequest, panels: list) -> None:
    """construct_homepage_panels: the contributor's own panel."""
    contributor = contributor_for(request.user)
    if contributor is not None:
        panels.append(ContributorPanel(contributor))


def reduce_main_menu(request: HttpRequest, menu_items: list) -> None:
    """construct_main_menu: a contributor's menu keeps what they can use."""
    if contributor_for(request.user) is not None:
        menu_items[:] = [item for item in menu_items if item.name in CONTRIBUTOR_MENU]


def reduce_dashboard(request: HttpRequest, panels: list) -> None:
    """construct_homepage_panels (run last): their own work, nothing about the site."""
    if contributor_for(request.user) is not None:
        panels[:] = [
            panel
            for panel in panels
            if getattr(panel, "name", "") in CONTRIBUTOR_PANELS
            or getattr(panel, "for_contributors", False)
        ]


def admin_urls() -> list:
    return [
        path(
            "participants/<int:page_id>/invite-contributor/",
            invite_view,
            name="participants_invite_contributor",
        )
    ]
