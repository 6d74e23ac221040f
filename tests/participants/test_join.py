"""The “Join the Alliance” form: validation, storage before mail, spam defences."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from django.core import mail
from django.test import Client

from participants.models import MembershipApplication

pytestmark = pytest.mark.django_db

VALID = {
    "authority_name": "Municipality of Trakai",
    "kind": "municipality",
    "country": "LT",
    "website": "https://trakai.example.org/",
    "contact_name": "Ona Petraitė",
    "contact_role": "Deputy mayor",
    "email": "ona@example.org",
    "phone": "+370 528 55 123",
    "motivation": "We run a Roma mediator programme and would like to share it.",
    "consent": "on",
}


def errors_of(response) -> dict[str, str]:
    soup = BeautifulSoup(response.content, "html.parser")
    return {
        p["id"].removeprefix("id_").removesuffix("_error"): p.get_text()
        for p in soup.select(".error-message")
    }


def test_form_renders_with_csrf_and_privacy_link(client, join_en):
    response = client.get("/en/join/")
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.find("input", attrs={"name": "csrfmiddlewaretoken"})
    assert soup.select_one(".checkbox-field a[href='/en/privacy/']")
    for name in VALID:
        assert soup.find(attrs={"name": name}), name


def test_french_form_links_the_french_privacy_page(client, join_fr):
    soup = BeautifulSoup(client.get("/fr/rejoindre/").content, "html.parser")
    assert soup.select_one(".checkbox-field a[href='/fr/confidentialite/']")
    assert (
        soup.find("label", attrs={"for": "id_authority_name"})
        .get_text()
        .startswith("Nom de la collectivité")
    )


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"authority_name": ""}, "authority_name", "This field is required."),
        ({"email": "not-an-email"}, "email", "Enter a valid email address."),
        ({"website": "javascript:alert(1)"}, "website", "Enter a valid URL."),
        ({"country": "XX"}, "country", "Select a valid choice."),
        ({"kind": "empire"}, "kind", "Select a valid choice."),
        ({"phone": "call me maybe"}, "phone", "Enter a telephone number"),
        ({"motivation": "Too short"}, "motivation", "at least 30 characters"),
        ({"consent": ""}, "consent", "Please agree"),
        ({"contact_name": "x" * 300}, "contact_name", "at most 255 characters"),
    ],
)
def test_each_kind_of_bad_input_is_rejected_and_nothing_stored(
    client, join_en, changes, field, message
):
    data = {**VALID, **changes}
    data = {key: value for key, value in data.items() if value != ""}
    response = client.post("/en/join/", data)
    assert response.status_code == 200
    assert message in errors_of(response)[field]
    assert MembershipApplication.objects.count() == 0
    assert mail.outbox == []
    # What the visitor typed is kept, so nothing they wrote is lost.
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.find("textarea", attrs={"name": "motivation"}).get_text().strip() == (
        data.get("motivation", "")
    )
    assert soup.find(class_="error-summary")


def test_errors_are_in_the_visitors_language(client, join_fr):
    response = client.post("/fr/rejoindre/", {**VALID, "email": "nope", "consent": ""})
    errors = errors_of(response)
    assert errors["email"] == "Saisissez une adresse e-mail valide."
    assert "accepter" in errors["consent"]
    assert MembershipApplication.objects.count() == 0


def test_valid_application_is_stored_confirmed_and_emailed(client, join_fr, reviewer):
    response = client.post("/fr/rejoindre/", VALID)
    assert response.status_code == 302
    assert response["Location"] == "/fr/rejoindre/thanks/"
    application = MembershipApplication.objects.get()
    assert application.authority_name == "Municipality of Trakai"
    assert application.status == "new"
    assert application.language == "fr"
    assert application.consent is True
    confirmation = client.get(response["Location"])
    assert confirmation.status_code == 200
    assert "Merci pour votre demande" in confirmation.content.decode()
    to_applicant, to_reviewers = mail.outbox
    assert to_applicant.to == ["ona@example.org"]
    assert "Votre demande" in to_applicant.subject
    assert to_reviewers.to == ["rita@example.org"]
    assert "Municipality of Trakai" in to_reviewers.subject
    assert f"/admin/applications/edit/{application.pk}/" in to_reviewers.body
    # Reviewers' email carries a link, not the applicant's personal data.
    assert "ona@example.org" not in to_reviewers.body


def test_application_is_kept_when_the_mail_server_is_down(client, join_en, reviewer, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2
    response = client.post("/en/join/", VALID, follow=True)
    assert response.status_code == 200
    assert "Thank you for your application" in response.content.decode()
    assert MembershipApplication.objects.get().email == "ona@example.org"


def test_honeypot_pretends_success_and_stores_nothing(client, join_en):
    response = client.post("/en/join/", {**VALID, "nickname": "bot"})
    assert response.status_code == 302
    assert response["Location"] == "/en/join/thanks/"
    assert MembershipApplication.objects.count() == 0
    assert mail.outbox == []


def test_rate_limit_per_address_gives_429(client, join_en, settings):
    settings.JOIN_RATE_LIMIT = 2
    for _ in range(2):
        assert client.post("/en/join/", VALID).status_code == 302
    response = client.post("/en/join/", VALID)
    assert response.status_code == 429
    assert "Too many applications" in response.content.decode()
    assert MembershipApplication.objects.count() == 2
    # Another address is not affected.
    assert client.post("/en/join/", VALID, REMOTE_ADDR="10.0.0.9").status_code == 302
    # Reading the form is never limited.
    assert client.get("/en/join/").status_code == 200


def test_csrf_is_enforced(join_en):
    response = Client(enforce_csrf_checks=True).post("/en/join/", VALID)
    assert response.status_code == 403
    assert MembershipApplication.objects.count() == 0


def test_applications_never_reach_public_api_or_search(client, join_en):
    client.post("/en/join/", VALID)
    assert MembershipApplication.objects.count() == 1
    for url in (
        "/api/v2/pages/?search=Trakai",
        "/en/search/?query=Trakai",
        "/en/search/?query=ona",
    ):
        body = client.get(url).content.decode()
        assert "ona@example.org" not in body
        assert "Petraitė" not in body
