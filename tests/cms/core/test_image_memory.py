"""A worker's memory has a ceiling, whatever image an editor uploads (issue #22 item 9).

Decoded images cost bytes per pixel, not per byte of file: a flat 36-megapixel PNG is a
few hundred kilobytes on disk and 137 MiB of RGBA in a worker. The pixel limit
(``WAGTAILIMAGES_MAX_IMAGE_PIXELS``, cms/settings/base.py) is therefore the real memory
bound, and these tests measure it: the largest permitted PNG and JPEG go through the
admin's multiple upload (which also makes the editor's thumbnail, the worst path), and
the worker's peak resident memory may grow by at most ``UPLOAD_BOUND_MIB``; making
the largest rendition of it by at most ``RENDITION_BOUND_MIB``.

Peak RSS is Linux's VmHWM, reset before each upload through /proc/self/clear_refs; it
sees Pillow's C allocations, which tracemalloc does not. Memory freed by an earlier test
is handed back to the system first (glibc's malloc_trim), or a second upload would reuse
it and look free.
"""

from __future__ import annotations

import ctypes
import gc
import io
import re
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image as PILImage
from wagtail.images import get_image_model
from wagtail.users.models import UserProfile

from cms.core.images import RENDITION_FILTER_SPECS
from tests.cms.workflow.admin_actions import client_for

MIB = 1024 * 1024
# Measured (docs/operations.md, "Image uploads and memory"), at 24 MP: an upload adds
# 92-94 MiB (one decoded copy, made when the form reads the size; at the old 40 MP limit
# 153-156 MiB); the largest rendition adds 160 MiB for PNG, 123 MiB for JPEG (before
# cms/core/images.py's frugal operations: 215 MiB, two full copies; at 40 MP 305-352 MiB).
# The bounds leave margin for allocator noise, never room for another full-size copy.
UPLOAD_BOUND_MIB = 120
RENDITION_BOUND_MIB = 180
# All of the API's sizes in one call: one decoded original at a time (measured +170 MiB;
# Wagtail's threaded version +455 MiB). A second full-size copy would pass 250.
RENDITIONS_AT_ONCE_BOUND_MIB = 220
# The site's limit (cms/settings/base.py): a 6000x4000 camera photo.
MAX_PIXELS = 24_000_000

_STATUS = Path("/proc/self/status")
_CLEAR_REFS = Path("/proc/self/clear_refs")

pytestmark = [
    pytest.mark.resilience,
    pytest.mark.skipif(not _CLEAR_REFS.exists(), reason="peak RSS is read from Linux's /proc/self"),
]


def _kib(field: str) -> int:
    match = re.search(rf"^{field}:\s+(\d+) kB", _STATUS.read_text(), re.MULTILINE)
    assert match, field
    return int(match.group(1))


def _reset_peak() -> int:
    """Return freed memory to the system, reset the peak, and give the baseline in KiB."""
    gc.collect()
    ctypes.CDLL("libc.so.6").malloc_trim(0)
    _CLEAR_REFS.write_text("5")  # VmHWM := VmRSS
    return _kib("VmRSS")


def _added_mib(baseline: int) -> float:
    return (_kib("VmHWM") - baseline) / 1024


def _largest_permitted(fmt: str, extra_rows: int = 0) -> SimpleUploadedFile:
    """A flat image of the permitted pixel count (plus `extra_rows`), small on disk."""
    pixels = MAX_PIXELS
    width = 6000
    height = pixels // width + extra_rows
    mode = "RGBA" if fmt == "PNG" else "RGB"
    buffer = io.BytesIO()
    colour = (200, 30, 60, 255) if mode == "RGBA" else (200, 30, 60)
    PILImage.new(mode, (width, height), colour).save(buffer, fmt)
    name = "largest.png" if fmt == "PNG" else "largest.jpg"
    data = buffer.getvalue()
    assert len(data) < django_settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE
    return SimpleUploadedFile(name, data, content_type=f"image/{fmt.lower()}")


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["PNG", "JPEG"])
def test_largest_permitted_upload_stays_under_the_memory_bound(administrator, fmt):
    upload = _largest_permitted(fmt)
    client = client_for(administrator)
    client.get(reverse("wagtailimages:add_multiple"))  # warm imports and templates

    baseline = _reset_peak()
    response = client.post(reverse("wagtailimages:add_multiple"), {"files[]": upload})
    upload_mib = _added_mib(baseline)

    assert response.status_code == 200
    assert response.json()["success"] is True, response.json()
    image = get_image_model().objects.get(file__contains="largest")

    # The largest rendition the site makes (cms/core/images.py), as a page view would.
    baseline = _reset_peak()
    rendition = image.get_rendition("max-1600x1600|format-webp")
    rendition_mib = _added_mib(baseline)

    assert max(rendition.width, rendition.height) == 1600
    print(
        f"{fmt} {image.width}x{image.height}: upload +{upload_mib:.0f} MiB, "
        f"rendition +{rendition_mib:.0f} MiB"
    )
    assert upload_mib < UPLOAD_BOUND_MIB
    assert rendition_mib < RENDITION_BOUND_MIB


@pytest.mark.django_db
def test_image_over_the_pixel_limit_is_refused_in_the_editors_language(administrator):
    profile = UserProfile.get_for_user(administrator)
    profile.preferred_language = "fr"
    profile.save()

    response = client_for(administrator).post(
        reverse("wagtailimages:add_multiple"),
        {"files[]": _largest_permitted("JPEG", extra_rows=1)},
    )

    assert response.status_code == 200
    body = response.json()
    assert body["success"] is False
    assert "Ce fichier a un trop grand nombre de pixels" in body["error_message"], body
    assert str(MAX_PIXELS) in body["error_message"]
    assert not get_image_model().objects.exists()


@pytest.mark.django_db
def test_every_api_rendition_at_once_holds_one_full_size_copy(administrator):
    """The API asks for all its renditions of an image in one call (cms/core/
    representation.py). Wagtail makes several at once in threads, each decoding the
    original: three full-size copies in one worker. They must cost what one does."""
    client = client_for(administrator)
    response = client.post(
        reverse("wagtailimages:add_multiple"), {"files[]": _largest_permitted("PNG")}
    )
    assert response.json()["success"] is True
    image = get_image_model().objects.get(file__contains="largest")
    specs = [spec for spec in RENDITION_FILTER_SPECS if not spec.startswith("fill-1200x630")]

    baseline = _reset_peak()
    renditions = image.get_renditions(*specs)
    added = _added_mib(baseline)

    assert len(renditions) == len(specs)
    print(f"{len(specs)} renditions of {image.width}x{image.height} at once: +{added:.0f} MiB")
    assert added < RENDITIONS_AT_ONCE_BOUND_MIB
