"""Translation status everywhere (issue #17): current, outdated, fallback.

A French page is ``current`` when it was published after its English source last was,
``outdated`` once the source is published again, ``fallback`` when it is the alias
wagtail-localize shows for an untranslated page. API v2 and v3 give it as
``meta.translation_status``; the rendered page tells the visitor, in their language,
with a link to the original.
"""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from django.test import Client
from wagtail.models import Locale
from wagtail_localize.models import Translation, TranslationSource
from wagtail_localize.synctree import create_aliases_for_new_page

from home.models import StandardPage
from tests.home.factories import StandardPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def about(home_en, home_fr, locales):
    english = StandardPageFactory(parent=home_en, title="About", slug="about")
    english.save_revision().publish()
    french = english.copy_for_translation(locales["fr"])
    french.title, french.slug = "À propos", "a-propos"
    french.save_revision().publish()
    english.refresh_from_db()
    return english, StandardPage.objects.get(pk=french.pk)


def statuses(client: Client, page) -> tuple:
    response = client.get(f"/api/v2/pages/{page.pk}/")
    assert response.status_code == 200, (page, page.live, response.content[:300])
    v2 = response.json()["meta"]["translation_status"]
    v3 = client.get(f"/api/v3/pages/{page.pk}/").json()["meta"]["translation_status"]
    return v2, v3


def republish(page) -> None:
    page.refresh_from_db()
    page.save_revision().publish()


def test_current_then_outdated_then_current_again_in_both_apis(about):
    english, french = about
    client = Client()
    assert statuses(client, french) == ("current", "current")
    assert statuses(client, english) == (None, None)

    republish(english)  # the source changed: the translation fell behind
    assert statuses(client, french) == ("outdated", "outdated")
    assert statuses(client, english) == (None, None)

    republish(french)  # a translator caught up
    assert statuses(client, french) == ("current", "current")


def test_listings_carry_the_status(about):
    english, _french = about
    republish(english)
    client = Client()
    items = client.get("/api/v2/pages/?locale=fr&type=home.StandardPage").json()["items"]
    assert [item["meta"]["translation_status"] for item in items] == ["outdated"]
    v3 = client.get("/api/v3/pages/?locale=fr&type=home.StandardPage").json()
    assert [item["meta"]["translation_status"] for item in v3["items"]] == ["outdated"]


def test_an_untranslated_page_is_a_fallback_with_a_notice_and_a_link(home_en, home_fr):
    page = StandardPageFactory(parent=home_en, title="Only in English", slug="only-english")
    page.save_revision().publish()
    create_aliases_for_new_page(page)
    alias = page.get_translation(Locale.objects.get(language_code="fr"))
    client = Client()
    assert statuses(client, alias) == ("fallback", "fallback")

    french = BeautifulSoup(client.get("/fr/only-english/").content, "html.parser")
    notice = french.find(attrs={"data-translation-status": "fallback"})
    assert notice is not None and notice["lang"] == "fr"
    assert "Cette page n’a pas encore été traduite" in notice.get_text()
    link = notice.find("a")
    assert link["href"] == "/en/only-english/" and link["hreflang"] == "en"
    assert "Voir la page originale" in link.get_text()


def test_an_outdated_page_tells_the_visitor_until_it_is_brought_up_to_date(about):
    english, french = about
    client = Client()
    page = BeautifulSoup(client.get("/fr/a-propos/").content, "html.parser")
    assert page.find(attrs={"data-translation-status": True}) is None

    republish(english)
    page = BeautifulSoup(client.get("/fr/a-propos/").content, "html.parser")
    notice = page.find(attrs={"data-translation-status": "outdated"})
    assert notice is not None
    assert "a été modifié depuis cette traduction" in notice.get_text()
    # The language is named in French, as inside a French sentence: not "en English".
    assert "L’original de cette page, en anglais, a été modifié" in notice.get_text()
    link = notice.find("a")
    assert link["href"] == "/en/about/" and link["hreflang"] == "en"
    assert "Lire l’original" in link.get_text()
    english_page = BeautifulSoup(client.get("/en/about/").content, "html.parser")
    assert english_page.find(attrs={"data-translation-status": True}) is None

    republish(french)
    page = BeautifulSoup(client.get("/fr/a-propos/").content, "html.parser")
    assert page.find(attrs={"data-translation-status": True}) is None


def test_the_source_is_the_page_wagtail_localize_translated_from(home_en, home_fr, locales):
    """A page written in French and translated into English: the English page is the
    translation, judged against the French original, not the other way round."""
    french = StandardPageFactory(parent=home_fr, title="Séminaire", slug="seminaire")
    french.save_revision().publish()
    source, _created = TranslationSource.get_or_create_from_instance(french)
    translation = Translation.objects.create(source=source, target_locale=locales["en"])
    translation.save_target()  # a draft: translations go through review
    english = french.get_translation(locales["en"])
    english.save_revision().publish()  # as the approval of that review does
    client = Client()
    assert statuses(client, french) == (None, None)
    assert statuses(client, english) == ("current", "current")

    republish(french)
    assert statuses(client, english) == ("outdated", "outdated")
    assert statuses(client, french) == (None, None)
