"""Where Wagtail's French misleads this site's editors, the project's catalog corrects it.

Wagtail's French calls a language (a locale) a "région": for an alliance of cities and
regions, "Région : Français" on a page, or "Ajouter une région" in the settings, says
something else entirely. locale/fr/LC_MESSAGES/django.po overrides every such string.
"""

from __future__ import annotations

import json
import re

import pytest
from django.test import Client
from django.utils import translation
from django.utils.translation import gettext
from wagtail.users.models import UserProfile

from cms.core.language_names import language_name
from tests.articles.factories import ArticleIndexPageFactory, ArticlePageFactory

pytestmark = pytest.mark.django_db


def french_admin(user) -> Client:
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "fr"
    profile.save()
    client = Client()
    client.force_login(user)
    return client


def test_locales_are_languages_not_regions_in_the_french_admin(administrator, home_en, home_fr):
    client = french_admin(administrator)
    for url in ("/admin/locales/", "/admin/locales/new/", f"/admin/pages/{home_en.pk}/"):
        html = client.get(url).content.decode()
        visible = re.sub(r"<[^>]+>", " ", html)
        assert not re.search(r"[Rr]égions?\b", visible), url
    assert "Ajouter une langue" in client.get("/admin/locales/").content.decode()


def test_every_overridden_string_reads_langue():
    with translation.override("fr"):
        for msgid in ("Locale", "Locales", "Add a locale", "Switch locales", "Wagtail locales"):
            assert "égion" not in gettext(msgid)
            assert "angue" in gettext(msgid)


def test_one_titre_in_the_french_page_editor(administrator, home_en, home_fr):
    """The page's title is "Titre"; the body's headings, a call to action's title and the
    search engines' title tag each say what they are instead of a second "Titre"."""
    index = ArticleIndexPageFactory(parent=home_en)
    article = ArticlePageFactory(parent=index)
    html = french_admin(administrator).get(f"/admin/pages/{article.pk}/edit/").content.decode()
    block_labels = [
        json.loads(f'"{label}"')
        for label in re.findall(r"&quot;label&quot;: &quot;([^&]*)&quot;", html)
    ]
    assert "Titre" not in block_labels
    assert "Intertitre" in block_labels
    assert "intitulé de l’appel à l’action" in block_labels
    assert "titre pour les moteurs de recherche" in html.lower()


def test_languages_are_named_in_the_readers_language():
    with translation.override("fr"):
        assert (language_name("en"), language_name("fr")) == ("anglais", "français")
    with translation.override("en"):
        assert (language_name("en"), language_name("fr")) == ("English", "French")


def test_the_french_admin_names_english_in_french(administrator, home_en, home_fr):
    html = french_admin(administrator).get(f"/admin/pages/{home_fr.pk}/").content.decode()
    visible = re.sub(r"<[^>]+>", " ", html)
    assert "anglais" in visible
    assert "English" not in visible


def test_wagtails_english_leftovers_are_french(administrator, home_en, home_fr):
    html = french_admin(administrator).get(f"/admin/pages/{home_fr.pk}/").content.decode()
    visible = " ".join(re.sub(r"<[^>]+>", " ", html).split())
    assert "Status" not in visible
    assert "Statut :" in visible
    assert not re.search(r"\bAny\b", visible)
