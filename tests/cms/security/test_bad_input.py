"""Bad input to either API is a 4xx with a JSON message, never a 500 (issue #15, item 11).

A table of requests, each sent anonymously and with an Editor's API token, through
Django's test client on the real database (run it on PostgreSQL too: NUL bytes and
integers past a database integer fail differently there). Each row was a 500, an HTML
error page or a redirect before the API's validation layer (cms/api/errors.py,
cms/api/middleware.py, cms/api/v3/errors.py).
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from io import BytesIO

import pytest
from django.contrib.auth.models import Group, User
from django.core.files.base import ContentFile
from django.test import Client
from wagtail.documents import get_document_model
from wagtail.models import APIToken, Locale

from cms.workflow.roles import EDITORS, sync_roles
from tests.cms.api.conftest import Site, build_site
from tests.shared_data import bilingual_home, clear_caches, rolled_back

pytestmark = pytest.mark.django_db

HUGE = "99999999999999999999"  # past SQLite's and PostgreSQL's largest integer
BIGINT = "9223372036854775808"  # one past a 64-bit integer
INT = "2147483648"  # one past PostgreSQL's ``integer`` (page, image, document ids)
NUL = "%00"
QUOTE = "%22"  # a lone double quote: a syntax error of SQLite's full-text queries

V2_LISTINGS = (
    "/api/v2/pages/",
    "/api/v2/images/",
    "/api/v2/documents/",
    "/api/v2/topics/",
    "/api/v2/terminology-notes/",
)
V2_SEARCHABLE = ("/api/v2/pages/", "/api/v2/images/", "/api/v2/documents/")
V2_FINDS = ("/api/v2/pages/find/", "/api/v2/images/find/", "/api/v2/documents/find/")
V3_LISTINGS = ("/api/v3/pages/", "/api/v3/images/", "/api/v3/documents/", "/api/v3/redirects/")

CASES: list[tuple[str, frozenset[int]]] = []


def case(url: str, *statuses: int) -> None:
    CASES.append((url, frozenset(statuses or (400,))))


# Offsets and limits: huge, negative, not numbers, fractions.
for listing in V2_LISTINGS:
    for value in (HUGE, BIGINT, INT, "-1", "abc", "1.5", "1e3", ""):
        case(f"{listing}?offset={value}")
    for value in (HUGE, "-1", "abc", "1.5"):
        case(f"{listing}?limit={value}")
for listing in V3_LISTINGS:
    for value in (HUGE, BIGINT, INT, "-1", "abc", "1.5"):
        case(f"{listing}?offset={value}", 422)
    for value in (HUGE, "-1", "abc", "0"):
        case(f"{listing}?limit={value}", 400, 422)

# Page listings: the first offset past the window (cms/api/paging.py) points to the cursor.
case("/api/v2/pages/?offset=10000")
case("/api/v3/pages/?offset=10000&limit=100")
case("/api/v2/pages/?offset=2147483647")

# Ids of /find/ and of page relations: not numbers, huge, with NUL bytes.
for find in V2_FINDS:
    for value in ("abc", "", "1.5", "1e3", "0x10", HUGE, BIGINT, "-1", "0", f"1{NUL}"):
        case(f"{find}?id={value}")
for value in ("abc", HUGE, "-1", f"1{NUL}"):
    case(f"/api/v3/pages/find/?id={value}", 400, 404, 422)
for name in ("child_of", "descendant_of", "ancestor_of", "translation_of", "participant"):
    for value in ("abc", HUGE, BIGINT, INT, "-1", "1.5", NUL):
        case(f"/api/v2/pages/?{name}={value}")
for name in ("child_of", "descendant_of", "ancestor_of", "translation_of"):
    for value in ("abc", HUGE, "-1", NUL):
        case(f"/api/v3/pages/?{name}={value}", 400, 422)

# The generic filters of API v3 listings: foreign keys and translation_of of snippets.
for value in (HUGE, BIGINT, "-" + HUGE, "abc"):
    case(f"/api/v3/redirects/?site={value}", 400, 422)
for value in ("abc", "1.5", "1e3", "0x10", HUGE):
    case(f"/api/v3/snippets/articles.Topic/?translation_of={value}", 401, 422)

# Search: NUL bytes, a lone quote, an unknown operator.
for listing in V2_SEARCHABLE:
    for query in (f"search={NUL}", f"search=a{NUL}b", "search=a&search_operator=xor"):
        case(f"{listing}?{query}")
for listing in V3_LISTINGS[:3]:
    case(f"{listing}?search={NUL}")
    case(f"{listing}?search=a{NUL}b&locale=fr")
    case(f"{listing}?search=a&search_operator=xor", 422)

# Every other parameter with a NUL byte, in its value or its name.
for name in ("type", "fields", "order", "locale", "slug", "title", "html_path", "format", "x"):
    case(f"/api/v2/pages/?{name}=a{NUL}")
    case(f"/api/v3/pages/?{name}=a{NUL}")
case(f"/api/v2/pages/?{NUL}=1")
case(f"/api/v3/pages/?{NUL}=1")
case(f"/api/v2/pages/find/?html_path=/en/{NUL}/")
case(f"/api/v3/pages/find/?html_path=/en/{NUL}/")
case(f"/api/v2/page_preview/?content_type=articles.articlepage&token=a{NUL}")

# Unknown types, fields, orders and locales.
for name, value in (("type", "no.Such"), ("type", "x"), ("fields", "garbage("), ("order", "nope")):
    case(f"/api/v2/pages/?{name}={value}")
case("/api/v2/pages/?locale=zz")
case("/api/v3/pages/?type=no.Such", 422)
case("/api/v3/pages/?locale=zz", 404)
case("/api/v3/pages/?order=random&offset=1", 400, 422)

# Paths that match no route: ids that are not numbers or do not exist. JSON, not HTML.
for prefix in ("/api/v2/pages/", "/api/v2/images/", "/api/v2/documents/", "/api/v2/topics/"):
    for segment in ("abc", "+1", "1.0", "-1", NUL, HUGE):
        case(f"{prefix}{segment}/", 404)
for prefix in ("/api/v3/pages/", "/api/v3/images/", "/api/v3/documents/"):
    for segment in ("abc", "+1", "1.0", "-1", NUL, HUGE, BIGINT):
        case(f"{prefix}{segment}/", 404, 422)
case("/api/v2/no-such-endpoint/", 404)
case("/api/v3/no-such-endpoint/", 404)


class Fixture:
    def __init__(self, site: Site, token: str) -> None:
        self.site = site
        self.token = token


def build() -> Fixture:
    home_en, home_fr = bilingual_home()
    site = build_site(home_en, home_fr, Locale.objects.get(language_code="fr"))
    get_document_model().objects.create(
        title="Report", file=ContentFile(BytesIO(b"%PDF-1.4 report").read(), name="report.pdf")
    )
    sync_roles()
    editor = User.objects.create_user("bad-input-editor", "e@example.org", "x")
    editor.groups.add(Group.objects.get(name=EDITORS))
    return Fixture(site, APIToken.create_token(user=editor, name="front end")[1])


@pytest.fixture(scope="module")
def shared(django_db_setup, django_db_blocker) -> Iterator[Fixture]:
    yield from rolled_back(django_db_blocker, build)


@pytest.fixture
def data(shared, db, settings) -> Iterator[Fixture]:
    settings.ALLOWED_HOSTS = ["*"]
    clear_caches()
    yield copy.deepcopy(shared)
    clear_caches()


def headers(data: Fixture, who: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {data.token}"} if who == "editor" else {}


def message_of(response) -> str:
    body = response.json()
    return body.get("message") or body.get("detail") or ""


@pytest.mark.parametrize("who", ["anonymous", "editor"])
@pytest.mark.parametrize(("url", "statuses"), CASES, ids=[url for url, _ in CASES])
def test_bad_input_is_a_4xx_with_a_json_message(data, who, url, statuses):
    client = Client(raise_request_exception=False)
    response = client.get(url, **headers(data, who))
    assert response.status_code in statuses, (url, response.status_code, response.content[:300])
    assert response["Content-Type"] in ("application/json", "application/problem+json"), url
    assert message_of(response), (url, response.content[:300])


@pytest.mark.parametrize("who", ["anonymous", "editor"])
def test_good_input_next_to_the_bad_still_works(data, who):
    """The bounds are not off by one, and quotes and operators only drop out of a search."""
    client = Client()
    for url in (
        # Page listings stop offsets at API_OFFSET_WINDOW (10,000; the cursor goes further).
        "/api/v2/pages/?offset=9999",
        "/api/v3/pages/?offset=9999&limit=100",
        "/api/v2/images/?offset=2147483647",
        f"/api/v2/pages/?child_of={data.site.news_en.pk}",
        "/api/v2/pages/?child_of=root",
        f"/api/v2/images/?search={QUOTE}",
        f"/api/v2/documents/?search=report{QUOTE}",
        f"/api/v3/pages/?search={QUOTE}",
        "/api/v3/pages/?search=AND OR NOT (",
        f"/api/v3/images/?search={QUOTE}delegation",
    ):
        response = client.get(url, **headers(data, who))
        assert response.status_code == 200, (url, response.status_code, response.content[:300])
    found = client.get(f"/api/v2/documents/?search=report{QUOTE}").json()["items"]
    assert [item["title"] for item in found] == ["Report"]
    found = client.get(f"/api/v2/pages/find/?id={data.site.report.pk}")
    assert found.status_code == 302


def test_messages_name_the_parameter_in_the_clients_language(data):
    client = Client()
    english = client.get(f"/api/v2/pages/?offset={HUGE}").json()["message"]
    assert english.startswith("offset:"), english
    french = client.get(f"/api/v2/pages/?offset={HUGE}", HTTP_ACCEPT_LANGUAGE="fr").json()
    assert french["message"].startswith("offset :") or "offset" in french["message"]
    assert french["message"] != english
    nul = client.get(f"/api/v3/pages/?search={NUL}", HTTP_ACCEPT_LANGUAGE="fr").json()
    assert "search" in nul["detail"] and "nul" in nul["detail"].lower(), nul
    missing = client.get("/api/v2/pages/abc/", HTTP_ACCEPT_LANGUAGE="fr").json()
    assert missing["message"] != "Not found.", missing
