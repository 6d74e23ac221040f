"""What people see of releases in the admin, in English and French, and the
administrator's override with its reason in the audit log."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse
from wagtail.models import PageLogEntry
from wagtail.users.models import UserProfile

from cms.publishing import releases
from cms.settings.env import required_languages_from_env
from tests.cms.publishing.releases_kit import approve, fresh, is_live, queued_events, submit
from tests.cms.workflow.admin_actions import client_for, workflow_action

pytestmark = pytest.mark.django_db

WAITING_EN = "Approved, waiting for: fr"
WAITING_FR = "Approuvée, en attente de : fr"


@pytest.fixture(autouse=True)
def seminar_reports_wait_for_french(settings):
    settings.REQUIRED_LANGUAGES = {"articles.SeminarReportPage": ["fr"]}


@pytest.fixture
def held(report, editor, reviewer):
    """The English report approved; its French translation not yet written."""
    submit(report.english, editor)
    approve(report.english, reviewer)
    assert not is_live(report.english)
    return report


def in_french(user):
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "fr"
    profile.save()
    return user


def test_the_page_listing_shows_the_waiting_state_in_english_and_french(held, home_en, editor):
    explore = reverse("wagtailadmin_explore", args=[home_en.pk])
    html = client_for(editor).get(explore).content.decode()
    assert WAITING_EN in html
    assert 'data-release-waiting="fr"' in html
    html = client_for(in_french(editor)).get(explore).content.decode()
    assert WAITING_FR in html


def test_the_page_header_and_history_tell_why_it_is_not_live(held, editor):
    edit = reverse("wagtailadmin_pages:edit", args=[held.english.pk])
    history = reverse("wagtailadmin_pages:history", args=[held.english.pk])
    assert WAITING_EN in client_for(editor).get(edit).content.decode()
    assert WAITING_EN in client_for(editor).get(history).content.decode()
    assert WAITING_FR in client_for(in_french(editor)).get(history).content.decode()


def test_the_translation_dashboard_shows_the_waiting_state(held, editor):
    url = reverse("translation_status")
    html = client_for(editor).get(url).content.decode()
    assert WAITING_EN in html
    assert WAITING_FR in client_for(in_french(editor)).get(url).content.decode()


@pytest.mark.parametrize(
    "french, told",
    [
        (False, "is not live yet: it goes live with its translations, waiting for: fr"),
        (True, "pas encore en ligne, la mise en ligne se fera avec les traductions"),
    ],
)
def test_the_reviewer_is_told_that_the_approved_page_waits(report, editor, reviewer, french, told):
    submit(report.english, editor)
    client = client_for(in_french(reviewer) if french else reviewer)
    assert workflow_action(client, report.english, "approve").status_code == 302
    assert told in client.get(reverse("wagtailadmin_home")).content.decode()


def test_nothing_is_shown_when_the_setting_is_empty(settings, report, home_en, editor, reviewer):
    settings.REQUIRED_LANGUAGES = {}
    submit(report.english, editor)
    approve(report.english, reviewer)
    assert is_live(report.english)
    explore = reverse("wagtailadmin_explore", args=[home_en.pk])
    assert "data-release-waiting" not in client_for(editor).get(explore).content.decode()


def test_an_administrator_overrides_with_a_reason_and_it_is_audited(
    held, administrator, endpoint, django_capture_on_commit_callbacks
):
    url = reverse("cms_release_override", args=[held.english.pk])
    client = client_for(administrator)
    page = client.get(url).content.decode()
    assert WAITING_EN in page and 'name="reason"' in page

    assert client.post(url, {"reason": ""}).status_code == 200, "a reason is required"
    assert not is_live(held.english)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"reason": "The French translator is ill; agreed by phone."})
    assert response.status_code == 302
    assert is_live(held.english)
    assert not is_live(held.french)
    entry = PageLogEntry.objects.get(page=held.english, action=releases.RELEASE_OVERRIDE)
    assert entry.user == administrator
    assert entry.data == {
        "reason": "The French translator is ill; agreed by phone.",
        "missing": ["fr"],
    }
    assert not PageLogEntry.objects.filter(action="cms.break_glass").exists()
    assert releases.waiting_for(fresh(held.english)) is None
    assert [event["event"] for event in queued_events()] == ["release.published"]
    history = reverse("wagtailadmin_pages:history", args=[held.english.pk])
    assert "The French translator is ill" in client.get(history).content.decode()


def test_the_override_button_leads_administrators_only_to_the_form(
    held, home_en, administrator, editor
):
    explore = reverse("wagtailadmin_explore", args=[home_en.pk])
    url = reverse("cms_release_override", args=[held.english.pk])
    assert url in client_for(administrator).get(explore).content.decode()
    assert url not in client_for(editor).get(explore).content.decode()


@pytest.mark.parametrize("role", ["editor", "reviewer", "translator_fr"])
def test_the_override_is_refused_to_everyone_but_administrators(request, held, role):
    client = client_for(request.getfixturevalue(role))
    url = reverse("cms_release_override", args=[held.english.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"reason": "Let me."}).status_code == 403
    assert not is_live(held.english)
    assert not PageLogEntry.objects.filter(action=releases.RELEASE_OVERRIDE).exists()


def test_the_translation_joins_after_an_override(held, administrator, translator_fr, reviewer):
    url = reverse("cms_release_override", args=[held.english.pk])
    client_for(administrator).post(url, {"reason": "Deadline."})
    submit(held.french, translator_fr)
    approve(held.french, reviewer)
    assert is_live(held.french), "the source is out: the translation follows when approved"


def test_the_setting_defaults_and_validation():
    languages = ["en", "fr"]
    assert required_languages_from_env(languages, "en", {}) == {
        "articles.SeminarReportPage": ["fr"],
        "articles.LocalNewsPage": ["fr"],
    }
    assert required_languages_from_env(["en"], "en", {}) == {}, "one language: nothing to wait"
    assert required_languages_from_env(languages, "en", {"REQUIRED_LANGUAGES": ""}) == {}
    assert required_languages_from_env(
        ["en", "fr", "lt"],
        "en",
        {"REQUIRED_LANGUAGES": "articles.SeminarReportPage=fr,lt; home.StandardPage=fr"},
    ) == {"articles.SeminarReportPage": ["fr", "lt"], "home.StandardPage": ["fr"]}
    for wrong in ("articles.SeminarReportPage=de", "SeminarReportPage=fr", "home.StandardPage=en"):
        with pytest.raises(ImproperlyConfigured, match="REQUIRED_LANGUAGES"):
            required_languages_from_env(languages, "en", {"REQUIRED_LANGUAGES": wrong})


def test_a_setting_that_names_no_page_type_is_reported(settings):
    assert releases.required_languages_check() == []
    settings.REQUIRED_LANGUAGES = {"articles.SeminarReport": ["fr"], "cms.Term": ["fr"]}
    errors = releases.required_languages_check()
    assert [error.id for error in errors] == ["cms.E010", "cms.E010"]
    assert "articles.SeminarReport" in errors[0].msg
