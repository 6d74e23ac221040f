"""Back up the whole site: the database (pg_dump on PostgreSQL) and the uploaded media.

    python manage.py backup_site /var/backups/alliance-2025-01-31.tar

The archive holds `database.dump` (pg_dump custom format; on SQLite a consistent copy
made with SQLite's online backup), `media.tar.gz` and `manifest.json` with the size and
SHA-256 of each part and of every media file (cms/ops/backup_archive.py). The archive is
read back and checked before it takes its final name: a backup that would not restore
fails loudly here rather than on the day it is needed. Stored media on S3 are backed up
by the bucket's own versioning. See docs/operations.md.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.ops.backup_archive import (
    DATABASE,
    FORMAT_VERSION,
    MEDIA,
    MEMBERS,
    ArchiveError,
    file_digest,
    pack_media,
    sqlite_table_counts,
    verify_archive,
)


def pg_environment(settings_dict: dict[str, Any]) -> tuple[list[str], dict[str, str]]:
    """Connection arguments for pg_dump/pg_restore; the password goes in the environment."""
    args = []
    if settings_dict.get("HOST"):
        args += ["--host", str(settings_dict["HOST"])]
    if settings_dict.get("PORT"):
        args += ["--port", str(settings_dict["PORT"])]
    if settings_dict.get("USER"):
        args += ["--username", str(settings_dict["USER"])]
    environment = dict(os.environ)
    if settings_dict.get("PASSWORD"):
        environment["PGPASSWORD"] = str(settings_dict["PASSWORD"])
    return args, environment


def run_tool(command: list[str], environment: dict[str, str]) -> None:
    try:
        result = subprocess.run(command, env=environment, capture_output=True, text=True)  # noqa: S603
    except FileNotFoundError:
        raise CommandError(
            f"{command[0]} is not installed (apt-get install postgresql-client)."
        ) from None
    if result.returncode != 0:
        # One line: the tool's message is often several (error, DETAIL, HINT).
        message = " ".join(line.strip() for line in result.stderr.splitlines() if line.strip())
        raise CommandError(f"{command[0]} failed: {message}")


class Command(BaseCommand):
    help = "Back up the database and the uploaded media into one archive."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", type=Path, help="Path of the archive to write (.tar).")
        parser.add_argument(
            "--force", action="store_true", help="Overwrite the archive if it exists."
        )

    def handle(self, *args: Any, archive: Path, force: bool, **options: Any) -> None:
        if archive.exists() and not force:
            raise CommandError(f"{archive} already exists; pass --force to overwrite it.")
        if not archive.parent.is_dir():
            raise CommandError(f"The directory {archive.parent} does not exist.")
        with tempfile.TemporaryDirectory(prefix="alliance-backup-") as work:
            work_dir = Path(work)
            (work_dir / "parts").mkdir()
            parts = work_dir / "parts"
            self._dump_database(parts / DATABASE)
            media = pack_media(Path(settings.MEDIA_ROOT), parts / MEDIA)
            media_count = len(media)
            manifest: dict[str, Any] = {
                "format": FORMAT_VERSION,
                "created": timezone.now().isoformat(),
                "vendor": connection.vendor,
                "media_files": media_count,
                "members": {name: file_digest(parts / name) for name in (DATABASE, MEDIA)},
                "media": media,
            }
            if connection.vendor == "sqlite":
                manifest["tables"] = sqlite_table_counts(parts / DATABASE)
            (parts / "manifest.json").write_text(json.dumps(manifest, indent=2))
            partial = archive.with_name(archive.name + ".partial")
            with tarfile.open(partial, "w") as tar:
                for name in MEMBERS:
                    tar.add(parts / name, arcname=name)
            self._read_back(partial, work_dir)
            partial.replace(archive)
        self.stdout.write(
            self.style.SUCCESS(
                f"Backed up the {connection.vendor} database and {media_count} media files "
                f"to {archive}."
            )
        )

    def _read_back(self, partial: Path, work_dir: Path) -> None:
        """Verify the written archive exactly as restore_site will; keep nothing if it fails."""
        check_dir = work_dir / "check"
        check_dir.mkdir()
        try:
            verify_archive(partial, check_dir, work_dir / "check-media", connection.vendor)
        except (ArchiveError, OSError) as error:
            partial.unlink(missing_ok=True)
            raise CommandError(
                _("The backup did not read back correctly (%(error)s); no archive was kept.")
                % {"error": error}
            ) from None

    def _dump_database(self, target: Path) -> None:
        settings_dict = connection.settings_dict
        if connection.vendor == "postgresql":
            args, environment = pg_environment(settings_dict)
            run_tool(
                [
                    "pg_dump",
                    *args,
                    "--format=custom",
                    "--no-owner",
                    "--no-privileges",
                    "--file",
                    str(target),
                    str(settings_dict["NAME"]),
                ],
                environment,
            )
        elif connection.vendor == "sqlite":
            connection.ensure_connection()
            with sqlite3.connect(target) as copy:
                connection.connection.backup(copy)
            copy.close()
        else:
            raise CommandError(f"Backing up a {connection.vendor} database is not supported.")
