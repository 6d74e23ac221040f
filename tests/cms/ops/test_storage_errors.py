"""Issue #22, item 7: a full or read-only media storage is a clear error, never a 500.

The storage is really full or really read-only: each test mounts a tiny tmpfs as
MEDIA_ROOT (64 KiB; "read-only" is the same tmpfs remounted ``ro``), so the kernel
itself answers ENOSPC or EROFS (chmod would not stop root, who runs the tests). Every
upload path (admin add, multiple upload, API v3 create) must answer with the message
in the user's language or a 507/503 problem, create no row and leave no file behind.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from io import BytesIO
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Group, User
from django.contrib.messages import get_messages
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import reverse
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import APIToken, Collection
from wagtail.users.models import UserProfile

from cms.ops.storage import StorageUnavailable
from cms.workflow.roles import EDITORS, sync_roles

pytestmark = [pytest.mark.resilience, pytest.mark.django_db]

Image = get_image_model()
Document = get_document_model()
FULL_EN = "the media storage is full"
READ_ONLY_EN = "the media storage is read-only"
FULL_FR = "le stockage des médias est plein"
READ_ONLY_FR = "le stockage des médias est en lecture seule"
MOUNT = shutil.which("mount") or "/usr/bin/mount"
UMOUNT = shutil.which("umount") or "/usr/bin/umount"


def _mount(target: Path, *options: str) -> None:
    subprocess.run([MOUNT, *options, target], check=True, capture_output=True)


@pytest.fixture(params=["full", "read-only"])
def broken_media(request, tmp_path: Path, settings) -> Iterator[str]:
    """MEDIA_ROOT on a 64 KiB tmpfs that is full (uploads are bigger) or read-only."""
    root = tmp_path / "media"
    root.mkdir()
    try:
        _mount(root, "-t", "tmpfs", "-o", "size=64k", "tmpfs")
    except (OSError, subprocess.CalledProcessError) as exc:
        pytest.skip(f"cannot mount a tmpfs here: {exc}")
    try:
        for folder in ("original_images", "documents", "images"):
            (root / folder).mkdir()
        if request.param == "read-only":
            _mount(root, "-o", "remount,ro")
        settings.MEDIA_ROOT = str(root)
        yield request.param
    finally:
        subprocess.run([UMOUNT, "-l", root], check=False)


def files_in(root: str) -> list[str]:
    return sorted(
        os.path.relpath(os.path.join(folder, name), root)
        for folder, _dirs, names in os.walk(root)
        for name in names
    )


def big_png(name: str = "delegation.png") -> SimpleUploadedFile:
    """A valid PNG of about 200 KB: noise does not compress, so it cannot fit in 64 KiB."""
    buffer = BytesIO()
    PILImage.frombytes("RGB", (260, 260), os.urandom(260 * 260 * 3)).save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def big_document(name: str = "minutes.txt") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"minutes " * 25_000, content_type="text/plain")


def expected(kind: str, language: str = "en") -> str:
    if language == "fr":
        return FULL_FR if kind == "full" else READ_ONLY_FR
    return FULL_EN if kind == "full" else READ_ONLY_EN


def admin_client(administrator, language: str = "en") -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(administrator)
    if language != "en":
        profile = UserProfile.get_for_user(administrator)
        profile.preferred_language = language
        profile.save()
    return client


def shown(response) -> str:
    return " ".join(str(message) for message in get_messages(response.wsgi_request))


def assert_nothing_kept(media_root: str) -> None:
    assert Image.objects.count() == 0
    assert Document.objects.count() == 0
    assert files_in(media_root) == []


@pytest.mark.parametrize("language", ["en", "fr"])
def test_admin_image_add_explains_and_keeps_nothing(broken_media, administrator, language):

    client = admin_client(administrator, language)
    collection = Collection.get_first_root_node()
    response = client.post(
        reverse("wagtailimages:add"),
        {"title": "Delegation", "file": big_png(), "collection": collection.pk},
    )
    assert response.status_code == 302, response.status_code
    assert response["Location"] == reverse("wagtailimages:add")
    assert expected(broken_media, language) in shown(response)
    assert_nothing_kept(settings.MEDIA_ROOT)


def test_admin_document_add_explains_and_keeps_nothing(broken_media, administrator):

    client = admin_client(administrator)
    collection = Collection.get_first_root_node()
    response = client.post(
        reverse("wagtaildocs:add"),
        {"title": "Minutes", "file": big_document(), "collection": collection.pk},
    )
    assert response.status_code == 302, response.status_code
    assert expected(broken_media) in shown(response)
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert_nothing_kept(settings.MEDIA_ROOT)


@pytest.mark.parametrize(
    ("url_name", "upload"),
    [("wagtailimages:add_multiple", big_png), ("wagtaildocs:add_multiple", big_document)],
)
def test_multiple_upload_reports_the_error_in_its_json(
    broken_media, administrator, url_name, upload
):

    client = admin_client(administrator)
    # Outside tests the request runs in autocommit; the savepoint stands for that, as
    # Model.save() marks the enclosing test transaction for rollback when it raises.
    with transaction.atomic():
        response = client.post(
            reverse(url_name),
            {"files[]": upload(), "collection": Collection.get_first_root_node().pk},
            HTTP_X_REQUESTED_WITH="XMLHttpRequest",
        )
    assert response.status_code == 200
    body = response.json()
    assert body["success"] is False
    assert expected(broken_media) in body["error_message"]
    assert_nothing_kept(settings.MEDIA_ROOT)


def api_token(role: str) -> str:
    sync_roles()
    user = User.objects.create_user(f"api-{role}", f"{role}@example.org", "x")
    user.groups.add(Group.objects.get(name=role))
    return APIToken.create_token(user=user, name="front end")[1]


@pytest.mark.parametrize(
    ("path", "upload", "data"),
    [
        ("/api/v3/images/", big_png, {"title": "Delegation"}),
        ("/api/v3/documents/", big_document, {"title": "Minutes"}),
    ],
)
@pytest.mark.parametrize("language", ["en", "fr"])
def test_api_v3_create_is_a_507_or_503_problem(broken_media, path, upload, data, language):

    token = api_token(EDITORS)
    client = Client(HTTP_AUTHORIZATION=f"Bearer {token}", HTTP_ACCEPT_LANGUAGE=language)
    response = client.post(path, {"file": upload(), **data})
    assert response.status_code == (507 if broken_media == "full" else 503), response.content
    assert response["Content-Type"].startswith("application/problem+json")
    assert expected(broken_media, language) in response.json()["detail"]
    assert_nothing_kept(settings.MEDIA_ROOT)


def test_an_upload_that_fits_is_stored(tmp_path, settings, administrator):
    """The storage only steps in on failure: on a healthy disk the upload is kept."""
    settings.MEDIA_ROOT = str(tmp_path)
    client = admin_client(administrator)
    response = client.post(
        reverse("wagtaildocs:add"),
        {
            "title": "Minutes",
            "file": big_document(),
            "collection": Collection.get_first_root_node().pk,
        },
    )
    assert response.status_code == 302
    document = Document.objects.get()
    assert os.path.getsize(document.file.path) == len(b"minutes ") * 25_000


def test_a_full_disk_leaves_no_zero_byte_file(broken_media):
    """Every write path (commands, renditions) goes through the storage: on a disk that is
    already full the file is created empty and the write fails; that empty file goes too."""

    filler = Path(settings.MEDIA_ROOT) / "images" / "filler.bin"
    if broken_media == "full":
        with pytest.raises(OSError), filler.open("wb") as out:
            while True:
                out.write(b"x" * 4096)
                out.flush()
    before = files_in(settings.MEDIA_ROOT)
    with pytest.raises(StorageUnavailable) as refused:
        default_storage.save("documents/minutes.txt", ContentFile(b"minutes"))
    assert refused.value.status == (507 if broken_media == "full" else 503)
    assert files_in(settings.MEDIA_ROOT) == before
