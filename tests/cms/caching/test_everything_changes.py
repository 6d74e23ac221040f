"""A change of much of the site at once (the demo load) bumps the whole cache once, after
the commit, instead of the tags of each change (cms/caching/invalidation.py)."""

from __future__ import annotations

import pytest
from django.test import Client

from cms.caching.invalidation import everything_changes
from tests.cms.caching.test_dependencies import ONE, PAGES, THREE, assert_none_stale, served, warm

pytestmark = pytest.mark.django_db


def test_every_page_goes_once_and_none_is_stale(
    site, client: Client, django_capture_on_commit_callbacks
):
    warm(client)
    with django_capture_on_commit_callbacks(execute=True), everything_changes():
        for number, story in ((1, site["stories"][1]), (3, site["stories"][3])):
            page = type(story).objects.get(pk=story.pk)
            page.title = f"Story {number}, renamed"
            page.save_revision().publish()
        # Nothing is bumped until the block ends: still the cached page.
        assert served(client, ONE)[0] == "hit"
    outcome = assert_none_stale(client)
    # Story one did not change, but the whole cache went (a publish outside the block
    # leaves it cached: test_dependencies.py).
    assert outcome[ONE] == "miss"
    assert outcome[THREE] == "miss"
    assert {state for path, state in outcome.items() if path in PAGES} <= {"miss", "-"}


def test_changes_after_the_block_are_tracked_again(
    site, client: Client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True), everything_changes():
        pass
    warm(client)
    page = type(site["stories"][3]).objects.get(pk=site["stories"][3].pk)
    page.title = "Story three, again"
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    assert served(client, ONE)[0] == "hit"
    assert_none_stale(client)
