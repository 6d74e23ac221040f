"""Who may do what: every role against every action, asserted through the real admin,
the public site and both APIs.

Y = the action succeeds, N = it is refused and nothing changes. "Own locale" means
the French page for the French translator and the English page for everyone else.
Only administrators unpublish: it changes the public site outside any review.

"Contributor (own participant)" is a member authority's writer (participants/contributors.py):
their "own" page is their participant's profile (Veldhoven), which they edit and submit,
and under which they propose local news; everything else is another's.

The other ways to the public site (API v3 spellings, snippets, privacy, live copies, bulk
actions) are rows of tests/cms/security/test_gate_matrix.py.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, fields
from io import BytesIO

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.images import ImageFile
from django.test import Client
from django.urls import reverse
from PIL import Image as PILImage
from wagtail.images import get_image_model
from wagtail.models import APIToken, Locale, Page
from wagtail_localize.models import StringTranslation, Translation
from wagtail_localize.operations import translate_object

from home.models import StandardPage
from participants.contributors import invite_contributor
from participants.models import ParticipantPage
from tests.cms.workflow.admin_actions import client_for, create_page, edit_page, workflow_action
from tests.participants.factories import (
    MembershipApplicationFactory,
    ParticipantIndexPageFactory,
    ParticipantPageFactory,
)
from tests.shared_data import bilingual_home, rolled_back

ROLES = ("anonymous", "editor", "reviewer", "translator_fr", "administrator", "contributor")

# fmt: off
MATRIX = {
    #  action                                 anonymous editor reviewer translator admin contributor
    "create a page":                          ("N",     "Y",   "Y",     "N",       "Y",  "N"),
    "edit a page of own locale":              ("N",     "Y",   "Y",     "Y",       "Y",  "Y"),
    "edit the English page":                  ("N",     "Y",   "Y",     "N",       "Y",  "N"),
    "submit for review":                      ("N",     "Y",   "Y",     "Y",       "Y",  "Y"),
    "approve another's submission":           ("N",     "N",   "Y",     "N",       "Y",  "N"),
    "reject another's submission":            ("N",     "N",   "Y",     "N",       "Y",  "N"),
    "publish directly":                       ("N",     "N",   "N",     "N",       "Y",  "N"),
    "unpublish":                              ("N",     "N",   "N",     "N",       "Y",  "N"),
    "delete a live page":                     ("N",     "N",   "N",     "N",       "Y",  "N"),
    "translate into French":                  ("N",     "Y",   "Y",     "Y",       "Y",  "N"),
    "view membership applications":           ("N",     "N",   "Y",     "N",       "Y",  "N"),
    "view a draft at its public URL":         ("N",     "N",   "N",     "N",       "N",  "N"),
    "read a draft through API v2":            ("N",     "N",   "N",     "N",       "N",  "N"),
    "read a draft through API v3":            ("N",     "Y",   "Y",     "N",       "Y",  "N"),
    "publish through API v3 (token)":         ("N",     "N",   "N",     "N",       "Y",  "N"),
    "propose local news under a profile":     ("N",     "Y",   "Y",     "N",       "Y",  "Y"),
    "edit another participant's profile":     ("N",     "Y",   "Y",     "N",       "Y",  "N"),
    "read own profile's draft via API v3":    ("N",     "Y",   "Y",     "N",       "Y",  "Y"),
    "read another profile's draft via API v3": ("N",    "Y",   "Y",     "N",       "Y",  "N"),
    "edit a library image":                   ("N",     "Y",   "Y",     "N",       "Y",  "N"),
    "view users":                             ("N",     "N",   "N",     "N",       "Y",  "N"),
}
# fmt: on


@dataclass
class World:
    live_en: StandardPage
    live_fr: StandardPage
    draft_en: StandardPage
    untranslated_en: StandardPage
    submitted: StandardPage
    own_profile: ParticipantPage
    other_profile: ParticipantPage


def build_world() -> World:
    """The pages every cell acts on, with the bilingual home of `home_en`/`home_fr` and a
    second editor who wrote the draft and the submission (the `second_editor` fixture)."""
    home_en, _home_fr = bilingual_home()
    locales = {locale.language_code: locale for locale in Locale.objects.all()}
    second_editor = get_user_model().objects.create_user(
        username="eric-editor", email="eric-editor@example.org", password="correct horse"
    )
    second_editor.groups.add(Group.objects.get(name="Editors"))

    def live(slug: str) -> StandardPage:
        page = home_en.add_child(
            instance=StandardPage(title=slug, slug=slug, introduction="Published text.")
        )
        page.save_revision().publish()
        return page

    live_en = live("live-page")
    translate_object(live_en, [locales["fr"]])
    Translation.objects.get(source__object_id=live_en.translation_key).save_target(publish=True)
    draft_en = home_en.add_child(
        instance=StandardPage(title="Draft", slug="draft", introduction="Secret draft", live=False)
    )
    draft_en.save_revision(user=second_editor)
    submitted = home_en.add_child(
        instance=StandardPage(title="Submitted", slug="submitted", live=False)
    )
    submitted.save_revision(user=second_editor)
    submitted.get_workflow().start(submitted, second_editor)
    MembershipApplicationFactory(authority_name="Applicant Town")
    index = ParticipantIndexPageFactory(parent=home_en)
    own_profile = ParticipantPageFactory(parent=index, title="Veldhoven", slug="veldhoven")
    own_profile.save_revision().publish()
    own_profile.official_name = "Own draft"
    own_profile.save_revision(user=second_editor)
    other_profile = ParticipantPageFactory(parent=index, title="Trakai", slug="trakai")
    other_profile.save_revision().publish()
    other_profile.official_name = "Secret draft"
    other_profile.save_revision(user=second_editor)
    make_library_image()
    return World(
        live_en=live_en,
        live_fr=live_en.get_translation(locales["fr"]).specific,
        draft_en=draft_en,
        untranslated_en=live("only-in-english"),
        submitted=submitted,
        own_profile=own_profile,
        other_profile=other_profile,
    )


@pytest.fixture(scope="module")
def built_world(django_db_setup, django_db_blocker) -> Iterator[World]:
    """Built once for the module's 126 cells (it was built for each: about a second
    apiece) inside a transaction rolled back when the module ends; each cell's own
    transaction is rolled back after it, so every cell starts from this same world
    (tests/shared_data.py, `rolled_back`)."""
    yield from rolled_back(django_db_blocker, build_world)


@pytest.fixture
def world(built_world: World, db) -> World:
    """The world's pages read afresh for each cell: nothing one cell left in memory
    (a cached parent, a revision) reaches the next."""
    return World(
        **{
            field.name: Page.objects.get(pk=getattr(built_world, field.name).pk).specific
            for field in fields(World)
        }
    )


@pytest.fixture
def contributor(world: World):
    """Veldhoven's contributor, invited as a member authority's writer is."""
    contributor, _url = invite_contributor(world.own_profile, "anke@example.nl", "nl")
    return contributor.user


def make_library_image() -> None:
    buffer = BytesIO()
    PILImage.new("RGB", (40, 30), (40, 90, 140)).save(buffer, "PNG")
    get_image_model().objects.create(
        title="Library image", file=ImageFile(BytesIO(buffer.getvalue()), name="library.png")
    )


def reload(page: Page) -> Page | None:
    page = Page.objects.filter(pk=page.pk).first()
    return page.specific if page is not None else None


def api_token(user) -> dict:
    if user is None:
        return {}
    _token, plaintext = APIToken.create_token(user=user, name="matrix")
    return {"HTTP_AUTHORIZATION": f"Bearer {plaintext}"}


def perform(action: str, role: str, user, client: Client, world: World) -> bool:
    if role == "contributor":
        result = _perform_as_contributor(action, user, client, world)
        if result is not None:
            return result
    own = world.live_fr if role == "translator_fr" else world.live_en
    if action in _PARTICIPANT_ACTIONS:
        return _PARTICIPANT_ACTIONS[action](user, client, world)
    if action == "create a page":
        create_page(client, own.get_parent(), "home.StandardPage", title="New", slug="new")
        return StandardPage.objects.filter(locale__language_code="en", slug="new").exists()
    if action == "edit a page of own locale" and role == "translator_fr":
        return _translate_a_segment(client, own)
    if action == "submit for review" and role == "translator_fr":
        client.post(reverse("cms_submit_translation_for_review", args=(own.pk,)))
        return reload(own).workflow_in_progress
    if action in ("edit a page of own locale", "edit the English page"):
        page = own if action == "edit a page of own locale" else world.live_en
        edit_page(client, page, introduction="Changed by " + role)
        latest = reload(page).get_latest_revision_as_object()
        return latest.introduction == "Changed by " + role
    if action == "submit for review":
        edit_page(client, own, action="submit")
        return reload(own).workflow_in_progress
    if action == "approve another's submission":
        workflow_action(client, world.submitted, "approve")
        return reload(world.submitted).live
    if action == "reject another's submission":
        workflow_action(client, world.submitted, "reject", comment="Please add sources.")
        state = reload(world.submitted).current_workflow_state
        return state is not None and state.status == "needs_changes"
    if action == "publish directly":
        edit_page(client, world.draft_en, action="publish")
        return reload(world.draft_en).live
    if action == "unpublish":
        client.post(reverse("wagtailadmin_pages:unpublish", args=(world.live_en.pk,)))
        return not reload(world.live_en).live
    if action == "delete a live page":
        client.post(reverse("wagtailadmin_pages:delete", args=(world.live_en.pk,)))
        return reload(world.live_en) is None
    if action == "translate into French":
        client.post(
            reverse("wagtail_localize:submit_page_translation", args=(world.untranslated_en.pk,)),
            {"locales": [world.live_fr.locale_id]},
        )
        return world.untranslated_en.get_translations().exists()
    if action == "view membership applications":
        response = client.get(reverse("membership_applications:index"))
        return response.status_code == 200 and b"Applicant Town" in response.content
    if action == "view a draft at its public URL":
        return client.get("/en/draft/").status_code == 200
    if action == "read a draft through API v2":
        response = client.get(f"/api/v2/pages/{world.draft_en.pk}/")
        return response.status_code == 200
    if action == "read a draft through API v3":
        response = Client().get(
            f"/api/v3/pages/{world.draft_en.pk}/?version=draft", **api_token(user)
        )
        return response.status_code == 200 and b"Secret draft" in response.content
    if action == "publish through API v3 (token)":
        Client().post(
            f"/api/v3/pages/{world.draft_en.pk}/actions/publish/",
            content_type="application/json",
            **api_token(user),
        )
        return reload(world.draft_en).live
    raise AssertionError(f"no check written for {action!r}")


def _contributor_edits(client: Client, page: Page, action: str = "save") -> bool:
    edit_page(client, page, action=action, official_name="Changed by the contributor")
    return reload(page).get_latest_revision_as_object().official_name == (
        "Changed by the contributor"
    )


def _perform_as_contributor(action: str, user, client: Client, world: World) -> bool | None:
    """The cells whose "own" page is, for a contributor, their participant's profile."""
    own = world.own_profile
    if action == "edit a page of own locale":
        return _contributor_edits(client, own)
    if action == "submit for review":
        edit_page(client, own, action="submit")
        return reload(own).workflow_in_progress
    if action == "publish directly":
        edit_page(client, own, action="publish", official_name="Published by its contributor")
        return reload(own).official_name == "Published by its contributor"
    if action == "unpublish":
        client.post(reverse("wagtailadmin_pages:unpublish", args=(own.pk,)))
        return not reload(own).live
    if action == "delete a live page":
        client.post(reverse("wagtailadmin_pages:delete", args=(own.pk,)))
        return reload(own) is None
    if action == "publish through API v3 (token)":
        _contributor_edits(client, own)
        Client().post(
            f"/api/v3/pages/{own.pk}/actions/publish/",
            content_type="application/json",
            **api_token(user),
        )
        return reload(own).official_name == "Changed by the contributor"
    return None


def _propose_local_news(user, client: Client, world: World) -> bool:
    create_page(
        client,
        world.own_profile,
        "articles.LocalNewsPage",
        action="submit",
        title="Roma-bemiddelaars",
        slug="roma-bemiddelaars",
        written_in="nl",
        publication_date="2026-11-20",
        standfirst="Twee bemiddelaars in de wijk.",
    )
    return Page.objects.filter(
        slug="roma-bemiddelaars", path__startswith=world.own_profile.path
    ).exists()


def _read_profile_draft(page: Page, user, words: bytes) -> bool:
    response = Client().get(f"/api/v3/pages/{page.pk}/?version=draft", **api_token(user))
    return response.status_code == 200 and words in response.content


def _edit_library_image(user, client: Client, world: World) -> bool:
    image = get_image_model().objects.get(title="Library image")
    client.post(reverse("wagtailimages:edit", args=(image.pk,)), {"title": "Changed"})
    return get_image_model().objects.filter(pk=image.pk, title="Changed").exists()


def _view_users(user, client: Client, world: World) -> bool:
    response = client.get(reverse("wagtailusers_users:index"))
    return response.status_code == 200 and b"eric-editor" in response.content


_PARTICIPANT_ACTIONS = {
    "propose local news under a profile": _propose_local_news,
    "edit another participant's profile": lambda user, client, world: _contributor_edits(
        client, world.other_profile
    ),
    "read own profile's draft via API v3": lambda user, client, world: _read_profile_draft(
        world.own_profile, user, b"Own draft"
    ),
    "read another profile's draft via API v3": lambda user, client, world: _read_profile_draft(
        world.other_profile, user, b"Secret draft"
    ),
    "edit a library image": _edit_library_image,
    "view users": _view_users,
}


def _translate_a_segment(client: Client, page: StandardPage) -> bool:
    """Translators edit French pages in wagtail-localize's editor, segment by segment."""
    translation = Translation.objects.get(
        source__object_id=page.translation_key, target_locale=page.locale
    )
    segment = translation.source.stringsegment_set.first()
    client.put(
        reverse("wagtail_localize:edit_string_translation", args=(translation.pk, segment.pk)),
        "value=Texte%20modifi%C3%A9",
        content_type="application/x-www-form-urlencoded",
    )
    return StringTranslation.objects.filter(
        locale=page.locale, context=segment.context, data="Texte modifié"
    ).exists()


CELLS = [
    (action, role, expected == "Y")
    for action, outcomes in MATRIX.items()
    for role, expected in zip(ROLES, outcomes, strict=True)
]


def test_matrix_has_no_missing_cell():
    assert all(len(outcomes) == len(ROLES) for outcomes in MATRIX.values())
    assert len(CELLS) == len(MATRIX) * len(ROLES) == 126


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("action", "role", "allowed"), CELLS, ids=[f"{a} | {r}" for a, r, _ in CELLS]
)
def test_permission(request, world, action, role, allowed):
    user = None if role == "anonymous" else request.getfixturevalue(role)
    client = client_for(user) if user else Client()
    assert perform(action, role, user, client, world) is allowed
