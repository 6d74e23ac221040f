"""Terminology: the quality gate lists deprecated terms, translators see the terms in
wagtail-localize's editor, who may change them, and the demo's terms."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation
from wagtail.models import Locale
from wagtail.rich_text import RichText
from wagtail.users.models import UserProfile
from wagtail_localize.models import Translation, TranslationSource
from wagtail_localize.operations import translate_object

from cms.translations.terminology import (
    Term,
    TermStatus,
    deprecated_term_problems,
    terminology_for_translation,
)
from cms.workflow.quality import quality_problems
from home.models import StandardPage
from tests.cms.workflow.admin_actions import client_for, create_page
from tests.home.factories import StandardPageFactory
from tests.shared_data import load_demo

pytestmark = pytest.mark.django_db

TSIGANES = "The term “Tsiganes” is deprecated: use “Roms et Gens du voyage”."


def published(term: Term) -> Term:
    term.save()
    term.save_revision().publish()
    term.refresh_from_db()
    return term


def make_terms(locales: dict[str, Locale]) -> dict[str, Term]:
    """The Alliance's two terms in English and French, linked as translations."""
    en, fr = locales["en"], locales["fr"]
    umbrella = published(Term(term="Roma and Travellers", locale=en, note="Umbrella term."))
    umbrella_fr = published(
        Term(
            term="Roms et Gens du voyage",
            locale=fr,
            translation_key=umbrella.translation_key,
            note="Terme générique.",
        )
    )
    gypsies = published(
        Term(term="Gypsies", locale=en, status=TermStatus.DEPRECATED, replacement=umbrella)
    )
    tsiganes = published(
        Term(
            term="Tsiganes",
            locale=fr,
            status=TermStatus.DEPRECATED,
            replacement=umbrella_fr,
            translation_key=gypsies.translation_key,
            note="Pas comme terme générique.",
        )
    )
    return {
        "umbrella": umbrella,
        "umbrella_fr": umbrella_fr,
        "gypsies": gypsies,
        "tsiganes": tsiganes,
    }


@pytest.fixture
def terms(locales) -> dict[str, Term]:
    return make_terms(locales)


def french_page(home_fr, **fields) -> StandardPage:
    defaults = {"title": "Séminaire", "slug": "seminaire", "introduction": "Une introduction."}
    return StandardPageFactory(parent=home_fr, **{**defaults, **fields})


# The quality gate -------------------------------------------------------------------


def test_the_gate_lists_a_deprecated_term_of_a_french_page_with_its_replacement(terms, home_fr):
    page = french_page(
        home_fr,
        introduction="Les élus ont rencontré des familles tsiganes.",
        body=[("paragraph", RichText("<p>Les <b>Roms et Gens du voyage</b> de Trakai.</p>"))],
    )
    assert deprecated_term_problems(page) == [TSIGANES]
    assert TSIGANES in quality_problems(page)


def test_the_gate_reads_rich_text_and_streamfield_blocks_case_insensitively(terms, home_fr):
    page = french_page(
        home_fr, body=[("paragraph", RichText("<p>Un centre pour les <i>TSIGANES</i>.</p>"))]
    )
    assert deprecated_term_problems(page) == [TSIGANES]


def test_approved_terms_other_languages_and_parts_of_words_are_not_listed(terms, home_fr):
    page = french_page(
        home_fr,
        title="Roms et Gens du voyage à Vilnius",
        # "Gypsies" is deprecated in English, not a French term; "tsiganesque" is not the word.
        introduction="Une musique tsiganesque ; le mot anglais Gypsies.",
    )
    assert deprecated_term_problems(page) == []


def test_a_draft_term_is_not_yet_the_rule(locales, home_fr):
    Term.objects.create(term="Tsiganes", locale=locales["fr"], status="deprecated", live=False)
    page = french_page(home_fr, introduction="Des familles tsiganes.")
    assert deprecated_term_problems(page) == []


def test_the_gate_speaks_the_editors_language(terms, home_fr):
    page = french_page(home_fr, introduction="Des Tsiganes.")
    with translation.override("fr"):
        problems = deprecated_term_problems(page)
    assert problems == [
        "Le terme « Tsiganes » est déconseillé : employez « Roms et Gens du voyage »."
    ]


def test_submitting_a_french_page_with_a_deprecated_term_is_refused(terms, home_fr, editor):
    profile = UserProfile.get_for_user(editor)
    profile.preferred_language = "fr"
    profile.save()
    response = create_page(
        client_for(editor),
        home_fr,
        "home.StandardPage",
        action="submit",
        title="Les Tsiganes de Kirtimai",
        slug="kirtimai",
    )
    assert response.status_code == 200, "the form is shown again with the problem"
    html = response.content.decode()
    assert "Le terme « Tsiganes » est déconseillé" in html
    assert not StandardPage.objects.filter(slug="kirtimai").exists()


def test_a_terms_own_entry_is_not_refused(terms):
    assert deprecated_term_problems(terms["tsiganes"]) == []


# The translation editor -------------------------------------------------------------


def test_the_translation_editor_shows_the_terms_of_the_language_pair(
    terms, home_en, home_fr, translator_fr, locales
):
    source = StandardPageFactory(parent=home_en, title="Kirtimai", slug="kirtimai")
    source.save_revision().publish()
    translate_object(source, [locales["fr"]])
    target = source.get_translation(locales["fr"])

    response = client_for(translator_fr).get(reverse("wagtailadmin_pages:edit", args=[target.pk]))

    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="js-translation-editor"' in html, "wagtail-localize's editor still mounts"
    assert html.count('id="cms-terminology"') == 1, "the override extends the original once"
    assert "Roma and Travellers" in html
    assert "Roms et Gens du voyage" in html
    assert '<s lang="fr">Tsiganes</s>' in html
    assert "Pas comme terme générique." in html
    assert "cms/js/terminology-panel.js" in html
    # A translator may open the full list, filtered to their language.
    assert reverse("wagtailsnippets_cms_term:list") + "?locale=fr" in html


def test_the_panel_speaks_the_translators_language(terms, locales):
    source, _created = TranslationSource.get_or_create_from_instance(terms["umbrella"])
    translation_ = Translation.objects.create(source=source, target_locale=locales["fr"])
    with translation.override("fr"):
        html = _render_panel(translation_)
    assert "Terminologie" in html
    assert "Termes approuvés" in html
    assert "Termes déconseillés" in html


def _render_panel(translation_) -> str:
    return Template("{% load terminology_tags %}{% terminology_panel translation %}").render(
        Context({"translation": translation_})
    )


def test_no_panel_without_terms(locales):
    assert not terminology_for_translation(locales["en"], locales["fr"])


def test_an_approved_term_without_a_wording_is_shown_as_missing(locales):
    published(Term(term="Yenish", locale=locales["en"]))
    shown = terminology_for_translation(locales["en"], locales["fr"])
    assert [(pair.source.term, pair.target) for pair in shown.approved] == [("Yenish", None)]


# Who may change the terms -----------------------------------------------------------


def test_anonymous_visitors_cannot_reach_the_terms_in_the_admin(client, terms):
    for url in (
        reverse("wagtailsnippets_cms_term:list"),
        reverse("wagtailsnippets_cms_term:add"),
        reverse("wagtailsnippets_cms_term:edit", args=[terms["umbrella"].pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert reverse("wagtailadmin_login") in response["Location"]


def test_translators_read_the_terms_but_cannot_change_them(terms, translator_fr):
    client = client_for(translator_fr)
    listing = client.get(reverse("wagtailsnippets_cms_term:list") + "?q=tsig")
    assert listing.status_code == 200
    assert "Tsiganes" in listing.content.decode()
    assert "Roms et Gens du voyage</a>" not in listing.content.decode()
    add = client.get(reverse("wagtailsnippets_cms_term:add"))
    edit = client.post(
        reverse("wagtailsnippets_cms_term:edit", args=[terms["tsiganes"].pk]),
        {"term": "Gitans", "status": "approved", "note": ""},
    )
    assert add.status_code in (302, 403)
    assert edit.status_code in (302, 403)
    assert Term.objects.get(pk=terms["tsiganes"].pk).term == "Tsiganes"
    assert not translator_fr.has_perm("cms.change_term")


def test_editors_write_terms_as_drafts_for_review(editor, locales):
    client = client_for(editor)
    response = client.post(
        reverse("wagtailsnippets_cms_term:add") + "?locale=en",
        {"term": "Yenish", "status": "approved", "note": "A group of Travellers."},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    created = Term.objects.get(term="Yenish")
    assert not created.live, "terms go live through review, like every other snippet"
    assert not editor.has_perm("cms.publish_term")


def test_a_replacement_is_an_approved_term_of_the_same_language(terms):
    wrong = Term(
        term="Bohémiens",
        locale=terms["tsiganes"].locale,
        status=TermStatus.DEPRECATED,
        replacement=terms["umbrella"],
    )
    with pytest.raises(ValidationError, match="same language"):
        wrong.full_clean()
    wrong.replacement, wrong.locale = terms["gypsies"], terms["gypsies"].locale
    with pytest.raises(ValidationError, match="must be an approved term"):
        wrong.full_clean()


# Demo content -----------------------------------------------------------------------


def test_the_demo_loads_the_terms_in_both_languages_once(db):
    load_demo()
    again = StringIO()
    call_command("load_demo_content", stdout=again, stderr=StringIO())
    assert "nothing changed" in again.getvalue()
    rows = set(
        Term.objects.filter(live=True).values_list(
            "locale__language_code", "term", "status", "replacement__term"
        )
    )
    assert rows == {
        ("en", "Roma and Travellers", "approved", None),
        ("en", "Gypsies", "deprecated", "Roma and Travellers"),
        ("fr", "Roms et Gens du voyage", "approved", None),
        ("fr", "Tsiganes", "deprecated", "Roms et Gens du voyage"),
    }
    umbrella = Term.objects.get(term="Roma and Travellers")
    assert umbrella.get_translation(Locale.objects.get(language_code="fr")).term == (
        "Roms et Gens du voyage"
    )
