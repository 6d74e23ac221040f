"""The translators' routine in a real Chromium, in the French admin (issue #17).

An English report is published again; French visitors are told at once that the
original changed; the French translator finds it on the dashboard, updates it as a
draft from the report, submits it from the translation editor; a reviewer approves it;
the notice is gone. On every screen of the routine, no English word of the interface.
"""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from playwright.sync_api import expect
from wagtail.models import Locale, Page, Site
from wagtail.users.models import UserProfile
from wagtail_localize.models import String

from articles.models import SeminarReportPage
from tests.cms.workflow.test_browser_workflow import log_in, one_request_at_a_time  # noqa: F401
from tests.conftest import user_in
from tests.shared_data import load_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NOTICE = "[data-translation-status=outdated]"

# Words of the admin's interface that only English has ("Page", "Type", "Description"
# are French too). Any of them on a French translator's screen is a missing translation.
ENGLISH_UI_WORDS = re.compile(
    r"\b(Status|Submit|Save|Saved|Review|Translations?|Translated|Translate|Edit|Publish|"
    r"Published|Draft|Any|Delete|Cancel|Settings|Dashboard|Reports?|Help|Account|Locale|"
    r"Languages?|Waiting|Approved?|Reject|Comments?|History|Preview|Live|Updated?|Synced|"
    r"Owner|Title|Choose|Upload|Download|Search|Close|Show|Hide|Next|Previous|Back|View|"
    r"English|French|January|February|March|April|May|June|July|August|September|"
    r"October|November|December)\b"
)


def english_content() -> list[str]:
    """What is English by design: the English pages' text as translators see it (the
    source segments, titles), names of sites, people and terms."""
    texts = {
        BeautifulSoup(s, "html.parser").get_text()
        for s in String.objects.filter(locale__language_code="en").values_list("data", flat=True)
    }
    texts |= set(Page.objects.filter(locale__language_code="en").values_list("title", flat=True))
    texts |= set(Site.objects.values_list("site_name", flat=True))
    texts |= set(get_user_model().objects.values_list("username", flat=True))
    texts |= {"Wagtail"}
    return sorted((text for text in texts if text), key=len, reverse=True)


def english_words_on(page) -> list[str]:
    text = page.locator("body").inner_text()
    for content in english_content():
        text = text.replace(content, " ")
    return sorted(set(ENGLISH_UI_WORDS.findall(text)))


@pytest.mark.usefixtures("one_request_at_a_time")
def test_a_changed_source_reaches_the_translator_and_the_notice_goes_after_review(live_server, tab):
    load_demo()
    translator = user_in("thea-translator", "Translators (fr)")
    profile = UserProfile.get_for_user(translator)
    profile.preferred_language = "fr"
    profile.save()
    user_in("rui-reviewer", "Reviewers")
    report_fr = SeminarReportPage.objects.get(
        locale__language_code="fr", slug="seminaire-national-lituanie-2015"
    )
    report_en = report_fr.get_translation(Locale.get_default()).specific
    base, page = live_server.url, tab.page
    page.set_viewport_size({"width": 1280, "height": 900})

    # 1. French visitors read a current translation: no notice.
    page.goto(base + report_fr.url)
    expect(page.locator(NOTICE)).to_have_count(0)

    # 2. The English original is published again.
    report_en.standfirst += " Updated after the seminar."
    report_en.save_revision().publish()
    page.goto(base + report_fr.url)
    notice = page.locator(NOTICE)
    expect(notice).to_be_visible()
    expect(notice).to_have_attribute("lang", "fr")
    expect(notice.get_by_role("link")).to_have_attribute("href", report_en.url)
    assert tab.serious_accessibility_violations() == []
    tab.screenshot("freshness-01-notice")

    # 3. The translator, in the French admin, finds it on the dashboard ...
    log_in(tab, base, translator.username)
    panel = page.locator("#translations-fallen-behind-section")
    expect(panel).to_contain_text("Traductions en retard sur leur source")
    expect(panel.locator('[data-fallen-behind="fr"]')).to_contain_text(report_en.title)
    tab.screenshot("freshness-02-dashboard")
    assert english_words_on(page) == [], "the dashboard is French"
    # ... updates it as a draft from the report, in one press ...
    panel.get_by_role("link", name="Toutes les traductions à mettre à jour (français)").click()
    page.get_by_role("button", name="Mettre à jour en brouillon").first.click()
    expect(page.locator(".messages")).to_contain_text("mise à jour en brouillon")
    tab.screenshot("freshness-03-updated")
    assert english_words_on(page) == [], "the translation status report is French"
    # ... and submits it for review from the translation editor, where the work is done
    # (its primary action is not "Convert to alias page").
    page.goto(f"{base}/admin/pages/{report_fr.pk}/edit/")
    expect(page.get_by_text("Convertir en page alias")).to_have_count(0)
    header = page.locator("header").filter(has=page.locator(".header-meta--locales"))
    # Above the segments, in view: the terminology panel and the submit button.
    expect(page.locator("#cms-terminology + .js-translation-editor")).to_have_count(1)
    editor = page.locator(".js-translation-editor")
    expect(editor).to_contain_text("Traduction : anglais → français")
    expect(editor).not_to_contain_text(" to français translation")
    expect(editor).to_contain_text("Traduit manuellement le")
    expect(editor).not_to_contain_text("December")
    expect(editor).not_to_contain_text("version anglais")
    # The editor's footer leads with it too (not with "Arrêter la synchronisation").
    footer = editor.locator("footer")
    expect(footer.locator("button").first).to_have_text("Soumettre la traduction à relecture")
    assert english_words_on(page) == [], "the translation editor is French"
    tab.screenshot("freshness-03b-translation-editor")
    header.get_by_role("button", name="Soumettre la traduction à relecture").click()
    page.wait_for_url(f"{base}/admin/pages/**")
    expect(page.locator(".messages")).to_contain_text("soumise à relecture")
    assert english_words_on(page) == [], "the page list after submitting is French"
    report_fr.refresh_from_db()
    assert report_fr.workflow_in_progress

    # Until the review, visitors still read the reviewed French text, with the notice.
    tab.page.context.clear_cookies()
    page.goto(base + report_fr.url)
    expect(page.locator(NOTICE)).to_be_visible()

    # 4. A reviewer approves it from the dashboard.
    log_in(tab, base, "rui-reviewer")
    awaiting = page.get_by_role("region", name="Awaiting your review")
    row = awaiting.get_by_role("row").filter(has_text=report_fr.title)
    row.get_by_role("button", name="Actions").click()
    row.get_by_role("button", name="Approve with comment").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_label("Comment").fill("Relu.")
    dialog.get_by_role("button", name="Approve").click()
    expect(awaiting.get_by_role("row").filter(has_text=report_fr.title)).to_have_count(0)

    # 5. The notice is gone for French visitors.
    tab.page.context.clear_cookies()
    page.goto(base + report_fr.url)
    expect(page.locator("main")).to_be_visible()
    expect(page.locator(NOTICE)).to_have_count(0)
    tab.screenshot("freshness-04-current")
