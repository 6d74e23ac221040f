"""The alerts of ``/api/v2/globals/`` and ``/api/v3/globals/``: the same in both, active
now, in scope for ``page``, in the asked language, never a draft; and typed in v3."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from wagtail.models import Site

from cms.alerts.models import Alert
from tests.cms.alerts.conftest import NOW, clock, hours, make_alert, translate

pytestmark = pytest.mark.django_db
APIS = ("/api/v2/globals/", "/api/v3/globals/")


def alerts(client: Client, query: str = "") -> list[dict]:
    """The alerts v2 gives, after checking that v3 gives exactly the same."""
    answers = []
    for api in APIS:
        response = client.get(f"{api}{query}")
        assert response.status_code == 200, (api, response.content[:300])
        answers.append(response.json()["alerts"])
    assert answers[0] == answers[1]
    return answers[0]


def test_an_active_alert_in_english_and_french(client: Client, home_en, home_fr, about, locales):
    origin = Site.objects.get(is_default_site=True).root_url
    alert = make_alert(
        locales["en"],
        link_page=about,
        link_text="Details",
        starts_at=NOW - hours(1),
        ends_at=NOW + hours(5),
    )
    translate(alert, locales["fr"], message="La réunion est reportée.", link_text="Détails")
    with clock(NOW):
        english = alerts(client, "?locale=en")
        french = alerts(client, "?locale=fr")
    assert english == [
        {
            "id": alert.pk,
            "level": "warning",
            "level_label": "Warning",
            "message": "The meeting in Kaunas is postponed.",
            "language": "en",
            "link_url": f"{origin}/en/about/",
            "link_text": "Details",
            "starts_at": "2026-12-05T08:00:00Z",
            "ends_at": "2026-12-05T14:00:00Z",
            "version": alert.live_revision_id,
        }
    ]
    assert french[0]["message"] == "La réunion est reportée."
    assert french[0]["language"] == "fr"
    assert french[0]["level_label"] == "Avertissement"
    assert french[0]["link_text"] == "Détails"
    # The page is not translated into French: its English address, rather than no link.
    assert french[0]["link_url"] == f"{origin}/en/about/"


def test_an_untranslated_alert_comes_in_its_own_language(client: Client, home_en, locales):
    make_alert(locales["en"])
    [french] = alerts(client, "?locale=fr")
    assert french["language"] == "en"
    assert french["message"] == "The meeting in Kaunas is postponed."
    assert french["link_url"] is None and french["link_text"] is None


def test_alerts_follow_the_clock_even_when_the_answer_is_cached(
    page_cache, anonymous: Client, home_en, locales, django_capture_on_commit_callbacks
):
    starts_at = NOW + timedelta(seconds=30)
    with django_capture_on_commit_callbacks(execute=True):
        make_alert(locales["en"], starts_at=starts_at, ends_at=NOW + hours(2))
    with clock(NOW):
        assert alerts(anonymous) == []
        response = anonymous.get(APIS[0])
        assert response["X-Page-Cache"] == "hit"
        assert "max-age=30" in response["Cache-Control"], "no proxy keeps it past the start"
    with clock(starts_at):
        assert len(alerts(anonymous)) == 1
        assert "max-age=60" in anonymous.get(APIS[1])["Cache-Control"]
    with clock(NOW + hours(2)):
        assert alerts(anonymous) == []


def test_a_section_alert_only_for_pages_of_the_section(
    client: Client, home_en, about, team, contact, about_fr, locales
):
    make_alert(locales["en"], section=about)
    assert alerts(client) == [], "without a page: the whole site's alerts only"
    assert len(alerts(client, f"?page={team.pk}")) == 1
    assert len(alerts(client, f"?page={about_fr.pk}&locale=fr")) == 1
    assert alerts(client, f"?page={contact.pk}") == []
    assert alerts(client, f"?page={home_en.pk}") == []


def test_drafts_and_alerts_in_review_never_appear(client: Client, home_en, locales, editor):
    draft = Alert(locale=locales["en"], level="warning", message="Draft alert", live=False)
    draft.save()
    draft.save_revision(user=editor)
    draft.get_workflow().start(draft, editor)
    live = make_alert(locales["en"], message="Approved wording")
    live.message = "Unapproved wording"
    live.save_revision(user=editor)
    assert [alert["message"] for alert in alerts(client)] == ["Approved wording"]


def test_v3_types_the_alerts_in_its_schema(client: Client):
    schema = client.get("/api/v3/openapi.json").json()
    alert = schema["components"]["schemas"]["AlertDict"]
    assert set(alert["required"]) >= {"id", "level", "message", "link_url", "starts_at"}
    assert alert["properties"]["level"]["enum"] == ["information", "warning"]
    assert alert["properties"]["id"]["type"] == "integer"
