"""``/api/v2/terms/`` and ``/api/v3/terms/``: the terminology of one language, the same
in both APIs, public and read-only, with bad input refused in the client's language."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from cms.translations.terminology import Term
from tests.cms.translations.test_terminology import make_terms, published

pytestmark = pytest.mark.django_db
APIS = ("/api/v2/terms/", "/api/v3/terms/")


@pytest.fixture
def terms(locales) -> dict[str, Term]:
    return make_terms(locales)


def both(client: Client, query: str = "", **headers: str) -> dict:
    """The v2 answer, after checking that v3 gives exactly the same."""
    answers = []
    for api in APIS:
        response = client.get(f"{api}{query}", headers=headers)
        assert response.status_code == 200, (api, response.content[:300])
        assert "public" in response["Cache-Control"]
        answers.append(response.json())
    assert answers[0] == answers[1]
    return answers[0]


def test_the_french_terms_with_replacement_and_english_wording(client, terms):
    data = both(client, "?locale=fr")
    assert data["locale"] == "fr"
    assert data["total_count"] == 2
    umbrella_fr, tsiganes = data["items"]
    assert umbrella_fr == {
        "id": terms["umbrella_fr"].pk,
        "locale": "fr",
        "term": "Roms et Gens du voyage",
        "status": "approved",
        "replacement": None,
        "note": "Terme générique.",
        "translation_key": str(terms["umbrella"].translation_key),
        "translations": [
            {"id": terms["umbrella"].pk, "locale": "en", "term": "Roma and Travellers"}
        ],
    }
    assert tsiganes["term"] == "Tsiganes"
    assert tsiganes["status"] == "deprecated"
    assert tsiganes["replacement"] == {
        "id": terms["umbrella_fr"].pk,
        "locale": "fr",
        "term": "Roms et Gens du voyage",
    }
    assert tsiganes["translations"] == [
        {"id": terms["gypsies"].pk, "locale": "en", "term": "Gypsies"}
    ]


def test_the_default_language_without_a_locale(client, terms):
    data = both(client)
    assert data["locale"] == "en"
    assert [item["term"] for item in data["items"]] == ["Gypsies", "Roma and Travellers"]


def test_one_status_only(client, terms):
    data = both(client, "?locale=en&status=deprecated")
    assert [(item["term"], item["replacement"]["term"]) for item in data["items"]] == [
        ("Gypsies", "Roma and Travellers")
    ]


def test_a_draft_term_is_not_published(client, terms, locales):
    Term.objects.create(term="Manouches", locale=locales["fr"], live=False)
    assert "Manouches" not in [item["term"] for item in both(client, "?locale=fr")["items"]]


def test_the_queries_do_not_grow_with_the_terms(client, terms, locales):
    with CaptureQueriesContext(connection) as few:
        client.get("/api/v2/terms/?locale=fr")
    for index in range(10):
        source = published(Term(term=f"Term {index}", locale=locales["en"]))
        published(
            Term(
                term=f"Terme {index}", locale=locales["fr"], translation_key=source.translation_key
            )
        )
    with CaptureQueriesContext(connection) as many:
        response = client.get("/api/v2/terms/?locale=fr")
    assert response.json()["total_count"] == 12
    assert len(many) == len(few)


@pytest.mark.parametrize(
    ("query", "named"), [("?locale=xx", "locale"), ("?locale=fr&status=banned", "status")]
)
def test_bad_input_is_a_400_in_the_clients_language(client, terms, query, named):
    v2 = client.get(f"/api/v2/terms/{query}", headers={"Accept-Language": "fr"})
    v3 = client.get(f"/api/v3/terms/{query}", headers={"Accept-Language": "fr"})
    assert (v2.status_code, v3.status_code) == (400, 400)
    assert v2.json()["message"].startswith(f"{named} : ")
    assert v3.json()["detail"] == v2.json()["message"]
    assert v3["Content-Type"] == "application/problem+json"
    english = client.get(f"/api/v2/terms/{query}", headers={"Accept-Language": "en"})
    assert english.json()["message"].startswith(f"{named}: ")
    assert "use one of" in english.json()["message"]


def test_read_only(client, terms):
    for api in APIS:
        response = client.post(api, {"term": "Gitans"})
        assert response.status_code in (401, 403, 405), api
    assert not Term.objects.filter(term="Gitans").exists()


def test_the_contract_documents_the_endpoint(client):
    document = client.get("/api/v3/openapi.json").json()
    operation = document["paths"]["/api/v3/terms/"]["get"]
    assert set(operation["responses"]) >= {"200", "400"}
    assert "security" not in operation or {} in operation["security"]
    schema = operation["responses"]["200"]["content"]["application/json"]["schema"]
    assert schema == {"$ref": "#/components/schemas/TermsDict"}
    term = document["components"]["schemas"]["TermDict"]
    assert set(term["required"]) >= {"id", "term", "status", "replacement", "translations"}
    assert {parameter["name"] for parameter in operation["parameters"]} == {"locale", "status"}
