"""The bilingual public site: both locales served, switcher, hreflang, page rules."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup
from django.test import Client
from wagtail.blocks import StructBlockValidationError
from wagtail.models import Page, Site
from wagtail.rich_text import RichText

from cms.core.blocks import CallToActionBlock
from cms.core.models import SocialMediaSettings
from home.models import HomePage, StandardPage
from tests.home.factories import StandardPageFactory, TerminologyNoteFactory

pytestmark = pytest.mark.django_db


def soup_of(response) -> BeautifulSoup:
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.content, "html.parser")


def test_both_locales_are_served_with_the_right_lang(client: Client, home_en, home_fr):
    english = soup_of(client.get("/en/"))
    french = soup_of(client.get("/fr/"))
    assert english.html["lang"] == "en"
    assert french.html["lang"] == "fr"
    assert "L’Alliance lutte contre la discrimination des Roms." in french.get_text()
    assert french.find("a", class_="skip-link").get_text() == "Aller au contenu principal"


@pytest.mark.parametrize(("accept", "expected"), [("fr-FR,fr;q=0.9", "/fr/"), ("en", "/en/")])
def test_root_redirects_by_accept_language(client: Client, home_en, home_fr, accept, expected):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE=accept)
    assert response.status_code == 302
    assert response["Location"] == expected


def test_language_switcher_links_to_the_same_page_in_the_other_language(
    client: Client, home_en, home_fr, locales
):
    about = StandardPageFactory(parent=home_en, title="About", slug="about")
    about_fr = about.copy_for_translation(locales["fr"])
    about_fr.title, about_fr.slug = "À propos", "a-propos"
    about_fr.save_revision().publish()

    english = soup_of(client.get("/en/about/"))
    switcher = english.find("nav", class_="language-switcher")
    assert switcher.find("a", hreflang="fr")["href"] == "/fr/a-propos/"
    assert switcher.find(attrs={"aria-current": "true"}).get_text() == "English"

    french = soup_of(client.get("/fr/a-propos/"))
    assert french.find("nav", class_="language-switcher").find("a", hreflang="en")["href"] == (
        "/en/about/"
    )
    alternates = {
        link["hreflang"]: link["href"] for link in french.find_all("link", rel="alternate")
    }
    assert alternates["en"].endswith("/en/about/")
    assert alternates["fr"].endswith("/fr/a-propos/")
    assert alternates["x-default"].endswith("/en/about/")


def test_switcher_on_untranslated_page_leads_home_and_says_so(client: Client, home_en, home_fr):
    StandardPageFactory(parent=home_en, title="Legal notice", slug="legal-notice")
    english = soup_of(client.get("/en/legal-notice/"))
    french_link = english.find("nav", class_="language-switcher").find("a", hreflang="fr")
    assert french_link["href"] == "/fr/"
    assert "this page is not translated" in french_link.get_text()
    hreflangs = [link["hreflang"] for link in english.find_all("link", rel="alternate")]
    assert "fr" not in hreflangs


def test_draft_page_is_not_served(client: Client, home_en):
    page = StandardPageFactory(parent=home_en, slug="draft", live=False)
    assert client.get(page.url_path.replace("/home/", "/en/")).status_code == 404


def test_french_404_page_is_in_french(client: Client, home_en, home_fr):
    response = client.get("/fr/does-not-exist/")
    assert response.status_code == 404
    assert "Page introuvable" in response.content.decode()


def test_page_type_rules(home_en):
    root = Page.get_first_root_node()
    # One home page per locale: translations are made by wagtail-localize, not by hand.
    assert not HomePage.can_create_at(root)
    assert not HomePage.can_create_at(home_en)
    assert StandardPage.can_create_at(home_en)
    assert not StandardPage.can_create_at(root)
    assert set(StandardPage.allowed_subpage_models()) == {StandardPage}


def test_terminology_note_renders_in_the_readers_language(
    client: Client, home_en, home_fr, locales
):
    note = TerminologyNoteFactory()
    note_fr = note.copy_for_translation(locales["fr"])
    note_fr.title, note_fr.text = (
        "À noter",
        "<p>« Roms et Gens du voyage » est le terme générique.</p>",
    )
    note_fr.save()
    for home in (home_en, home_fr):
        home.body = [("terminology_note", note)]
        home.save_revision().publish()
    english = soup_of(client.get("/en/")).find("aside", class_="terminology-note")
    french = soup_of(client.get("/fr/")).find("aside", class_="terminology-note")
    assert english.h2.get_text() == "Please note"
    assert french.h2.get_text() == "À noter"
    assert "Roms et Gens du voyage" in french.get_text()


def test_unpublished_note_translation_falls_back_to_the_live_source(
    client: Client, home_en, home_fr, locales
):
    note = TerminologyNoteFactory()
    note_fr = note.copy_for_translation(locales["fr"])
    note_fr.title, note_fr.live = "Brouillon", False
    note_fr.save()
    home_fr.body = [("terminology_note", note)]
    home_fr.save_revision().publish()
    french = soup_of(client.get("/fr/")).find("aside", class_="terminology-note")
    assert french.h2.get_text() == "Please note"


def test_unpublished_note_is_not_shown(client: Client, home_en):
    note = TerminologyNoteFactory(live=False, title="Secret draft")
    home_en.body = [("terminology_note", note)]
    home_en.save_revision().publish()
    assert "Secret draft" not in client.get("/en/").content.decode()


def test_join_call_to_action_links_to_the_join_page(client: Client, home_en):
    target = StandardPageFactory(parent=home_en, slug="join", title="Join")
    home_en.join_heading, home_en.join_button_label, home_en.join_page = (
        "Join the Alliance",
        "Apply to join",
        target,
    )
    home_en.save_revision().publish()
    cta = soup_of(client.get("/en/")).find("aside", class_="call-to-action")
    assert cta.h2.get_text() == "Join the Alliance"
    assert cta.find("a", class_="button")["href"] == "/en/join/"


def test_footer_shows_social_links_from_site_settings(client: Client, home_en):
    social = SocialMediaSettings.for_site(Site.objects.get(is_default_site=True))
    social.facebook_url, social.twitter_url = (
        "https://facebook.com/alliance",
        "https://x.com/alliance",
    )
    social.save()
    footer = soup_of(client.get("/en/")).find("footer")
    hrefs = {a.get_text(): a["href"] for a in footer.find_all("a")}
    assert hrefs["Facebook"] == "https://facebook.com/alliance"
    assert hrefs["X (Twitter)"] == "https://x.com/alliance"


def test_body_blocks_render_with_accessible_markup(client: Client, home_en):
    page = StandardPageFactory(
        parent=home_en,
        slug="blocks",
        body=[
            ("heading", {"text": "Housing", "level": "h2"}),
            ("paragraph", RichText("<p>Municipalities want to award <b>social housing</b>.</p>")),
            ("quote", {"text": "Housing is a human right.", "attribution": "A mayor"}),
            (
                "call_to_action",
                {"title": "Join", "text": "", "page": home_en, "url": "", "button_label": "Apply"},
            ),
        ],
    )
    html = soup_of(client.get("/en/blocks/"))
    assert html.find("h2", class_="block-heading").get_text() == "Housing"
    assert html.find("b").get_text() == "social housing"
    assert html.find("blockquote").get_text(strip=True) == "Housing is a human right."
    assert html.find("aside", class_="call-to-action").a["href"] == "/en/"
    assert page.live


def test_call_to_action_needs_a_destination():
    block = CallToActionBlock()
    value = block.to_python(
        {"title": "Join", "text": "", "page": None, "url": "", "button_label": "Apply"}
    )
    with pytest.raises(StructBlockValidationError):
        block.clean(value)


def test_api_v2_lists_live_pages_with_their_fields(client: Client, home_en, home_fr):
    StandardPageFactory(parent=home_en, slug="draft", title="Draft page", live=False)
    response = client.get("/api/v2/pages/?type=home.HomePage&fields=introduction,join_heading")
    assert response.status_code == 200
    items = response.json()["items"]
    assert {item["introduction"] for item in items} == {
        home_en.introduction,
        "L’Alliance lutte contre la discrimination des Roms.",
    }
    titles = [item["title"] for item in client.get("/api/v2/pages/").json()["items"]]
    assert "Draft page" not in titles


def test_admin_login_page_is_served(client: Client):
    response = client.get("/admin/login/")
    assert response.status_code == 200
    assert re.search(rb'name="username"', response.content)
