"""A contributor reaches the admin for their own participant and nothing else: every
refusal asserted through the real admin, API v2 and API v3 (with their own token).

The rule lives in one place, the participant's group "Contributors: <slug>" read by
Wagtail's permission policies; these tests go through the paths a curious or careless
contributor (or a thief of their password) would take."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from io import BytesIO

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.test import Client
from django.urls import reverse
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import APIToken, Collection, Locale, Page, Site
from wagtail.test.utils.form_data import rich_text, streamfield

from participants.contributors import collection_for, contributor_for, invite_contributor
from participants.models import ParticipantPage
from tests.cms.workflow.admin_actions import client_for, create_page, edit_page, refused
from tests.conftest import user_in
from tests.participants.factories import (
    MembershipApplicationFactory,
    ParticipantIndexPageFactory,
    ParticipantPageFactory,
)
from tests.shared_data import rolled_back

pytestmark = pytest.mark.django_db

Image = get_image_model()
Document = get_document_model()

# Words that only someone outside the contributor's participant may read.
SECRETS = (
    "Trakai secret draft",
    "Applicant Town",
    "Trakai photo",
    "Library photo",
    "Board minutes",
    "staff-only@example.org",
)


def make_image(title: str, collection: Collection) -> Image:
    buffer = BytesIO()
    PILImage.new("RGB", (40, 30), (40, 90, 140)).save(buffer, "PNG")
    return Image.objects.create(
        title=title,
        collection=collection,
        file=ImageFile(BytesIO(buffer.getvalue()), name="photo.png"),
    )


@dataclass
class World:
    own: ParticipantPage
    other: ParticipantPage
    contributor_user: object
    own_image: object
    other_image: object
    library_image: object
    document: object


def build_world() -> World:
    """Two participants with a contributor each, a draft and media of every kind, and an
    editor's address and an application that only staff may read."""
    for code, _name in settings.LANGUAGES:
        Locale.objects.get_or_create(language_code=code)
    home_en = Site.objects.get(is_default_site=True).root_page.specific
    index = ParticipantIndexPageFactory(parent=home_en)
    editor = user_in("edith-editor", "Editors")
    own = ParticipantPageFactory(parent=index, title="Veldhoven", slug="veldhoven", country="NL")
    own.save_revision().publish()
    other = ParticipantPageFactory(parent=index, title="Trakai", slug="trakai", country="LT")
    other.save_revision().publish()
    other.official_name = "Trakai secret draft"
    other.save_revision(user=editor)
    contributor, _url = invite_contributor(own, "anke@example.nl", "nl")
    invite_contributor(other, "ona@trakai.lt", "lt")
    editor.email = "staff-only@example.org"
    editor.save()
    MembershipApplicationFactory(authority_name="Applicant Town")
    root = Collection.get_first_root_node()
    return World(
        own=own,
        other=other,
        contributor_user=contributor.user,
        own_image=make_image("Veldhoven photo", collection_for(own)),
        other_image=make_image("Trakai photo", collection_for(other)),
        library_image=make_image("Library photo", root),
        document=Document.objects.create(
            title="Board minutes", file=ContentFile(b"minutes", name="minutes.txt")
        ),
    )


@pytest.fixture(scope="module")
def shared_world(django_db_setup, django_db_blocker) -> Iterator[World]:
    """Built once for the module's 47 tests (it was built for each: about 0.4 s apiece
    on PostgreSQL) inside a transaction rolled back when the module ends; each test's own
    transaction is rolled back after it, so every test starts from this same world
    (tests/shared_data.py, `rolled_back`)."""
    yield from rolled_back(django_db_blocker, build_world)


@pytest.fixture
def world(shared_world: World) -> World:
    """The shared world's rows read afresh: what an earlier test did to the objects in
    memory (a refresh after its edit, since rolled back) is not carried over."""
    return World(
        own=ParticipantPage.objects.get(pk=shared_world.own.pk),
        other=ParticipantPage.objects.get(pk=shared_world.other.pk),
        contributor_user=type(shared_world.contributor_user).objects.get(
            pk=shared_world.contributor_user.pk
        ),
        own_image=Image.objects.get(pk=shared_world.own_image.pk),
        other_image=Image.objects.get(pk=shared_world.other_image.pk),
        library_image=Image.objects.get(pk=shared_world.library_image.pk),
        document=Document.objects.get(pk=shared_world.document.pk),
    )


@pytest.fixture
def client(world) -> Client:
    return client_for(world.contributor_user)


def token_for(user) -> dict:
    _token, plaintext = APIToken.create_token(user=user, name="contributor")
    return {"HTTP_AUTHORIZATION": f"Bearer {plaintext}"}


def draft_of(page: Page) -> Page:
    return Page.objects.get(pk=page.pk).get_latest_revision_as_object()


def shows_no_secret(response) -> bool:
    body = response.content.decode(errors="replace")
    return not any(secret in body for secret in SECRETS)


def test_the_contributor_is_not_staff_but_reaches_the_admin(world, client):
    user = world.contributor_user
    assert not user.is_staff and not user.is_superuser
    assert contributor_for(user).participant.pk == world.own.pk
    assert client.get(reverse("wagtailadmin_home")).status_code == 200
    # Their group is the only place their rights come from.
    assert list(user.groups.values_list("name", flat=True)) == ["Contributors: veldhoven"]
    assert not user.user_permissions.exists()


def test_the_contributor_edits_their_own_profile_and_submits_it(world, client):
    response = edit_page(client, world.own, official_name="Gemeente Veldhoven")
    assert response.status_code == 302
    latest = Page.objects.get(pk=world.own.pk).get_latest_revision_as_object()
    assert latest.official_name == "Gemeente Veldhoven"
    edit_page(client, world.own, action="submit", official_name="Gemeente Veldhoven")
    world.own.refresh_from_db()
    assert world.own.workflow_in_progress
    assert not ParticipantPage.objects.get(pk=world.own.pk).official_name  # not live yet


def test_the_contributor_cannot_publish_their_own_profile(world, client):
    edit_page(client, world.own, action="publish", official_name="Published by me")
    assert ParticipantPage.objects.get(pk=world.own.pk).official_name != "Published by me"
    response = Client().post(
        f"/api/v3/pages/{world.own.pk}/actions/publish/",
        content_type="application/json",
        **token_for(world.contributor_user),
    )
    assert response.status_code in (403, 404)
    unpublish = client.post(reverse("wagtailadmin_pages:unpublish", args=(world.own.pk,)))
    assert refused(unpublish)
    assert ParticipantPage.objects.get(pk=world.own.pk).live


def test_another_participants_page_and_draft_are_out_of_reach(world, client):
    other = world.other
    for name in ("edit", "view_draft", "history", "revisions_index", "delete", "copy", "move"):
        url = reverse(f"wagtailadmin_pages:{name}", args=(other.pk,))
        response = client.get(url)
        if response.status_code == 302 and not refused(response):
            response = client.get(response["Location"])  # revisions -> history
        assert refused(response) or response.status_code == 404, (name, response.status_code)
        assert shows_no_secret(response), name
    edit_page(client, other, official_name="Changed by Veldhoven")
    assert draft_of(other).official_name == "Trakai secret draft"
    # The explorer of the index and the admin's search list their own profile only.
    listing = client.get(
        reverse("wagtailadmin_explore", args=(other.get_parent().pk,)), follow=True
    )
    assert "Veldhoven" in listing.content.decode()
    assert f"/admin/pages/{other.pk}/" not in listing.content.decode()
    search = client.get(reverse("wagtailadmin_pages:search"), {"q": "Trakai"})
    assert f"/admin/pages/{other.pk}/" not in search.content.decode()
    # API v3 with their token: the other profile's draft is not found; their own is.
    token = token_for(world.contributor_user)
    other_draft = Client().get(f"/api/v3/pages/{other.pk}/?version=draft", **token)
    assert other_draft.status_code == 404 and shows_no_secret(other_draft)
    assert Client().get(f"/api/v3/pages/{world.own.pk}/?version=draft", **token).status_code == 200
    changed = Client().patch(
        f"/api/v3/pages/{other.pk}/",
        {"meta": {"type": "participants.ParticipantPage"}, "official_name": "Hacked"},
        content_type="application/json",
        **token,
    )
    assert changed.status_code in (403, 404)
    assert draft_of(other).official_name == "Trakai secret draft"
    # API v2 with their session: drafts are never served.
    v2 = client.get(f"/api/v2/pages/{other.pk}/")
    assert shows_no_secret(v2)


def test_no_new_pages_outside_their_profile(world, client):
    home = Page.objects.get(depth=2, locale__language_code="en")
    url = reverse("wagtailadmin_pages:add", args=("home", "standardpage", home.pk))
    assert refused(client.get(url))
    url = reverse("wagtailadmin_pages:add_subpage", args=(world.other.pk,))
    assert refused(client.get(url))


ADMIN_AREAS = {
    "membership applications": lambda w: reverse("membership_applications:index"),
    "an application": lambda w: "/admin/applications/edit/1/",
    "users": lambda w: reverse("wagtailusers_users:index"),
    "groups": lambda w: reverse("wagtailusers_groups:index"),
    "site settings": lambda w: "/admin/settings/cms/socialmediasettings/",
    "sites": lambda w: reverse("wagtailsites:index"),
    "collections": lambda w: reverse("wagtailadmin_collections:index"),
    "workflows": lambda w: reverse("wagtailadmin_workflows:index"),
    "webhooks": lambda w: "/admin/snippets/",
    "documents": lambda w: reverse("wagtaildocs:index"),
    "a document": lambda w: reverse("wagtaildocs:edit", args=(w.document.pk,)),
    "document chooser": lambda w: reverse("wagtaildocs_chooser:choose"),
    "locked pages report": lambda w: reverse("wagtailadmin_reports:locked_pages"),
    "site history report": lambda w: reverse("wagtailadmin_reports:site_history"),
    "workflow report": lambda w: reverse("wagtailadmin_reports:workflow"),
    "workflow tasks report": lambda w: reverse("wagtailadmin_reports:workflow_tasks"),
    "page types report": lambda w: reverse("wagtailadmin_reports:page_types_usage"),
    "aging pages report": lambda w: "/admin/reports/aging-pages/",
    "translations report": lambda w: "/admin/localize/reports/translations/",
    "snippets": lambda w: "/admin/snippets/",
    "translation status report": lambda w: "/admin/reports/translation-status/",
    "search without results": lambda w: "/admin/reports/search-no-results/",
    "search promotions": lambda w: "/admin/searchpicks/",
    "another collection's image": lambda w: reverse("wagtailimages:edit", args=(w.other_image.pk,)),
    "a library image": lambda w: reverse("wagtailimages:edit", args=(w.library_image.pk,)),
    "image library": lambda w: reverse("wagtailimages:index"),
    "image chooser": lambda w: reverse("wagtailimages_chooser:choose"),
    "dashboard": lambda w: reverse("wagtailadmin_home"),
    "admin search": lambda w: reverse("wagtailadmin_pages:search") + "?q=a",
    "page chooser": lambda w: reverse("wagtailadmin_choose_page"),
    "a draft's public URL": lambda w: w.other.url or "/en/participants/trakai/",
}


@pytest.mark.parametrize("area", list(ADMIN_AREAS), ids=list(ADMIN_AREAS))
def test_nothing_outside_their_participant_is_shown(world, client, area):
    response = client.get(ADMIN_AREAS[area](world), follow=True)
    assert response.status_code in (200, 403, 404), response.status_code
    assert shows_no_secret(response)


@pytest.mark.parametrize(
    "url", ["/api/v2/images/", "/api/v2/documents/", "/api/v3/images/", "/api/v3/documents/"]
)
def test_the_apis_show_them_no_more_media_than_a_visitor(world, client, url):
    """The media APIs list public media to anyone; a contributor's session or token
    reads nothing more (no private collection, nothing of another contributor's)."""
    anonymous = Client().get(url)
    for response in (client.get(url), Client().get(url, **token_for(world.contributor_user))):
        assert response.status_code in (200, anonymous.status_code)
        assert response.json().get("items", response.json()) == anonymous.json().get(
            "items", anonymous.json()
        ) or shows_no_secret(response)


def test_their_own_image_collection_only(world, client):
    listing = client.get(reverse("wagtailimages:index")).content.decode()
    assert "Veldhoven photo" in listing
    assert client.get(reverse("wagtailimages:edit", args=(world.own_image.pk,))).status_code == 200
    for image in (world.other_image, world.library_image):
        response = client.post(
            reverse("wagtailimages:edit", args=(image.pk,)), {"title": "Changed"}
        )
        assert refused(response) or response.status_code in (403, 404)
        image.refresh_from_db()
        assert image.title != "Changed"
    token = token_for(world.contributor_user)
    for image in (world.other_image, world.library_image):
        response = Client().patch(
            f"/api/v3/images/{image.pk}/",
            {"title": "Changed"},
            content_type="application/json",
            **token,
        )
        assert response.status_code in (403, 404)
    document = Client().patch(
        f"/api/v3/documents/{world.document.pk}/",
        {"title": "Changed"},
        content_type="application/json",
        **token,
    )
    assert document.status_code in (403, 404)
    world.document.refresh_from_db()
    assert world.document.title == "Board minutes"


def png(name: str) -> ContentFile:
    buffer = BytesIO()
    PILImage.new("RGB", (40, 30), (200, 90, 40)).save(buffer, "PNG")
    return ContentFile(buffer.getvalue(), name=name)


def test_uploads_go_to_their_collection_only(world, client):
    own = collection_for(world.own)
    root = Collection.get_first_root_node()
    client.post(
        reverse("wagtailimages:add"),
        {"title": "Wijkcentrum", "file": png("wijk.png"), "collection": own.pk},
    )
    assert Image.objects.get(title="Wijkcentrum").collection_id == own.pk
    # Asked for the library's root or another participant's collection, the upload still
    # lands in their own (their only collection, so Wagtail's form offers no other).
    for collection in (root, collection_for(world.other)):
        client.post(
            reverse("wagtailimages:add"),
            {"title": f"Elders {collection.pk}", "file": png("x.png"), "collection": collection.pk},
        )
        uploaded = Image.objects.filter(title=f"Elders {collection.pk}").first()
        assert uploaded is None or uploaded.collection_id == own.pk, uploaded.collection_id
    assert not Group.objects.filter(
        name="Contributors: veldhoven", collection_permissions__collection__depth=1
    ).exists()


def test_local_news_proposals_under_their_own_profile_only(world, client):
    created = create_page(
        client,
        world.own,
        "articles.LocalNewsPage",
        action="submit",
        title="Roma-bemiddelaars in Veldhoven",
        slug="roma-bemiddelaars",
        written_in="nl",
        publication_date="2026-11-20",
        standfirst="Sinds januari werken twee bemiddelaars in de wijk.",
        body=streamfield([("paragraph", rich_text("<p>Zij helpen gezinnen.</p>"))]),
    )
    assert created.status_code == 302, re.findall(
        r"error-message[^>]*>\s*(.*?)<|help-critical[^>]*>\s*(.*?)<|w-field__errors[^>]*>(.*?)</",
        created.content.decode(),
        re.S,
    )
    proposal = Page.objects.get(slug="roma-bemiddelaars", locale=world.own.locale)
    assert proposal.get_parent().pk == world.own.pk
    assert proposal.workflow_in_progress and not proposal.live
    # Not under another participant, and no other page type under their own.
    elsewhere = create_page(
        client, world.other, "articles.LocalNewsPage", title="Nep", slug="nep", written_in="nl"
    )
    assert refused(elsewhere) or elsewhere.status_code == 403
    standard = create_page(client, world.own, "home.StandardPage", title="Los", slug="los")
    assert (
        standard.status_code in (302, 403, 404)
        and not Page.objects.filter(slug__in=["nep", "los"]).exists()
    )
