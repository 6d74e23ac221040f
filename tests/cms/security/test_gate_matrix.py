"""The gate to live, every role against every path that changes the public site.

The rows of tests/cms/workflow/test_permission_matrix.py cover the ordinary admin actions;
these are the other ways in (issue #15): API v3 with every spelling of an id and of the
auth scheme, snippets, privacy, live copies and aliases, bulk actions. Y = the public
site changed; N = refused and nothing public changed. Only administrators go live
outside the review workflow.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from wagtail.models import APIToken, Locale, Page, PageViewRestriction, Site

from articles.models import Topic
from home.models import StandardPage
from tests.articles.factories import TopicFactory
from tests.cms.workflow.admin_actions import client_for
from tests.shared_data import rolled_back

ROLES = ("anonymous", "editor", "reviewer", "translator_fr", "administrator")
ONLY_ADMIN = ("N", "N", "N", "N", "Y")

ACTIONS = (
    "API v3 publish, id as +id",
    "API v3 publish, id as id.0",
    "API v3 publish, lower-case bearer",
    "API v3 publish on save (PATCH)",
    "API v3 unpublish",
    "API v3 delete a live page",
    "API v3 copy with keep_live",
    "API v3 alias of a live page",
    "API v3 move a live page",
    "API v3 move a private child out of its section",
    "API v3 publish a snippet",
    "admin publish a snippet",
    "admin privacy dialog: private to public",
    "admin copy with publish copies",
    "admin bulk publish",
    "admin bulk unpublish",
    "admin bulk delete of a live page",
)
# Odd spellings of an id are a 404 for everyone at the API's edge (cms/api/middleware.py,
# slice D); the rows stay so that the gate is proven whatever that edge does.
NOBODY = ("N", "N", "N", "N", "N")
MATRIX = {action: NOBODY if "id as" in action else ONLY_ADMIN for action in ACTIONS}


@dataclass
class World:
    home: Page
    live: StandardPage
    other_section: StandardPage
    draft: StandardPage
    section: StandardPage
    child: StandardPage
    topic: Topic


def _live(parent: Page, slug: str, **fields) -> StandardPage:
    page = parent.add_child(instance=StandardPage(title=slug, slug=slug, **fields))
    page.save_revision().publish()
    return page


def build_world() -> World:
    """The pages and snippet every cell acts on, under the English home page (the
    `home_en` fixture, with the `locales`); a second editor wrote the draft and the topic
    (the `second_editor` fixture)."""
    for code, _name in settings.LANGUAGES:
        Locale.objects.get_or_create(language_code=code)
    home_en = Site.objects.get(is_default_site=True).root_page.specific
    second_editor = get_user_model().objects.create_user(
        username="eric-editor", email="eric-editor@example.org", password="correct horse"
    )
    second_editor.groups.add(Group.objects.get(name="Editors"))
    draft = home_en.add_child(
        instance=StandardPage(title="Draft", slug="draft", introduction="Unreviewed", live=False)
    )
    draft.save_revision(user=second_editor)
    section = _live(home_en, "members")
    PageViewRestriction.objects.create(
        page=section, restriction_type=PageViewRestriction.PASSWORD, password="s3cret"
    )
    topic = TopicFactory(name="Housing", slug="housing", live=False)
    topic.save_revision(user=second_editor)
    return World(
        home=home_en,
        live=_live(home_en, "live"),
        other_section=_live(home_en, "other"),
        draft=draft,
        section=section,
        child=_live(section, "minutes"),
        topic=topic,
    )


@pytest.fixture(scope="module")
def built_world(django_db_setup, django_db_blocker) -> Iterator[World]:
    """Built once for the module's cells (it was built for each) inside a transaction
    rolled back when the module ends; each cell's own transaction is rolled back after
    it, so every cell starts from this same world (tests/shared_data.py, `rolled_back`)."""
    yield from rolled_back(django_db_blocker, build_world)


@pytest.fixture
def world(built_world: World, db) -> World:
    """The world read afresh for each cell: nothing one cell left in memory reaches the
    next."""
    w = built_world
    return World(
        home=Page.objects.get(pk=w.home.pk).specific,
        **{
            name: StandardPage.objects.get(pk=getattr(w, name).pk)
            for name in ("live", "other_section", "draft", "section", "child")
        },
        topic=Topic.objects.get(pk=w.topic.pk),
    )


def _page(page: Page) -> StandardPage | None:
    return StandardPage.objects.filter(pk=page.pk).first()


def _api(user, method: str, url: str, data: dict | None = None, scheme: str = "Bearer"):
    headers = {}
    if user is not None:
        _token, plaintext = APIToken.create_token(user=user, name="matrix")
        headers["HTTP_AUTHORIZATION"] = f"{scheme} {plaintext}"
    call = getattr(Client(), method)
    return call(url, data or {}, content_type="application/json", **headers)


def _bulk(client: Client, action: str, page: Page) -> None:
    url = reverse("wagtail_bulk_action", args=("wagtailcore", "page", action))
    client.post(f"{url}?id={page.pk}", {})


def perform(action: str, user, client: Client, w: World) -> bool:
    pages = "/api/v3/pages"
    if action.startswith("API v3 publish, "):
        path = {"+id": f"+{w.draft.pk}", "id.0": f"{w.draft.pk}.0"}.get(
            action.rsplit(" ", 1)[-1], str(w.draft.pk)
        )
        scheme = "bearer" if "lower-case" in action else "Bearer"
        _api(user, "post", f"{pages}/{path}/actions/publish/", scheme=scheme)
        return _page(w.draft).live
    if action == "API v3 publish on save (PATCH)":
        data = {"title": "Back door", "meta": {"type": "home.StandardPage", "action": "publish"}}
        _api(user, "patch", f"{pages}/{w.draft.pk}/", data)
        return _page(w.draft).live
    if action == "API v3 unpublish":
        _api(user, "post", f"{pages}/{w.live.pk}/actions/unpublish/")
        return not _page(w.live).live
    if action == "API v3 delete a live page":
        _api(user, "delete", f"{pages}/{w.live.pk}/")
        return _page(w.live) is None
    if action == "API v3 copy with keep_live":
        _api(user, "post", f"{pages}/{w.live.pk}/actions/copy/", {"keep_live": True, "slug": "cp"})
        return StandardPage.objects.filter(slug="cp", live=True).exists()
    if action == "API v3 alias of a live page":
        data = {"destination_id": w.other_section.pk, "slug": "alias"}
        _api(user, "post", f"{pages}/{w.live.pk}/actions/create_alias/", data)
        return Page.objects.filter(slug="alias", live=True).exists()
    if action.startswith("API v3 move"):
        page, to = (w.live, w.other_section) if "live page" in action else (w.child, w.home)
        data = {"destination_id": to.pk, "position": "last-child"}
        _api(user, "post", f"{pages}/{page.pk}/actions/move/", data)
        return _page(page).get_parent().pk == to.pk
    if action == "API v3 publish a snippet":
        _api(user, "post", f"/api/v3/snippets/articles.Topic/{w.topic.pk}/actions/publish/")
        return Topic.objects.get(pk=w.topic.pk).live
    if action == "admin publish a snippet":
        data = {"name": "Housing", "slug": "housing", "description": "", "action-publish": "1"}
        client.post(reverse("wagtailsnippets_articles_topic:edit", args=(w.topic.pk,)), data)
        return Topic.objects.get(pk=w.topic.pk).live
    if action == "admin privacy dialog: private to public":
        url = reverse("wagtailadmin_pages:set_privacy", args=(w.section.pk,))
        client.post(url, {"restriction_type": "none"})
        return not PageViewRestriction.objects.filter(page=w.section).exists()
    if action == "admin copy with publish copies":
        data = {
            "new_title": "Copy",
            "new_slug": "copy",
            "new_parent_page": w.home.pk,
            "publish_copies": "on",
        }
        client.post(reverse("wagtailadmin_pages:copy", args=(w.child.pk,)), data)
        return StandardPage.objects.filter(slug="copy", live=True).exists()
    if action == "admin bulk publish":
        _bulk(client, "publish", w.draft)
        return _page(w.draft).live
    if action == "admin bulk unpublish":
        _bulk(client, "unpublish", w.live)
        return not _page(w.live).live
    if action == "admin bulk delete of a live page":
        _bulk(client, "delete", w.live)
        return _page(w.live) is None
    raise AssertionError(f"no check written for {action!r}")


CELLS = [
    (action, role, expected == "Y")
    for action, outcomes in MATRIX.items()
    for role, expected in zip(ROLES, outcomes, strict=True)
]


def test_matrix_has_no_missing_cell():
    assert len(CELLS) == len(ACTIONS) * len(ROLES)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("action", "role", "allowed"), CELLS, ids=[f"{a} | {r}" for a, r, _ in CELLS]
)
def test_gate(request, world, action, role, allowed):
    user = None if role == "anonymous" else request.getfixturevalue(role)
    client = client_for(user) if user else Client()
    assert perform(action, user, client, world) is allowed
