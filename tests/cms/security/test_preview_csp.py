"""The admin's preview panel may frame the configured headless front ends, nothing else."""

import pytest
from django.test import Client, override_settings

pytestmark = pytest.mark.django_db


@override_settings(
    HEADLESS_PREVIEW_URL="",
    HEADLESS_PREVIEW_URLS={
        "en": "https://preview.example.org/en/",
        "fr": "https://apercu.example.fr/",
    },
)
def test_admin_frames_the_configured_preview_front_ends(administrator):
    client = Client()
    client.force_login(administrator)
    policy = client.get("/admin/")["Content-Security-Policy"]
    frame_src = next(part for part in policy.split(";") if part.strip().startswith("frame-src"))
    assert "https://preview.example.org" in frame_src
    assert "https://apercu.example.fr" in frame_src
    public = Client().get("/en/").get("Content-Security-Policy", "")
    assert "preview.example.org" not in public
