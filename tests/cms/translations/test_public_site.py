"""What a reader of each language sees: their language everywhere, or an honest notice."""

from __future__ import annotations

import re
from pathlib import Path

import polib
import pytest
from bs4 import BeautifulSoup
from django.test import Client
from wagtail.models import Page
from wagtail_localize.synctree import create_aliases_for_new_page

from tests.home.factories import StandardPageFactory
from tests.shared_data import load_demo

pytestmark = pytest.mark.django_db

PO_FILE = Path(__file__).resolve().parents[3] / "locale" / "fr" / "LC_MESSAGES" / "django.po"


def visible_text(html: str) -> str:
    soup = BeautifulSoup(html, "html.parser")
    for hidden in soup(["script", "style", "template"]):
        hidden.decompose()
    # Text in another language is fine where it is marked as such (e.g. language names).
    for foreign in soup.select("[lang]:not(html)"):
        if not foreign.get("lang", "").startswith("fr"):
            foreign.decompose()
    return " ".join(soup.get_text(" ").split())


def test_every_interface_string_has_a_french_translation():
    catalogue = polib.pofile(str(PO_FILE))
    untranslated = [entry.msgid for entry in catalogue.untranslated_entries()]
    fuzzy = [entry.msgid for entry in catalogue.fuzzy_entries()]
    assert untranslated == []
    assert fuzzy == []


def test_french_pages_show_no_english_interface_strings(client: Client):
    """Render every French page of the demo site and look for our English UI strings."""
    load_demo()
    catalogue = polib.pofile(str(PO_FILE))
    english_ui = {
        entry.msgid
        for entry in catalogue
        if any(path.endswith(".html") for path, _line in entry.occurrences)
        and "%(" not in entry.msgid
        and len(entry.msgid) >= 12
        and entry.msgid != entry.msgstr
    }
    assert len(english_ui) > 20, "the check needs the templates' strings"
    french_pages = Page.objects.live().filter(locale__language_code="fr", alias_of__isnull=True)
    checked = 0
    for page in french_pages.specific():
        response = client.get(page.url)
        if response.status_code != 200:
            continue
        text = visible_text(response.content.decode())
        leaked = sorted(s for s in english_ui if re.search(rf"\b{re.escape(s)}\b", text))
        assert leaked == [], f"{page.url} shows English interface text: {leaked}"
        checked += 1
    assert checked >= 10


def test_untranslated_alias_says_so_and_is_not_indexed(client: Client, home_en, home_fr):
    page = StandardPageFactory(parent=home_en, title="Only in English", slug="only-english")
    page.save_revision().publish()
    create_aliases_for_new_page(page)

    french = BeautifulSoup(client.get("/fr/only-english/").content, "html.parser")
    assert french.html["lang"] == "fr"
    assert french.find("main")["lang"] == "en"
    notice = french.find(class_="untranslated-notice")
    assert "Cette page n’a pas encore été traduite" in notice.get_text()
    assert french.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    assert "fr" not in [link["hreflang"] for link in french.find_all("link", rel="alternate")]

    english = BeautifulSoup(client.get("/en/only-english/").content, "html.parser")
    assert english.find(class_="untranslated-notice") is None
    assert english.find("meta", attrs={"name": "robots"}) is None
    french_link = english.find("nav", class_="language-switcher").find("a", hreflang="fr")
    assert french_link["href"] == "/fr/"
