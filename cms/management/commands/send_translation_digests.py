"""`python manage.py send_translation_digests`: tell each language's translators what fell behind.

One email per translator of each language whose translations fell behind since that
language's previous digest (cms/translations/digest.py). Run it from cron, e.g. hourly
(`0 * * * * cd /srv/alliance && .venv/bin/python manage.py send_translation_digests`),
or keep `make scheduler` running. Nothing new since the last digest: nothing is sent.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from cms.translations.digest import send_digests


class Command(BaseCommand):
    help = "Email each language's translators what fell behind since their last digest."

    def handle(self, *args: Any, **options: Any) -> None:
        sent = send_digests()
        if not sent:
            self.stdout.write("No translation fell behind since the last digests.")
        for digest in sent:
            self.stdout.write(
                f"{digest.language_code}: {digest.items} item(s) listed, "
                f"sent to {digest.recipients} translator(s)."
            )
