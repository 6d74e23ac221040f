"""Emails about an application; sent after it is stored, and never allowed to lose it."""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from participants.applications import MembershipApplication

REVIEWERS_GROUP = "Reviewers"
logger = logging.getLogger(__name__)


def reviewer_addresses() -> list[str]:
    users = (
        get_user_model()
        .objects.filter(groups__name=REVIEWERS_GROUP, is_active=True)
        .exclude(email="")
    )
    return sorted(set(users.values_list("email", flat=True)))


def send_application_emails(application: MembershipApplication) -> bool:
    """Confirm to the applicant (a fixed text) and alert the reviewers; False if mail failed.

    A mail server that is down must not turn a stored application into an error
    page: the failure is logged and the reviewers still find it in the admin.
    """
    ok = True
    context = {
        "application": application,
        "admin_url": settings.WAGTAILADMIN_BASE_URL.rstrip("/")
        + reverse("membership_applications:edit", args=[application.pk]),
    }
    # The applicant's copy carries nothing the applicant typed: the form accepts any
    # address, so a text of the sender's choosing would make it a relay for spam or
    # phishing in our name. Its templates get no context at all: a fixed text.
    applicant_context: dict[str, object] = {}
    try:
        with translation.override(application.language):
            send_mail(
                subject=render_to_string(
                    "participants/email/confirmation_subject.txt", applicant_context
                ).strip(),
                message=render_to_string(
                    "participants/email/confirmation_body.txt", applicant_context
                ),
                from_email=None,
                recipient_list=[application.email],
            )
    except Exception:
        logger.exception("Could not send the confirmation of application %s", application.pk)
        ok = False
    recipients = reviewer_addresses()
    if not recipients:
        logger.warning("Application %s: no reviewer has an email address.", application.pk)
        return ok
    try:
        with translation.override(settings.LANGUAGE_CODE):
            send_mail(
                subject=render_to_string(
                    "participants/email/reviewers_subject.txt", context
                ).strip(),
                message=render_to_string("participants/email/reviewers_body.txt", context),
                from_email=None,
                recipient_list=recipients,
            )
    except Exception:
        logger.exception("Could not notify reviewers of application %s", application.pk)
        ok = False
    return ok
