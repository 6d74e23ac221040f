"""What reviewers do with an application: accepting it starts a draft profile."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from wagtail.models import Locale

from participants.models import (
    ApplicationStatus,
    MembershipApplication,
    ParticipantIndexPage,
    ParticipantPage,
)


class NoParticipantIndex(Exception):
    """There is no participants index in the default language to put the profile in."""


def unique_child_slug(parent, base: str) -> str:
    base = slugify(base)[:200] or "participant"
    taken = set(parent.get_children().values_list("slug", flat=True))
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    return slug


@transaction.atomic
def accept_application(application: MembershipApplication, user) -> ParticipantPage:
    """Mark accepted and create an unpublished profile that goes through review.

    Accepting twice returns the profile made the first time rather than a duplicate.
    """
    if application.participant_page_id:
        return application.participant_page
    index = (
        ParticipantIndexPage.objects.filter(locale=Locale.get_default()).order_by("path").first()
    )
    if index is None:
        raise NoParticipantIndex
    page = ParticipantPage(
        title=application.authority_name,
        slug=unique_child_slug(index, application.authority_name),
        kind=application.kind,
        country=application.country,
        website=application.website,
        contact_name=application.contact_name,
        contact_role=application.contact_role,
        contact_email=application.email,
        contact_email_public=False,
        date_joined=timezone.localdate(),
        live=False,
        owner=user,
    )
    index.add_child(instance=page)
    page.save_revision(user=user, log_action=True)
    application.status = ApplicationStatus.ACCEPTED
    application.participant_page = page
    application.save(update_fields=["status", "participant_page"])
    return page
