"""API v3: OpenAPI document, offline docs, public reads, tokens and the four-eyes rule."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import Group, User
from wagtail.models import APIToken, Page, get_page_models

from articles.models import ArticleRelatedPage
from cms.workflow.roles import EDITORS, REVIEWERS, sync_roles
from tests.cms.api.conftest import make_image

pytestmark = pytest.mark.django_db


def token_for(role: str | None) -> str:
    if role == "admin":
        user = User.objects.create_superuser("api-admin", "a@example.org", "x")
    else:
        sync_roles()
        user = User.objects.create_user(f"api-{role}", f"{role}@example.org", "x")
        user.groups.add(Group.objects.get(name=role))
    return APIToken.create_token(user=user, name="front end")[1]


def bearer(token: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def test_openapi_document_describes_our_page_types_with_real_types(client, site):
    schema = client.get("/api/v3/openapi.json").json()
    assert schema["openapi"].startswith("3.1")
    components = schema["components"]["schemas"]
    report = components["SeminarReportPageSchema"]["properties"]
    assert report["start_date"]["anyOf"][0] == {"format": "date", "type": "string"}
    assert report["attendee_count"]["anyOf"][0]["type"] == "integer"
    assert "articles.SeminarReportPage" in str(components["SeminarReportPageMetaSchema"])


def test_docs_page_loads_nothing_from_a_cdn(client, site):
    response = client.get("/api/v3/docs/")
    assert response.status_code == 200
    assets = re.findall(r'(?:src|href)="([^"]+)"', response.content.decode())
    assert assets and all(url.startswith("/static/") for url in assets), assets


def test_public_read_of_live_pages_only(client, site):
    items = client.get("/api/v3/pages/?limit=100").json()["items"]
    found = {item["id"] for item in items}
    assert site.report.pk in found and site.draft.pk not in found
    detail = client.get(f"/api/v3/pages/{site.report.pk}/").json()
    assert detail["meta"]["locale"] == "en"
    assert detail["country_code"] == "LT"
    assert client.get(f"/api/v3/pages/{site.draft.pk}/").status_code == 404
    french = client.get("/api/v3/pages/?locale=fr&limit=100").json()["items"]
    assert {item["meta"]["locale"] for item in french} == {"fr"}


def test_drafts_need_a_token(client, site):
    site.report.title = "Draft title"
    site.report.save_revision()
    anonymous = client.get(f"/api/v3/pages/{site.report.pk}/?version=draft").json()
    assert anonymous["title"] == "Seminar in Lithuania"
    forged = client.get(
        f"/api/v3/pages/{site.report.pk}/?version=draft", **bearer("wagtail_forged_token")
    )
    assert forged.status_code in (401, 404) or forged.json()["title"] == "Seminar in Lithuania"
    editor = token_for(EDITORS)
    draft = client.get(f"/api/v3/pages/{site.report.pk}/?version=draft", **bearer(editor))
    assert draft.json()["title"] == "Draft title"


def test_anonymous_cannot_write(client, site):
    response = client.post(
        f"/api/v3/pages/{site.draft.pk}/actions/publish/", content_type="application/json"
    )
    assert response.status_code == 401
    assert not Page.objects.get(pk=site.draft.pk).live


@pytest.mark.parametrize("role", [EDITORS, REVIEWERS])
def test_editor_and_reviewer_tokens_cannot_publish(client, site, role):
    token = token_for(role)
    response = client.post(
        f"/api/v3/pages/{site.draft.pk}/actions/publish/",
        content_type="application/json",
        **bearer(token),
    )
    assert response.status_code == 403
    assert not Page.objects.get(pk=site.draft.pk).live


@pytest.mark.parametrize("role", [EDITORS, REVIEWERS])
def test_no_publish_on_save_and_no_live_copy_for_non_admins(client, site, role):
    token = token_for(role)
    response = client.patch(
        f"/api/v3/pages/{site.draft.pk}/",
        data={"title": "Published by the back door", "meta": {"action": "publish"}},
        content_type="application/json",
        **bearer(token),
    )
    assert response.status_code == 403
    copy = client.post(
        f"/api/v3/pages/{site.report.pk}/actions/copy/",
        data={"slug": "copied-live"},
        content_type="application/json",
        **bearer(token),
    )
    assert copy.status_code == 403
    assert not Page.objects.filter(slug="copied-live").exists()
    assert not Page.objects.filter(title="Published by the back door").exists()


def test_editor_token_may_save_a_draft(client, site):
    token = token_for(EDITORS)
    response = client.patch(
        f"/api/v3/pages/{site.draft.pk}/",
        data={"title": "Improved draft"},
        content_type="application/json",
        **bearer(token),
    )
    assert response.status_code == 200, response.content
    page = Page.objects.get(pk=site.draft.pk)
    assert not page.live
    assert page.get_latest_revision_as_object().title == "Improved draft"


def test_administrator_token_publishes(client, site):
    response = client.post(
        f"/api/v3/pages/{site.draft.pk}/actions/publish/",
        content_type="application/json",
        **bearer(token_for("admin")),
    )
    assert response.status_code == 200, response.content
    assert Page.objects.get(pk=site.draft.pk).live


def test_revoked_token_is_refused(client, site):
    sync_roles()
    user = User.objects.create_superuser("revoked", "r@example.org", "x")
    token, plaintext = APIToken.create_token(user=user, name="old")
    token.revoke()
    response = client.post(
        f"/api/v3/pages/{site.draft.pk}/actions/publish/",
        content_type="application/json",
        **bearer(plaintext),
    )
    assert response.status_code == 401
    assert not Page.objects.get(pk=site.draft.pk).live


def test_bad_parameters_are_400_or_422_json(client, site):
    for query in ("limit=abc", "limit=1000", "offset=-1", "type=no.Such", "child_of=abc"):
        response = client.get(f"/api/v3/pages/?{query}")
        assert response.status_code in (400, 422), query
        assert response["Content-Type"].endswith("json")


def test_pages_carry_translations_and_alias_flag(client, site):
    """Same data as API v2: the live translations, and whether the page is translated."""
    detail = client.get(f"/api/v3/pages/{site.report.pk}/").json()
    assert detail["meta"]["translations"] == [
        {
            "id": site.report_fr.pk,
            "locale": "fr",
            "title": "Séminaire en Lituanie",
            "url": "http://testserver/fr/actualites/seminaire-lituanie/",
        }
    ]
    assert detail["meta"]["is_translation_of_source"] is True
    french = client.get("/api/v3/pages/?locale=fr&limit=100").json()["items"]
    by_id = {item["id"]: item["meta"] for item in french}
    assert by_id[site.alias_fr.pk]["is_translation_of_source"] is False
    assert by_id[site.report_fr.pk]["is_translation_of_source"] is True
    assert [t["locale"] for t in by_id[site.report_fr.pk]["translations"]] == ["en"]
    v2 = client.get(f"/api/v2/pages/{site.report.pk}/").json()["meta"]["translations"]
    assert v2 == detail["meta"]["translations"]


def test_images_and_linked_pages_are_objects_not_ids(client, site):
    detail = client.get(f"/api/v3/pages/{site.report.pk}/").json()
    image = detail["listing_image"]
    assert image["alt"] == "The delegation in front of the community centre"
    assert image["caption"] == "Veldhoven delegation" and image["credit"] == "CoE"
    assert image["renditions"]["thumbnail_webp"]["url"].endswith(".webp")
    assert image["renditions"]["thumbnail"]["width"] == 400
    participant = detail["participant_links"][0]["participant"]
    assert participant["title"] == "Veldhoven" and participant["locale"] == "en"
    assert participant["type"] == "participants.ParticipantPage"


def test_linked_draft_is_hidden(client, site):
    ArticleRelatedPage.objects.create(page=site.article, related_page=site.draft)
    site.article.save_revision().publish()
    links = client.get(f"/api/v3/pages/{site.article.pk}/").json()["related_page_links"]
    assert [link["related_page"] for link in links if link["related_page"]] == [
        {
            "id": site.report.pk,
            "type": "articles.SeminarReportPage",
            "title": "Seminar in Lithuania",
            "url": "http://testserver/en/news/lithuania-seminar/",
            "locale": "en",
        }
    ]
    assert "Secret draft" not in str(links)


def test_schema_types_images_streamfield_and_translations(client, site):
    components = client.get("/api/v3/openapi.json").json()["components"]["schemas"]
    article = components["ArticlePageSchema"]["properties"]
    image = article["listing_image"]["anyOf"][0]
    image = components[image["$ref"].rsplit("/", 1)[1]] if "$ref" in image else image
    assert {"alt", "caption", "credit", "renditions", "width", "height"} <= set(image["properties"])
    body_items = article["body"]["items"]
    kinds = {ref["$ref"].rsplit("/", 1)[1] for ref in body_items["oneOf"]}
    assert "PageStreamBlockParagraph" in kinds or any(k.endswith("Paragraph") for k in kinds)
    heading = next(components[k] for k in kinds if k.endswith("Heading"))
    assert heading["properties"]["type"]["const"] == "heading"
    value_ref = heading["properties"]["value"]["$ref"].rsplit("/", 1)[1]
    assert components[value_ref]["properties"]["text"]["type"] == "string"
    meta = components["ArticlePageMetaSchema"]["properties"]
    assert meta["is_translation_of_source"]["type"] == "boolean"
    assert meta["translations"]["type"] == "array"


def _untyped(components: dict, node: object, path: str, seen: frozenset) -> list[str]:
    """Paths under ``node`` whose schema accepts anything (``{}``, ``true``, an array
    without items, an object without properties)."""
    if node is True or node == {}:
        return [path]
    if not isinstance(node, dict):
        return []
    if "$ref" in node:
        name = node["$ref"].rsplit("/", 1)[1]
        return [] if name in seen else _untyped(components, components[name], path, seen | {name})
    if not set(node) - {"title", "description", "default", "x-rich-text-features"}:
        return [path]
    found = []
    if node.get("type") == "array" and "items" not in node:
        found.append(path)
    if node.get("type") == "object" and not {"properties", "additionalProperties"} & set(node):
        found.append(path)
    for name, child in node.get("properties", {}).items():
        found += _untyped(components, child, f"{path}.{name}", seen)
    for key in ("anyOf", "oneOf", "allOf"):
        for child in node.get(key, []):
            found += _untyped(components, child, path, seen)
    for key in ("items", "additionalProperties"):
        if key in node:
            found += _untyped(components, node[key], f"{path}[]", seen)
    return found


def test_no_field_of_our_page_types_is_untyped_in_the_openapi_document(client, site):
    """Every field, nested object and StreamField block of every page type of ours has a
    real type: a generated front-end client gets no ``any``."""

    components = client.get("/api/v3/openapi.json").json()["components"]["schemas"]
    apps = {"home", "articles", "participants"}
    ours = [m for m in get_page_models() if m._meta.app_label in apps]
    assert {m.__name__ for m in ours} >= {
        "HomePage",
        "StandardPage",
        "ArticleIndexPage",
        "ArticlePage",
        "SeminarReportPage",
        "ParticipantIndexPage",
        "ParticipantPage",
        "JoinPage",
    }
    untyped = []
    for model in ours:
        name = f"{model.__name__}Schema"
        untyped += _untyped(components, components[name], name, frozenset({name}))
    assert untyped == []
    report = components["SeminarReportPageSchema"]["properties"]
    assert report["country_code"]["type"] == "string"
    assert report["topic_list"]["items"]["$ref"].endswith("/TopicDict")
    participant = components["ParticipantPageSchema"]["properties"]
    assert participant["public_contact_email"]["type"] == "string"


def test_schema_types_chosen_images_and_pages_in_blocks_as_objects(client, site):
    components = client.get("/api/v3/openapi.json").json()["components"]["schemas"]
    image_block = components["CaptionedImageBlockValue"]["properties"]["image"]["anyOf"]
    assert {"$ref": "#/components/schemas/ImageDict"} in image_block
    assert {"type": "null"} in image_block  # a deleted image
    page = components["CallToActionBlockValue"]["properties"]["page"]["anyOf"]
    assert {"$ref": "#/components/schemas/PageRefDict"} in page
    document = components["DocumentLinkBlockValue"]["properties"]["document"]["anyOf"]
    assert {"$ref": "#/components/schemas/DocumentRefDict"} in document
    assert {"type": "null"} in document  # deleted, or in a private collection
    note = components["PageStreamBlockStreamTerminologyNote"]["properties"]["value"]["anyOf"]
    assert {"$ref": "#/components/schemas/TerminologyNoteDict"} in note


def test_streamfield_images_and_pages_are_the_objects_of_api_v2(client, site):
    photo, removed = make_image("Body photo"), make_image("Removed later")
    cta = {"title": "Read", "text": "", "url": "", "button_label": "Go"}
    article = site.article
    article.listing_image = photo
    article.body = [
        ("image", {"image": photo, "caption": ""}),
        ("image", {"image": removed, "caption": ""}),
        ("call_to_action", {**cta, "page": site.report}),
        ("call_to_action", {**cta, "page": site.draft}),
    ]
    article.save_revision().publish()
    removed.delete()

    response = client.get(f"/api/v3/pages/{article.pk}/")
    assert response.status_code == 200, response.content  # a deleted image does not break it
    body = [block["value"] for block in response.json()["body"]]
    v2 = client.get(f"/api/v2/pages/{article.pk}/").json()
    assert body[0]["image"] == v2["listing_image"]
    assert body[0]["image"]["alt"] == "The delegation in front of the community centre"
    assert body[0]["image"]["renditions"]["medium_webp"]["url"].endswith(".webp")
    assert body[1]["image"] is None
    assert body[2]["page"] == {
        "id": site.report.pk,
        "type": "articles.SeminarReportPage",
        "title": "Seminar in Lithuania",
        "url": "http://testserver/en/news/lithuania-seminar/",
        "locale": "en",
    }
    assert body[3]["page"] is None  # the draft stays hidden
    assert "Secret draft" not in response.content.decode()


def test_gallery_images_and_topics_match_api_v2(client, site):
    report = site.report
    report.gallery = [("image", {"image": make_image("Visit"), "caption": "The school"})]
    report.save_revision().publish()
    v3 = client.get(f"/api/v3/pages/{report.pk}/").json()
    v2 = client.get(f"/api/v2/pages/{report.pk}/").json()
    image = v3["gallery"][0]["value"]["image"]
    assert image["title"] == "Visit" and image["renditions"]["thumbnail"]["width"] == 400
    assert v3["gallery"][0]["value"]["caption"] == "The school"
    assert (
        v3["topic_list"]
        == v2["topic_list"]
        == [{"id": site.topic.pk, "name": "Housing", "slug": "housing"}]
    )
    french = client.get(f"/api/v3/pages/{site.report_fr.pk}/").json()["topic_list"]
    assert [topic["name"] for topic in french] == ["Logement"]
