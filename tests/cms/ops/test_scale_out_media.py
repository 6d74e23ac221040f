"""Media in a bucket: uploads and renditions land in S3 and are served from it (issue #9).

moto's S3 server stands in for the operator's bucket (S3, MinIO or Ceph). An upload left
on one server's disk is an image that 404s on the other server: the load-balanced app
servers of tests/cms/ops/test_scale_out.py only work with media stored here.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from io import BytesIO
from pathlib import Path
from typing import Any

import boto3
import pytest
import requests
from django.conf import settings as django_settings
from django.core.files.images import ImageFile
from PIL import Image as PILImage

from cms.core.models import CustomImage
from tests.cms.ops.test_scale_out import free_port
from tests.cms.ops.test_scale_out import site as scale_out_site
from tests.shared_data import clear_caches

# The one-page bilingual site of the scale-out tests, under this module's name for it.
site = scale_out_site


@pytest.fixture(scope="module")
def s3_endpoint() -> Iterator[str]:
    """moto's S3 server: the S3 HTTP API on a local port, as MinIO or Ceph would be."""
    pytest.importorskip("boto3", reason="boto3 is not installed (pip install boto3)")
    moto_server = pytest.importorskip(
        "moto.server", reason='moto is not installed (pip install "moto[server]")'
    )
    server = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=free_port(), verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    try:
        yield f"http://{host}:{port}"
    finally:
        server.stop()


def new_bucket(endpoint: str, monkeypatch: pytest.MonkeyPatch, prefix: str, readable: str) -> Any:
    """A fresh bucket named ``<prefix>-<random>`` on moto's server whose keys matching
    `readable` (``*``, ``images/*``) anyone may read, as the operator's bucket policy
    grants; boto3 gets moto's test credentials from the environment."""
    for name, value in {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": "us-east-1",
    }.items():
        monkeypatch.setenv(name, value)
    name = f"{prefix}-{uuid.uuid4().hex[:8]}"
    s3 = boto3.resource("s3", endpoint_url=endpoint, region_name="us-east-1")
    s3.create_bucket(Bucket=name)
    anonymous_reads = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": "*",
                "Action": "s3:GetObject",
                "Resource": f"arn:aws:s3:::{name}/{readable}",
            }
        ],
    }
    s3.BucketPolicy(name).put(Policy=json.dumps(anonymous_reads))
    return s3.Bucket(name)


@pytest.fixture
def bucket(s3_endpoint, settings, monkeypatch) -> Iterator[Any]:
    """A fresh bucket, and media stored in it as production.py configures it."""
    # Media addresses carry no signature (AWS_QUERYSTRING_AUTH = False), so visitors
    # read the bucket anonymously: the operator grants public reads, as here.
    media = new_bucket(s3_endpoint, monkeypatch, "alliance-media", readable="*")
    settings.AWS_STORAGE_BUCKET_NAME = media.name
    settings.AWS_S3_ENDPOINT_URL = s3_endpoint
    settings.AWS_S3_REGION_NAME = "us-east-1"
    settings.AWS_S3_CUSTOM_DOMAIN = None
    settings.AWS_DEFAULT_ACL = None
    settings.AWS_QUERYSTRING_AUTH = False
    settings.AWS_S3_FILE_OVERWRITE = False
    settings.STORAGES = {
        **django_settings.STORAGES,
        "default": {"BACKEND": "storages.backends.s3.S3Storage"},
    }
    clear_caches()
    yield media
    clear_caches()


def upload_image(title: str) -> Any:
    buffer = BytesIO()
    PILImage.new("RGB", (600, 400), (40, 90, 140)).save(buffer, "PNG")
    return CustomImage.objects.create(
        title=title, file=ImageFile(BytesIO(buffer.getvalue()), name="delegation.png")
    )


@pytest.mark.django_db
def test_uploads_and_renditions_land_in_the_bucket_and_are_served_from_it(
    site, bucket, s3_endpoint
):
    image = upload_image("Delegation")
    rendition = image.get_rendition("fill-300x200")
    keys = {item.key for item in bucket.objects.all()}
    assert image.file.name in keys
    assert image.file.name.startswith("original_images/")
    assert rendition.file.name in keys
    assert rendition.file.name.startswith("images/")

    # The address every app server hands out is the bucket's, and it serves the file:
    # no server's disk is involved.
    assert rendition.url.startswith(f"{s3_endpoint}/{bucket.name}/")
    served = requests.get(rendition.url, timeout=10)
    assert served.status_code == 200
    assert PILImage.open(BytesIO(served.content)).size == (300, 200)
    assert not (Path(django_settings.MEDIA_ROOT) / rendition.file.name).exists()


@pytest.mark.django_db
def test_media_addresses_use_the_custom_domain_when_one_is_set(site, bucket, settings):
    settings.AWS_S3_CUSTOM_DOMAIN = "media.example.org"
    image = upload_image("Trakai")
    rendition = image.get_rendition("width-200")
    assert rendition.url == f"https://media.example.org/{rendition.file.name}"
    assert rendition.file.name in {item.key for item in bucket.objects.all()}


# --- Several app servers ------------------------------------------------------------
