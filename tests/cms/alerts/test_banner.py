"""The banner on the public site: on schedule (cached pages too), in its section, in the
visitor's language, never a draft, and dismissible without a cookie."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.test import Client

from cms.alerts.models import Alert
from cms.caching.middleware import CACHE_HEADER
from tests.cms.alerts.conftest import NOW, clock, hours, make_alert, translate

pytestmark = pytest.mark.django_db

KAUNAS = "The meeting in Kaunas is postponed."
KAUNAS_FR = "La réunion de Kaunas est reportée."


def banner(response) -> str:
    """The banner's markup, or "" without one."""
    html = response.content.decode()
    found = re.search(r'<div class="alert-banners">.*?</script>', html, re.S)
    return found.group(0) if found else ""


def test_a_live_site_wide_alert_is_on_every_page_with_its_level_in_words(
    client: Client, home_en, about, locales
):
    alert = make_alert(locales["en"], link_page=about, link_text="Details")
    for path in ("/en/", "/en/about/"):
        html = banner(client.get(path))
        assert KAUNAS in html
        assert '<section class="alert-banner alert-banner--warning"' in html
        assert "Warning</strong>" in html, "the level is written, not only coloured"
        assert f'aria-labelledby="alert-{alert.pk}-level alert-{alert.pk}-message"' in html
        assert '<a href="/en/about/">Details</a>' in html
        assert "cms/js/alert-banner.js" in html
        assert "data-alert-dismiss hidden" in html, "the button waits for the script"


def test_no_banner_and_no_script_without_an_alert(client: Client, home_en, locales):
    html = client.get("/en/").content.decode()
    assert "alert-banner" not in html


def test_a_draft_an_alert_in_review_and_an_unpublished_alert_are_never_shown(
    client: Client, home_en, locales, editor
):
    draft = Alert(locale=locales["en"], level="warning", message="Draft alert", live=False)
    draft.save()
    draft.save_revision(user=editor)
    in_review = Alert(locale=locales["en"], level="warning", message="Alert in review", live=False)
    in_review.save()
    in_review.save_revision(user=editor)
    in_review.get_workflow().start(in_review, editor)
    withdrawn = make_alert(locales["en"], message="Withdrawn alert")
    withdrawn.unpublish()
    live = make_alert(locales["en"], message="Live alert")
    live.message = "A revised wording not yet approved"
    live.save_revision(user=editor)

    html = client.get("/en/").content.decode()
    assert "Live alert" in html
    for hidden in ("Draft alert", "Alert in review", "Withdrawn alert", "not yet approved"):
        assert hidden not in html


def test_an_alert_appears_and_disappears_on_schedule_on_a_cached_page(
    page_cache, anonymous: Client, home_en, locales, django_capture_on_commit_callbacks
):
    with clock(NOW), django_capture_on_commit_callbacks(execute=True):
        make_alert(locales["en"], starts_at=NOW + hours(1), ends_at=NOW + hours(3))

    with clock(NOW):
        first = anonymous.get("/en/")
        assert KAUNAS not in banner(first)
        assert first[CACHE_HEADER] == "miss"
        again = anonymous.get("/en/")
        assert again[CACHE_HEADER] == "hit", "cached until the alert starts"
    with clock(NOW + hours(1)):
        started = anonymous.get("/en/")
        assert KAUNAS in banner(started), "shown once it starts, without any publish"
        assert anonymous.get("/en/")[CACHE_HEADER] == "hit"
    with clock(NOW + hours(2.9)):
        assert KAUNAS in banner(anonymous.get("/en/"))
    with clock(NOW + hours(3)):
        assert KAUNAS not in banner(anonymous.get("/en/")), "gone once it ends"
        assert anonymous.get("/en/")[CACHE_HEADER] == "hit", "and cached again"


def test_a_page_cache_hit_still_costs_no_query(
    page_cache, anonymous: Client, home_en, locales, django_assert_num_queries
):
    make_alert(locales["en"], ends_at=NOW + hours(3))
    with clock(NOW):
        anonymous.get("/en/")
        with django_assert_num_queries(0):
            assert KAUNAS in banner(anonymous.get("/en/"))


def test_publishing_and_unpublishing_an_alert_show_at_once_on_cached_pages(
    page_cache, anonymous: Client, home_en, locales, django_capture_on_commit_callbacks
):
    assert KAUNAS not in banner(anonymous.get("/en/"))
    with django_capture_on_commit_callbacks(execute=True):
        alert = make_alert(locales["en"])
    assert KAUNAS in banner(anonymous.get("/en/"))

    alert.message = "The meeting in Kaunas takes place on 3 March."
    with django_capture_on_commit_callbacks(execute=True):
        alert.save_revision().publish()
    assert "3 March" in banner(anonymous.get("/en/"))

    with django_capture_on_commit_callbacks(execute=True):
        alert.unpublish()
    assert "alert-banner" not in anonymous.get("/en/").content.decode()


def test_a_revised_alert_gets_a_new_version_so_a_dismissed_one_shows_again(
    client: Client, home_en, locales
):
    alert = make_alert(locales["en"])
    before = re.search(r'data-alert-version="(\d+)"', client.get("/en/").content.decode())
    alert.message = "The meeting in Kaunas takes place on 3 March."
    alert.save_revision().publish()
    after = re.search(r'data-alert-version="(\d+)"', client.get("/en/").content.decode())
    assert before and after and before.group(1) != after.group(1)
    assert f'data-alert-id="{alert.pk}"' in client.get("/en/").content.decode()


def test_a_section_alert_shows_on_the_section_and_below_in_every_language_only(
    client: Client, home_en, about, team, contact, about_fr, locales
):
    make_alert(locales["en"], section=about)
    assert KAUNAS in banner(client.get("/en/about/"))
    assert KAUNAS in banner(client.get("/en/about/team/"))
    assert KAUNAS in banner(client.get(about_fr.url)), "the section's French translation too"
    assert KAUNAS not in banner(client.get("/en/"))
    assert KAUNAS not in banner(client.get("/en/contact/"))
    assert KAUNAS not in banner(client.get("/fr/"))


def test_a_section_chosen_in_french_covers_the_english_section_too(
    client: Client, home_en, about, about_fr, contact, locales
):
    make_alert(locales["fr"], message=KAUNAS_FR, section=about_fr)
    assert KAUNAS_FR in banner(client.get(about_fr.url))
    assert KAUNAS_FR in banner(client.get("/en/about/"))
    assert KAUNAS_FR not in banner(client.get("/en/contact/"))


def test_french_visitors_read_the_french_translation(client: Client, home_en, home_fr, locales):
    alert = make_alert(locales["en"])
    translate(alert, locales["fr"], message=KAUNAS_FR)
    french = banner(client.get("/fr/"))
    assert KAUNAS_FR in french and KAUNAS not in french
    assert "Avertissement</strong>" in french
    assert 'lang="en"' not in french
    english = banner(client.get("/en/"))
    assert KAUNAS in english and KAUNAS_FR not in english


def test_without_a_live_french_translation_the_english_is_shown_marked_english(
    client: Client, home_en, home_fr, locales
):
    alert = make_alert(locales["en"])
    draft = translate(alert, locales["fr"], message=KAUNAS_FR)
    draft.unpublish()
    html = banner(client.get("/fr/"))
    assert f'lang="en">{KAUNAS}' in html
    assert "Avertissement</strong>" in html, "the level in the visitor's language"


def test_the_original_decides_when_and_where_for_its_translations(
    client: Client, home_en, home_fr, locales
):
    alert = make_alert(locales["en"])
    translate(alert, locales["fr"], message=KAUNAS_FR)
    alert.ends_at = NOW - hours(1)  # ended, not yet synchronised into French
    alert.save_revision().publish()
    with clock(NOW):
        assert KAUNAS_FR not in banner(client.get("/fr/"))
    alert.unpublish()
    assert "alert-banner" not in client.get("/fr/").content.decode()


def test_dismissing_needs_no_cookie(client: Client, home_en, locales):
    make_alert(locales["en"])
    response = client.get("/en/")
    assert KAUNAS in banner(response)
    assert not response.cookies
    assert "Set-Cookie" not in response
    source = Path(finders.find("cms/js/alert-banner.js")).read_bytes()
    assert b"localStorage" in source
    assert b"cookie" not in source.lower().replace(b"no cookie", b"")
    assert b"fetch(" not in source and b"XMLHttpRequest" not in source
