"""A member authority's proposal in Dutch, through machine translation, the English and
French translators and the four-eyes review, to English and French live together (#20).

Everything goes through the real admin views (tests/cms/workflow/admin_actions.py); the
machine translator is a fake backend configured as an operator would
(``WAGTAILLOCALIZE_MACHINE_TRANSLATOR``)."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from wagtail.models import Locale, Page
from wagtail_localize.models import TranslationSource

from cms.translations.originals import ContributionOriginal
from tests.articles.contribution_kit import (
    DUTCH_BODY,
    DUTCH_INTRO,
    DUTCH_TITLE,
    contributor_fixture,  # noqa: F401 - a fixture
    fake_translator_fixture,  # noqa: F401 - a fixture
    latest,
    no_translator_fixture,  # noqa: F401 - a fixture
    propose,
    translator_en_fixture,  # noqa: F401 - a fixture
    veldhoven_fixture,  # noqa: F401 - a fixture
)
from tests.articles.local_news_factories import LocalNewsPageFactory
from tests.cms.workflow.admin_actions import client_for, edit_page, refused, workflow_action
from tests.participants.conftest import index_en, make_participant  # noqa: F401

pytestmark = pytest.mark.django_db

ENGLISH_TITLE = "New Roma mediators in Veldhoven"


def french_of(page: Page) -> Page:
    return Page.objects.get(
        translation_key=page.translation_key, locale__language_code="fr"
    ).specific


def is_live(page: Page) -> bool:
    return Page.objects.get(pk=page.pk).live


def task_name(page: Page) -> str:
    page = Page.objects.get(pk=page.pk)
    return page.current_workflow_task.name


def submit_french(page: Page, user) -> None:
    url = reverse("cms_submit_translation_for_review", args=(page.pk,))
    response = client_for(user).post(url)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Page.objects.get(pk=page.pk).workflow_in_progress, "the French went to review"


def edit_form(user, page: Page) -> str:
    response = client_for(user).get(reverse("wagtailadmin_pages:edit", args=(page.pk,)))
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def original_shown(html: str) -> str:
    """The text of the "Original text" panel of an editor's page, "" without one."""
    panel = BeautifulSoup(html, "html.parser").select_one("[data-original-text]")
    if panel is None:
        return ""
    assert panel["data-original-text"] == "nl"
    assert panel.select_one('[lang="nl"]') is not None, "marked as Dutch for screen readers"
    return " ".join(panel.get_text().split())


def test_a_dutch_proposal_goes_live_in_english_and_french_together(
    contributor, fake_translator, translator_en, translator_fr, reviewer
):
    english = propose(contributor, contributor.participant)

    original = ContributionOriginal.objects.get(page=english)
    assert (original.language, original.title, original.intro) == ("nl", DUTCH_TITLE, DUTCH_INTRO)
    assert DUTCH_BODY in " ".join(original.paragraphs())
    draft = latest(english)
    assert draft.title == f"[en] {DUTCH_TITLE}", "machine-translated from Dutch into English"
    assert draft.standfirst == f"[en] {DUTCH_INTRO}"
    assert ("nl", "en") in fake_translator.calls
    french = french_of(english)
    assert french.alias_of_id is None
    assert latest(french).title == f"[fr] {DUTCH_TITLE}", "from the Dutch, not the English"
    assert ("nl", "fr") in fake_translator.calls
    assert not is_live(english) and not is_live(french)
    assert task_name(english) == "Translation check of a contribution"

    # The English translator sees the Dutch original above the fields, corrects, approves.
    shown = original_shown(edit_form(translator_en, english))
    assert DUTCH_TITLE in shown and DUTCH_INTRO in shown and DUTCH_BODY in shown
    assert "[en]" not in shown, "the original, not the machine's English"
    response = edit_page(client_for(translator_en), english, title=ENGLISH_TITLE)
    assert response.status_code == 302
    assert workflow_action(client_for(translator_en), english, "approve").status_code == 302
    assert task_name(english) == "Review by a second person"
    assert not is_live(english)

    # The French translator checks the French and submits it; it waits for the English.
    shown = original_shown(edit_form(translator_fr, french))
    assert DUTCH_TITLE in shown and "[fr]" not in shown, "the original, for French too"
    submit_french(french, translator_fr)
    assert workflow_action(client_for(reviewer), french, "approve").status_code == 302
    assert not is_live(french), "the French waits for the English"
    assert not is_live(english)

    # The reviewer sees the original too, and approves: both go live at once.
    assert DUTCH_BODY in original_shown(edit_form(reviewer, english))
    assert workflow_action(client_for(reviewer), english, "approve").status_code == 302
    assert is_live(english) and is_live(french)
    assert Page.objects.get(pk=english.pk).title == ENGLISH_TITLE
    assert Page.objects.get(pk=french.pk).title.startswith("[fr] ")
    assert Locale.objects.get(pk=french.locale_id).language_code == "fr"


def test_without_a_translator_the_proposal_goes_on_for_translation_by_hand(
    contributor, no_translator, translator_en
):
    english = propose(contributor, contributor.participant)

    assert ContributionOriginal.objects.get(page=english).language == "nl"
    assert latest(english).title == DUTCH_TITLE, "nothing translated by a machine"
    french = french_of(english)
    assert french.alias_of_id is None, "the French translation is ready for its translators"
    assert task_name(english) == "Translation check of a contribution"

    # The English translator translates by hand; the French then translates their English.
    edit_page(client_for(translator_en), english, title=ENGLISH_TITLE)
    assert workflow_action(client_for(translator_en), english, "approve").status_code == 302
    source = TranslationSource.objects.get(object_id=english.translation_key)
    assert source.as_instance().title == ENGLISH_TITLE
    assert task_name(english) == "Review by a second person"


def test_a_translation_service_that_fails_does_not_stop_the_proposal(contributor, settings):
    settings.WAGTAILLOCALIZE_MACHINE_TRANSLATOR = {
        "CLASS": "tests.articles.contribution_kit.BrokenTranslator"
    }
    english = propose(contributor, contributor.participant)
    assert latest(english).title == DUTCH_TITLE
    assert ContributionOriginal.objects.filter(page=english).exists()
    assert task_name(english) == "Translation check of a contribution"


def test_only_the_translators_and_editors_pass_the_check(
    contributor, fake_translator, translator_fr, reviewer, editor
):
    english = propose(contributor, contributor.participant)
    for person in (contributor.user, translator_fr, reviewer):
        response = workflow_action(client_for(person), english, "approve")
        assert refused(response), person
        assert task_name(english) == "Translation check of a contribution"
    assert not is_live(english)
    # Editors check English when the site has no English translator.
    assert workflow_action(client_for(editor), english, "approve").status_code == 302
    assert task_name(english) == "Review by a second person"


def test_content_written_in_english_skips_the_check_and_shows_no_original(
    veldhoven, fake_translator, editor, reviewer
):
    english = LocalNewsPageFactory(parent=veldhoven, title="Mediators trained", written_in="en")
    english.save_revision(user=editor)
    english.get_workflow().start(english, editor)

    assert task_name(english) == "Review by a second person", "nothing to check"
    assert not ContributionOriginal.objects.filter(page=english).exists()
    assert original_shown(edit_form(reviewer, english)) == ""
    assert latest(english).title == "Mediators trained", "English is not translated into itself"
    assert latest(french_of(english)).title == "[fr] Mediators trained"


def test_changes_requested_go_back_in_dutch_and_the_resubmission_starts_again(
    contributor, fake_translator, translator_en, reviewer
):
    english = propose(contributor, contributor.participant)
    edit_page(client_for(translator_en), english, title=ENGLISH_TITLE)
    assert workflow_action(client_for(translator_en), english, "approve").status_code == 302
    response = workflow_action(client_for(reviewer), english, "reject", comment="Which school?")
    assert response.status_code == 302

    assert latest(english).title == DUTCH_TITLE, "back to its author in their own words"
    assert not is_live(english)

    revised = "Roma-bemiddelaars op de Heuvelschool"
    response = edit_page(client_for(contributor.user), english, action="submit", title=revised)
    assert response.status_code == 302
    assert task_name(english) == "Translation check of a contribution", "checked again"
    assert ContributionOriginal.objects.filter(page=english).first().title == revised
    assert latest(english).title == f"[en] {revised}", "translated from Dutch, not twice"
    assert latest(french_of(english)).title == f"[fr] {revised}"


def test_a_contribution_written_in_french_keeps_its_own_french(contributor, no_translator):
    contributor.language = "fr"
    contributor.save()
    english = propose(contributor, contributor.participant, written_in="fr", title="Médiateurs")
    assert ContributionOriginal.objects.get(page=english).language == "fr"
    french = latest(french_of(english))
    assert french.title == "Médiateurs", "the author's French, without any machine"
    assert french.standfirst == DUTCH_INTRO, "every string of it, in its place"


def test_a_draft_saved_first_and_submitted_later_is_translated(contributor, fake_translator):
    english = propose(contributor, contributor.participant, action="save")
    assert not ContributionOriginal.objects.filter(page=english).exists(), "not submitted yet"
    client = client_for(contributor.user)
    add_form = reverse(
        "wagtailadmin_pages:add",
        args=("articles", "localnewspage", contributor.participant.pk),
    )
    assert client.get(add_form).status_code == 200  # a form opened and left
    assert edit_page(client, english, action="submit").status_code == 302
    assert ContributionOriginal.objects.filter(page=english).exists()
    assert latest(french_of(english)).title == f"[fr] {DUTCH_TITLE}"
    assert task_name(english) == "Translation check of a contribution"
