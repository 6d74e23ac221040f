"""`manage.py compile_translations`: the .mo files are written whole and only when they
change, so that CI's checks, which run beside the tests, never read half a catalogue."""

from __future__ import annotations

import gettext
from pathlib import Path

from django.core.management import call_command

PO = """msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"

msgid "News"
msgstr "{translation}"
"""


def write_po(folder: Path, translation: str) -> Path:
    messages = folder / "fr" / "LC_MESSAGES"
    messages.mkdir(parents=True, exist_ok=True)
    po = messages / "django.po"
    po.write_text(PO.format(translation=translation), encoding="utf-8")
    return po.with_suffix(".mo")


def translated(mo: Path) -> str:
    with mo.open("rb") as catalogue:
        return gettext.GNUTranslations(catalogue).gettext("News")


def test_a_catalogue_is_rewritten_only_when_it_changes(tmp_path, settings):
    settings.LOCALE_PATHS = [str(tmp_path)]
    mo = write_po(tmp_path, "Actualités")
    call_command("compile_translations")
    assert translated(mo) == "Actualités"
    first = mo.stat()

    call_command("compile_translations")
    assert mo.stat().st_ino == first.st_ino and mo.stat().st_mtime_ns == first.st_mtime_ns

    write_po(tmp_path, "Nouvelles")
    call_command("compile_translations")
    assert translated(mo) == "Nouvelles"
    assert sorted(path.name for path in mo.parent.iterdir()) == ["django.mo", "django.po"]
