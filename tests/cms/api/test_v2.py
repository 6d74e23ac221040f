"""API v2: fields, translations, filters, errors, snippets and query counts."""

from __future__ import annotations

import pytest

from home.models import TerminologyNote
from tests.participants.factories import MembershipApplicationFactory

pytestmark = pytest.mark.django_db


def ids(response) -> set[int]:
    assert response.status_code == 200, response.content
    return {item["id"] for item in response.json()["items"]}


def test_seminar_report_detail_is_front_end_ready(client, site):
    data = client.get(f"/api/v2/pages/{site.report.pk}/").json()
    assert data["meta"]["locale"] == "en"
    assert data["meta"]["is_translation_of_source"] is True
    assert data["meta"]["translations"] == [
        {
            "id": site.report_fr.pk,
            "locale": "fr",
            "title": "Séminaire en Lituanie",
            "url": "http://testserver/fr/actualites/seminaire-lituanie/",
        }
    ]
    image = data["listing_image"]
    assert image["alt"] == "The delegation in front of the community centre"
    assert (image["caption"], image["credit"], image["width"], image["height"]) == (
        "Veldhoven delegation",
        "CoE",
        1200,
        800,
    )
    assert image["renditions"]["thumbnail"]["width"] == 400
    assert image["renditions"]["medium_webp"]["url"].endswith(".webp")
    assert data["topic_list"] == [{"id": site.topic.pk, "name": "Housing", "slug": "housing"}]
    assert data["participant_links"] == [
        {
            "id": site.participant.pk,
            "type": "participants.ParticipantPage",
            "title": "Veldhoven",
            "url": f"http://testserver/en/participants/{site.participant.slug}/",
            "locale": "en",
        }
    ]
    assert data["country_code"] == "LT"
    assert data["start_date"] == "2015-12-17"
    # Rich text is HTML with resolved links, not Wagtail's database format.
    assert data["body"][0]["value"] == "<p>Body text.</p>"


def test_french_report_lists_english_translation_and_topic_in_french(client, site):
    data = client.get(f"/api/v2/pages/{site.report_fr.pk}/").json()
    assert data["meta"]["locale"] == "fr"
    assert [t["locale"] for t in data["meta"]["translations"]] == ["en"]
    assert data["topic_list"] == [{"id": site.topic_fr.pk, "name": "Logement", "slug": "logement"}]


def test_locale_filter_and_untranslated_alias_flag(client, site):
    response = client.get("/api/v2/pages/?locale=fr&fields=is_translation_of_source")
    items = {item["id"]: item for item in response.json()["items"]}
    assert site.report_fr.pk in items and site.report.pk not in items
    assert items[site.alias_fr.pk]["meta"]["is_translation_of_source"] is False
    assert items[site.report_fr.pk]["meta"]["is_translation_of_source"] is True
    # An alias is not a translation: the English article lists no French version.
    english = client.get(f"/api/v2/pages/{site.article.pk}/").json()
    assert english["meta"]["translations"] == []


def test_related_pages_are_small_objects(client, site):
    data = client.get(f"/api/v2/pages/{site.article.pk}/").json()
    assert data["related_page_links"] == [
        {
            "id": site.report.pk,
            "type": "articles.SeminarReportPage",
            "title": "Seminar in Lithuania",
            "url": "http://testserver/en/news/lithuania-seminar/",
            "locale": "en",
        }
    ]


def test_drafts_never_appear(client, site):
    assert site.draft.pk not in ids(client.get("/api/v2/pages/?limit=100"))
    assert client.get(f"/api/v2/pages/{site.draft.pk}/").status_code == 404


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("published_after=2020-01-01", {"article"}),
        ("published_before=2016-01-01", {"report"}),
        ("event_after=2015-12-18", {"report"}),
        ("event_after=2015-12-19", set()),
        ("event_before=2015-12-16", set()),
        ("event_before=2015-12-17", {"report"}),
    ],
)
def test_date_filters(client, site, query, expected):
    names = {site.report.pk: "report", site.article.pk: "article"}
    found = ids(client.get(f"/api/v2/pages/?locale=en&{query}"))
    assert {names.get(pk, pk) for pk in found} == expected


def test_participant_filter_matches_every_language(client, site):
    assert ids(client.get(f"/api/v2/pages/?participant={site.participant.pk}")) == {
        site.report.pk,
        site.report_fr.pk,
    }
    assert ids(client.get(f"/api/v2/pages/?participant={site.participant_fr.pk}&locale=fr")) == {
        site.report_fr.pk
    }


def test_topic_and_country_filters(client, site):
    assert ids(client.get("/api/v2/pages/?topic=housing&locale=en")) == {site.report.pk}
    assert ids(client.get("/api/v2/pages/?country=NL&locale=en")) == {site.participant.pk}


@pytest.mark.parametrize(
    ("path", "name"),
    [
        ("/en/news/lithuania-seminar/", "report"),
        ("/fr/actualites/seminaire-lituanie/", "report_fr"),
        ("/fr/", "home_fr"),
        ("/en/", "home_en"),
    ],
)
def test_find_by_html_path_with_language_prefix(client, site, path, name):
    response = client.get(f"/api/v2/pages/find/?html_path={path}")
    assert response.status_code == 302
    assert response["Location"].split("?")[0].endswith(f"/api/v2/pages/{getattr(site, name).pk}/")


def test_find_by_html_path_not_found(client, site):
    assert client.get("/api/v2/pages/find/?html_path=/fr/nothing/").status_code == 404
    assert client.get("/api/v2/pages/find/?html_path=/en/news/secret-draft/").status_code == 404


@pytest.mark.parametrize(
    ("query", "named"),
    [
        ("published_after=yesterday", "published_after"),
        ("published_before=2024-13-01", "published_before"),
        ("event_after=1", "event_after"),
        ("event_before=", "event_before"),
        ("participant=abc", "participant"),
        ("participant=999999", "participant"),
        ("topic=nope", "topic"),
        ("country=XX", "country"),
        ("locale=xx", "locale"),
        ("colour=red", "colour"),
        ("limit=abc", "limit"),
        ("limit=1000", "limit"),
        ("offset=-1", "offset"),
        ("fields=nonsense", "nonsense"),
        ("order=nonsense", "nonsense"),
        ("type=no.Such", "type"),
        ("child_of=abc", "child_of"),
        ("rich_text_format=pdf", "rich_text_format"),
    ],
)
def test_bad_parameters_are_400_naming_the_parameter(client, site, query, named):
    response = client.get(f"/api/v2/pages/?{query}")
    assert response.status_code == 400, (query, response.status_code)
    assert response["Content-Type"] == "application/json"
    assert named in response.json()["message"]


def test_participant_filter_refuses_a_draft_participant(client, site):
    site.participant.unpublish()
    response = client.get(f"/api/v2/pages/?participant={site.participant.pk}")
    assert response.status_code == 400


def test_snippet_endpoints_return_only_live_objects(client, site):
    note = TerminologyNote.objects.create(title="Roma and Travellers", text="<p>The term.</p>")
    note.live = True
    note.save()
    TerminologyNote.objects.create(title="Unpublished note", text="<p>x</p>", live=False)
    site.topic_fr.live = False
    site.topic_fr.save()
    topics = client.get("/api/v2/topics/?fields=*").json()["items"]
    assert [(t["name"], t["meta"]["locale"]) for t in topics] == [("Housing", "en")]
    assert client.get("/api/v2/topics/?locale=fr").json()["items"] == []
    assert client.get("/api/v2/topics/?locale=zz").status_code == 400
    notes = client.get("/api/v2/terminology-notes/?fields=*").json()["items"]
    assert [n["title"] for n in notes] == ["Roma and Travellers"]
    assert notes[0]["text"] == "<p>The term.</p>"


def test_images_endpoint_has_alt_and_renditions(client, site):
    items = client.get("/api/v2/images/?fields=*").json()["items"]
    assert items[0]["alt"] == "The delegation in front of the community centre"
    assert items[0]["credit"] == "CoE"
    assert set(items[0]["renditions"]) == {
        "thumbnail",
        "medium",
        "large",
        "thumbnail_webp",
        "medium_webp",
        "large_webp",
    }


def test_no_personal_data_in_the_api(client, site):
    MembershipApplicationFactory(email="secret-applicant@example.org", contact_name="Ona Secret")
    site.participant.contact_email = "private@example.org"
    site.participant.contact_email_public = False
    site.participant.save_revision().publish()
    for url in (
        "/api/v2/pages/?fields=*&limit=100",
        f"/api/v2/pages/{site.participant.pk}/",
        "/api/v2/pages/?type=participants.ParticipantPage&fields=*",
    ):
        body = client.get(url).content.decode()
        assert "secret-applicant" not in body and "Ona Secret" not in body
        assert "private@example.org" not in body
    assert client.get("/api/v2/users/").status_code == 404


@pytest.mark.parametrize(
    "path", ["/api/v2/pages/", "/api/v2/images/", "/api/v2/documents/", "/api/v2/topics/"]
)
def test_json_is_compact_unless_indentation_is_asked_for(client, site, path):
    """Compact JSON by default (Wagtail indents by 4 spaces: slower, 40 % more bytes);
    a person reading it in a tool can still ask for indentation."""
    compact = client.get(path)
    assert compact.status_code == 200 and compact.content.startswith(b'{"meta":{"total_count":')
    indented = client.get(path, HTTP_ACCEPT="application/json; indent=4")
    assert indented.content.startswith(b'{\n    "meta": {\n        "total_count": ')
    assert indented.json() == compact.json()
