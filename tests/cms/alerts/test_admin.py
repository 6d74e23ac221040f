"""Alerts in the admin: who may write, translate and publish them, and the editor's
errors in the editor's language."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from wagtail.models import APIToken
from wagtail.permissions import policy_registry
from wagtail.users.models import UserProfile
from wagtail_localize.operations import translate_object

from cms.alerts.models import Alert
from tests.cms.alerts.conftest import make_alert, translate
from tests.cms.workflow.admin_actions import client_for, refused

pytestmark = pytest.mark.django_db

URLS = "wagtailsnippets_cms_alert"


def form(**fields: str) -> dict[str, str]:
    data = {
        "level": "warning",
        "message": "The meeting in Kaunas is postponed.",
        "link_page": "",
        "link_url": "",
        "link_text": "",
        "starts_at": "",
        "ends_at": "",
        "section": "",
    }
    return {**data, **fields}


def speaks_french(user) -> None:
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "fr"
    profile.save()


def test_an_editor_submits_an_alert_and_only_another_reviewer_makes_it_live(
    client, home_en, editor, reviewer, locales
):
    response = client_for(editor).post(
        reverse(f"{URLS}:add") + "?locale=en", form(**{"action-submit": "submit"})
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    alert = Alert.objects.get()
    assert not alert.live and alert.workflow_in_progress
    assert "Kaunas" not in client.get("/en/").content.decode()

    task_state = alert.current_workflow_task_state
    approve = reverse(f"{URLS}:workflow_action", args=(alert.pk, "approve", task_state.pk))
    assert refused(client_for(editor).post(approve, {"comment": ""}))
    alert.refresh_from_db()
    assert not alert.live
    assert client_for(reviewer).post(approve, {"comment": "Checked."}).status_code == 302
    alert.refresh_from_db()
    assert alert.live
    assert "Kaunas" in client.get("/en/").content.decode()


def test_editors_and_reviewers_cannot_publish_directly(client, home_en, editor, reviewer):
    for user in (editor, reviewer):
        response = client_for(user).post(
            reverse(f"{URLS}:add") + "?locale=en", form(**{"action-publish": "publish"})
        )
        assert response.status_code in (302, 403)
        assert not user.has_perm("cms.publish_alert")
    assert not Alert.objects.filter(live=True).exists()
    assert "Kaunas" not in client.get("/en/").content.decode()


def test_an_end_before_the_start_is_refused_in_the_editors_french(editor, locales):
    speaks_french(editor)
    response = client_for(editor).post(
        reverse(f"{URLS}:add") + "?locale=en",
        form(starts_at="2027-03-10 09:00", ends_at="2027-03-09 09:00"),
    )
    assert response.status_code == 200, "the form is shown again"
    assert "La fin doit venir après le début." in response.content.decode()
    assert not Alert.objects.exists()


def test_a_page_and_an_address_at_once_are_refused(editor, home_en, locales):
    response = client_for(editor).post(
        reverse(f"{URLS}:add") + "?locale=en",
        form(link_page=str(home_en.pk), link_url="https://example.org/", link_text="More"),
    )
    assert response.status_code == 200
    assert "Choose a page or give an address, not both." in response.content.decode()
    assert not Alert.objects.exists()


def test_the_admin_lists_alerts_in_french_for_a_french_editor(editor, about, locales):
    speaks_french(editor)
    make_alert(locales["en"], section=about)
    response = client_for(editor).get(reverse(f"{URLS}:list"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Alertes" in html
    assert "Bandeaux d\\u2019alerte" in html, "the Settings menu's item"
    assert "Avertissement" in html
    assert "About the Alliance" in html, "where it shows"


def test_translators_cannot_create_alerts_nor_change_another_languages(
    translator_fr, home_en, locales
):
    client = client_for(translator_fr)
    assert refused(client.get(reverse(f"{URLS}:add") + "?locale=fr"))
    assert refused(client.post(reverse(f"{URLS}:add") + "?locale=fr", form()))
    assert not Alert.objects.exists()

    english = make_alert(locales["en"])
    response = client.post(
        reverse(f"{URLS}:edit", args=[english.pk]), form(message="Changed by a translator")
    )
    assert refused(response)
    english.refresh_from_db()
    assert english.message == "The meeting in Kaunas is postponed."
    assert english.latest_revision.content["message"] == english.message


def test_translators_open_their_languages_translation_in_wagtail_localize(
    translator_fr, home_en, locales
):
    english = make_alert(locales["en"])
    translate_object(english, [locales["fr"]])
    french = english.get_translation(locales["fr"])
    assert not french.live, "a translation goes live through review too"
    response = client_for(translator_fr).get(reverse(f"{URLS}:edit", args=[french.pk]))
    assert response.status_code == 200
    assert 'class="js-translation-editor"' in response.content.decode()


def test_the_one_rule_that_every_path_asks_keeps_translators_to_their_language(
    translator_fr, editor, home_en, locales
):
    english = make_alert(locales["en"])
    french = translate(english, locales["fr"], message="La réunion de Kaunas est reportée.")
    policy = policy_registry.get_by_type(Alert)
    assert policy.user_has_permission_for_instance(translator_fr, "change", french)
    assert not policy.user_has_permission_for_instance(translator_fr, "change", english)
    assert policy.user_has_permission_for_instance(editor, "change", english)
    assert not policy.user_has_permission_for_instance(editor, "publish", english)


def test_api_v3_offers_no_way_to_write_alerts(translator_fr, editor, home_en, locales):
    english = make_alert(locales["en"])
    for user in (translator_fr, editor):
        _token, plaintext = APIToken.create_token(user=user, name="alerts")
        response = Client().patch(
            f"/api/v3/snippets/cms.Alert/{english.pk}/",
            {"message": "Rewritten"},
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {plaintext}",
        )
        assert 400 <= response.status_code < 500
    english.refresh_from_db()
    assert english.latest_revision.as_object().message == "The meeting in Kaunas is postponed."
