"""A contributor (participants/contributors.py) may propose local news under their own
participant's profile only, and never publish it (#20)."""

from __future__ import annotations

import pytest
from django.test import Client

from articles.local_news import LocalNewsPage
from participants.contributors import invite_contributor
from tests.participants.factories import ParticipantIndexPageFactory, ParticipantPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def profiles(home_en):
    participants = ParticipantIndexPageFactory(parent=home_en)
    own = ParticipantPageFactory(parent=participants, title="Veldhoven", slug="veldhoven")
    other = ParticipantPageFactory(parent=participants, title="Trakai", slug="trakai")
    return own, other


def test_a_contributor_proposes_local_news_under_their_own_profile_only(client: Client, profiles):
    own, other = profiles
    contributor, _url = invite_contributor(own, "writer@veldhoven.example", "nl")
    client.force_login(contributor.user)
    assert client.get(f"/admin/pages/add/articles/localnewspage/{own.pk}/").status_code == 200
    refused = client.get(f"/admin/pages/add/articles/localnewspage/{other.pk}/")
    assert refused.status_code in (302, 403)
    response = client.post(
        f"/admin/pages/add/articles/localnewspage/{own.pk}/",
        {
            "title": "Taalcafé",
            "slug": "taalcafe",
            "kind": "news",
            "written_in": "nl",
            "publication_date": "2026-12-01",
            "standfirst": "Ouders oefenen Nederlands.",
            "listing_image_alt_text": "",
            "listing_image_caption": "",
            "body-count": "0",
            "topic_links-TOTAL_FORMS": "0",
            "topic_links-INITIAL_FORMS": "0",
            "participant_links-TOTAL_FORMS": "0",
            "participant_links-INITIAL_FORMS": "0",
            "related_page_links-TOTAL_FORMS": "0",
            "related_page_links-INITIAL_FORMS": "0",
            "action-publish": "publish",
        },
    )
    assert response.status_code == 302, response.content[:2000]
    page = LocalNewsPage.objects.get(slug="taalcafe", locale=own.locale)
    # Saved as a draft: a contributor's "publish" never makes it live.
    assert not page.live
    assert page.contributing_authority == own
    assert page.written_in == "nl"
    assert client.get("/en/participants/veldhoven/taalcafe/").status_code == 404
