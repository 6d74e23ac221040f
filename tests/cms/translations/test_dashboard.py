"""The translation-status report in the admin: who sees it, filters, CSV export, queries."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse
from wagtail.models import Locale
from wagtail.users.models import UserProfile

from tests.cms.translations.conftest import start_translation, translate_segments
from tests.home.factories import StandardPageFactory, TerminologyNoteFactory
from tests.shared_data import bilingual_home, rolled_back

pytestmark = pytest.mark.django_db

URL = "/admin/reports/translation-status/"


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def listed_titles(response) -> list[str]:
    rows = response.context["object_list"]
    return [row.title for row in rows]


def build_stages() -> list:
    """Page 0 not started, Page 1 half translated, Page 2 translated."""
    home_en, _home_fr = bilingual_home()
    locales = {"fr": Locale.objects.get(language_code="fr")}
    pages = [
        StandardPageFactory(parent=home_en, title=f"Page {index}", slug=f"page-{index}")
        for index in range(3)
    ]  # as make_pages(3) of tests/cms/translations/conftest.py
    translate_segments(start_translation(pages[1], locales["fr"]), count=2)
    done = start_translation(pages[2], locales["fr"])
    translate_segments(done)
    done.save_target(publish=False)
    return pages


@pytest.fixture(scope="module")
def stages(django_db_setup, django_db_blocker) -> Iterator[list]:
    """Built once for the module (they were built for each test: about 0.7 s apiece on
    PostgreSQL) inside a transaction rolled back when the module ends; each test's own
    transaction is rolled back after it, so every test starts from these same stages
    (tests/shared_data.py, `rolled_back`). The query-count tests, which make their own
    pages and count every row, are in test_dashboard_queries.py."""
    yield from rolled_back(django_db_blocker, build_stages)


def test_the_url_and_the_reports_menu_item(administrator):
    assert reverse("translation_status") == URL
    response = client_for(administrator).get("/admin/")
    assert URL in response.content.decode()


@pytest.mark.parametrize("role", ["administrator", "editor", "reviewer", "translator_fr"])
def test_every_editorial_role_sees_the_report(request, role, stages):
    client = client_for(request.getfixturevalue(role))
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Translation status" in html
    assert "Partially translated" in html
    assert "50% (2 of 4)" in html
    assert URL in client.get("/admin/").content.decode()  # in the Reports menu


def test_the_report_speaks_french(editor, stages):
    profile = UserProfile.get_for_user(editor)
    profile.preferred_language = "fr"
    profile.save()
    html = client_for(editor).get(URL).content.decode()
    assert "État des traductions" in html
    assert "Traduit partiellement" in html
    assert "Non commencé" in html
    assert "50\u00a0% (2 sur 4)" in html


def test_anonymous_visitors_are_sent_to_the_login_page(stages):
    response = Client().get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/?next=")
    response = Client().get(URL + "?export=csv")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_a_user_without_admin_access_is_refused(db, stages):
    user = get_user_model().objects.create_user("visitor", password="x")
    response = client_for(user).get(URL, follow=True)
    assert response.redirect_chain[0][0].startswith("/admin/login/")
    assert "You do not have permission to access the admin." in response.content.decode()
    assert "Page 1" not in response.content.decode()


def test_admin_access_without_an_editorial_role_is_refused(db, stages):
    user = get_user_model().objects.create_user("intern", password="x")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client = client_for(user)
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert client.get(URL + "?export=csv").status_code == 302
    assert URL not in client.get("/admin/").content.decode()


def test_translators_see_only_their_locale(settings, translator_fr, editor, stages, locales):
    settings.LANGUAGES = [*settings.LANGUAGES, ("lt", "Lietuvių")]
    settings.WAGTAIL_CONTENT_LANGUAGES = settings.LANGUAGES
    Locale.objects.create(language_code="lt")
    editor_rows = client_for(editor).get(URL).context["object_list"]
    assert {row.locale_code for row in editor_rows} == {"fr", "lt"}

    client = client_for(translator_fr)
    response = client.get(URL)
    assert {row.locale_code for row in response.context["object_list"]} == {"fr"}
    # Asking for another locale is an invalid choice, not a way round the rule.
    response = client.get(URL, {"locale": "lt"})
    assert response.status_code == 200
    assert {row.locale_code for row in response.context["object_list"]} == {"fr"}
    assert "Select a valid choice" in response.content.decode()
    rows = list(csv.reader(io.StringIO(export(client, locale="lt"))))
    assert {row[2] for row in rows[1:]} == {"fr"}


def test_filters_by_status_locale_and_type(editor, stages, locales, home_en):
    TerminologyNoteFactory()
    client = client_for(editor)
    assert listed_titles(client.get(URL, {"status": "partial"})) == ["Page 1"]
    assert listed_titles(client.get(URL, {"status": "translated"})) == [
        home_en.title,  # translated by hand in the home_fr fixture
        "Page 2",
    ]
    assert sorted(listed_titles(client.get(URL, {"status": "not_started"}))) == [
        "Page 0",
        "Please note",
    ]
    assert listed_titles(client.get(URL, {"status": "out_of_date"})) == []
    assert listed_titles(client.get(URL, {"content_type": "home.terminologynote"})) == [
        "Please note"
    ]
    both = client.get(URL, {"content_type": "home.standardpage", "status": "not_started"})
    assert listed_titles(both) == ["Page 0"]
    assert len(listed_titles(client.get(URL, {"locale": "fr"}))) == 5


@pytest.mark.parametrize(
    "query",
    [{"status": "finished"}, {"content_type": "auth.user"}, {"locale": "xx"}, {"p": "999"}],
)
def test_bad_filter_values_get_a_clear_answer_not_an_error(editor, stages, query):
    response = client_for(editor).get(URL, query)
    assert response.status_code in (200, 404)
    if response.status_code == 200 and "p" not in query:
        assert "Select a valid choice" in response.content.decode()


def export(client: Client, **filters: str) -> str:
    response = client.get(URL, {**filters, "export": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv"
    assert 'filename="translation-status.csv"' in response["Content-Disposition"]
    return b"".join(response.streaming_content).decode()


def test_csv_export_has_the_same_rows_as_the_report(editor, stages):
    client = client_for(editor)
    rows = list(csv.reader(io.StringIO(export(client))))
    assert rows[0] == [
        "Page or snippet",
        "Content type",
        "Language",
        "Status",
        "Translated (%)",
        "Translated segments",
        "Segments",
        "Source last edited",
        "Source last prepared for translation",
        "Translation last saved",
    ]
    by_title = {row[0]: row for row in rows[1:]}
    assert len(by_title) == len(client.get(URL).context["object_list"]) == 4
    assert by_title["Page 1"][1:7] == [
        "Standard page",
        "fr",
        "Partially translated",
        "50",
        "2",
        "4",
    ]
    assert by_title["Page 2"][3:7] == ["Translated", "100", "4", "4"]
    assert by_title["Page 0"][3:7] == ["Not started", "", "", ""]

    filtered = list(csv.reader(io.StringIO(export(client, status="partial"))))
    assert [row[0] for row in filtered[1:]] == ["Page 1"]
