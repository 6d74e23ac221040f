"""The image's alternative text says what it is, in the editor's language."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from django.test import Client
from wagtail.users.models import UserProfile

from tests.cms.api.conftest import make_image

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "label", "help_word"),
    [("en", "Alt text", "screen readers"), ("fr", "Texte alternatif", "lecteurs d’écran")],
)
def test_the_image_form_labels_the_alt_text_as_such(administrator, language, label, help_word):
    image = make_image()
    profile = UserProfile.get_for_user(administrator)
    profile.preferred_language = language
    profile.save()
    client = Client()
    client.force_login(administrator)
    page = BeautifulSoup(client.get(f"/admin/images/{image.pk}/").content, "html.parser")
    assert page.find("label", attrs={"for": "id_description"}).get_text(strip=True) == label
    assert help_word in page.get_text()
