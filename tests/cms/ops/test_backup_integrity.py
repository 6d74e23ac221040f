"""A damaged backup is refused whole: a clear error, and the site exactly as it was.

Each damaged archive is fed to `restore_site --yes` after the site has moved on from
the backup (a row and a media file added), so that a half restore would show: the rows
of every table and every byte of the media tree must be unchanged afterwards.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import tarfile
from collections.abc import Callable, Iterator
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection

from cms.publishing.models import WebhookEndpoint

pytestmark = [pytest.mark.resilience, pytest.mark.django_db(transaction=True)]
BASE_DIR = Path(__file__).resolve().parents[3]


def media_root() -> Path:
    return Path(settings.MEDIA_ROOT)


def site_state() -> tuple[dict[str, int], dict[str, str]]:
    """Rows per table and the SHA-256 of every file and directory under MEDIA_ROOT."""
    with connection.cursor() as cursor:
        rows = {}
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT count(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608
            rows[table] = cursor.fetchone()[0]
    tree = {}
    for path in sorted(media_root().rglob("*")):
        name = path.relative_to(media_root()).as_posix()
        tree[name] = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "dir"
    return rows, tree


def add_media(name: str, content: bytes) -> None:
    path = media_root() / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)


@pytest.fixture
def archive(tmp_path: Path) -> Iterator[Path]:
    """A whole backup of a site with rows and 18 media files, then the site moves on."""
    shutil.rmtree(media_root() / "documents", ignore_errors=True)
    for number in range(3):
        WebhookEndpoint.objects.create(
            name=f"Endpoint {number}", url=f"https://example.org/{number}", secret="s"
        )
    for number in range(18):
        add_media(f"documents/{number % 3}/file-{number}.txt", f"content {number}\n".encode() * 50)
    path = tmp_path / "site.tar"
    call_command("backup_site", str(path), stdout=StringIO())
    WebhookEndpoint.objects.create(name="After the backup", url="https://example.org/x", secret="s")
    add_media("documents/after-the-backup.txt", b"newer")
    yield path
    shutil.rmtree(media_root() / "documents", ignore_errors=True)


def read_members(path: Path) -> dict[str, bytes]:
    with tarfile.open(path) as tar:
        return {member.name: tar.extractfile(member).read() for member in tar.getmembers()}


def write_members(path: Path, members: dict[str, bytes]) -> Path:
    with tarfile.open(path, "w") as tar:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return path


def flip(data: bytes, offset: int) -> bytes:
    return data[:offset] + bytes([data[offset] ^ 0xFF]) + data[offset + 1 :]


def with_manifest(members: dict[str, bytes], **changes: object) -> dict[str, bytes]:
    manifest = json.loads(members["manifest.json"])
    manifest.update(changes)
    return {**members, "manifest.json": json.dumps(manifest).encode()}


def resealed(members: dict[str, bytes], name: str, data: bytes) -> dict[str, bytes]:
    """Replace a member and fix its checksum in the manifest: damage made before sealing."""
    manifest = json.loads(members["manifest.json"])
    manifest["members"][name] = {"size": len(data), "sha256": hashlib.sha256(data).hexdigest()}
    return {**members, name: data, "manifest.json": json.dumps(manifest).encode()}


def member_end(path: Path, name: str) -> int:
    with tarfile.open(path) as tar:
        member = tar.getmember(name)
        return member.offset_data + member.size


def cut(path: Path, target: Path, length: int) -> Path:
    target.write_bytes(path.read_bytes()[:length])
    return target


def media_tarball(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
        for name, data in files.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


def media_files(members: dict[str, bytes]) -> dict[str, bytes]:
    with tarfile.open(fileobj=io.BytesIO(members["media.tar.gz"]), mode="r:gz") as tar:
        return {m.name: tar.extractfile(m).read() for m in tar.getmembers() if m.isfile()}


def corrupt_sqlite(data: bytes) -> bytes:
    """Overwrite pages in the middle of the file: the b-trees no longer hold together."""
    start = (len(data) // 4096 // 2) * 4096
    noise = random.Random(3).randbytes(4096 * 4)
    return data[:start] + noise + data[start + len(noise) :]


def damaged_file_in_media(members: dict[str, bytes]) -> dict[str, bytes]:
    files = media_files(members)
    files["documents/1/file-4.txt"] = b"tampered"
    return resealed(members, "media.tar.gz", media_tarball(files))


def old_format(members: dict[str, bytes], media_files_count: int) -> dict[str, bytes]:
    manifest = json.loads(members["manifest.json"])
    old = {key: manifest[key] for key in ("created", "vendor")}
    old.update(format=1, media_files=media_files_count)
    return {**members, "manifest.json": json.dumps(old).encode()}


Damage = Callable[[Path, Path], Path]
DAMAGES: dict[str, tuple[Damage, str]] = {
    "empty file": (lambda a, t: cut(a, t, 0), "not a backup_site archive"),
    "random bytes": (
        lambda a, t: t.write_bytes(random.Random(1).randbytes(200_000)) and t,
        "not a backup_site archive",
    ),
    "truncated early": (lambda a, t: cut(a, t, 300), "not a backup_site archive"),
    "truncated in the middle": (
        lambda a, t: cut(a, t, a.stat().st_size // 2),
        "The archive is damaged: it is cut short",
    ),
    "truncated at the end": (
        lambda a, t: cut(a, t, member_end(a, "media.tar.gz") - 10),
        "The archive is damaged: it is cut short",
    ),
    "damaged database dump": (
        lambda a, t: write_members(
            t, {**(m := read_members(a)), "database.dump": flip(m["database.dump"], 5000)}
        ),
        "database.dump does not match its checksum",
    ),
    "database dump damaged before sealing": (
        lambda a, t: write_members(
            t, resealed(m := read_members(a), "database.dump", corrupt_sqlite(m["database.dump"]))
        ),
        "The archive is damaged: the database",
    ),
    "damaged media member": (
        lambda a, t: write_members(
            t, {**(m := read_members(a)), "media.tar.gz": flip(m["media.tar.gz"], 200)}
        ),
        "media.tar.gz does not match its checksum",
    ),
    "media file damaged before sealing": (
        lambda a, t: write_members(t, damaged_file_in_media(read_members(a))),
        "the media file documents/1/file-4.txt does not match its checksum",
    ),
    "missing member": (
        lambda a, t: write_members(
            t, {k: v for k, v in read_members(a).items() if k != "media.tar.gz"}
        ),
        "media.tar.gz is missing",
    ),
    "unknown format version": (
        lambda a, t: write_members(t, with_manifest(read_members(a), format=99)),
        "Unknown backup format 99",
    ),
    "unreadable manifest": (
        lambda a, t: write_members(t, {**read_members(a), "manifest.json": b"\xff{not json"}),
        "manifest.json is not readable",
    ),
    "old format, media cut short (restored 9 of 18 before)": (
        lambda a, t: write_members(
            t,
            {
                **(m := old_format(read_members(a), 18)),
                "media.tar.gz": m["media.tar.gz"][: len(m["media.tar.gz"]) // 2],
            },
        ),
        "media.tar.gz is cut short",
    ),
    "old format, gzip whole but files missing": (
        lambda a, t: write_members(
            t,
            {
                **(m := old_format(read_members(a), 18)),
                "media.tar.gz": media_tarball(dict(list(media_files(m).items())[:9])),
            },
        ),
        "it holds 9 media files, the manifest 18",
    ),
}


@pytest.mark.parametrize("kind", list(DAMAGES))
def test_damaged_archive_is_refused_and_nothing_changes(archive: Path, tmp_path: Path, kind: str):
    damage, message = DAMAGES[kind]
    damaged = damage(archive, tmp_path / "damaged.tar")
    before = site_state()
    with pytest.raises(CommandError, match=message) as refused:
        call_command("restore_site", str(damaged), "--yes", stdout=StringIO())
    assert str(refused.value).endswith("Nothing was changed.")
    assert "\n" not in str(refused.value)
    with pytest.raises(CommandError, match=message):
        call_command("restore_site", "--verify", str(damaged), stdout=StringIO())
    assert site_state() == before
    assert not media_root().with_name(media_root().name + ".restoring").exists()


def test_manifest_records_every_part_and_verify_accepts_a_whole_archive(archive: Path):
    manifest = json.loads(read_members(archive)["manifest.json"])
    assert manifest["format"] == 2
    assert manifest["media_files"] == len(manifest["media"]) >= 18
    for number in range(18):
        name = f"documents/{number % 3}/file-{number}.txt"
        content = f"content {number}\n".encode() * 50
        assert manifest["media"][name] == {
            "size": len(content),
            "sha256": hashlib.sha256(content).hexdigest(),
        }
    members = read_members(archive)
    for name in ("database.dump", "media.tar.gz"):
        assert manifest["members"][name]["sha256"] == hashlib.sha256(members[name]).hexdigest()
    if connection.vendor == "sqlite":
        assert manifest["tables"]["cms_webhookendpoint"] == 3
    before = site_state()
    out = StringIO()
    call_command("restore_site", "--verify", str(archive), stdout=out)
    assert "is whole" in out.getvalue()
    assert site_state() == before


def test_old_format_whole_archive_restores_with_a_warning(archive: Path, tmp_path: Path):
    members = read_members(archive)
    count = len(media_files(members))
    old = write_members(tmp_path / "old.tar", old_format(members, count))
    err = StringIO()
    call_command("restore_site", str(old), "--yes", stdout=StringIO(), stderr=err)
    assert "old format 1" in err.getvalue()
    assert WebhookEndpoint.objects.count() == 3
    _rows, tree = site_state()
    assert "documents/after-the-backup.txt" not in tree
    assert sum(1 for name in tree if name.startswith("documents/") and name.endswith(".txt")) == 18
    parent = media_root().parent
    assert not (parent / (media_root().name + ".restoring")).exists()
    assert not (parent / (media_root().name + ".replaced")).exists()


@pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="a restore that fails inside pg_restore needs PostgreSQL",
)
def test_failed_database_restore_keeps_previous_database_and_media(archive: Path):
    """A view added since the backup depends on a table the dump drops: pg_restore fails
    half-way, its single transaction rolls back, and the media swap is undone."""
    with connection.cursor() as cursor:
        cursor.execute("CREATE VIEW endpoint_names AS SELECT name FROM cms_webhookendpoint")
    before = site_state()
    with pytest.raises(
        CommandError, match=r"database could not be restored.*Nothing was changed"
    ) as refused:
        call_command("restore_site", str(archive), "--yes", stdout=StringIO())
    assert "\n" not in str(refused.value)
    assert site_state() == before
    with connection.cursor() as cursor:
        cursor.execute("DROP VIEW endpoint_names")


def test_a_damaged_archive_exits_non_zero_with_one_line_and_no_traceback(
    archive: Path, tmp_path: Path
):
    damaged = cut(archive, tmp_path / "cut.tar", archive.stat().st_size // 2)
    result = subprocess.run(
        [sys.executable, "manage.py", "restore_site", "--verify", str(damaged)],
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "cms.settings.test"},
        timeout=120,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines() == [
        "CommandError: The archive is damaged: it is cut short."
    ]


@pytest.mark.skipif(
    os.environ.get("DATABASE_URL", "sqlite").startswith("postgres"),
    reason="the SQLite path: the live database copied aside and put back",
)
def test_failed_sqlite_restore_keeps_previous_database_and_media(archive: Path):
    """Another connection is writing (a process that was not stopped): the database
    step fails after the media were swapped in, and the previous media are put back."""
    before = site_state()
    other = sqlite3.connect(connection.settings_dict["NAME"], uri=True, timeout=0.1)
    other.execute("BEGIN IMMEDIATE")
    other.execute("UPDATE cms_webhookendpoint SET name = name")
    try:
        with pytest.raises(
            CommandError, match=r"database could not be restored.*Nothing was changed"
        ):
            call_command("restore_site", str(archive), "--yes", stdout=StringIO())
    finally:
        other.rollback()
        other.close()
    assert site_state() == before
