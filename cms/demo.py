"""Demo content of the kernel: the Alliance's terminology, in English and French.

``load_demo_content`` runs each installed app's ``demo.load(loader)``; the ``cms`` app's
is this module. The terms come from the Council of Europe's usage: "Roma and Travellers"
is the umbrella term, "Gypsies" used as one is deprecated (while people who call
themselves so keep their own word, as the terminology note says).
"""

from __future__ import annotations

from cms.demo_kit.loader import DemoLoader, Text
from cms.translations.terminology import Term, TermStatus

UMBRELLA = Text("Roma and Travellers", "Roms et Gens du voyage")
UMBRELLA_NOTE = Text(
    "The Council of Europe’s umbrella term for the many groups its work covers, from Roma, "
    "Sinti and Kaale to Travellers, Yenish and the “Gens du voyage”.",
    "Le terme générique du Conseil de l’Europe pour les nombreux groupes que couvrent ses "
    "travaux, des Roms, Sintés et Kaalés aux Voyageurs, Yéniches et « Gens du voyage ».",
)
DEPRECATED = Text("Gypsies", "Tsiganes")
DEPRECATED_NOTE = Text(
    "Not as an umbrella term: it is felt as an outsider’s label. Quote it only where "
    "people use it for themselves.",
    "Pas comme terme générique : il est ressenti comme une étiquette venue de l’extérieur. "
    "Ne le citer que lorsque des personnes se désignent elles-mêmes ainsi.",
)


def load(loader: DemoLoader) -> None:
    umbrella = _term(loader, UMBRELLA, UMBRELLA_NOTE, TermStatus.APPROVED)
    # The approved term first: the deprecated one's French translation points at its
    # French wording, which wagtail-localize needs to exist.
    loader.translate(umbrella, [UMBRELLA, UMBRELLA_NOTE])
    deprecated = _term(loader, DEPRECATED, DEPRECATED_NOTE, TermStatus.DEPRECATED, umbrella)
    loader.translate(deprecated, [DEPRECATED, DEPRECATED_NOTE])


def _term(
    loader: DemoLoader,
    term: Text,
    note: Text,
    status: TermStatus,
    replacement: Term | None = None,
) -> Term:
    """The English term, created and published if it is missing."""
    existing = Term.objects.filter(locale=loader.source_locale, term=term.en).first()
    if existing is not None:
        return existing
    created = Term(
        term=term.en,
        note=note.en,
        status=status,
        replacement=replacement,
        locale=loader.source_locale,
    )
    created.save()
    created.save_revision().publish()
    loader.note(f"term “{term.en}”")
    return created
