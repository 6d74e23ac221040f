"""`python manage.py import_participants FILE.csv`: create or update English profiles.

Columns: name, kind, country, lat, lon, joined, website. A row is matched to an existing
profile by name and country under the English participants index. Each row is written
in its own transaction, so a bad row is reported (with its line number) and skipped
while the good rows are imported; a row is never half-written.
"""

from __future__ import annotations

import csv
import datetime
import io
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.core.validators import URLValidator
from django.db import transaction
from django_countries import countries
from wagtail.models import Locale

from participants.models import ParticipantIndexPage, ParticipantKind, ParticipantPage
from participants.review import unique_child_slug

COLUMNS = ["name", "kind", "country", "lat", "lon", "joined", "website"]


class RowError(Exception):
    """A reason, in words an operator understands, why one row was not imported."""


def _coordinate(value: str, name: str, limit: int) -> Decimal | None:
    if not value.strip():
        return None
    try:
        number = Decimal(value.strip())
    except InvalidOperation:
        raise RowError(f"{name} {value!r} is not a number") from None
    if not number.is_finite() or not -limit <= number <= limit:
        raise RowError(f"{name} {value} is outside -{limit}..{limit}")
    return number.quantize(Decimal("0.000001"))


def parse_row(row: dict[str, str]) -> dict[str, Any]:
    name = (row.get("name") or "").strip()
    if not name:
        raise RowError("name is empty")
    if len(name) > 255:
        raise RowError("name is longer than 255 characters")
    kind = (row.get("kind") or "").strip().lower()
    if kind not in ParticipantKind.values:
        raise RowError(f"kind {kind!r} is not one of {', '.join(ParticipantKind.values)}")
    country = (row.get("country") or "").strip().upper()
    if country not in countries:
        raise RowError(f"country {country!r} is not an ISO 3166 two-letter code")
    latitude = _coordinate(row.get("lat") or "", "lat", 90)
    longitude = _coordinate(row.get("lon") or "", "lon", 180)
    if (latitude is None) != (longitude is None):
        raise RowError("lat and lon must be given together")
    joined_raw = (row.get("joined") or "").strip()
    joined = None
    if joined_raw:
        try:
            joined = datetime.date.fromisoformat(joined_raw)
        except ValueError:
            raise RowError(f"joined {joined_raw!r} is not a date like 2015-12-17") from None
    website = (row.get("website") or "").strip()
    if website:
        try:
            URLValidator(schemes=["http", "https"])(website)
        except ValidationError:
            raise RowError(f"website {website!r} is not an http(s) address") from None
    return {
        "title": name,
        "kind": kind,
        "country": country,
        "latitude": latitude,
        "longitude": longitude,
        "date_joined": joined,
        "website": website,
    }


class Command(BaseCommand):
    help = "Create or update English participant profiles from a CSV file."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="CSV with columns: " + ", ".join(COLUMNS))
        parser.add_argument(
            "--publish",
            action="store_true",
            help="Publish created and updated profiles (default: save as drafts for review).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        index = (
            ParticipantIndexPage.objects.filter(locale=Locale.get_default())
            .order_by("path")
            .first()
        )
        if index is None:
            raise CommandError("There is no English participants index page to import into.")
        try:
            text = path.read_text(encoding="utf-8-sig")
        except UnicodeDecodeError:
            raise CommandError(f"{path} is not UTF-8 text.") from None
        reader = csv.DictReader(io.StringIO(text, newline=""))
        header = [column.strip().lower() for column in reader.fieldnames or []]
        missing = [column for column in COLUMNS if column not in header]
        if missing:
            raise CommandError(
                f"{path}: the header lacks {', '.join(missing)}; expected: {', '.join(COLUMNS)}."
            )
        reader.fieldnames = header
        try:
            # The line where each row ends, as a text editor counts (header = line 1).
            rows = [(reader.line_num, row) for row in reader]
        except csv.Error as error:
            raise CommandError(f"{path}, line {reader.line_num}: {error}") from None
        created = updated = 0
        errors: list[str] = []
        for done, (line, row) in enumerate(rows, start=1):
            try:
                fields = parse_row(row)
                with transaction.atomic():
                    was_created = self._save(index, fields, publish=options["publish"])
            except RowError as error:
                errors.append(f"line {line}: {error}")
            except ValidationError as error:
                errors.append(f"line {line}: {'; '.join(error.messages)}")
            else:
                created += was_created
                updated += not was_created
            self._progress(done, len(rows))
        self.stdout.write("")
        for error in errors:
            self.stderr.write(self.style.ERROR(error))
        summary = f"{created} created, {updated} updated, {len(errors)} rejected."
        self.stdout.write(self.style.SUCCESS(summary) if not errors else summary)

    def _progress(self, done: int, total: int) -> None:
        width = 30
        filled = width * done // total if total else width
        self.stdout.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total}", ending="")
        self.stdout.flush()

    def _save(self, index: ParticipantIndexPage, fields: dict[str, Any], publish: bool) -> bool:
        page = (
            ParticipantPage.objects.child_of(index)
            .filter(title=fields["title"], country=fields["country"])
            .first()
        )
        created = page is None
        if created:
            page = ParticipantPage(slug=unique_child_slug(index, fields["title"]), live=False)
        for name, value in fields.items():
            setattr(page, name, value)
        page.clean_fields(exclude=[f.name for f in page._meta.fields if f.name not in fields])
        if created:
            index.add_child(instance=page)
        revision = page.save_revision(log_action=True)
        if publish:
            revision.publish()
        return created
