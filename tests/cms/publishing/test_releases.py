"""Releases: an approved seminar report waits for its French translation, then both go
live in one transaction with one webhook event (cms/publishing/releases.py)."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import Page, PageLogEntry, Revision
from wagtail.signals import page_published

from cms.publishing import releases
from tests.cms.publishing.releases_kit import (
    approve,
    fresh,
    is_live,
    queued_events,
    submit,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def seminar_reports_wait_for_french(settings):
    settings.REQUIRED_LANGUAGES = {"articles.SeminarReportPage": ["fr"]}


def test_the_source_waits_until_french_is_approved_then_both_go_live_together(
    report, endpoint, editor, translator_fr, reviewer, django_capture_on_commit_callbacks
):
    submit(report.english, editor)
    submit(report.french, translator_fr)
    with django_capture_on_commit_callbacks(execute=True):
        approve(report.english, reviewer)
    assert not is_live(report.english), "approved, but French is not"
    assert releases.waiting_for(fresh(report.english)) == ["fr"]
    held = PageLogEntry.objects.get(page=report.english, action=releases.RELEASE_HELD)
    assert held.data == {"missing": ["fr"]}
    assert queued_events() == []

    with django_capture_on_commit_callbacks(execute=True):
        approve(report.french, reviewer)
    assert is_live(report.english) and is_live(report.french)
    assert releases.waiting_for(fresh(report.english)) is None
    [event] = queued_events()
    assert event["event"] == "release.published"
    assert event["locales"] == ["en", "fr"]
    assert [page["page_id"] for page in event["pages"]] == [report.english.pk, report.french.pk]
    assert {page["locale"] for page in event["pages"]} == {"en", "fr"}
    logged = PageLogEntry.objects.get(page=report.english, action=releases.RELEASE_PUBLISHED)
    assert logged.data["locales"] == ["en", "fr"]


def test_a_translation_approved_first_waits_for_its_source(report, editor, translator_fr, reviewer):
    submit(report.english, editor)
    submit(report.french, translator_fr)
    approve(report.french, reviewer)
    assert not is_live(report.french), "a translation never goes live before its source"
    assert releases.waiting_for(fresh(report.french)) == ["en"]

    approve(report.english, reviewer)
    assert is_live(report.english) and is_live(report.french)


def test_the_release_publishes_the_approved_revisions_not_later_drafts(
    report, editor, translator_fr, reviewer
):
    submit(report.english, editor)
    submit(report.french, translator_fr)
    approve(report.english, reviewer)
    english = Page.objects.get(pk=report.english.pk).specific
    english.title = "Unreviewed title"
    english.save_revision(user=editor)

    approve(report.french, reviewer)
    english.refresh_from_db()
    assert english.live and english.title == "Trakai seminar"


def test_one_failing_publish_rolls_the_whole_release_back(
    report, endpoint, editor, translator_fr, reviewer, django_capture_on_commit_callbacks
):
    submit(report.english, editor)
    submit(report.french, translator_fr)
    approve(report.english, reviewer)

    def french_fails(sender, instance, **kwargs):
        if instance.pk == report.french.pk:
            raise RuntimeError("the French page cannot be published")

    page_published.connect(french_fails, dispatch_uid="test-release-french-fails")
    try:
        with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
            approve(report.french, reviewer)
    finally:
        page_published.disconnect(dispatch_uid="test-release-french-fails")
    # The English page was published first in the release: it was rolled back with it.
    assert not is_live(report.english)
    assert not is_live(report.french)
    assert Page.objects.get(pk=report.english.pk).live_revision_id is None
    assert queued_events() == []


def test_a_scheduled_go_live_applies_to_the_whole_release(
    report, endpoint, editor, translator_fr, reviewer, django_capture_on_commit_callbacks
):
    go_live = (timezone.now() + timezone.timedelta(hours=2)).replace(microsecond=0)
    english = Page.objects.get(pk=report.english.pk).specific
    english.go_live_at = go_live
    english.save_revision(user=editor)
    english.get_workflow().start(english, editor)
    submit(report.french, translator_fr)
    approve(report.french, reviewer)
    with django_capture_on_commit_callbacks(execute=True):
        approve(report.english, reviewer)
    assert not is_live(report.english) and not is_live(report.french)
    scheduled = Revision.objects.filter(approved_go_live_at__isnull=False)
    pages = {int(revision.object_id) for revision in scheduled}
    assert pages == {report.english.pk, report.french.pk}
    assert {revision.approved_go_live_at for revision in scheduled} == {go_live}
    assert queued_events() == [], "nothing went live yet"

    call_command("publish_scheduled", verbosity=0)
    assert not is_live(report.english) and not is_live(report.french)

    # The clock moves on: the scheduled moment is now in the past.
    past = timezone.now() - timezone.timedelta(seconds=1)
    for revision in scheduled:
        revision.content["go_live_at"] = past.isoformat()
        revision.approved_go_live_at = past
        revision.save(update_fields=["content", "approved_go_live_at"])
    with django_capture_on_commit_callbacks(execute=True):
        call_command("publish_scheduled", verbosity=0)
    assert is_live(report.english) and is_live(report.french)
    [event] = queued_events()
    assert (event["event"], event["locales"]) == ("release.published", ["en", "fr"])


def test_an_update_of_a_live_page_does_not_wait_for_an_untouched_translation(
    report, endpoint, editor, translator_fr, reviewer, django_capture_on_commit_callbacks
):
    submit(report.english, editor)
    submit(report.french, translator_fr)
    approve(report.english, reviewer)
    approve(report.french, reviewer)

    english = Page.objects.get(pk=report.english.pk).specific
    english.title = "Trakai seminar, 2015"
    english.save_revision(user=editor)
    english.get_workflow().start(english, editor)
    with django_capture_on_commit_callbacks(execute=True):
        approve(english, reviewer)
    english.refresh_from_db()
    assert english.title == "Trakai seminar, 2015", "French is live: nothing to wait for"
    assert [event["event"] for event in queued_events()][-1] == "page.published"


def test_other_page_types_and_an_empty_setting_publish_at_once(
    settings, report, endpoint, editor, reviewer, django_capture_on_commit_callbacks
):
    settings.REQUIRED_LANGUAGES = {}
    submit(report.english, editor)
    with django_capture_on_commit_callbacks(execute=True):
        approve(report.english, reviewer)
    assert is_live(report.english)
    [event] = queued_events()
    assert (event["event"], event["page_id"]) == ("page.published", report.english.pk)
    assert not PageLogEntry.objects.filter(action__startswith="cms.release").exists()


def test_held_translations_follow_a_source_an_administrator_publishes_directly(
    report, editor, translator_fr, reviewer, administrator
):
    submit(report.english, editor)
    submit(report.french, translator_fr)
    approve(report.french, reviewer)
    assert not is_live(report.french), "waiting for the English page"

    english = Page.objects.get(pk=report.english.pk).specific
    english.save_revision(user=administrator).publish(user=administrator)
    assert is_live(report.english)
    assert is_live(report.french), "the approved translation goes with its source"
    assert not PageLogEntry.objects.filter(page=report.french, action="cms.break_glass").exists()
