"""Admin for membership applications (reviewers only, with filters, CSV export and
“Accept”), and the participant headline's part in the home page (``home.hooks``)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import Button
from wagtail.models import Page, Site

from cms.caching import deps
from cms.caching.fragments import FragmentKey
from home.hooks import HOME_PAGE_FRAGMENTS
from participants.contributor_admin import (
    ContributorViewSet,
    add_contributor_panel,
    admin_urls,
    invite_and_tell,
    participant_header_buttons,
    reduce_dashboard,
    reduce_main_menu,
)
from participants.contributors import Contributor, ContributorInvitation, language_codes
from participants.models import ApplicationStatus, MembershipApplication
from participants.review import NoParticipantIndex, accept_application
from participants.templatetags.participants_tags import headline_fragment

VIEW_PERMISSION = "participants.view_membershipapplication"
CHANGE_PERMISSION = "participants.change_membershipapplication"


def reviewers_only(view: Callable) -> Callable:
    """A real 403 for anyone without the application permissions.

    Wagtail turns PermissionDenied into a redirect to the dashboard; an explicit 403
    makes the refusal unambiguous (and testable) before any application is loaded.
    """

    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not any(request.user.has_perm(p) for p in (VIEW_PERMISSION, CHANGE_PERMISSION)):
            return TemplateResponse(
                request, "participants/admin/forbidden.html", {"header_icon": "lock"}, status=403
            )
        return view(request, *args, **kwargs)

    return wrapped


class ApplicationEditView(generic.EditView):
    @cached_property
    def header_more_buttons(self):
        buttons = list(super().header_more_buttons)
        if self.object.status != ApplicationStatus.ACCEPTED or not self.object.participant_page_id:
            buttons.append(
                Button(
                    _("Accept and draft a profile"),
                    url=reverse("membership_applications:accept", args=[self.object.pk]),
                    icon_name="check",
                    priority=5,
                )
            )
        return buttons


def accept_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirm (GET), then accept (POST): a draft ParticipantPage prefilled from the form."""
    if not request.user.has_perm(CHANGE_PERMISSION):
        raise PermissionDenied
    application = get_object_or_404(MembershipApplication, pk=pk)
    if request.method == "POST":
        try:
            page = accept_application(application, request.user)
        except NoParticipantIndex:
            messages.error(
                request, _("Create a participants index page first: there is none to add to.")
            )
            return redirect("membership_applications:edit", application.pk)
        if request.POST.get("invite"):
            invite_and_tell(
                request, page, application.email, _invite_language(request, application)
            )
        messages.success(
            request,
            _("“%(name)s” is accepted; its draft profile awaits review.") % {"name": page.title},
            buttons=[
                messages.button(
                    reverse("wagtailadmin_pages:edit", args=[page.pk]), _("Edit the profile")
                )
            ],
        )
        return redirect("membership_applications:index")
    context = {
        "application": application,
        "header_icon": "check",
        "languages": settings.CONTRIBUTION_LANGUAGES,
        "language": _invite_language(request, application),
    }
    return TemplateResponse(request, "participants/admin/confirm_accept.html", context)


def _invite_language(request: HttpRequest, application: MembershipApplication) -> str:
    """The language chosen on the confirmation, else the one the applicant wrote in."""
    chosen = request.POST.get("language") or application.language
    return chosen if chosen in language_codes() else settings.LANGUAGE_CODE


class MembershipApplicationViewSet(ModelViewSet):
    model = MembershipApplication
    icon = "form"
    menu_label = gettext_lazy("Applications")
    menu_order = 250
    add_to_admin_menu = True
    url_prefix = "applications"
    name = "membership_applications"
    edit_view_class = ApplicationEditView
    copy_view_enabled = False
    add_to_reference_index = False
    list_display = ["authority_name", "country", "kind", "status", "submitted_at"]
    list_filter = ["status", "country", "kind", "submitted_at"]
    list_export = [
        "authority_name",
        "kind",
        "country",
        "website",
        "contact_name",
        "contact_role",
        "email",
        "phone",
        "motivation",
        "language",
        "submitted_at",
        "status",
        "notes",
    ]
    export_filename = "membership-applications"
    search_fields = ["authority_name", "contact_name", "email"]
    ordering = ["-submitted_at"]
    form_fields = ["status", "notes"]

    def get_urlpatterns(self):
        patterns = [
            *super().get_urlpatterns(),
            path("accept/<int:pk>/", accept_view, name="accept"),
        ]
        for pattern in patterns:
            pattern.callback = reviewers_only(pattern.callback)
        return patterns


@hooks.register("register_admin_viewset")
def register_viewset():
    return MembershipApplicationViewSet()


# Contributors (participants/contributor_admin.py): inviting, revoking, and their
# reduced admin (the dashboard filter runs after every other package added its panels).
hooks.register("register_admin_viewset", ContributorViewSet)
hooks.register("register_admin_urls", admin_urls)
hooks.register("register_page_header_buttons", participant_header_buttons)
hooks.register("construct_main_menu", reduce_main_menu)
hooks.register("construct_homepage_panels", add_contributor_panel)
hooks.register("construct_homepage_panels", reduce_dashboard, order=1000)


@hooks.register(HOME_PAGE_FRAGMENTS)
def participant_headline_fragments(
    page: Page, request: HttpRequest, site: Site
) -> list[FragmentKey]:
    """The home page's participant headline (``{% participant_headline %}``)."""
    return [headline_fragment(site, page.locale_id)]


# What the participant fragments read beside the page they are on (cms/caching/deps.py):
# any profile published, unpublished or moved changes the index, its map, its filters and
# the home page's headline; the headline also links to the index.
PARTICIPANTS = deps.listing_tag("participants.participantpage")
INDEX = deps.listing_tag("participants.participantindexpage")
for _name in (
    "participant-headline",
    "participant-countries",
    "participant-ids",
    "participant-markers",
    "participant-statistics",
    "participant-row",
    "participants-geojson",
    "tpl:participant-filters",
    "tpl:participants-per-country",
):
    deps.describe(_name, (PARTICIPANTS, INDEX))
deps.describe("locale-ids")
# Applicants' and contributors' records are never shown to visitors: saving them (an
# application, an invitation accepted) leaves every cached page valid.
deps.not_shown(MembershipApplication, Contributor, ContributorInvitation)
