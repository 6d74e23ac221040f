"""Issue #15, item 6 on S3: private media stays private in the production configuration.

The storages are the ones cms/settings/production.py builds (read in a fresh process),
on moto's S3 server, with the bucket policy that the README asks for: anonymous reads
of renditions (images/) only. A document of a private collection and every original
image are then unreadable at their plain bucket address; the document still reaches
permitted users, streamed by Wagtail's permission-checked serve view.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from io import BytesIO
from typing import Any

import pytest
import requests
from django.conf import settings as django_settings
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.test import Client
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.images.models import get_rendition_storage
from wagtail.models import Collection, CollectionViewRestriction

from cms.core.models import CustomRendition
from tests.cms.ops.test_scale_out import PRODUCTION_ENV
from tests.cms.ops.test_scale_out_media import new_bucket, s3_endpoint  # noqa: F401
from tests.cms.test_settings import run_manage
from tests.cms.workflow.admin_actions import client_for
from tests.shared_data import clear_caches

pytestmark = pytest.mark.django_db

SECRET = b"Board minutes: not for publication"


def production_media_settings(endpoint: str, bucket: str) -> dict[str, Any]:
    """The media settings production.py builds for this bucket, read in a fresh process."""
    script = (
        "import json; from django.conf import settings as s; print(json.dumps({"
        "'STORAGES': s.STORAGES, "
        "'WAGTAILIMAGES_RENDITION_STORAGE': getattr(s, 'WAGTAILIMAGES_RENDITION_STORAGE', "
        "'default'), 'WAGTAILDOCS_SERVE_METHOD': getattr(s, 'WAGTAILDOCS_SERVE_METHOD', None), "
        "**{k: getattr(s, k) for k in dir(s) if k.startswith('AWS_')}}))"
    )
    env = {
        **PRODUCTION_ENV,
        "AWS_STORAGE_BUCKET_NAME": bucket,
        "AWS_S3_ENDPOINT_URL": endpoint,
        "AWS_S3_REGION_NAME": "us-east-1",
    }
    result = run_manage("shell", "-c", script, **env)
    assert result.returncode == 0, result.stderr[-2000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.fixture
def private_bucket(s3_endpoint, settings, monkeypatch) -> Iterator[Any]:  # noqa: F811
    """A bucket as the README describes it, and media stored as production.py says."""
    # Anonymous reads of renditions only: originals and documents stay private.
    private = new_bucket(s3_endpoint, monkeypatch, "alliance-private", readable="images/*")
    built = production_media_settings(s3_endpoint, private.name)
    for key, value in built.items():
        if key.startswith("AWS_") or key.startswith("WAGTAIL"):
            setattr(settings, key, value)
    settings.STORAGES = {
        **built["STORAGES"],
        "staticfiles": django_settings.STORAGES["staticfiles"],
    }
    # Wagtail resolves the rendition storage once, when the model class is built (at
    # start-up in production): resolve it again under these settings.

    monkeypatch.setattr(CustomRendition._meta.get_field("file"), "storage", get_rendition_storage())
    clear_caches()
    yield private
    clear_caches()


def anonymous_read(endpoint: str, bucket: Any, key: str) -> int:
    return requests.get(f"{endpoint}/{bucket.name}/{key}", timeout=10).status_code


def test_production_keeps_documents_and_originals_private(
    private_bucket,
    s3_endpoint,  # noqa: F811 (the moto server fixture of test_scale_out)
):
    assert django_settings.WAGTAILDOCS_SERVE_METHOD == "serve_view"
    buffer = BytesIO()
    PILImage.new("RGB", (600, 400), (40, 90, 140)).save(buffer, "PNG")
    image = get_image_model().objects.create(
        title="Delegation", file=ImageFile(BytesIO(buffer.getvalue()), name="delegation.png")
    )
    rendition = image.get_rendition("max-160x160")
    keys = {item.key for item in private_bucket.objects.all()}
    assert {image.file.name, rendition.file.name} <= keys

    # Renditions: a plain, public address.
    assert rendition.url == f"{s3_endpoint}/{private_bucket.name}/{rendition.file.name}"
    assert requests.get(rendition.url, timeout=10).status_code == 200
    # The original: refused at its plain address; the app hands out only signed ones.
    assert image.file.name.startswith("original_images/")
    assert anonymous_read(s3_endpoint, private_bucket, image.file.name) == 403
    assert "Signature" in image.file.url


def test_private_document_is_not_publicly_readable_on_s3(
    private_bucket,
    s3_endpoint,  # noqa: F811 (the moto server fixture of test_scale_out)
    editor,
):
    board = Collection.get_first_root_node().add_child(name="Board")
    CollectionViewRestriction.objects.create(
        collection=board, restriction_type=CollectionViewRestriction.LOGIN
    )
    document = get_document_model().objects.create(
        title="Secret board minutes",
        collection=board,
        file=ContentFile(SECRET, name="secret-board-minutes.txt"),
    )
    assert document.file.name in {item.key for item in private_bucket.objects.all()}
    assert anonymous_read(s3_endpoint, private_bucket, document.file.name) == 403

    refused = Client().get(document.url)
    assert refused.status_code == 302 and "login" in refused["Location"]
    served = client_for(editor).get(document.url)
    assert served.status_code == 200, served
    assert b"".join(served.streaming_content) == SECRET
