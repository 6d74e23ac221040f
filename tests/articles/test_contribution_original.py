"""The original text of a contribution as the editors see it (#20): the author's words as
plain paragraphs, never their markup, whatever they put in the rich text."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from cms.translations.originals import ContributionOriginal, body_paragraphs, keep
from tests.articles.contribution_kit import (
    contributor_fixture,  # noqa: F401 - a fixture
    veldhoven_fixture,  # noqa: F401 - a fixture
)
from tests.articles.local_news_factories import LocalNewsPageFactory
from tests.cms.workflow.admin_actions import client_for
from tests.participants.conftest import index_en, make_participant  # noqa: F401

pytestmark = pytest.mark.django_db

HOSTILE = '<p>Goed nieuws<img src=x onerror="alert(1)"></p><script>alert(2)</script>'


def test_the_body_is_shown_as_plain_paragraphs():
    body = [
        {"type": "paragraph", "value": "<p>Eerste alinea.</p><p>Tweede <b>alinea</b>.</p>"},
        {"type": "quote", "value": {"quote": "Samen sterk", "attribution": "De burgemeester"}},
        {"type": "image", "value": {"image": 12, "alt_text": "Twee bemiddelaars"}, "id": "x1"},
    ]
    assert body_paragraphs(body) == [
        "Eerste alinea.",
        "Tweede alinea.",
        "Samen sterk",
        "De burgemeester",
        "Twee bemiddelaars",
    ]
    assert body_paragraphs("Een tekst zonder blokken.") == ["Een tekst zonder blokken."]
    assert body_paragraphs(None) == []


def test_the_authors_markup_never_reaches_the_editor(veldhoven, reviewer):
    page = LocalNewsPageFactory(parent=veldhoven, title="Goed nieuws", written_in="nl")
    original = keep(page, "nl")
    original.body = [{"type": "paragraph", "value": HOSTILE}]
    original.save()

    url = reverse("wagtailadmin_pages:edit", args=(page.pk,))
    html = client_for(reviewer).get(url).content.decode()
    panel = BeautifulSoup(html, "html.parser").select_one("[data-original-text]")
    assert panel is not None
    assert panel.select("img, script") == [], "the author's markup is not rendered"
    assert "Goed nieuws" in panel.get_text()
    assert ContributionOriginal.objects.get(page=page).language_name == "Dutch"
