"""`python manage.py cleanup_abandoned_drafts [--days N] [--grace-days G] [--dry-run]`.

Wagtail 8 autosaves the editor, so every "Add child page" that is left behind becomes a
draft page that nobody sees. A *new* draft (never live, never submitted, no children,
no translation, not scheduled) that its author has not edited for N days (default
ABANDONED_DRAFT_DAYS, 30) is announced to its author by email, once; if it is still
untouched G days later (default 7) it is deleted, with its wagtail-localize aliases.
Each notice and each deletion is recorded in the audit log. Any edit after the notice
cancels it. Safe to run every minute (`make scheduler`): a draft is announced once.

Acts by default, like `purge_applications`; `--dry-run` only lists what it would do.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from wagtail.actions.delete_page import DeletePageAction
from wagtail.log_actions import log
from wagtail.models import Page
from wagtail.users.models import UserProfile

from cms.workflow.review_ux import (
    DEFAULT_GRACE_DAYS,
    DELETE_ACTION,
    NOTICE_ACTION,
    abandoned_draft_days,
    abandoned_drafts,
    notice_sent_at,
)


def whole_days(value: Any, option: str) -> int:
    """A count of days of at least 1, or a CommandError that names the option."""
    try:
        days = int(str(value).strip())
    except ValueError:
        raise CommandError(
            _("%(option)s must be a whole number of days, got %(value)s.")
            % {"option": option, "value": repr(value)}
        ) from None
    if days < 1:
        raise CommandError(
            _("%(option)s must be at least 1 day, got %(value)s.")
            % {"option": option, "value": days}
        )
    return days


def _preferred_language(user: Any) -> str:
    return UserProfile.get_for_user(user).get_preferred_language() or settings.LANGUAGE_CODE


class Command(BaseCommand):
    help = (
        "Warn authors of abandoned new drafts, then delete those still unused after a grace period."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--days",
            help="Days without an edit after which a new draft is abandoned "
            "(default: ABANDONED_DRAFT_DAYS).",
        )
        parser.add_argument(
            "--grace-days",
            help=f"Days between the notice and the deletion (default: {DEFAULT_GRACE_DAYS}).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="List what would be done; change nothing."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        days = whole_days(
            abandoned_draft_days() if options["days"] is None else options["days"], "--days"
        )
        grace = whole_days(
            DEFAULT_GRACE_DAYS if options["grace_days"] is None else options["grace_days"],
            "--grace-days",
        )
        dry_run = options["dry_run"]
        now = timezone.now()
        to_announce: dict[Any, list[Page]] = defaultdict(list)
        to_delete: list[Page] = []
        for page in abandoned_drafts(days, now).select_related("owner"):
            sent = notice_sent_at(page)
            if sent is None:
                to_announce[page.owner].append(page)
            elif sent <= now - timedelta(days=grace):
                to_delete.append(page)

        for owner, pages in to_announce.items():
            for page in pages:
                self.stdout.write(f"notice: {page.pk} {page.title!r} (owner {owner})")
            if not dry_run:
                self._announce(owner, pages, now + timedelta(days=grace))
        for page in to_delete:
            self.stdout.write(f"delete: {page.pk} {page.title!r} (owner {page.owner})")
            if not dry_run:
                self._delete(page, days, now)
        announced = sum(len(pages) for pages in to_announce.values())
        prefix = "dry run: " if dry_run else ""
        self.stdout.write(f"{prefix}{announced} notice(s), {len(to_delete)} deletion(s)")

    def _announce(self, owner: Any, pages: list[Page], delete_on: Any) -> None:
        """One email per author listing all their drafts, then one audit entry per page."""
        for page in pages:
            log(
                instance=page.specific,
                action=NOTICE_ACTION,
                data={"delete_after": delete_on.isoformat()},
            )
        if owner is None or not owner.is_active or not owner.email:
            return
        base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
        with translation.override(_preferred_language(owner)):
            subject = ngettext(
                "Your unused draft will be deleted on %(date)s",
                "Your %(count)d unused drafts will be deleted on %(date)s",
                len(pages),
            ) % {"count": len(pages), "date": date_format(delete_on, "DATE_FORMAT")}
            lines = [
                _(
                    "These new pages of yours have not been edited for a long time, were "
                    "never submitted for review and never published. They will be deleted "
                    "on %(date)s unless you edit them before then:"
                )
                % {"date": date_format(delete_on, "DATE_FORMAT")},
                "",
            ]
            for page in pages:
                edit_url = base + reverse("wagtailadmin_pages:edit", args=(page.pk,))
                lines.append(f"- {page.get_admin_display_title()}: {edit_url}")
            lines += ["", _("Nothing needs doing if you no longer need them.")]
        send_mail(subject, "\n".join(lines), None, [owner.email])

    @transaction.atomic
    def _delete(self, page: Page, days: int, now: Any) -> None:
        """Deletes the page and its aliases, after checking again that it is still abandoned."""
        page = abandoned_drafts(days, now).select_for_update().filter(pk=page.pk).first()
        if page is None:
            return
        specific = page.specific
        log(
            instance=specific,
            action=DELETE_ACTION,
            data={
                "title": specific.title,
                "owner": specific.owner.get_username() if specific.owner else None,
                "last_edited": specific.latest_revision_created_at.isoformat(),
            },
        )
        for alias in Page.objects.filter(alias_of=page):
            if alias.numchild == 0 and not alias.live:
                DeletePageAction(alias).execute(skip_permission_checks=True)
        DeletePageAction(specific).execute(skip_permission_checks=True)
