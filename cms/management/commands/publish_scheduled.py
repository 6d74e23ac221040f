"""Wagtail's ``publish_scheduled``, with the releases of several languages taken together.

The ``cms`` app comes before ``wagtail`` in INSTALLED_APPS, so this command replaces
Wagtail's under the same name (cron and ``make scheduler`` call it unchanged): the due
revisions of one release go live in one transaction with one webhook event
(cms/publishing/releases.py); Wagtail's own loop then publishes everything else.
"""

from __future__ import annotations

from typing import Any

from wagtail.management.commands.publish_scheduled import Command as WagtailCommand

from cms.publishing.releases import publish_due_releases


class Command(WagtailCommand):
    def handle(self, *args: Any, **options: Any) -> None:
        if not options["dryrun"]:
            count = publish_due_releases()
            if count:
                self.stdout.write(f"Published {count} release(s) of several languages together.")
        super().handle(*args, **options)
