"""A participant index's ``statistics`` in both APIs: the figures of its rendered page
("N cities and regions from M countries" and the table per country), in its language."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from django.test import Client

from participants.models import ParticipantPage
from tests.participants.factories import ParticipantPageFactory

pytestmark = pytest.mark.django_db


def test_statistics_are_the_rendered_pages_figures_in_the_pages_language(client: Client, site):
    index = site.participant.get_parent().specific
    ParticipantPageFactory(parent=index, title="Kaunas", country="LT", slug="kaunas")
    ParticipantPageFactory(parent=index, title="Vilnius", country="LT", slug="vilnius")
    ParticipantPageFactory(parent=index, title="Gone", country="FR", slug="gone", status="former")
    active = ParticipantPage.objects.child_of(index).live().filter(status="active").count()
    for version in ("v2", "v3"):
        response = client.get(
            f"/api/{version}/pages/{index.pk}/", headers={"Accept-Language": "fr"}
        )
        assert response.status_code == 200, response.content[:300]
        figures = response.json()["statistics"]
        assert figures["participants"] == active == 3
        assert figures["countries"] == 2
        # Largest first, names in the page's language (English), whatever the client's.
        assert figures["per_country"][0] == {"code": "LT", "name": "Lithuania", "count": 2}
    html = BeautifulSoup(client.get(index.url).content, "html.parser")
    headline = html.find(class_="participant-headline").get_text(" ", strip=True)
    assert headline == "3 cities and regions from 2 countries"
