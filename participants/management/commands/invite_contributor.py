"""`python manage.py invite_contributor --participant SLUG --email ADDRESS [--language CODE]`

Creates (or renews) the contributor account of ADDRESS for the participant whose
default-locale profile has the slug SLUG, prints the one-time invitation link and emails
it, in the contributor's language where the site has translations. Bad input (unknown
participant, malformed address, an address bound to another participant or to a staff
account, a language not in CONTRIBUTION_LANGUAGES) is a CommandError: one line saying
what to fix, exit status 1, no traceback.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation
from wagtail.models import Locale

from participants.contributors import InvitationError, invite_contributor, send_invitation
from participants.models import ParticipantPage


class Command(BaseCommand):
    help = "Invite a member authority's contributor: prints and emails a one-time link."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--participant", required=True, help="slug of the English profile")
        parser.add_argument("--email", required=True, help="the contributor's email address")
        parser.add_argument(
            "--language",
            default=settings.LANGUAGE_CODE,
            help="the language they write in, a code of CONTRIBUTION_LANGUAGES",
        )
        parser.add_argument(
            "--no-email", action="store_true", help="print the link without sending it"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        # Messages for the operator in English, whatever the shell's locale.
        translation.activate("en")
        slug = options["participant"].strip()
        participant = ParticipantPage.objects.filter(slug=slug, locale=Locale.get_default()).first()
        if participant is None:
            raise CommandError(
                f"No participant profile with the slug {slug!r} in the default language."
            )
        try:
            contributor, url = invite_contributor(
                participant, options["email"], options["language"].strip()
            )
        except InvitationError as error:
            raise CommandError(str(error)) from None
        if not options["no_email"]:
            send_invitation(contributor, url)
        self.stdout.write(
            f"{contributor.user.email} may now write for {participant.title}. "
            f"Invitation link (valid once, {settings.CONTRIBUTOR_INVITATION_DAYS} days):"
        )
        self.stdout.write(url)
