"""Languages named in the reader's language, as written inside a sentence.

The public language switcher names each language in itself ("English", "français"), so
that a reader finds their own. Everywhere else a language is named *to* someone: the
French admin's "Langue : anglais", a French visitor's "L’original de cette page, en
anglais, a été mis à jour". Django's catalogs give the names in the reader's language, but
as list labels ("Anglais"); French and most other European languages write them in
lower case inside a sentence, so they are lowered for readers of those languages.

No model imports: settings use it for Wagtail's ``WAGTAIL_CONTENT_LANGUAGES``.
"""

from __future__ import annotations

from django.utils.functional import lazy
from django.utils.translation import get_language, get_language_info

# Languages whose writers put language names in lower case ("anglais", "inglés").
LOWER_CASE_NAMES = frozenset(
    {"bg", "cs", "da", "es", "et", "fi", "fr", "hr", "hu", "it", "lt", "lv"}
    | {"nb", "pl", "pt", "ro", "ru", "sk", "sl", "sr", "sv", "uk"}
)


def language_name(code: str) -> str:
    """The name of language ``code`` in the active language ("anglais" in French)."""
    name = str(get_language_info(code)["name_translated"])
    reader = (get_language() or "en").split("-")[0]
    return name[:1].lower() + name[1:] if reader in LOWER_CASE_NAMES else name


language_name_lazy = lazy(language_name, str)


def named_in_reader_language(languages: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """``LANGUAGES`` with each name translated when read (for the admin's locale names)."""
    return [(code, language_name_lazy(code)) for code, _native in languages]
