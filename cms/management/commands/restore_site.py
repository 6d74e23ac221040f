"""Restore a site from an archive written by `backup_site`: database, then media.

    python manage.py restore_site /var/backups/alliance-2025-01-31.tar --yes

Replaces the current database content and the media directory. Stop the app servers
(or take them out of the load balancer) first, and clear the cache afterwards (the
command does it for the caches this process can reach).
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import tarfile
import tempfile
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from cms.management.commands.backup_site import FORMAT_VERSION, pg_environment, run_tool

EXPECTED_MEMBERS = {"manifest.json", "database.dump", "media.tar.gz"}


def _safe_extract(tar: tarfile.TarFile, target: Path) -> None:
    # The "data" filter refuses absolute paths, "..", links out of the tree and devices.
    tar.extractall(target, filter="data")


class Command(BaseCommand):
    help = "Restore the database and media from a backup_site archive (replaces both)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", type=Path)
        parser.add_argument(
            "--yes", action="store_true", help="Confirm that the current content is replaced."
        )

    def handle(self, *args: Any, archive: Path, yes: bool, **options: Any) -> None:
        if not archive.is_file():
            raise CommandError(f"{archive} does not exist or is not a file.")
        if not yes:
            raise CommandError(
                "This replaces the whole database and every uploaded file; "
                "run again with --yes to confirm."
            )
        try:
            tar = tarfile.open(archive, "r")  # noqa: SIM115 - closed by the with below
        except tarfile.TarError:
            raise CommandError(f"{archive} is not a backup_site archive.") from None
        with tar, tempfile.TemporaryDirectory(prefix="alliance-restore-") as work:
            work_dir = Path(work)
            if set(tar.getnames()) != EXPECTED_MEMBERS:
                raise CommandError(f"{archive} is not a backup_site archive.")
            _safe_extract(tar, work_dir)
            manifest = json.loads((work_dir / "manifest.json").read_text())
            if manifest.get("format") != FORMAT_VERSION:
                raise CommandError(f"Unknown backup format {manifest.get('format')!r}.")
            if manifest.get("vendor") != connection.vendor:
                raise CommandError(
                    f"This backup is of a {manifest.get('vendor')} database; the configured "
                    f"database is {connection.vendor}."
                )
            self._restore_database(work_dir / "database.dump")
            count = self._restore_media(work_dir / "media.tar.gz")
        for alias in caches:
            caches[alias].clear()
        self.stdout.write(
            self.style.SUCCESS(f"Restored the database and {count} media files from {archive}.")
        )

    def _restore_database(self, dump: Path) -> None:
        settings_dict = connection.settings_dict
        if connection.vendor == "postgresql":
            connection.close()
            args, environment = pg_environment(settings_dict)
            run_tool(
                [
                    "pg_restore",
                    *args,
                    "--clean",
                    "--if-exists",
                    "--no-owner",
                    "--no-privileges",
                    "--single-transaction",
                    "--dbname",
                    str(settings_dict["NAME"]),
                    str(dump),
                ],
                environment,
            )
        else:
            connection.ensure_connection()
            with sqlite3.connect(dump) as source:
                source.backup(connection.connection)
            source.close()

    def _restore_media(self, media_archive: Path) -> int:
        media_root = Path(settings.MEDIA_ROOT)
        staging = media_root.with_name(media_root.name + ".restoring")
        if staging.exists():
            shutil.rmtree(staging)
        staging.mkdir(parents=True)
        with tarfile.open(media_archive, "r:gz") as tar:
            _safe_extract(tar, staging)
            count = sum(1 for member in tar.getmembers() if member.isfile())
        # Swap in the restored tree only once it is complete.
        if media_root.exists():
            old = media_root.with_name(media_root.name + ".replaced")
            if old.exists():
                shutil.rmtree(old)
            media_root.rename(old)
            staging.rename(media_root)
            shutil.rmtree(old)
        else:
            staging.rename(media_root)
        return count
