"""Restore a site from an archive written by `backup_site`: database and media.

    python manage.py restore_site /var/backups/alliance-2025-01-31.tar --yes
    python manage.py restore_site --verify /var/backups/alliance-2025-01-31.tar

Why it is built this way: a restore must never leave a site half old, half new. The
whole archive is checked first (cms/ops/backup_archive.py: checksums, the database dump
readable, every media file extracted next to MEDIA_ROOT and compared with the
manifest); only then is anything live touched, and the previous state is kept until
the new one is complete:

1. the checked media directory is swapped in by rename, the previous one kept aside;
2. the database is restored (PostgreSQL: `pg_restore --single-transaction`, which
   leaves the old data on any error; SQLite: the live file is copied aside first and
   copied back on any error); if that fails, the previous media are renamed back;
3. only then is the previous media directory deleted.

Stop the app servers (or take them out of the load balancer) first. MEDIA_ROOT must be
renamable (mount its parent, not MEDIA_ROOT itself). See docs/operations.md.
"""

from __future__ import annotations

import shutil
import sqlite3
import tempfile
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection
from django.utils.translation import gettext as _

from cms.management.commands.backup_site import pg_environment, run_tool
from cms.ops.backup_archive import ArchiveError, VerifiedArchive, verify_archive


def _nothing_changed(reason: object) -> CommandError:
    return CommandError(_("%(reason)s Nothing was changed.") % {"reason": reason})


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    elif path.exists() or path.is_symlink():
        path.unlink()


class Command(BaseCommand):
    help = "Restore the database and media from a backup_site archive (replaces both)."
    # The database being replaced may be empty, older or out of step with the settings:
    # its system checks' warnings say nothing about the archive and would bury the answer.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", type=Path)
        parser.add_argument(
            "--yes", action="store_true", help="Confirm that the current content is replaced."
        )
        parser.add_argument(
            "--verify",
            action="store_true",
            help="Only check that the archive is whole and would restore; change nothing.",
        )

    def handle(self, *args: Any, archive: Path, yes: bool, verify: bool, **options: Any) -> None:
        if not archive.is_file():
            raise CommandError(
                _("%(archive)s does not exist or is not a file.") % {"archive": archive}
            )
        if verify:
            self._verify_only(archive)
            return
        if not yes:
            raise CommandError(
                _(
                    "This replaces the whole database and every uploaded file; "
                    "run again with --yes to confirm."
                )
            )
        media_root = Path(settings.MEDIA_ROOT).absolute()
        staging = media_root.with_name(media_root.name + ".restoring")
        previous = media_root.with_name(media_root.name + ".replaced")
        # Left over by a restore that was killed: ours to clear, never live data.
        _remove(staging)
        with tempfile.TemporaryDirectory(prefix="alliance-restore-") as work:
            try:
                media_root.parent.mkdir(parents=True, exist_ok=True)
                verified = verify_archive(archive, Path(work), staging, connection.vendor)
            except (ArchiveError, OSError) as error:
                _remove(staging)
                raise _nothing_changed(error) from None
            self._warn(verified)
            self._swap_in(verified, media_root, previous)
        for alias in caches:
            caches[alias].clear()
        self.stdout.write(
            self.style.SUCCESS(
                _("Restored the database and %(count)s media files from %(archive)s.")
                % {"count": verified.media_count, "archive": archive}
            )
        )

    def _verify_only(self, archive: Path) -> None:
        with tempfile.TemporaryDirectory(prefix="alliance-verify-") as work:
            try:
                verified = verify_archive(
                    archive, Path(work), Path(work) / "media", connection.vendor
                )
            except (ArchiveError, OSError) as error:
                raise CommandError(str(error)) from None
            self._warn(verified)
        self.stdout.write(
            self.style.SUCCESS(
                _("%(archive)s is whole: the database and %(count)s media files check out.")
                % {"archive": archive, "count": verified.media_count}
            )
        )

    def _warn(self, verified: VerifiedArchive) -> None:
        for warning in verified.warnings:
            self.stderr.write(self.style.WARNING(warning))

    def _swap_in(self, verified: VerifiedArchive, media_root: Path, previous: Path) -> None:
        """Media by rename, then the database; any failure puts the previous media back."""
        had_media = media_root.exists()
        try:
            _remove(previous)
            if had_media:
                media_root.rename(previous)
            verified.media.rename(media_root)
        except OSError as error:
            if had_media and previous.exists() and not media_root.exists():
                previous.rename(media_root)
            _remove(verified.media)
            raise _nothing_changed(
                _("The restored media could not be put in place (%(error)s).") % {"error": error}
            ) from None
        try:
            self._restore_database(verified.database)
        except (CommandError, sqlite3.Error, OSError) as error:
            _remove(media_root)
            if had_media:
                previous.rename(media_root)
            raise _nothing_changed(
                _("The database could not be restored (%(error)s); the previous one was kept.")
                % {"error": error}
            ) from None
        _remove(previous)

    def _restore_database(self, dump: Path) -> None:
        settings_dict = connection.settings_dict
        if connection.vendor == "postgresql":
            connection.close()
            args, environment = pg_environment(settings_dict)
            # One transaction (and --single-transaction implies --exit-on-error): an error
            # anywhere rolls everything back and the previous data stay.
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
            return
        connection.ensure_connection()
        live = connection.connection
        # sqlite3's backup() waits forever on a database another process is writing to:
        # take the write lock once (bounded by the busy timeout) to fail fast instead.
        live.execute("BEGIN IMMEDIATE")
        live.execute("COMMIT")
        aside = sqlite3.connect(dump.with_name("previous.sqlite3"))
        try:
            live.backup(aside)
            source = sqlite3.connect(dump)
            try:
                source.backup(live)
            except sqlite3.Error:
                aside.backup(live)
                raise
            finally:
                source.close()
        finally:
            aside.close()
