"""Filter values on the search page that cannot name anything: explained, never a 500."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

pytestmark = pytest.mark.django_db

# A NUL character made PostgreSQL refuse the topic's lookup (a 500); the others are
# values no topic slug can take.
NOT_SLUGS = ["hou\x00sing", "../", "housing policy", "<b>", ""]


@pytest.mark.parametrize("value", NOT_SLUGS)
@pytest.mark.parametrize(
    ("path", "query", "found", "notice"),
    [
        ("/en/search/", "Kirtimai", "Housing in Kirtimai", "Unknown topic"),
        ("/fr/search/", "Kirtimai", "Le logement à Kirtimai", "Thème inconnu"),
    ],
)
def test_a_topic_that_cannot_be_a_slug_is_explained(
    client, pages, value, path, query, found, notice
):
    response = client.get(path, {"q": query, "topic": value})
    assert response.status_code == 200
    page = BeautifulSoup(response.content, "html.parser")
    assert [a.get_text() for a in page.select(".search-result h3 a")] == [found]
    shown = page.select_one(".search-notice")
    if value.strip():
        assert notice in shown.get_text()
    else:  # an empty topic is no filter at all
        assert shown is None or notice not in shown.get_text()
