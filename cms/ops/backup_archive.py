"""Backup archives: what `backup_site` writes, and the checks that prove one is whole.

Why this module exists: a damaged archive used to be restored as if it were whole (a
truncated `media.tar.gz` silently gave half the files, after the database had been
replaced and the previous media deleted). Every check here runs on extracted copies,
before anything live is touched; `backup_site` runs the same checks on what it has just
written, and `restore_site --verify` runs them alone.

An archive is a plain tar of three members:

- `manifest.json`: format version, database vendor, creation time, the size and
  SHA-256 of the two other members, the size and SHA-256 of every media file and, for
  SQLite, the row count of every table;
- `database.dump`: `pg_dump --format=custom`, or a copy made with SQLite's backup API;
- `media.tar.gz`: the uploaded files, relative to MEDIA_ROOT.

Format 1 (before checksums) is still read: it is checked as far as it can be (tar
structure, gzip checksum, database readable, media count) and restored with a warning.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import sqlite3
import subprocess
import tarfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from django.utils.translation import gettext as _

FORMAT_VERSION = 2
READABLE_FORMATS = (1, 2)
MANIFEST = "manifest.json"
DATABASE = "database.dump"
MEDIA = "media.tar.gz"
MEMBERS = (MANIFEST, DATABASE, MEDIA)
CHUNK = 1024 * 1024
# What a damaged tar or gzip stream raises while it is read.
READ_ERRORS = (tarfile.ReadError, EOFError, zlib.error, gzip.BadGzipFile)


class ArchiveError(Exception):
    """The archive is damaged or not a backup_site archive; the message says which part."""


@dataclass
class VerifiedArchive:
    """An archive whose every part was extracted and checked: safe to restore from."""

    manifest: dict[str, Any]
    database: Path
    media: Path
    media_count: int
    warnings: list[str] = field(default_factory=list)


class HashingReader:
    """Wraps a file being added to a tar so that its checksum is taken from the very
    bytes that went into the archive (a file changing meanwhile cannot slip through)."""

    def __init__(self, raw: IO[bytes]) -> None:
        self.raw = raw
        self.digest = hashlib.sha256()
        self.size = 0

    def read(self, size: int = -1) -> bytes:
        data = self.raw.read(size)
        self.digest.update(data)
        self.size += len(data)
        return data


def file_digest(path: Path) -> dict[str, Any]:
    """Size and SHA-256 of a file, the form the manifest records."""
    digest = hashlib.sha256()
    size = 0
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return {"size": size, "sha256": digest.hexdigest()}


def media_inventory(root: Path) -> dict[str, dict[str, Any]]:
    """Every regular file under `root` by relative POSIX path, with size and SHA-256."""
    return {
        path.relative_to(root).as_posix(): file_digest(path)
        for path in sorted(root.rglob("*"))
        if path.is_file() and not path.is_symlink()
    }


def sqlite_table_counts(path: Path) -> dict[str, int]:
    """Rows per table of a SQLite file (a cross-check recorded in the manifest)."""
    with sqlite3.connect(path) as database:
        names = [
            row[0]
            for row in database.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' "
                "AND name NOT LIKE 'sqlite_%' ORDER BY name"
            )
        ]
        counts = {
            name: database.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0]  # noqa: S608
            for name in names
        }
    database.close()
    return counts


def pack_media(media_root: Path, target: Path) -> dict[str, dict[str, Any]]:
    """Write media_root's files to a .tar.gz and return what the manifest records of them."""
    inventory: dict[str, dict[str, Any]] = {}
    with tarfile.open(target, "w:gz", dereference=True) as tar:
        if media_root.is_dir():
            for path in sorted(media_root.rglob("*")):
                if not path.is_file():
                    continue
                name = path.relative_to(media_root).as_posix()
                info = tar.gettarinfo(str(path), arcname=name)
                with path.open("rb") as raw:
                    reader = HashingReader(raw)
                    tar.addfile(info, reader)  # type: ignore[arg-type]
                inventory[name] = {"size": reader.size, "sha256": reader.digest.hexdigest()}
    return inventory


def _not_ours(archive: Path, reason: str) -> ArchiveError:
    return ArchiveError(
        _("%(archive)s is not a backup_site archive (%(reason)s).")
        % {"archive": archive, "reason": reason}
    )


def _cut_short(member: str) -> ArchiveError:
    return ArchiveError(
        _("The archive is damaged: %(member)s is cut short or unreadable.") % {"member": member}
    )


def extract_members(archive: Path, work_dir: Path) -> dict[str, Path]:
    """Copy the three members out of the outer tar, refusing anything else in it."""
    try:
        tar = tarfile.open(archive, "r:")  # noqa: SIM115 - closed by the with below
    except (*READ_ERRORS, OSError):
        raise _not_ours(archive, _("not a tar file")) from None
    extracted: dict[str, Path] = {}
    with tar:
        try:
            members = tar.getmembers()
        except READ_ERRORS:
            raise ArchiveError(_("The archive is damaged: it is cut short.")) from None
        names = [member.name for member in members]
        strangers = sorted(set(names) - set(MEMBERS)) or [n for n in names if names.count(n) > 1]
        if strangers:
            raise _not_ours(archive, _("unexpected member %(name)s") % {"name": strangers[0]})
        for name in MEMBERS:
            if name not in names:
                raise ArchiveError(
                    _("The archive is incomplete: %(member)s is missing (cut short?).")
                    % {"member": name}
                )
        for member in members:
            if not member.isfile():
                raise _not_ours(archive, _("%(name)s is not a file") % {"name": member.name})
            target = work_dir / member.name
            try:
                source = tar.extractfile(member)
                assert source is not None  # a regular file always has content
                with target.open("wb") as out:
                    while chunk := source.read(CHUNK):
                        out.write(chunk)
            except READ_ERRORS:
                raise _cut_short(member.name) from None
            if target.stat().st_size != member.size:
                raise _cut_short(member.name)
            extracted[member.name] = target
    return extracted


def read_manifest(path: Path, vendor: str) -> dict[str, Any]:
    """The parsed manifest, refused if unreadable, of an unknown format or another vendor."""
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise ArchiveError(_("The archive is damaged: manifest.json is not readable.")) from None
    if not isinstance(manifest, dict):
        raise ArchiveError(_("The archive is damaged: manifest.json is not readable."))
    if manifest.get("format") not in READABLE_FORMATS:
        raise ArchiveError(
            _("Unknown backup format %(format)s: this version reads formats 1 and 2.")
            % {"format": repr(manifest.get("format"))}
        )
    if manifest.get("vendor") != vendor:
        raise ArchiveError(
            _("This backup is of a %(archived)s database; the configured database is %(vendor)s.")
            % {"archived": manifest.get("vendor"), "vendor": vendor}
        )
    has_digests = isinstance(manifest.get("members"), dict) and isinstance(
        manifest.get("media"), dict
    )
    if manifest["format"] >= 2 and not has_digests:
        raise ArchiveError(_("The archive is damaged: manifest.json is not readable."))
    return manifest


def check_member_digests(manifest: dict[str, Any], members: dict[str, Path]) -> None:
    """Format 2: the dump and the media tarball are byte for byte what was written."""
    for name in (DATABASE, MEDIA):
        if file_digest(members[name]) != manifest["members"].get(name):
            raise ArchiveError(
                _("The archive is damaged: %(member)s does not match its checksum.")
                % {"member": name}
            )


def check_database(dump: Path, vendor: str, manifest: dict[str, Any]) -> None:
    """The dump can be read: SQLite's integrity check on the copy, or `pg_restore --list`."""
    damaged = ArchiveError(_("The archive is damaged: the database dump is not readable."))
    if vendor == "sqlite":
        try:
            with sqlite3.connect(dump) as database:
                result = database.execute("PRAGMA integrity_check").fetchall()
            database.close()
            counts = sqlite_table_counts(dump)
        except sqlite3.DatabaseError:
            raise damaged from None
        if result != [("ok",)]:
            raise damaged
        expected = manifest.get("tables")
        if expected is not None and expected != counts:
            raise ArchiveError(
                _("The archive is damaged: the database row counts differ from the manifest.")
            )
        return
    if vendor == "postgresql":
        try:
            result = subprocess.run(  # noqa: S603
                ["pg_restore", "--list", str(dump)],  # noqa: S607
                capture_output=True,
                # A damaged dump's listing may hold any bytes: only the exit code counts.
                text=True,
                errors="replace",
            )
        except FileNotFoundError:
            raise ArchiveError(
                _("pg_restore is not installed (apt-get install postgresql-client).")
            ) from None
        if result.returncode != 0:
            raise damaged
        return
    raise ArchiveError(_("Restoring a %(vendor)s database is not supported.") % {"vendor": vendor})


def extract_media(media_archive: Path, staging: Path) -> None:
    """Unpack the media into `staging` (new), after reading the whole gzip stream once:
    tarfile stops quietly at a header cut short, gzip's own checksum does not."""
    damaged = ArchiveError(_("The archive is damaged: media.tar.gz is cut short or unreadable."))
    try:
        with gzip.open(media_archive, "rb") as stream:
            while stream.read(CHUNK):
                pass
        with tarfile.open(media_archive, "r:gz") as tar:
            members = tar.getmembers()
            for member in members:
                if not (member.isfile() or member.isdir()):
                    raise ArchiveError(
                        _("The archive is damaged: media.tar.gz holds %(name)s, not a file.")
                        % {"name": member.name}
                    )
            staging.mkdir(parents=True)
            # The "data" filter refuses absolute paths, "..", links out of the tree, devices.
            tar.extractall(staging, members=members, filter="data")
    except tarfile.FilterError as error:
        raise ArchiveError(
            _("The archive is damaged: media.tar.gz holds an unsafe path (%(error)s).")
            % {"error": error}
        ) from None
    except READ_ERRORS:
        raise damaged from None


def check_media(manifest: dict[str, Any], staging: Path) -> int:
    """The extracted media are exactly the files the manifest lists (format 1: as many)."""
    found = media_inventory(staging)
    if manifest["format"] >= 2:
        expected = manifest["media"]
        for name in sorted(set(expected) | set(found)):
            if name not in found:
                problem = _("the media file %(name)s is missing")
            elif name not in expected:
                problem = _("the media file %(name)s is not in the manifest")
            elif found[name] != expected[name]:
                problem = _("the media file %(name)s does not match its checksum")
            else:
                continue
            raise ArchiveError(
                _("The archive is damaged: %(problem)s.") % {"problem": problem % {"name": name}}
            )
    elif len(found) != manifest.get("media_files"):
        raise ArchiveError(
            _("The archive is damaged: it holds %(found)s media files, the manifest %(expected)s.")
            % {"found": len(found), "expected": manifest.get("media_files")}
        )
    return len(found)


def verify_archive(archive: Path, work_dir: Path, staging: Path, vendor: str) -> VerifiedArchive:
    """Check the whole archive, extracting it into `work_dir` and the media into `staging`
    (which must not exist; restore_site puts it next to MEDIA_ROOT to swap it in by
    rename). Raises ArchiveError on the first problem; touches nothing else."""
    if not archive.is_file():
        raise ArchiveError(_("%(archive)s does not exist or is not a file.") % {"archive": archive})
    members = extract_members(archive, work_dir)
    manifest = read_manifest(members[MANIFEST], vendor)
    warnings = []
    if manifest["format"] >= 2:
        check_member_digests(manifest, members)
    else:
        warnings.append(
            _(
                "This archive is in the old format 1, without checksums: it was checked as far "
                "as possible (database readable, every media file present). Make a new backup."
            )
        )
    check_database(members[DATABASE], vendor, manifest)
    extract_media(members[MEDIA], staging)
    count = check_media(manifest, staging)
    return VerifiedArchive(manifest, members[DATABASE], staging, count, warnings)
