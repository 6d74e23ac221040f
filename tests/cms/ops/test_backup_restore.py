"""backup_site / restore_site: a restored site serves exactly the API output it had."""

from __future__ import annotations

import tarfile
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import caches
from django.core.management import CommandError, call_command
from django.core.management.base import OutputWrapper
from django.test import Client
from wagtail.models import Page

from cms.core.models import CustomImage
from cms.demo_kit.loader import DemoLoader
from home.demo import default_site
from tests.home.factories import StandardPageFactory

pytestmark = pytest.mark.django_db(transaction=True)


def api_snapshot(client: Client) -> dict:
    pages = client.get("/api/v2/pages/?fields=*&limit=100&order=id").json()
    images = client.get("/api/v2/images/?fields=*&limit=100&order=id").json()
    details = {
        item["id"]: client.get(f"/api/v2/pages/{item['id']}/").json() for item in pages["items"]
    }
    return {"pages": pages, "images": images, "details": details}


def differences(before: object, after: object, path: str = "") -> list[str]:
    """Where two API snapshots differ, as readable paths (pytest's diff truncates)."""
    if isinstance(before, dict) and isinstance(after, dict):
        found = []
        for key in sorted(set(before) | set(after), key=str):
            found += differences(before.get(key), after.get(key), f"{path}/{key}")
        return found
    if isinstance(before, list) and isinstance(after, list) and len(before) == len(after):
        found = []
        for index, (old, new) in enumerate(zip(before, after, strict=True)):
            found += differences(old, new, f"{path}[{index}]")
        return found
    return [] if before == after else [f"{path}: {before!r} -> {after!r}"]


def small_site() -> None:
    """A home page, three pages and an image: enough to compare, quick to build."""
    loader = DemoLoader(stdout=OutputWrapper(StringIO()))
    home = default_site(loader).root_page
    loader.image("Seminar in Trakai", alt="Participants around a table", credit="CoE")
    for number in range(3):
        page = StandardPageFactory(parent=home, title=f"Page {number}", slug=f"page-{number}")
        page.save_revision().publish()


def test_round_trip_restores_identical_api_output_and_media(tmp_path: Path):
    # Wagtail keeps the sites' root paths in the cache: an earlier test's site (its rows
    # flushed since) would give "before" a stale answer that the restore then clears.
    for cache in caches.all():
        cache.clear()
    small_site()
    client = Client()
    before = api_snapshot(client)
    assert before["pages"]["meta"]["total_count"] > 3
    image = CustomImage.objects.first()
    media_file = Path(settings.MEDIA_ROOT) / image.file.name
    assert media_file.exists()

    archive = tmp_path / "site.tar"
    out = StringIO()
    call_command("backup_site", str(archive), stdout=out)
    assert "Backed up" in out.getvalue()

    # Damage the site: rename and delete pages, lose an uploaded file.
    page = Page.objects.filter(depth__gt=2).live().first().specific
    page.title = "Vandalised"
    page.save_revision().publish()
    Page.objects.filter(depth__gt=2).last().delete()
    media_file.unlink()
    assert api_snapshot(client) != before

    call_command("restore_site", str(archive), "--yes", stdout=StringIO())
    after = api_snapshot(Client())
    assert not differences(before, after), differences(before, after)[:10]
    assert media_file.exists()


def test_restore_refuses_without_confirmation_and_bad_archives(tmp_path: Path):
    archive = tmp_path / "site.tar"
    call_command("backup_site", str(archive), stdout=StringIO())
    with pytest.raises(CommandError, match="--yes"):
        call_command("restore_site", str(archive))
    with pytest.raises(CommandError, match="does not exist"):
        call_command("restore_site", str(tmp_path / "missing.tar"), "--yes")
    junk = tmp_path / "junk.tar"
    junk.write_bytes(b"not an archive")
    with pytest.raises(CommandError, match="not a backup_site archive"):
        call_command("restore_site", str(junk), "--yes")
    evil = tmp_path / "evil.tar"
    with tarfile.open(evil, "w") as tar:
        tar.add(archive, arcname="../../etc/evil")
    with pytest.raises(CommandError, match="not a backup_site archive"):
        call_command("restore_site", str(evil), "--yes")


def test_backup_refuses_to_overwrite(tmp_path: Path):
    archive = tmp_path / "site.tar"
    archive.write_bytes(b"precious")
    with pytest.raises(CommandError, match="already exists"):
        call_command("backup_site", str(archive))
    assert archive.read_bytes() == b"precious"
