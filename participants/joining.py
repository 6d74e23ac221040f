"""The “Join the Alliance” form behind JoinPage: show it, validate it, store the
application once, then send the emails.

Below the page models (participants/models.py imports it for JoinPage's route): it
knows the application and its form, not the page types.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils import translation

from participants.applications import MembershipApplication
from participants.forms import ApplicationForm
from participants.notifications import send_application_emails
from participants.ratelimit import over_limit

if TYPE_CHECKING:
    from participants.models import JoinPage


def join_form_view(page: JoinPage, request: HttpRequest) -> HttpResponse:
    """Show, validate and store an application; the emails come after it is saved."""
    if request.method == "POST":
        if over_limit(request):
            response = page.render(
                request,
                template="participants/join_page_rate_limited.html",
            )
            response.status_code = 429
            response["Retry-After"] = str(settings.JOIN_RATE_LIMIT_WINDOW)
            return response
        form = ApplicationForm(request.POST)
        if form.is_spam():
            # Look like success so that the bot learns nothing; store nothing.
            return HttpResponseRedirect(confirmation_url(page, request))
        if form.is_valid():
            application = form.save(commit=False)
            application.language = translation.get_language() or page.locale.language_code
            application.submission_token = form.cleaned_data["submission_token"]
            # Saved (and committed) first: whatever the mail server does next, the
            # application is in the reviewers' list.
            if store_once(application):
                send_application_emails(application)
            return HttpResponseRedirect(confirmation_url(page, request))
    else:
        form = ApplicationForm()
    return page.render(request, context_overrides={"form": form})


def store_once(application: MembershipApplication) -> bool:
    """Save the application unless one with its submission token is stored already.

    The unique constraint on `submission_token` decides, so a double-click handled by
    two workers at once also stores one; the loser gets the same thank-you page and
    sends no emails. Without a token (an old form) it is always stored.
    """
    token = application.submission_token
    if token is not None and MembershipApplication.objects.filter(submission_token=token).exists():
        return False
    try:
        with transaction.atomic():
            application.save()
    except IntegrityError:
        if token is None:
            raise
        return False
    return True


def confirmation_url(page: JoinPage, request: HttpRequest) -> str:
    return page.get_url(request) + page.reverse_subpage("confirmation")
