"""Issue #15, items 5 and 6: what visitors read is reviewed; private media is private.

5. An image or document used by live content is locked for everyone but
   administrators, on every path: admin edit and delete, bulk delete, the
   multiple-upload edit and delete forms, and API v3 PATCH/PUT/DELETE
   (cms/workflow/media_policy.py). Items that no live content uses stay editable, so
   Editors still work with the library.
6. Private files are never served by a public file URL: /media/ serves renditions
   only; documents go through Wagtail's permission-checked serve view.
"""

from __future__ import annotations

from io import BytesIO

import pytest
from django.contrib.auth.models import Group, User
from django.contrib.messages import get_messages
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.test import Client
from django.urls import reverse
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import APIToken, Collection, CollectionViewRestriction, ReferenceIndex
from wagtail.permissions import policy_registry
from wagtail.users.models import UserProfile

from cms.workflow.media_policy import ReviewedMediaPermissionPolicy
from cms.workflow.roles import EDITORS, REVIEWERS, sync_roles
from tests.cms.workflow.admin_actions import client_for, refused
from tests.home.factories import StandardPageFactory, TerminologyNoteFactory

pytestmark = pytest.mark.django_db

Image = get_image_model()
Document = get_document_model()
CAPTION = "Veldhoven delegation"
TITLE = "Board minutes"


def make_image(title: str = "Delegation") -> Image:
    buffer = BytesIO()
    PILImage.new("RGB", (400, 300), (40, 90, 140)).save(buffer, "PNG")
    return Image.objects.create(
        title=title,
        caption=CAPTION,
        credit="CoE",
        description="The delegation",
        file=ImageFile(BytesIO(buffer.getvalue()), name="delegation.png"),
    )


def make_document(title: str = TITLE, collection: Collection | None = None) -> Document:
    document = Document(title=title, file=ContentFile(b"secret minutes", name="minutes.txt"))
    if collection is not None:
        document.collection = collection
    document.save()
    return document


def page_using(home, *, image=None, document=None, rich_text: str = "", live: bool = True):
    body = []
    if image is not None:
        body.append({"type": "image", "value": {"image": image.pk, "caption": ""}})
    if document is not None:
        body.append({"type": "document", "value": {"document": document.pk, "title": ""}})
    if rich_text:
        body.append({"type": "paragraph", "value": rich_text})
    page = StandardPageFactory(parent=home, body=body, live=live)
    if live:
        page.save_revision().publish()
    return page


@pytest.fixture
def used(home_en):
    """An image and a document that a live page shows."""
    image, document = make_image(), make_document()
    page_using(home_en, image=image, document=document)
    return image, document


def api_token(role: str) -> str:
    if role == "admin":
        user = User.objects.create_superuser("api-admin", "a@example.org", "x")
    else:
        sync_roles()
        user = User.objects.create_user(f"api-{role}", f"{role}@example.org", "x")
        user.groups.add(Group.objects.get(name=role))
    return APIToken.create_token(user=user, name="front end")[1]


def api(method: str, path: str, token: str, language: str = "en", **data):
    client = Client(HTTP_AUTHORIZATION=f"Bearer {token}", HTTP_ACCEPT_LANGUAGE=language)
    return getattr(client, method)(path, data=data, content_type="application/json")


def refusal_shown(response, client: Client) -> str:
    """The admin's explanation of a refusal, as the user reads it after the redirect."""
    assert refused(response), response.status_code
    return " ".join(str(message) for message in get_messages(response.wsgi_request))


# --- the policy every path asks -------------------------------------------------------


def test_every_path_gets_the_usage_aware_policy():
    for model in (Image, Document):
        assert isinstance(policy_registry.get_by_type(model), ReviewedMediaPermissionPolicy)


# --- admin ------------------------------------------------------------------------


def test_editor_cannot_change_a_used_image_in_the_admin(used, editor):
    image, _ = used
    client = client_for(editor)
    url = reverse("wagtailimages:edit", args=(image.pk,))
    assert refused(client.get(url))
    response = client.post(url, {"title": "Hacked", "caption": "Hacked caption", "credit": "x"})
    message = refusal_shown(response, client)
    assert "only an administrator" in message and image.title in message
    image.refresh_from_db()
    assert image.caption == CAPTION


def test_refusal_is_explained_in_french(used, editor):
    image, _ = used
    UserProfile.get_for_user(editor).__class__.objects.filter(user=editor).update(
        preferred_language="fr"
    )
    client = client_for(editor)
    response = client.get(reverse("wagtailimages:edit", args=(image.pk,)))
    assert "seul un administrateur" in refusal_shown(response, client)


def test_reviewers_and_translators_are_locked_out_too(used, reviewer, translator_fr):
    image, document = used
    for user in (reviewer, translator_fr):
        client = client_for(user)
        edit = client.post(reverse("wagtailimages:edit", args=(image.pk,)), {"title": "x"})
        assert refused(edit)
        assert refused(client.post(reverse("wagtaildocs:delete", args=(document.pk,))))
    image.refresh_from_db()
    assert image.title == "Delegation" and Document.objects.filter(pk=document.pk).exists()


def test_editor_cannot_delete_a_used_image_or_document(used, editor):
    image, document = used
    client = client_for(editor)
    assert refused(client.post(reverse("wagtailimages:delete", args=(image.pk,))))
    assert refused(client.post(reverse("wagtaildocs:delete", args=(document.pk,))))
    assert Image.objects.filter(pk=image.pk).exists()
    assert Document.objects.filter(pk=document.pk).exists()


def test_editor_cannot_change_a_used_document_in_the_admin(used, editor):
    _, document = used
    client = client_for(editor)
    url = reverse("wagtaildocs:edit", args=(document.pk,))
    assert refused(client.get(url))
    replacement = ContentFile(b"forged minutes", name="minutes.txt")
    assert refused(client.post(url, {"title": "Forged", "file": replacement}))
    document.refresh_from_db()
    assert document.title == TITLE
    with document.file.open() as handle:
        assert handle.read() == b"secret minutes"


@pytest.mark.parametrize(
    ("app", "model_name"), [("cms", "customimage"), ("wagtaildocs", "document")]
)
def test_bulk_delete_leaves_used_items(used, editor, app, model_name):
    image, document = used
    item = image if app == "cms" else document
    url = reverse("wagtail_bulk_action", args=(app, model_name, "delete"))
    client = client_for(editor)
    response = client.post(f"{url}?id={item.pk}&next=/admin/")
    assert response.status_code == 302
    assert type(item).objects.filter(pk=item.pk).exists()
    assert "only an administrator" in refusal_shown_any(response)


def refusal_shown_any(response) -> str:
    return " ".join(str(message) for message in get_messages(response.wsgi_request))


def test_multiple_upload_forms_cannot_change_or_delete_used_items(used, editor):
    image, document = used
    client = client_for(editor)
    edit = client.post(
        reverse("wagtailimages:edit_multiple", args=(image.pk,)),
        {f"image-{image.pk}-title": "Hacked", f"image-{image.pk}-caption": "Hacked"},
        HTTP_X_REQUESTED_WITH="XMLHttpRequest",
    )
    assert edit.status_code == 403
    edit = client.post(
        reverse("wagtaildocs:edit_multiple", args=(document.pk,)),
        {f"doc-{document.pk}-title": "Forged"},
        HTTP_X_REQUESTED_WITH="XMLHttpRequest",
    )
    assert edit.status_code == 403
    for name, item in (("wagtailimages", image), ("wagtaildocs", document)):
        response = client.post(
            reverse(f"{name}:delete_multiple", args=(item.pk,)),
            HTTP_X_REQUESTED_WITH="XMLHttpRequest",
        )
        assert response.status_code == 403
    image.refresh_from_db()
    document.refresh_from_db()
    assert (image.title, image.caption, document.title) == ("Delegation", CAPTION, TITLE)


def edit_caption(client: Client, image, caption: str):
    return client.post(
        reverse("wagtailimages:edit", args=(image.pk,)),
        {"title": image.title, "caption": caption, "credit": "CoE", "collection": 1},
    )


def test_the_lock_starts_when_a_page_goes_live_and_spares_administrators(
    home_en, editor, administrator
):
    image, unused = make_image(), make_image("Spare")
    draft = page_using(home_en, image=image, live=False)
    client = client_for(editor)
    for item in (image, unused):  # a draft's image and an unused one stay editable
        response = edit_caption(client, item, "New caption")
        assert response.status_code == 302 and not refused(response)
        item.refresh_from_db()
        assert item.caption == "New caption"

    draft.save_revision().publish()
    assert refused(edit_caption(client, image, "Changed after review"))
    response = edit_caption(client_for(administrator), image, "Corrected")
    assert response.status_code == 302 and not refused(response)
    image.refresh_from_db()
    assert image.caption == "Corrected"


def test_rich_text_use_on_a_live_page_locks_too(home_en, editor):
    image, document = make_image(), make_document()
    page = page_using(
        home_en,
        rich_text=(
            f'<p><a linktype="document" id="{document.pk}">minutes</a></p>'
            f'<embed embedtype="image" id="{image.pk}" format="fullwidth" alt="x"/>'
        ),
    )
    for item in (image, document):  # the reference index records rich-text uses
        sources = {ref.object_id for ref in ReferenceIndex.get_references_to(item)}
        assert str(page.pk) in sources
    client = client_for(editor)
    assert refused(client.post(reverse("wagtailimages:delete", args=(image.pk,))))
    assert refused(client.post(reverse("wagtaildocs:delete", args=(document.pk,))))


def test_a_live_snippet_locks_a_document_and_a_draft_one_does_not(locales, editor):
    used_by_live, used_by_draft = make_document("Glossary"), make_document("Draft glossary")
    for document, live in ((used_by_live, True), (used_by_draft, False)):
        link = f'<p>See <a linktype="document" id="{document.pk}">the glossary</a>.</p>'
        TerminologyNoteFactory(text=link, live=live)
    client = client_for(editor)
    assert refused(client.post(reverse("wagtaildocs:delete", args=(used_by_live.pk,))))
    assert Document.objects.filter(pk=used_by_live.pk).exists()
    response = client.post(reverse("wagtaildocs:delete", args=(used_by_draft.pk,)))
    assert not refused(response)
    assert not Document.objects.filter(pk=used_by_draft.pk).exists()


# --- API v3 -----------------------------------------------------------------------


@pytest.mark.parametrize("role", [EDITORS, REVIEWERS])
def test_api_v3_cannot_change_or_delete_used_images_and_documents(used, role):
    image, document = used
    token = api_token(role)
    patch = api("patch", f"/api/v3/images/{image.pk}/", token, caption="Hacked")
    assert patch.status_code == 403
    assert api("put", f"/api/v3/images/{image.pk}/", token, caption="x").status_code in (
        403,
        405,
    )
    assert api("delete", f"/api/v3/images/{image.pk}/", token).status_code == 403
    assert api("patch", f"/api/v3/documents/{document.pk}/", token, title="x").status_code == 403
    assert api("delete", f"/api/v3/documents/{document.pk}/", token).status_code == 403
    image.refresh_from_db()
    document.refresh_from_db()
    assert (image.caption, document.title) == (CAPTION, TITLE)


def test_api_v3_refusal_is_explained_in_the_readers_language(used):
    image, document = used
    token = api_token(EDITORS)
    response = api("patch", f"/api/v3/images/{image.pk}/", token, caption="Hacked")
    assert response.status_code == 403
    assert response["Content-Type"] == "application/problem+json"
    assert "only an administrator" in response.json()["detail"]
    response = api("delete", f"/api/v3/documents/{document.pk}/", token, "fr")
    assert response.status_code == 403
    assert "seul un administrateur" in response.json()["detail"]


def test_api_v3_editor_may_change_an_unused_image_and_admin_a_used_one(used):
    image, _ = used
    spare = make_image("Spare")
    editor = api_token(EDITORS)
    assert api("patch", f"/api/v3/images/{image.pk}/", editor, caption="x").status_code == 403
    response = api("patch", f"/api/v3/images/{spare.pk}/", editor, caption="New")
    assert response.status_code == 200, response.content
    response = api("patch", f"/api/v3/images/{image.pk}/", api_token("admin"), caption="Fixed")
    assert response.status_code == 200, response.content
    spare.refresh_from_db()
    image.refresh_from_db()
    assert (spare.caption, image.caption) == ("New", "Fixed")


# --- private media ----------------------------------------------------------------


@pytest.fixture
def private_document():
    root = Collection.get_first_root_node()
    board = root.add_child(name="Board")
    CollectionViewRestriction.objects.create(
        collection=board, restriction_type=CollectionViewRestriction.LOGIN
    )
    return make_document("Secret board minutes", collection=board)


def test_private_document_is_served_only_through_the_permission_checked_view(
    client, private_document, editor
):
    assert private_document.file.name.startswith("documents/")
    assert client.get(f"/media/{private_document.file.name}").status_code == 404
    assert client_for(editor).get(f"/media/{private_document.file.name}").status_code == 404
    public = make_document("Public report")
    assert client.get(f"/media/{public.file.name}").status_code == 404

    url = private_document.url
    assert url.startswith("/documents/")
    anonymous = client.get(url)
    assert anonymous.status_code == 302 and "login" in anonymous["Location"]
    allowed = client_for(editor).get(url)
    assert allowed.status_code == 200
    assert b"".join(allowed.streaming_content) == b"secret minutes"


def test_original_images_are_not_served_but_renditions_are(client):
    image = make_image()
    rendition = image.get_rendition("max-160x160")
    assert image.file.name.startswith("original_images/")
    assert client.get(f"/media/{image.file.name}").status_code == 404
    assert client.get(f"/media/../media/{image.file.name}").status_code == 404
    served = client.get(rendition.url)
    assert served.status_code == 200
    assert b"".join(served.streaming_content)


def test_documents_are_streamed_by_the_view_not_redirected(settings):
    assert settings.WAGTAILDOCS_SERVE_METHOD == "serve_view"


def test_editor_cannot_move_a_private_document_into_a_public_collection(private_document, editor):
    """Moving an item out of a private collection publishes it: administrators only."""
    root = Collection.get_first_root_node()
    client = client_for(editor)
    url = reverse("wagtaildocs:edit", args=(private_document.pk,))
    response = client.post(url, {"title": "Minutes", "collection": root.pk})
    assert "private collection" in refusal_shown(response, client)
    token = api_token(EDITORS)
    moved = api("patch", f"/api/v3/documents/{private_document.pk}/", token, collection=root.pk)
    assert moved.status_code in (403, 422), moved.content
    private_document.refresh_from_db()
    assert private_document.collection.name == "Board"
    assert Client().get(private_document.url).status_code == 302


def test_administrator_may_move_a_private_document(private_document, admin_user):
    root = Collection.get_first_root_node()
    url = reverse("wagtaildocs:edit", args=(private_document.pk,))
    client_for(admin_user).post(url, {"title": "Minutes", "collection": root.pk})
    private_document.refresh_from_db()
    assert private_document.collection_id == root.pk


def test_every_role_gets_the_library_permissions_wagtail_reads(editor, reviewer, translator_fr):
    """Wagtail reads image permissions on wagtailimages.Image: granted on our CustomImage
    they were never seen, and Reviewers could neither upload nor choose an image."""
    sync_roles()
    images = policy_registry.get_by_type(Image)
    documents = policy_registry.get_by_type(Document)
    for user in (editor, reviewer):
        user = User.objects.get(pk=user.pk)
        assert images.user_has_permission(user, "add"), user.username
        assert images.user_has_permission(user, "choose"), user.username
        assert documents.user_has_permission(user, "add"), user.username
    translator = User.objects.get(pk=translator_fr.pk)
    assert images.user_has_permission(translator, "choose")
    assert not images.user_has_permission(translator, "add")
    response = client_for(reviewer).get(reverse("wagtailimages:add_multiple"))
    assert response.status_code == 200
