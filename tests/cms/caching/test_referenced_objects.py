"""An image, a topic or a terminology note reaches only the pages that show it (#19).

Before, any image, document or snippet saved emptied the whole page cache; now a change
to one declared ``deps.shown_where_referenced`` reaches the pages Wagtail's reference
index names (cms/caching/invalidation.py ``object_tags``), and rows no visitor sees
(``deps.not_shown``: a webhook delivery after each publish, an application) reach
nothing. Both caches on; after each change every page is compared with a render that
uses neither (no stale page), and the unrelated ones must still be served from the cache
without a query.
"""

from __future__ import annotations

import pytest
from django.test import Client
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Locale

from articles.models import ArticlePage, ArticleTopic, Topic
from cms.core.models import CustomImage, SocialMediaSettings
from cms.publishing.models import WebhookDelivery, WebhookEndpoint
from home.models import StandardPage, TerminologyNote
from tests.articles.factories import TopicFactory
from tests.cms.caching.test_dependencies import (
    ABOUT,
    NEWS,
    ONE,
    PAGES,
    PARTICIPANTS,
    THREE,
    TWO,
    assert_none_stale,
    publish,
    served,
    warm,
)
from tests.participants.factories import MembershipApplicationFactory

pytestmark = pytest.mark.django_db


def assert_cached(client: Client, paths: tuple[str, ...]) -> None:
    for path in paths:
        assert (path, *served(client, path)[:2]) == (path, "hit", 0)


def test_an_image_reaches_the_pages_showing_it_and_nothing_else(
    site, client: Client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        image = CustomImage.objects.create(
            title="Photo", file=get_test_image_file(), description="A square"
        )
    publish(site["stories"][2], django_capture_on_commit_callbacks, listing_image=image)
    warm(client)
    with django_capture_on_commit_callbacks(execute=True):
        image.description = "The town hall at dusk"
        image.save()
    # Story 2's own links reach story 1 too (both ends of a link, invalidation.py); a
    # profile reads pages it does not declare, so any change reaches it (deps.PAGES).
    assert_cached(client, (THREE, PARTICIPANTS, ABOUT))
    outcome = assert_none_stale(client)
    # The article and the lists whose cards show it: the news list, the home page.
    assert {path for path, state in outcome.items() if state == "miss"} >= {TWO, NEWS, "/en/"}


def test_an_image_in_a_setting_still_reaches_every_page(
    site, client: Client, django_capture_on_commit_callbacks
):
    """The default social image is in every page's head: no page references it."""
    with django_capture_on_commit_callbacks(execute=True):
        image = CustomImage.objects.create(title="Share", file=get_test_image_file())
        settings_row = SocialMediaSettings.for_site(site["news"].get_site())
        settings_row.default_share_image = image
        settings_row.save()
    warm(client)
    with django_capture_on_commit_callbacks(execute=True):
        image.title = "Share card"
        image.save()
    outcome = assert_none_stale(client)
    assert set(outcome.values()) == {"miss"}


def test_a_topic_renamed_reaches_its_articles_and_the_news_filter(
    site, client: Client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        topic = TopicFactory(name="Housing", slug="housing")
        ArticleTopic.objects.create(page=site["stories"][1], topic=topic)
    publish(site["stories"][1], django_capture_on_commit_callbacks)
    warm(client)
    with django_capture_on_commit_callbacks(execute=True):
        topic = Topic.objects.get(pk=topic.pk)
        topic.name = "Housing and shelter"
        topic.save_revision().publish()
    assert_cached(client, (PARTICIPANTS, ABOUT))
    outcome = assert_none_stale(client)
    assert outcome[ONE] == outcome[NEWS] == "miss"
    assert b"Housing and shelter" in served(client, ONE)[2]


def test_a_terminology_note_corrected_reaches_the_pages_placing_it_in_every_language(
    site, client: Client, django_capture_on_commit_callbacks
):
    french = Locale.objects.get(language_code="fr")
    with django_capture_on_commit_callbacks(execute=True):
        note = TerminologyNote(title="Roma", text="<p>Roma and Travellers.</p>", live=False)
        note.save()
        note.save_revision().publish()
        note_fr = note.copy_for_translation(french)
        note_fr.text = "<p>Roms et Gens du voyage.</p>"
        note_fr.save()
        note_fr.save_revision().publish()
    about = StandardPage.objects.get(slug="about")
    publish(about, django_capture_on_commit_callbacks, body=[("terminology_note", note)])
    warm(client)
    # The French wording corrected: the English page placed the English note, and its
    # French translation shows the French one, found through the translation key.
    with django_capture_on_commit_callbacks(execute=True):
        note_fr = TerminologyNote.objects.get(pk=note_fr.pk)
        note_fr.text = "<p>Roms, Sintés et Gens du voyage.</p>"
        note_fr.save_revision().publish()
    # About is in the menu, but a note on it does not change the menu.
    assert_cached(client, (ONE, TWO, THREE, NEWS, PARTICIPANTS))
    outcome = assert_none_stale(client)
    assert outcome[ABOUT] == "miss"


def test_rows_no_visitor_sees_reach_nothing(
    site, client: Client, django_capture_on_commit_callbacks
):
    """A webhook delivery follows every publish; an application arrives any time."""
    warm(client)
    with django_capture_on_commit_callbacks(execute=True):
        endpoint = WebhookEndpoint.objects.create(name="Site", url="https://example.org/hook")
        WebhookDelivery.objects.create(endpoint=endpoint, event="page.published", payload={})
        MembershipApplicationFactory(authority_name="Ghent")
    assert_cached(client, tuple(PAGES))


def test_an_article_published_with_an_image_it_shares_with_no_one_keeps_the_rest(
    site, client: Client, django_capture_on_commit_callbacks
):
    """The image of a page that is later unpublished is referenced by no live page:
    changing it reaches no cached page beside the lists."""
    with django_capture_on_commit_callbacks(execute=True):
        image = CustomImage.objects.create(title="Old", file=get_test_image_file())
    publish(site["stories"][3], django_capture_on_commit_callbacks, listing_image=image)
    with django_capture_on_commit_callbacks(execute=True):
        ArticlePage.objects.get(pk=site["stories"][3].pk).unpublish()
    warm(client)
    with django_capture_on_commit_callbacks(execute=True):
        image.title = "Older"
        image.save()
    assert_cached(client, (ONE, TWO, PARTICIPANTS, ABOUT))
    assert_none_stale(client)
