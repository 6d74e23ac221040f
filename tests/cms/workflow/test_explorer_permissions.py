"""The page explorer's delete and move checks cost the same for any number of rows (#23):
an editor's listing reads "is the page or a descendant live" from its own query
(cms/workflow/explorer.py), and answers exactly as Wagtail's tester does page by page."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, PagePermissionTester

from cms.workflow.explorer import LIVE_IN_SUBTREE, ListingPermissionTester, annotate_live_subtree
from tests.articles.factories import ArticleIndexPageFactory
from tests.cms.translations.seeding import bulk_pages
from tests.home.factories import StandardPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def news(home_en) -> Page:
    return ArticleIndexPageFactory(parent=home_en)


def make_drafts(parent: Page, every: int) -> set[int]:
    """Every `every`th child of `parent` unpublished; returns the drafts' ids."""
    children = list(Page.objects.child_of(parent).order_by("path").values_list("pk", flat=True))
    drafts = set(children[::every])
    Page.objects.filter(pk__in=drafts).update(live=False)
    return drafts


def listing(client: Client, url: str) -> tuple[int, str]:
    client.get(url)  # warm per-process caches
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), response.content.decode()


def deletable(html: str) -> set[int]:
    return {int(pk) for pk in re.findall(r'href="/admin/pages/(\d+)/delete/', html)}


def movable(html: str) -> set[int]:
    return {int(pk) for pk in re.findall(r'href="/admin/pages/(\d+)/move/"', html)}


def test_the_editors_news_listing_asks_the_same_queries_for_10_rows_and_for_50(news, editor):
    client = Client()
    client.force_login(editor)
    url = f"/admin/pages/{news.pk}/"
    bulk_pages(news, 10, 0, None)
    drafts = make_drafts(news, 3)
    few, html = listing(client, url)
    # Drafts only: a live page is deleted or moved by an administrator alone (gate.py).
    assert deletable(html) == movable(html) == drafts
    bulk_pages(news, 40, 10, None)
    drafts = make_drafts(news, 3)
    many, html = listing(client, url)
    assert deletable(html) == movable(html) == drafts
    assert len(drafts) == 17
    assert (few, many) == (EDITOR_NEWS_LISTING, EDITOR_NEWS_LISTING)


# Was 60 for 10 rows and 140 for 50: "is the page or a descendant live", asked by the
# Delete and the Move buttons of each row.
EDITOR_NEWS_LISTING = 40


@pytest.fixture
def tree(home_en) -> Page:
    """Live and draft pages, leaves and parents of live or draft pages, under a section."""
    section = StandardPageFactory(parent=home_en, title="Section", slug="section")
    live_leaf = StandardPageFactory(parent=section, title="Live leaf", slug="live-leaf")
    draft_leaf = StandardPageFactory(parent=section, title="Draft leaf", slug="draft-leaf")
    over_live = StandardPageFactory(parent=section, title="Over live", slug="over-live")
    live_child = StandardPageFactory(parent=over_live, title="Live child", slug="live-child")
    deep = StandardPageFactory(parent=section, title="Over deep", slug="over-deep")
    middle = StandardPageFactory(parent=deep, title="Middle", slug="middle")
    StandardPageFactory(parent=middle, title="Deep live", slug="deep-live")
    over_draft = StandardPageFactory(parent=section, title="Over draft", slug="over-draft")
    draft_child = StandardPageFactory(parent=over_draft, title="Draft child", slug="draft-child")
    live_parent = StandardPageFactory(parent=section, title="Live parent", slug="live-parent")
    StandardPageFactory(parent=live_parent, title="Its draft", slug="its-draft")
    unpublished = [draft_leaf, over_live, deep, middle, over_draft, draft_child]
    Page.objects.filter(pk__in=[page.pk for page in unpublished]).update(live=False)
    Page.objects.filter(title="Its draft").update(live=False)
    assert live_leaf.live and live_child.live
    return section


@pytest.mark.parametrize("who", ["editor", "reviewer", "translator_fr", "administrator"])
def test_the_listings_answers_are_wagtails_page_by_page(request, who, tree):
    user = request.getfixturevalue(who)
    answers = {}
    for parent in [tree, *Page.objects.descendant_of(tree)]:
        rows = annotate_live_subtree(parent, Page.objects.child_of(parent).specific(), None)
        for page in rows:
            assert hasattr(page, LIVE_IN_SUBTREE)
            listed = ListingPermissionTester(user, page)
            with CaptureQueriesContext(connection) as captured:
                batched = (listed.can_delete(), listed.can_delete(ignore_bulk=True))
                batched += (listed.can_move(),)
            if not user.is_superuser:
                assert len(captured) == 0, page
            wagtails = PagePermissionTester(user, Page.objects.get(pk=page.pk))
            assert batched == (
                wagtails.can_delete(),
                wagtails.can_delete(ignore_bulk=True),
                wagtails.can_move(),
            ), (who, page.title)
            answers[page.title] = batched
    if who == "editor":
        # Only subtrees with nothing live, and parents only when moved (no bulk delete).
        assert {title for title, (delete, _bulk, _move) in answers.items() if delete} == {
            "Draft leaf",
            "Draft child",
            "Its draft",
        }
        assert {title for title, (_delete, _bulk, move) in answers.items() if move} == {
            "Draft leaf",
            "Draft child",
            "Its draft",
            "Over draft",
        }
    if who == "administrator":
        assert all(all(answer) for answer in answers.values())


def test_every_page_type_of_the_site_uses_the_listing_tester(tree, editor):
    for page in Page.objects.descendant_of(tree.get_parent(), inclusive=True).specific():
        assert type(page.permissions_for_user(editor)) is ListingPermissionTester, page
