"""An address under either API that no endpoint serves: a JSON 404, cheap, in the
client's language (cms/api/errors.py::not_found)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db

UNSERVED = [
    ("/api/v2/", "application/json"),
    ("/api/v2/no-such-endpoint/", "application/json"),
    ("/api/v2/pages/abc/", "application/json"),
    ("/api/v3/no-such-endpoint/", "application/problem+json"),
    ("/api/v3/pages/abc/deeper/", "application/problem+json"),
]


def message(response) -> str:
    body = response.json()
    return body.get("message") or body["detail"]


@pytest.mark.parametrize(("path", "content_type"), UNSERVED)
def test_an_unserved_api_address_is_a_json_404_without_the_html_page(
    client, home_en, path, content_type, django_assert_num_queries
):
    """Only Wagtail's redirect lookup (the site, then its redirects) reads the database:
    the page tree is not walked and the site's HTML 404 page, whose header and footer
    cost seven queries, is not rendered and thrown away."""
    with django_assert_num_queries(2):
        response = client.get(path)
    assert response.status_code == 404
    assert response["Content-Type"] == content_type
    assert message(response) == "Not found."
    assert b"<html" not in response.content


def test_the_404_message_is_in_the_clients_language(client, home_en):
    response = client.get("/api/v2/no-such-endpoint/", HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 404
    assert message(response) == "Introuvable."


def test_a_redirect_still_answers_under_the_api(client, home_en):
    """An editor's redirect from an old API address keeps working: Wagtail's redirect
    middleware answers any 404, this one included."""
    from wagtail.contrib.redirects.models import Redirect

    Redirect.objects.create(old_path="/api/v2/old-endpoint", redirect_link="/api/v2/pages/")
    response = client.get("/api/v2/old-endpoint/")
    assert response.status_code in (301, 302)
    assert response["Location"].endswith("/api/v2/pages/")
