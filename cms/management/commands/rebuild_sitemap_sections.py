"""`python manage.py rebuild_sitemap_sections`: count every sitemap section from scratch.

The sitemap index reads each section's size from ``SitemapSection`` rows that publishing
keeps (cms/publishing/sections.py); ``migrate`` counts them all too. Run this after
writing pages in a way that sends no signals (a bulk import, SQL by hand, ``loaddata``):
one grouped query per home page, safe at any time.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from cms.caching.pages import bump_generation
from cms.publishing import sections


class Command(BaseCommand):
    help = "Count the URLs of every sitemap section again (after a bulk import)."

    def handle(self, *args: Any, **options: Any) -> None:
        written = sections.rebuild()
        bump_generation()  # a cached index may have been read from the old counts
        if options["verbosity"]:
            self.stdout.write(f"{written} sitemap sections counted.")
