"""`python manage.py compile_translations`: .po to .mo without GNU gettext.

Django's `compilemessages` needs the `msgfmt` program, which many machines (and the
Windows laptops of some translators) lack; polib, already required by
wagtail-localize, writes the same .mo files in pure Python.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import polib
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Compile the project's .po files into .mo files (no gettext needed)."

    def handle(self, *args: Any, **options: Any) -> None:
        compiled = 0
        for locale_dir in map(Path, settings.LOCALE_PATHS):
            for po_path in sorted(locale_dir.glob("*/LC_MESSAGES/*.po")):
                try:
                    catalogue = polib.pofile(str(po_path))
                except (OSError, ValueError) as error:
                    raise CommandError(f"{po_path} cannot be read: {error}") from None
                _write_when_changed(catalogue, po_path.with_suffix(".mo"))
                compiled += 1
                self.stdout.write(
                    f"{po_path}: {len(catalogue.translated_entries())} translated, "
                    f"{len(catalogue.untranslated_entries())} untranslated"
                )
        if not compiled:
            raise CommandError("No .po files found under LOCALE_PATHS.")


def _write_when_changed(catalogue: polib.POFile, mo_path: Path) -> None:
    """Write the .mo file only when its bytes change, and whole: written aside and then
    renamed, so that a process reading the catalogues meanwhile (CI runs its checks
    beside the tests) never reads half a file, and an unchanged one is left alone."""
    partial = mo_path.with_name(f".{mo_path.name}.{os.getpid()}.partial")
    catalogue.save_as_mofile(str(partial))
    if mo_path.exists() and mo_path.read_bytes() == partial.read_bytes():
        partial.unlink()
        return
    os.replace(partial, mo_path)
