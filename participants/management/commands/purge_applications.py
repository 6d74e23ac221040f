"""`python manage.py purge_applications [--days N] [--dry-run]`: GDPR retention.

Membership applications hold personal data; once the retention period has passed they
are deleted. The period comes from APPLICATION_RETENTION_DAYS unless --days is given.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from participants.models import MembershipApplication


def positive_days(value: str) -> int:
    try:
        days = int(value)
    except ValueError:
        raise CommandError(f"--days must be a whole number of days, got {value!r}.") from None
    if days < 1:
        raise CommandError(f"--days must be at least 1, got {days}.")
    return days


class Command(BaseCommand):
    help = "Delete membership applications older than the retention period."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--days",
            help="Retention in days (default: APPLICATION_RETENTION_DAYS, "
            f"currently {settings.APPLICATION_RETENTION_DAYS}).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Count what would be deleted, delete nothing."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        raw = options["days"]
        days = positive_days(raw) if raw is not None else settings.APPLICATION_RETENTION_DAYS
        if days < 1:
            raise CommandError(f"APPLICATION_RETENTION_DAYS must be at least 1, got {days}.")
        cutoff = timezone.now() - timedelta(days=days)
        old = MembershipApplication.objects.filter(submitted_at__lt=cutoff)
        if options["dry_run"]:
            self.stdout.write(
                f"{old.count()} application(s) older than {days} days would be deleted."
            )
            return
        deleted, _by_model = old.delete()
        self.stdout.write(
            self.style.SUCCESS(f"Deleted {deleted} application(s) older than {days} days.")
        )
