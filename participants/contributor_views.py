"""The page an invitation link opens: the contributor chooses a password (Django's
password validators), then, with ``STAFF_TWO_FACTOR`` on, sets up a second factor
through the staff flow of ``cms.security.two_factor`` (the same pages, the same rules).

A link that is unknown, expired, used or revoked gets a page that says which, in the
contributor's language when the link names one (HTTP 410 for a link that existed, 400
for one that never did), never a 500.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import login
from django.contrib.auth.forms import SetPasswordForm
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from wagtail.users.models import UserProfile

from cms.security import two_factor
from participants.contributors import (
    Contributor,
    ContributorInvitation,
    find_invitation,
    mail_language,
)

LOGIN_BACKEND = "django.contrib.auth.backends.ModelBackend"


def admin_language(contributor: Contributor) -> str:
    """Their own language if the admin offers it, else English."""
    permitted = {code for code, _name in settings.WAGTAILADMIN_PERMITTED_LANGUAGES}
    return contributor.language if contributor.language in permitted else "en"


def _unusable(request: HttpRequest, state: str) -> HttpResponse:
    titles = {
        "unknown": _("This invitation link is not valid"),
        "expired": _("This invitation has expired"),
        "used": _("This invitation was already used"),
        "revoked": _("This invitation was withdrawn"),
    }
    messages = {
        "unknown": _("Check that you copied the whole link from the email."),
        "expired": _("Invitations are valid for a limited time, and this one is over."),
        "used": _(
            "Each invitation works once. If you chose your password, sign in with it; "
            "if you forgot it, use “Forgotten password?” on the sign-in page."
        ),
        "revoked": _("The Alliance's secretariat withdrew this invitation."),
    }
    context = {"title": titles[state], "message": messages[state]}
    status = 400 if state == "unknown" else 410
    response = TemplateResponse(
        request, "participants/contributors/unusable.html", context, status=status
    )
    return response.render()  # now, in the language this page is in


def _accept(
    request: HttpRequest, invitation: ContributorInvitation, form: SetPasswordForm
) -> HttpResponse:
    """Save the password, use up the link, set the admin's language and sign in."""
    contributor = invitation.contributor
    user = form.save()
    invitation.used_at = timezone.now()
    invitation.save(update_fields=["used_at"])
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = admin_language(contributor)
    profile.save(update_fields=["preferred_language"])
    login(request, user, backend=LOGIN_BACKEND)
    if two_factor.is_enabled():
        return redirect(f"{reverse(two_factor.SETUP_URL_NAME)}?next={reverse('wagtailadmin_home')}")
    return redirect("wagtailadmin_home")


@never_cache
@sensitive_post_parameters("new_password1", "new_password2")
def accept_invitation(request: HttpRequest, token: str) -> HttpResponse:
    invitation = find_invitation(token)
    if invitation is None:
        return _unusable(request, "unknown")
    with translation.override(mail_language(invitation.contributor)):
        with transaction.atomic():
            # Locked, so that two tabs posting the same link cannot both use it.
            invitation = (
                ContributorInvitation.objects.select_for_update()
                .select_related("contributor__user", "contributor__participant")
                .get(pk=invitation.pk)
            )
            state = invitation.state
            if state == "valid" and not invitation.contributor.user.is_active:
                state = "revoked"
            if state != "valid":
                return _unusable(request, state)
            user = invitation.contributor.user
            form = SetPasswordForm(user, request.POST or None)
            if request.method == "POST" and form.is_valid():
                return _accept(request, invitation, form)
        context = {
            "form": form,
            "participant": invitation.contributor.participant,
            "invited": user,
            "two_factor": two_factor.is_enabled(),
        }
        response = TemplateResponse(request, "participants/contributors/accept.html", context)
        response.render()
        return response
