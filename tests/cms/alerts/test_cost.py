"""What alerts cost a page: nothing once the fragment cache is warm, one query (two
with a section or a page link) when the live alerts must be read again."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from cms.alerts.live import alerts_for
from tests.cms.alerts.conftest import make_alert

pytestmark = pytest.mark.django_db


def queries(client: Client, path: str) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200
    return len(captured), response.content.decode()


def test_a_warm_page_reads_its_alerts_without_the_database(
    fragments, client: Client, home_en, about, locales
):
    make_alert(locales["en"], section=about, link_page=about, link_text="Details")
    make_alert(locales["en"], message="A second alert on the whole site.")
    client.get("/en/about/")
    count, html = queries(client, "/en/about/")
    assert count == 0
    assert "Kaunas" in html and "A second alert" in html


@pytest.mark.parametrize(("linked", "expected"), [(False, 1), (True, 2)])
def test_reading_the_live_alerts_again_takes_one_or_two_queries(
    linked, expected, rf, home_en, about, locales, django_assert_num_queries
):
    for number in range(3):
        make_alert(
            locales["en"],
            message=f"Alert {number}",
            **({"section": about, "link_page": about} if linked else {}),
        )
    request = rf.get("/en/")
    site = home_en.get_site()
    home_en.get_url(request)  # Wagtail's own per-process memory of the sites' roots
    with django_assert_num_queries(expected):
        shown = alerts_for(request, site, about, "en")
    assert len(shown) == 3
